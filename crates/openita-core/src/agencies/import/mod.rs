//! Importing agencies from a CSV or XLSX file, as provinces keep them in Excel today.
//!
//! Every row is checked on its own: good rows are saved (created, or updated when the code
//! exists), bad rows are reported with their spreadsheet row number and reason, and nothing
//! already saved is touched by a bad row. Headers may be English (`code`, `name_th`, ...) or
//! Thai (`รหัส`, `ชื่อหน่วยงาน`, ...).

mod csv_file;
mod limits;
mod table;
mod xlsx_file;
mod zip_budget;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
pub(crate) mod test_files;

pub use limits::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};

use super::{AgencyInput, AgencyView, fields::validate};
use crate::{Actor, Core, CoreError, audit};
use limits::{file_error, file_too_large};
use openita_db::queries::agencies;
use openita_types::{Role, Text};
use serde::Serialize;
use std::collections::HashMap;

/// Rows saved per transaction: large enough to be fast, small enough to show progress.
const BATCH: usize = 250;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Xlsx,
}

impl ImportFormat {
    /// XLSX files are ZIP archives; anything else is read as CSV.
    pub fn detect(bytes: &[u8]) -> ImportFormat {
        if bytes.starts_with(b"PK\x03\x04") {
            ImportFormat::Xlsx
        } else {
            ImportFormat::Csv
        }
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, utoipa::ToSchema)]
pub struct ImportRowError {
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    #[schema(value_type = Object)]
    pub message: Text,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, utoipa::ToSchema)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<ImportRowError>,
}

/// Which field a header names, in English or Thai.
fn field_of_header(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    Some(match h.as_str() {
        "code" | "รหัส" | "รหัสหน่วยงาน" => "code",
        "name_th" | "name" | "ชื่อ" | "ชื่อหน่วยงาน" | "ชื่อภาษาไทย" | "ชื่อหน่วยงาน (ไทย)" => {
            "name_th"
        }
        "name_en" | "ชื่อภาษาอังกฤษ" | "ชื่อหน่วยงาน (อังกฤษ)" => {
            "name_en"
        }
        "type" | "ประเภท" | "ประเภทหน่วยงาน" => "type",
        "province" | "จังหวัด" => "province",
        "district" | "อำเภอ" | "อำเภอ/เขต" | "เขต" => "district",
        "website" | "เว็บไซต์" | "url" => "website",
        _ => return None,
    })
}

