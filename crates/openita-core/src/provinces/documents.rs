//! Documents a province sends its agencies: the ITA manual, NACC's calendar, answering
//! guides, report forms (Chiang Mai's 2567 letter lists seven such attachments). PDF, XLSX or
//! DOCX only, told apart by their content, not by the name or type the browser claims; kept
//! in the database (a few MB each, backed up with everything else). The province's
//! coordinators upload and delete; they, the NACC admin and the province's agencies read.

use super::scope::{ProvinceScope, province_for_member, province_for_writer};
use crate::{Actor, Core, CoreError, audit, cycles};
use openita_db::{
    DbError,
    queries::province_documents::{self, DocumentRow, NewDocument},
};
use openita_types::{DocumentId, FiscalYear, Moment};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Largest document accepted: a scanned manual is a few MB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_TITLE_CHARS: usize = 200;
/// More documents than a province sends in a year.
pub const MAX_DOCUMENTS: usize = 100;

/// What the content turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Xlsx,
    Docx,
}

impl DocumentKind {
    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Xlsx => "xlsx",
            DocumentKind::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }
}

/// PDF by its header; XLSX and DOCX are ZIP files told apart by the part every such file
/// has (`xl/workbook.xml`, `word/document.xml`). Anything else: None.
pub fn sniff(bytes: &[u8]) -> Option<DocumentKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(DocumentKind::Pdf);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut names = archive.file_names();
    let (mut xlsx, mut docx) = (false, false);
    for name in &mut names {
        xlsx |= name == "xl/workbook.xml";
        docx |= name == "word/document.xml";
    }
    match (xlsx, docx) {
        (true, false) => Some(DocumentKind::Xlsx),
        (false, true) => Some(DocumentKind::Docx),
        _ => None,
    }
}

/// The name a download is saved under: the uploaded name without any folder, letters
/// (Thai too), digits, `.`, `-`, `_` and spaces kept, anything else `_`, at most 100
/// characters, with the extension of what the content is.
pub fn safe_filename(uploaded: &str, kind: DocumentKind) -> String {
    let base = uploaded
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => base,
    };
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.') || is_thai_mark(c) {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let stem = if cleaned.is_empty() {
        "document"
    } else {
        cleaned
    };
    format!("{stem}.{}", kind.extension())
}

