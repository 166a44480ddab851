//! Spreadsheets made by hand, to attack the importers with: the smallest workbook calamine
//! opens, whose one sheet says whatever a test needs.

#![expect(
    clippy::expect_used,
    reason = "test support: a file that cannot be built is a failed test"
)]

use std::io::Write;
use zip::write::SimpleFileOptions;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="agencies" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A workbook whose first sheet is `sheet_xml`, deflated as Excel saves it.
pub fn workbook_with_sheet(sheet_xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// About 1.5 KB: a good header and agency row (code 6360777) in a sheet that claims
/// A1:XFD1048576 and has one more value at that far corner. Read as a dense range, as the
/// importer once did, it asks for 549,755,813,888 bytes and the process aborts.
pub fn xlsx_with_a_far_cell() -> Vec<u8> {
    let cell =
        |at: &str, text: &str| format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#);
    let header: String = [
        ("A1", "code"),
        ("B1", "name_th"),
        ("C1", "type"),
        ("D1", "province"),
    ]
    .iter()
    .map(|(at, t)| cell(at, t))
    .collect();
    let agency: String = [
        ("A2", "6360777"),
        ("B2", "อบต.ทดสอบ"),
        ("C2", "sao"),
        ("D2", "ชัยภูมิ"),
    ]
    .iter()
    .map(|(at, t)| cell(at, t))
    .collect();
    let far = cell("XFD1048576", "x");
    workbook_with_sheet(&format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1">{header}</row><row r="2">{agency}</row><row r="1048576">{far}</row></sheetData></worksheet>"#
    ))
}
