//! XLSX files made by hand for tests: the smallest workbook calamine opens, with whatever
//! sheet XML a test needs (a lying `<dimension>`, a cell at XFD1048576, a ZIP bomb).

use std::io::Write;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="agencies" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

pub(crate) const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// An inline-string cell.
pub(crate) fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A worksheet with this `<dimension ref>` and these rows (row number, cells XML).
pub(crate) fn sheet(dimension: &str, rows: &[(u32, String)]) -> String {
    let mut xml = format!(r#"{SHEET_START}<dimension ref="{dimension}"/><sheetData>"#);
    for (number, cells) in rows {
        xml.push_str(&format!(r#"<row r="{number}">{cells}</row>"#));
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// The header and one good agency row, as cells of rows 1 and 2.
pub(crate) fn header_and_one_agency() -> Vec<(u32, String)> {
    let header: String = ["code", "name_th", "type", "province"]
        .iter()
        .zip(["A1", "B1", "C1", "D1"])
        .map(|(h, at)| cell(at, h))
        .collect();
    let row = [
        ("A2", "6360777"),
        ("B2", "อบต.ทดสอบ"),
        ("C2", "sao"),
        ("D2", "ชัยภูมิ"),
    ]
    .iter()
    .map(|(at, v)| cell(at, v))
    .collect();
    vec![(1, header), (2, row)]
}

/// A workbook of one sheet; parts are deflated, as Excel saves them.
pub(crate) fn workbook(sheet_xml: &[u8], shared_strings: Option<&[u8]>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings));
    }
    for (name, bytes) in parts {
        if zip.start_file(name, options).is_ok() {
            let _ = zip.write_all(bytes);
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// About 1.5 KB: a sheet that claims A1:XFD1048576 and has, besides a good table, one
/// value at its far corner. calamine's dense range for it would be 17 billion cells.
pub(crate) fn lying_dimension() -> Vec<u8> {
    let mut rows = header_and_one_agency();
    rows.push((1_048_576, cell("XFD1048576", "x")));
    workbook(sheet("A1:XFD1048576", &rows).as_bytes(), None)
}
