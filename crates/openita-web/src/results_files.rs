//! The results as files: one row per agency, Thai column names, the same columns in the CSV
//! (UTF-8 with BOM, formula-looking text neutralised) and the XLSX (numbers as numbers). Used
//! by the download handlers, and by `openita-bench national` to time the sheet on its own.

use openita_core::results::ResultRow;
use openita_reports::xlsx::{Cell, TableWriter};
use openita_types::FiscalYear;

const COLUMNS: [&str; 14] = [
    "รหัสหน่วยงาน",
    "ชื่อหน่วยงาน",
    "จังหวัด",
    "ประเภท",
    "คะแนนรวม",
    "ระดับ",
    "ผลการประเมิน",
    "ผ่านเกณฑ์",
    "IIT",
    "EIT",
    "OIT",
    "ผู้ตอบ IIT",
    "ผู้ตอบ EIT",
    "หมายเหตุ",
];

/// Columns written as numbers in the XLSX.
const NUMBERS: [usize; 6] = [4, 8, 9, 10, 11, 12];
/// The AA-F band's column: left out when the framework does not show bands (from 2566).
const LEVEL: usize = 5;

/// The columns' (name, is a number) of a file, with or without the band.
fn columns(show_levels: bool) -> Vec<(&'static str, bool)> {
    COLUMNS
        .iter()
        .enumerate()
        .filter(|(i, _)| show_levels || *i != LEVEL)
        .map(|(i, name)| (*name, NUMBERS.contains(&i)))
        .collect()
}

/// A row's cells, with or without the band, in the order of [`columns`].
fn row_cells(r: &ResultRow, show_levels: bool) -> Vec<String> {
    let mut c = cells(r);
    if !show_levels {
        c.remove(LEVEL);
    }
    c
}

fn cells(r: &ResultRow) -> Vec<String> {
    let f = &r.fields;
    vec![
        r.agency.code.clone(),
        r.agency.name_th.clone(),
        r.agency.province.clone(),
        r.agency.agency_type.name_th().to_string(),
        f.total.to_string(),
        f.level.clone(),
        r.tier_name.th.clone(),
        if f.pass {
            "ผ่าน"
        } else {
            "ไม่ผ่าน"
        }
        .to_string(),
        f.instruments.iit.to_string(),
        f.instruments.eit.to_string(),
        f.instruments.oit.to_string(),
        f.responses.iit.to_string(),
        f.responses.eit.to_string(),
        f.flags
            .iter()
            .map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// The CSV download. `show_levels`: the framework's display of the AA-F band.
pub fn results_csv<'a>(
    rows: impl IntoIterator<Item = &'a ResultRow>,
    show_levels: bool,
) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let mut w = openita_reports::csv::with_bom(Vec::new())?;
    w.write_record(columns(show_levels).iter().map(|c| c.0))?;
    for r in rows {
        w.write_record(
            row_cells(r, show_levels)
                .iter()
                .map(|c| openita_reports::csv::neutralize_formula(c).into_owned()),
        )?;
    }
    Ok(w.into_inner().map_err(|e| e.to_string())?)
}

/// The XLSX download (blocking: call it from `spawn_blocking`).
pub fn results_xlsx<'a>(
    year: FiscalYear,
    rows: impl IntoIterator<Item = &'a ResultRow>,
    show_levels: bool,
) -> Result<Vec<u8>, openita_reports::ReportError> {
    let columns = columns(show_levels);
    let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
    let mut t = TableWriter::new(&format!("ITA {year}"), &names)?;
    for r in rows {
        let c = row_cells(r, show_levels);
        let row: Vec<Cell<'_>> = c
            .iter()
            .zip(&columns)
            .map(|(s, (_, number))| {
                if *number {
                    s.parse::<f64>().map_or(Cell::Empty, Cell::Number)
                } else {
                    Cell::Text(s)
                }
            })
            .collect();
        t.row(&row)?;
    }
    t.finish()
}