/// Thai vowel and tone marks are not alphanumeric to Rust but belong in a Thai name.
fn is_thai_mark(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// A document as lists and the API show it (without its content).
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct DocumentView {
    pub id: DocumentId,
    pub year: FiscalYear,
    pub province: String,
    pub title: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: Moment,
}

impl DocumentView {
    fn from_row(row: DocumentRow, year: FiscalYear) -> Result<Self, CoreError> {
        Ok(DocumentView {
            id: DocumentId::new(row.id),
            year,
            province: row.province_code,
            title: row.title,
            filename: row.filename,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            uploaded_by: row.uploaded_by,
            uploaded_at: Moment::stored(&row.uploaded_at)?,
        })
    }
}

fn document_not_found(id: i64) -> CoreError {
    CoreError::not_found(
        format!("ไม่พบเอกสารหมายเลข {id} ของจังหวัดนี้"),
        format!("No document {id} in this province."),
    )
}

fn object_id(scope: &ProvinceScope, year: FiscalYear, id: i64) -> String {
    format!("{}/{year}/{id}", scope.code)
}

pub async fn upload_document(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    title: &str,
    filename: &str,
    content: &[u8],
) -> Result<DocumentView, CoreError> {
    let scope = province_for_writer(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    if content.is_empty() {
        return Err(CoreError::invalid(
            "file",
            "โปรดเลือกไฟล์ที่จะอัปโหลด",
            "Choose a file to upload.",
        ));
    }
    if content.len() > MAX_DOCUMENT_BYTES {
        return Err(CoreError::invalid(
            "file",
            format!("ไฟล์ใหญ่เกิน {} MB", MAX_DOCUMENT_BYTES / (1024 * 1024)),
            format!(
                "The file is larger than {} MB.",
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        ));
    }
    let Some(kind) = sniff(content) else {
        return Err(CoreError::invalid(
            "file",
            "รับเฉพาะไฟล์ PDF, XLSX หรือ DOCX",
            "Only PDF, XLSX and DOCX files are accepted.",
        ));
    };
    let filename = safe_filename(filename, kind);
    let title = title.trim();
    let title = if title.is_empty() {
        filename.clone()
    } else {
        title.to_string()
    };
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(CoreError::invalid(
            "title",
            format!("ชื่อเอกสารยาวได้ไม่เกิน {MAX_TITLE_CHARS} ตัวอักษร"),
            format!("The title may be at most {MAX_TITLE_CHARS} characters."),
        ));
    }
    let sha256 = hex::encode(Sha256::digest(content));
    let mut tx = core.db.begin_write().await?;
    if province_documents::list(tx.conn(), cycle.id, &scope.code)
        .await?
        .len()
        >= MAX_DOCUMENTS
    {
        return Err(CoreError::conflict(
            "documents_full",
            format!("จังหวัดหนึ่งมีเอกสารได้ไม่เกิน {MAX_DOCUMENTS} ฉบับต่อปี โปรดลบฉบับเก่าก่อน"),
            format!(
                "A province keeps at most {MAX_DOCUMENTS} documents a year: delete old ones first."
            ),
        ));
    }
    let now = core.now_text();
    let row = province_documents::insert(
        tx.conn(),
        &NewDocument {
            cycle_id: cycle.id,
            province_code: &scope.code,
            title: &title,
            filename: &filename,
            content_type: kind.content_type(),
            sha256: &sha256,
            content,
            uploaded_by: &actor.username,
            uploaded_at: &now,
        },
    )
    .await?;
    let after = DocumentView::from_row(row, year)?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province_document.upload",
        (
            "province_document",
            &object_id(&scope, year, after.id.get()),
        ),
        None::<&DocumentView>,
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn list_documents(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
) -> Result<(ProvinceScope, Vec<DocumentView>), CoreError> {
    let scope = province_for_member(core, actor, province).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = province_documents::list(&mut conn, cycle.id, &scope.code).await?;
    Ok((
        scope,
        rows.into_iter()
            .map(|r| DocumentView::from_row(r, year))
            .collect::<Result<_, _>>()?,
    ))
}

/// A document with its content, for download.
pub async fn document_file(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    id: DocumentId,
) -> Result<(DocumentView, Vec<u8>), CoreError> {
    let scope = province_for_member(core, actor, province).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = province_documents::get(&mut conn, cycle.id, &scope.code, id.get())
        .await?
        .ok_or_else(|| document_not_found(id.get()))?;
    let content = province_documents::content(&mut conn, id.get())
        .await?
        .ok_or_else(|| document_not_found(id.get()))?;
    Ok((DocumentView::from_row(row, year)?, content))
}

pub async fn delete_document(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    id: DocumentId,
) -> Result<(), CoreError> {
    let scope = province_for_writer(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut tx = core.db.begin_write().await?;
    let before = province_documents::get(tx.conn(), cycle.id, &scope.code, id.get())
        .await?
        .map(|r| DocumentView::from_row(r, year))
        .transpose()?
        .ok_or_else(|| document_not_found(id.get()))?;
    province_documents::delete(tx.conn(), id.get()).await?;
    let now = core.now_text();
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province_document.delete",
        ("province_document", &object_id(&scope, year, id.get())),
        Some(&before),
        None::<&DocumentView>,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filename_keeps_thai_and_loses_folders_and_quotes() {
        assert_eq!(
            safe_filename("C:\\docs\\คู่มือ ITA \"2568\".pdf", DocumentKind::Pdf),
            "คู่มือ ITA _2568_.pdf"
        );
        assert_eq!(
            safe_filename("../../etc/passwd", DocumentKind::Docx),
            "passwd.docx"
        );
        assert_eq!(safe_filename("", DocumentKind::Xlsx), "document.xlsx");
        assert_eq!(safe_filename("form.exe", DocumentKind::Pdf), "form.pdf");
    }

    #[test]
    fn content_decides_the_kind_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(DocumentKind::Pdf));
        assert_eq!(sniff(b"MZ\x90\x00 an exe"), None);
        assert_eq!(sniff(b"PK\x03\x04 not really a zip"), None);
    }
}
