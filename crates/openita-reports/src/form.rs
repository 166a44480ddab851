//! A province's report forms (stakeholder numbers, survey progress, publicity, OIT progress,
//! the quarterly report) as XLSX and PDF from one description: a Thai title with the English
//! beneath, lines under it (the area, the quarter), the date, one or more tables with Thai
//! headings and English beside or beneath, and a signature block. The caller supplies the
//! words, already in Thai; this module lays them out.
//!
//! XLSX: one sheet; the title, date and signature are rows above and below the table; the
//! first table's heading row is bold and frozen; numbers are numbers. PDF: A4 (landscape when
//! asked), Sarabun, the table's heading repeated on every page.

use crate::{error::ReportError, pdf};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/form.typ");

/// One cell of a form's table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// Nothing known: an empty cell in XLSX, "–" in the PDF.
    Empty,
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    /// A count, or nothing.
    pub fn count(n: Option<i64>) -> Value {
        #[expect(clippy::cast_precision_loss, reason = "counts of people and items")]
        n.map_or(Value::Empty, |n| Value::Number(n as f64))
    }

    /// How the PDF prints it: whole numbers without decimals, others with two.
    fn shown(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Value::Number(n) => format!("{n:.2}"),
            Value::Empty => "–".to_string(),
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::count(Some(n))
    }
}

impl From<&str> for Value {
    fn from(t: &str) -> Value {
        Value::Text(t.to_string())
    }
}

impl From<String> for Value {
    fn from(t: String) -> Value {
        Value::Text(t)
    }
}

/// A column: its heading in Thai and English, its share of the page width in the PDF
/// (0: as wide as its content), and whether it holds numbers (aligned right).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub th: String,
    pub en: String,
    pub width: u8,
    pub numeric: bool,
}

impl Column {
    pub fn text(th: &str, en: &str, width: u8) -> Column {
        Column {
            th: th.to_string(),
            en: en.to_string(),
            width,
            numeric: false,
        }
    }

    pub fn number(th: &str, en: &str) -> Column {
        Column {
            th: th.to_string(),
            en: en.to_string(),
            width: 0,
            numeric: true,
        }
    }
}

/// One table of a form, with an optional heading above it and a bold total row below.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// (Thai, English)
    pub heading: Option<(String, String)>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    pub total: Option<Vec<Value>>,
    /// Shown instead of the table when there are no rows.
    pub empty: String,
}

/// Who prepared the form: printed under "ลงชื่อ ....".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    pub name: String,
    /// "ผู้ประสานงานจังหวัด"
    pub role_th: String,
    pub role_en: String,
    /// "จังหวัดชัยภูมิ" or "อำเภอบ้านเขว้า จังหวัดชัยภูมิ"
    pub place: String,
    /// "วันที่ 1 มีนาคม 2568"
    pub date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormInput {
    /// The title in the lines the PDF should break it into: ["แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย",
    /// "จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568"]; the XLSX joins them with a space.
    pub title: Vec<String>,
    pub title_en: String,
    /// Lines under the title (the quarter, what the figures mean).
    pub lines: Vec<String>,
    /// "ข้อมูล ณ วันที่ 1 มีนาคม 2568"
    pub dated: String,
    pub sections: Vec<Section>,
    pub signature: Signature,
    /// A4 landscape for wide tables.
    pub landscape: bool,
    /// The XLSX sheet's name (at most 31 characters).
    pub sheet: String,
}

/// Column width in Excel's character units: the heading's, or more for a wide column.
fn column_width(column: &Column) -> f64 {
    let heading = column.th.chars().count().max(column.en.chars().count()) + 3;
    let wanted = heading.max(usize::from(column.width) * 14).clamp(8, 60);
    #[expect(clippy::cast_precision_loss, reason = "at most 60")]
    let width = wanted as f64;
    width
}