/// Reads a file into (spreadsheet row number, input) pairs, skipping blank rows.
///
/// The header is the first non-blank row. Reading is bounded by the limits in `limits.rs`
/// whatever the file claims; a file beyond them is refused whole, with a message in Thai and
/// English that says where and what to do.
pub fn read_import_rows(bytes: &[u8]) -> Result<Vec<(usize, AgencyInput)>, CoreError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file_too_large());
    }
    let table = match ImportFormat::detect(bytes) {
        ImportFormat::Csv => csv_file::rows_from_csv(bytes)?,
        ImportFormat::Xlsx => xlsx_file::rows_from_xlsx(bytes)?,
    };
    let Some(((_, header), body)) = table.split_first() else {
        return Err(file_error("ไฟล์ว่างเปล่า", "The file is empty."));
    };
    let columns: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| field_of_header(h).map(|f| (f, i)))
        .collect();
    let missing: Vec<&str> = ["code", "name_th", "type", "province"]
        .into_iter()
        .filter(|f| !columns.contains_key(f))
        .collect();
    if !missing.is_empty() {
        return Err(file_error(
            format!(
                "ไม่พบคอลัมน์ที่จำเป็น: {} (แถวแรกต้องเป็นหัวคอลัมน์ เช่น code, name_th, type, province, district, website)",
                missing.join(", ")
            ),
            format!(
                "Required columns missing: {} (the first row must be the header: code, name_th, type, province, district, website)",
                missing.join(", ")
            ),
        ));
    }
    // The readers stop at the header and MAX_ROWS rows; this holds for any reader.
    if body.len() > MAX_ROWS {
        return Err(table::too_many_rows());
    }
    let get = |row: &[String], field: &str| {
        columns
            .get(field)
            .and_then(|&i| row.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let optional = |s: String| if s.is_empty() { None } else { Some(s) };
    Ok(body
        .iter()
        .map(|(number, row)| {
            (
                *number,
                AgencyInput {
                    code: get(row, "code"),
                    name_th: get(row, "name_th"),
                    name_en: optional(get(row, "name_en")),
                    agency_type: get(row, "type"),
                    province: get(row, "province"),
                    district: optional(get(row, "district")),
                    website: optional(get(row, "website")),
                },
            )
        })
        .collect())
}

/// [`read_import_rows`] on the blocking pool: a large file takes up to a second or so of
/// CPU, which must not hold up a thread that serves requests.
pub async fn read_import_file(bytes: Vec<u8>) -> Result<Vec<(usize, AgencyInput)>, CoreError> {
    tokio::task::spawn_blocking(move || read_import_rows(&bytes))
        .await
        .map_err(|e| CoreError::internal(format!("the import reader stopped: {e}")))?
}

/// Saves the good rows and reports the bad ones. `progress(done, total)` is called after
/// each batch.
pub async fn import_agencies(
    core: &Core,
    actor: &Actor,
    rows: &[(usize, AgencyInput)],
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<ImportReport, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut report = ImportReport::default();
    let mut first_row_of_code: HashMap<String, usize> = HashMap::new();
    let mut valid = Vec::with_capacity(rows.len());
    for (row, input) in rows {
        match validate(input) {
            Ok(fields) => match first_row_of_code.get(&fields.code) {
                Some(first) => report.errors.push(ImportRowError {
                    row: *row,
                    message: Text::new(
                        format!("รหัส {} ซ้ำกับแถว {first}", fields.code),
                        format!("Code {} repeats row {first}.", fields.code),
                    ),
                }),
                None => {
                    first_row_of_code.insert(fields.code.clone(), *row);
                    valid.push((*row, fields));
                }
            },
            Err(errors) => report.errors.push(ImportRowError {
                row: *row,
                message: Text::new(
                    errors
                        .iter()
                        .map(|e| e.message.th.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    errors
                        .iter()
                        .map(|e| e.message.en.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            }),
        }
    }
    let total = valid.len();
    progress(0, total);
    for (batch_no, batch) in valid.chunks(BATCH).enumerate() {
        let mut tx = core.db.begin_write().await?;
        let now = core.now_text();
        let mut updated = false;
        for (_, fields) in batch {
            match agencies::by_code(tx.conn(), &fields.code).await? {
                None => {
                    let row = agencies::insert(tx.conn(), fields, &now).await?;
                    let view = AgencyView::try_from(&row)?;
                    audit::record(
                        tx.conn(),
                        actor,
                        &now,
                        "agency.create",
                        ("agency", &row.code),
                        None::<&()>,
                        Some(&view),
                    )
                    .await?;
                    report.created += 1;
                }
                Some(existing) => {
                    let same = existing.name_th == fields.name_th
                        && existing.name_en == fields.name_en
                        && existing.agency_type == fields.agency_type
                        && existing.province_code == fields.province_code
                        && existing.district_code == fields.district_code
                        && existing.website == fields.website;
                    if same {
                        report.unchanged += 1;
                        continue;
                    }
                    let row = agencies::update(tx.conn(), existing.id, fields, &now).await?;
                    audit::record(
                        tx.conn(),
                        actor,
                        &now,
                        "agency.update",
                        ("agency", &row.code),
                        Some(&AgencyView::try_from(&existing)?),
                        Some(&AgencyView::try_from(&row)?),
                    )
                    .await?;
                    report.updated += 1;
                    updated = true;
                }
            }
        }
        if updated {
            // Results show the agency's name, code, type and place (result_versions).
            openita_db::queries::result_versions::raise_all(tx.conn()).await?;
        }
        tx.commit().await?;
        // Survey tokens followed before this change lead elsewhere now.
        core.surveys.links.forget_all();
        progress(((batch_no + 1) * BATCH).min(total), total);
    }
    report.errors.sort_by_key(|e| e.row);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::test_files::{cell, header_and_one_agency, lying_dimension, sheet, workbook};
    use super::*;

    fn refusal(bytes: &[u8]) -> Text {
        match read_import_rows(bytes) {
            Err(CoreError::Invalid(fields)) if fields.len() == 1 => fields[0].message.clone(),
            other => Text::new("", format!("not a file-level refusal: {other:?}")),
        }
    }

    #[test]
    fn a_sheet_with_a_lying_dimension_and_a_far_cell_is_refused_in_thai_and_english() {
        let file = lying_dimension();
        assert!(file.len() < 2_000, "a {} byte file", file.len());
        let message = refusal(&file);
        assert!(
            message
                .en
                .contains("Row 1048576, column XFD has data beyond column 50"),
            "{message:?}"
        );
        assert!(message.th.contains("แถว 1048576 คอลัมน์ XFD"), "{message:?}");
    }

    #[test]
    fn a_lying_dimension_alone_costs_nothing() {
        let file = workbook(
            sheet("A1:XFD1048576", &header_and_one_agency()).as_bytes(),
            None,
        );
        let rows = read_import_rows(&file).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.name_th, "อบต.ทดสอบ");
    }

    #[test]
    fn rows_far_down_a_sheet_keep_their_spreadsheet_numbers() {
        let mut rows = header_and_one_agency();
        rows[0].0 = 3;
        rows[1].0 = 900_000;
        for (_, cells) in &mut rows {
            *cells = cells.replace("1\"", "3\"").replace("2\"", "900000\"");
        }
        let file = workbook(sheet("A3:D900000", &rows).as_bytes(), None);
        let got = read_import_rows(&file).unwrap_or_default();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 900_000);
    }

    #[test]
    fn an_xlsx_zip_bomb_is_refused_before_it_is_read() {
        // 40 MB of blank rows deflate to about 40 KB.
        let blank = "<row/>".repeat(40 * 1024 * 1024 / 6);
        let mut rows = header_and_one_agency();
        rows[1].1.push_str(&blank);
        let file = workbook(sheet("A1:D2", &rows).as_bytes(), None);
        assert!(file.len() < 200_000, "{} bytes", file.len());
        let message = refusal(&file);
        assert!(
            message.en.contains("Unzipped, this Excel file is larger"),
            "{message:?}"
        );
        assert!(message.th.contains("เมื่อแตกไฟล์แล้วใหญ่เกิน"), "{message:?}");
    }

    #[test]
    fn a_shared_strings_table_longer_than_any_agency_file_is_refused() {
        let mut strings = String::from("<sst>");
        strings.push_str(&"<si><t>a</t></si>".repeat(limits::MAX_SHARED_STRINGS + 1));
        strings.push_str("</sst>");
        let file = workbook(
            sheet("A1:D2", &header_and_one_agency()).as_bytes(),
            Some(strings.as_bytes()),
        );
        let message = refusal(&file);
        assert!(
            message.en.contains("shared strings table has more than"),
            "{message:?}"
        );
    }

    #[test]
    fn a_zip_that_is_not_a_workbook_gets_advice() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let _ = zip.start_file("content.xml", zip::write::SimpleFileOptions::default());
        let _ = std::io::Write::write_all(&mut zip, b"<office:document-content/>");
        let file = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
        let message = refusal(&file);
        assert!(message.en.contains("save it as .xlsx"), "{message:?}");
        assert!(message.th.contains(".xlsx"), "{message:?}");
    }

    #[test]
    fn a_shared_string_index_past_the_table_is_a_clear_error_not_a_panic() {
        // calamine indexes its table without a check (a panic in release builds too).
        let mut rows = header_and_one_agency();
        rows.push((3, r#"<c r="A3" t="s"><v>7</v></c>"#.to_string()));
        let strings = "<sst><si><t>only one</t></si></sst>";
        let file = workbook(sheet("A1:D3", &rows).as_bytes(), Some(strings.as_bytes()));
        let message = refusal(&file);
        assert!(message.en.contains("damaged"), "{message:?}");
        assert!(message.th.contains("เสียหาย"), "{message:?}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_large_file_is_read_off_the_thread_that_serves_requests() {
        // A few hundred milliseconds of parsing: a one-thread runtime keeps ticking meanwhile.
        let mut csv = String::from("code,name_th,type,province\n1,x,sao,y");
        csv.push_str(&",".repeat(4_000_000));
        let ticks = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = ticks.clone();
        let ticker = tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
        let started = std::time::Instant::now();
        let rows = read_import_file(csv.into_bytes()).await.unwrap_or_default();
        let elapsed = started.elapsed();
        ticker.abort();
        assert_eq!(rows.len(), 1);
        let ticked = ticks.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            ticked * 5 * 4 >= elapsed.as_millis() as usize,
            "{ticked} ticks of 5 ms in {elapsed:?}"
        );
    }

    #[test]
    fn a_file_larger_than_the_server_accepts_is_refused_unread() {
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(refusal(&big).en.contains("too large"));
    }

    #[test]
    fn a_cell_with_garbage_for_an_address_is_a_clear_error() {
        let rows = vec![(1, cell("A99999999999999", "x"))];
        let file = workbook(sheet("A1", &rows).as_bytes(), None);
        let message = refusal(&file);
        assert!(message.en.contains("Excel file"), "{message:?}");
    }

    #[test]
    fn thai_headers_and_a_bom_are_understood() {
        let csv = "\u{feff}รหัส,ชื่อหน่วยงาน,ประเภท,จังหวัด,อำเภอ\n\
                   5360101,อบต.ทดสอบ,sao,ชัยภูมิ,บ้านเขว้า\n,,,,\n";
        let rows = read_import_rows(csv.as_bytes()).unwrap_or_default();
        assert_eq!(rows.len(), 1, "the blank row is skipped");
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.code, "5360101");
        assert_eq!(rows[0].1.district.as_deref(), Some("บ้านเขว้า"));
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let err = read_import_rows(b"code,name_th\n1,x\n")
            .err()
            .map(|e| e.to_string());
        let text = err.unwrap_or_default();
        assert!(text.contains("type, province"), "{text}");
    }

    #[test]
    fn a_non_utf8_csv_gets_advice_to_save_as_utf8() {
        // "รหัส" in Windows-874, as Thai Excel saves plain CSV.
        let err = read_import_rows(&[0xC3, 0xCB, 0xD1, 0xCA, b'\n'])
            .err()
            .map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("UTF-8"));
    }

    #[test]
    fn xlsx_cells_typed_as_numbers_keep_their_code() -> Result<(), Box<dyn std::error::Error>> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, h) in ["code", "name_th", "type", "province"].iter().enumerate() {
            sheet.write_string(0, col as u16, *h)?;
        }
        sheet.write_number(1, 0, 5360101.0)?;
        sheet.write_string(1, 1, "อบต.ทดสอบ")?;
        sheet.write_string(1, 2, "sao")?;
        sheet.write_string(1, 3, "Chaiyaphum")?;
        let bytes = book.save_to_buffer()?;
        let rows = read_import_rows(&bytes)?;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1.code, "5360101");
        assert_eq!(rows[0].1.province, "Chaiyaphum");
        Ok(())
    }
}
