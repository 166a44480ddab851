//! Importing agencies from a CSV or XLSX file, as provinces keep them in Excel today.
//!
//! Every row is checked on its own: good rows are saved (created, or updated when the code
//! exists), bad rows are reported with their spreadsheet row number and reason, and nothing
//! already saved is touched by a bad row. Headers may be English (`code`, `name_th`, ...) or
//! Thai (`รหัส`, `ชื่อหน่วยงาน`, ...).

use super::{AgencyInput, AgencyView, fields::validate};
use crate::{Actor, Core, CoreError, audit};
use calamine::{Data, Reader};
use openita_db::queries::agencies;
use openita_types::{Role, Text};
use serde::Serialize;
use std::collections::HashMap;

/// At most this many rows per file: the whole country is about 8,300 agencies.
pub const MAX_ROWS: usize = 20_000;
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

fn file_error(th: impl Into<String>, en: impl Into<String>) -> CoreError {
    CoreError::invalid("file", th, en)
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

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Codes typed as numbers come back as floats: 5360101.0 must stay 5360101.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn table_from_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, CoreError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        file_error(
            "ไฟล์ CSV ไม่ได้เข้ารหัสแบบ UTF-8: ใน Excel ให้บันทึกเป็น \"CSV UTF-8\" หรืออัปโหลดไฟล์ .xlsx",
            "The CSV file is not UTF-8: in Excel save it as \"CSV UTF-8\", or upload the .xlsx file.",
        )
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            file_error(
                format!("อ่านไฟล์ CSV ไม่ได้ที่แถว {}: {e}", i + 1),
                format!("Cannot read the CSV file at row {}: {e}", i + 1),
            )
        })?;
        table.push(record.iter().map(str::to_string).collect());
    }
    Ok(table)
}

fn table_from_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, CoreError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(
            format!("เปิดไฟล์ Excel ไม่ได้: {e}"),
            format!("Cannot open the Excel file: {e}"),
        )
    };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error("ไฟล์ Excel ไม่มีแผ่นงาน", "The Excel file has no worksheet."))?
        .map_err(|e| unreadable(&e))?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect())
}

/// Reads a file into (spreadsheet row number, input) pairs, skipping blank rows.
pub fn read_import_rows(bytes: &[u8]) -> Result<Vec<(usize, AgencyInput)>, CoreError> {
    let table = match ImportFormat::detect(bytes) {
        ImportFormat::Csv => table_from_csv(bytes)?,
        ImportFormat::Xlsx => table_from_xlsx(bytes)?,
    };
    let Some((header, body)) = table.split_first() else {
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
    if body.len() > MAX_ROWS {
        return Err(file_error(
            format!("ไฟล์มีเกิน {MAX_ROWS} แถว โปรดแบ่งเป็นหลายไฟล์"),
            format!("The file has more than {MAX_ROWS} rows; split it into several files."),
        ));
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
        .enumerate()
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, row)| {
            (
                i + 2,
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
        for (_, fields) in batch {
            match agencies::by_code(tx.conn(), &fields.code).await? {
                None => {
                    let row = agencies::insert(tx.conn(), fields, &now).await?;
                    let view = AgencyView::from(&row);
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
                        Some(&AgencyView::from(&existing)),
                        Some(&AgencyView::from(&row)),
                    )
                    .await?;
                    report.updated += 1;
                }
            }
        }
        tx.commit().await?;
        progress(((batch_no + 1) * BATCH).min(total), total);
    }
    report.errors.sort_by_key(|e| e.row);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

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