/// The form as an XLSX workbook of one sheet.
///
/// # Errors
/// [`ReportError::Xlsx`] for an invalid sheet name or a text over Excel's limits.
pub fn xlsx(input: &FormInput) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(&input.sheet)?;
    let title = Format::new().set_bold().set_font_size(14);
    let muted = Format::new().set_italic().set_font_color("#555555");
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new().set_align(FormatAlign::Top);

    let widest = input
        .sections
        .iter()
        .map(|s| s.columns.len())
        .max()
        .unwrap_or(1);
    for col in 0..widest {
        let width = input
            .sections
            .iter()
            .filter_map(|s| s.columns.get(col))
            .map(column_width)
            .fold(8.0, f64::max);
        sheet.set_column_width(u16::try_from(col).unwrap_or(u16::MAX), width)?;
    }

    let mut row: u32 = 0;
    sheet.write_string_with_format(row, 0, input.title.join(" "), &title)?;
    row += 1;
    sheet.write_string_with_format(row, 0, &input.title_en, &muted)?;
    row += 1;
    for line in &input.lines {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    sheet.write_string(row, 0, &input.dated)?;
    row += 2;

    let mut frozen = false;
    for section in &input.sections {
        if let Some((th, en)) = &section.heading {
            sheet.write_string_with_format(row, 0, format!("{th} ({en})"), &bold)?;
            row += 1;
        }
        for (col, c) in section.columns.iter().enumerate() {
            let col =
                u16::try_from(col).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
            sheet.write_string_with_format(row, col, format!("{} ({})", c.th, c.en), &header)?;
        }
        if !frozen {
            sheet.set_freeze_panes(row + 1, 0)?;
            frozen = true;
        }
        row += 1;
        if section.rows.is_empty() {
            sheet.write_string(row, 0, &section.empty)?;
            row += 1;
        }
        let total = section.total.iter().map(|t| (t, true));
        for (cells, is_total) in section.rows.iter().map(|r| (r, false)).chain(total) {
            for (col, cell) in cells.iter().enumerate() {
                let col = u16::try_from(col)
                    .map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
                let format = match (is_total, cell) {
                    (true, _) => &bold,
                    (false, Value::Number(_)) => &number,
                    (false, _) => &wrap,
                };
                match cell {
                    Value::Text(t) => {
                        sheet.write_string_with_format(row, col, t, format)?;
                    }
                    Value::Number(n) => {
                        sheet.write_number_with_format(row, col, *n, format)?;
                    }
                    Value::Empty => {}
                }
            }
            row += 1;
        }
        row += 1;
    }

    let s = &input.signature;
    row += 1;
    for line in [
        "ลงชื่อ ............................................ ผู้จัดทำ (Prepared by)".to_string(),
        format!("({})", s.name),
        format!("ตำแหน่ง {} ({})", s.role_th, s.role_en),
        s.place.clone(),
        s.date.clone(),
    ] {
        sheet.write_string(row, 0, &line)?;
        row += 1;
    }
    Ok(workbook.save_to_buffer()?)
}

#[derive(Serialize)]
struct PdfSection {
    heading: Option<(String, String)>,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    total: Option<Vec<String>>,
    empty: String,
}

#[derive(Serialize)]
struct PdfData<'a> {
    title: &'a [String],
    title_en: &'a str,
    lines: &'a [String],
    dated: &'a str,
    landscape: bool,
    sections: Vec<PdfSection>,
    signature: &'a Signature,
}

fn shown(row: &[Value], width: usize) -> Vec<String> {
    let mut cells: Vec<String> = row.iter().map(Value::shown).collect();
    cells.resize(width, String::new());
    cells
}

/// The form as an A4 PDF in Sarabun.
///
/// # Errors
/// As [`pdf::render`].
pub fn pdf(input: &FormInput) -> Result<Vec<u8>, ReportError> {
    let data = PdfData {
        title: &input.title,
        title_en: &input.title_en,
        lines: &input.lines,
        dated: &input.dated,
        landscape: input.landscape,
        sections: input
            .sections
            .iter()
            .map(|s| PdfSection {
                heading: s.heading.clone(),
                columns: s.columns.clone(),
                rows: s.rows.iter().map(|r| shown(r, s.columns.len())).collect(),
                // A total row leaves the columns it does not sum blank, not "–".
                total: s.total.as_ref().map(|t| {
                    t.iter()
                        .map(|v| match v {
                            Value::Empty => String::new(),
                            other => other.shown(),
                        })
                        .chain(std::iter::repeat(String::new()))
                        .take(s.columns.len())
                        .collect()
                }),
                empty: s.empty.clone(),
            })
            .collect(),
        signature: &input.signature,
    };
    pdf::render(TEMPLATE, &serde_json::to_value(&data)?, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn sample() -> FormInput {
        FormInput {
            title: vec![
                "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย".into(),
                "จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568".into(),
            ],
            title_en: "Stakeholder numbers".into(),
            lines: vec!["อำเภอบ้านเขว้า".into()],
            dated: "ข้อมูล ณ วันที่ 1 มีนาคม 2568".into(),
            sections: vec![Section {
                heading: None,
                columns: vec![
                    Column::text("หน่วยงาน", "Agency", 3),
                    Column::number("จำนวนบุคลากร", "Staff"),
                ],
                rows: vec![
                    vec!["อบต.หนองบัว".into(), 40.into()],
                    vec!["อบต.ลาดใหญ่".into(), Value::Empty],
                ],
                total: Some(vec!["รวม (Total)".into(), 40.into()]),
                empty: "ไม่มี".into(),
            }],
            signature: Signature {
                name: "coordinator".into(),
                role_th: "ผู้ประสานงานจังหวัด".into(),
                role_en: "Province coordinator".into(),
                place: "จังหวัดชัยภูมิ".into(),
                date: "วันที่ 1 มีนาคม 2568".into(),
            },
            landscape: false,
            sheet: "ผู้มีส่วนได้ส่วนเสีย".into(),
        }
    }

    #[test]
    fn the_sheet_has_the_title_above_and_the_signature_below_the_table()
    -> Result<(), Box<dyn std::error::Error>> {
        let bytes = xlsx(&sample())?;
        let mut book = Xlsx::new(std::io::Cursor::new(bytes))?;
        let range = book.worksheet_range("ผู้มีส่วนได้ส่วนเสีย")?;
        let text = |r: u32, c: u32| match range.get_value((r, c)) {
            Some(Data::String(s)) => s.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            text(0, 0),
            "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568"
        );
        assert_eq!(text(3, 0), "ข้อมูล ณ วันที่ 1 มีนาคม 2568");
        assert_eq!(text(5, 0), "หน่วยงาน (Agency)");
        assert_eq!(range.get_value((6, 1)), Some(&Data::Float(40.0)));
        assert_eq!(range.get_value((8, 1)), Some(&Data::Float(40.0)));
        let all: Vec<String> = range
            .rows()
            .flat_map(|r| r.iter().map(ToString::to_string))
            .collect();
        assert!(all.contains(&"(coordinator)".to_string()), "{all:?}");
        Ok(())
    }

    #[test]
    fn the_pdf_renders_without_warnings() -> Result<(), Box<dyn std::error::Error>> {
        let input = sample();
        let data = PdfData {
            title: &input.title,
            title_en: &input.title_en,
            lines: &input.lines,
            dated: &input.dated,
            landscape: true,
            sections: vec![],
            signature: &input.signature,
        };
        let (bytes, warnings) =
            pdf::render_with_warnings(TEMPLATE, &serde_json::to_value(&data)?, &[])?;
        assert!(bytes.starts_with(b"%PDF"));
        assert!(warnings.is_empty(), "{warnings}");
        assert!(pdf(&input)?.starts_with(b"%PDF"));
        Ok(())
    }
}
