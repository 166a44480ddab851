//! Property tests that feed the importer what an attacker or a broken export could send:
//! arbitrary bytes, and valid CSV and XLSX files with random structure (dimensions, cell
//! addresses, cell types, counts) and random damage. Whatever comes in, reading must not
//! panic, and must end in a clear file-level error or in rows within the limits.

use super::limits::{MAX_CELL_CHARS, MAX_ROWS};
use super::read_import_rows;
use super::test_files::{SHEET_START, cell, workbook};
use crate::CoreError;
use proptest::prelude::*;

/// What every outcome must satisfy: a refusal names the file in both languages; a table is
/// within the limits.
fn assert_bounded(outcome: &Result<Vec<(usize, super::AgencyInput)>, CoreError>) {
    match outcome {
        Ok(rows) => {
            assert!(rows.len() <= MAX_ROWS);
            for (number, input) in rows {
                assert!(*number >= 2, "data rows follow the header");
                for field in [
                    &input.code,
                    &input.name_th,
                    &input.agency_type,
                    &input.province,
                ] {
                    assert!(field.chars().count() <= MAX_CELL_CHARS);
                }
            }
        }
        Err(CoreError::Invalid(fields)) => {
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].field, "file");
            assert!(!fields[0].message.th.is_empty() && !fields[0].message.en.is_empty());
        }
        Err(other) => panic!("a file must be refused as invalid input, not {other:?}"),
    }
}

/// A CSV field: plain, Thai, quoted with commas, quotes and new lines, or empty.
fn csv_field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{0,12}",
        "[ก-ฮ]{1,10}",
        "[a-z ,\"\n]{0,12}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        Just(String::new()),
    ]
}

/// Random damage: bytes inserted, removed or replaced at random places.
fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    for &(at, kind, byte) in edits {
        if bytes.is_empty() {
            bytes.push(byte);
            continue;
        }
        let at = at % bytes.len();
        match kind % 3 {
            0 => bytes.insert(at, byte),
            1 => {
                bytes.remove(at);
            }
            _ => bytes[at] = byte,
        }
    }
    bytes
}

/// A cell address: usually inside the sheet, sometimes far outside it, sometimes garbage.
fn address() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0_usize..8, 1_u32..40).prop_map(|(c, r)| format!("{}{r}", super::limits::column_name(c))),
        1 => (0_usize..20_000, 1_u32..2_000_000).prop_map(|(c, r)| format!("{}{r}", super::limits::column_name(c))),
        1 => "[A-Z]{1,4}[0-9]{1,12}",
        1 => "[A-Za-z0-9:]{0,8}",
    ]
}

/// A cell of a random type, with values that point anywhere (a shared string index past
/// the table, a number that is not one).
fn xlsx_cell() -> impl Strategy<Value = String> {
    (address(), 0_u8..6, "[a-zก-ฮ0-9.]{0,10}", 0_u64..u64::MAX).prop_map(|(at, kind, text, n)| {
        match kind {
            0 => cell(&at, &text),
            1 => format!(r#"<c r="{at}" t="s"><v>{}</v></c>"#, n % 8),
            2 => format!(r#"<c r="{at}"><v>{text}</v></c>"#),
            3 => format!(r#"<c r="{at}" t="b"><v>{}</v></c>"#, n % 3),
            4 => format!(r#"<c r="{at}" t="e"><v>#N/A</v></c>"#),
            _ => format!(r#"<c r="{at}" s="1"/>"#),
        }
    })
}

fn random_sheet(dimension: &str, header: bool, cells: &[String]) -> String {
    let mut xml = format!(r#"{SHEET_START}<dimension ref="{dimension}"/><sheetData>"#);
    if header {
        xml.push_str(r#"<row r="1">"#);
        for (h, at) in ["code", "name_th", "type", "province"]
            .iter()
            .zip(["A1", "B1", "C1", "D1"])
        {
            xml.push_str(&cell(at, h));
        }
        xml.push_str("</row>");
    }
    xml.push_str("<row>");
    xml.push_str(&cells.concat());
    xml.push_str("</row></sheetData></worksheet>");
    xml
}

const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>6360111</t></si><si><t>อบต.หนึ่ง</t></si><si><t>sao</t></si></sst>"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        assert_bounded(&read_import_rows(&bytes));
    }

    #[test]
    fn arbitrary_bytes_in_a_zip_header_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut file = b"PK\x03\x04".to_vec();
        file.extend(bytes);
        assert_bounded(&read_import_rows(&file));
    }

    #[test]
    fn a_valid_csv_reads_back_cell_for_cell_and_a_damaged_one_is_bounded(
        rows in proptest::collection::vec(proptest::collection::vec(csv_field(), 4..6), 1..30),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..12),
    ) {
        let mut csv = String::from("code,name_th,type,province,district\n");
        for row in &rows {
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        let read = read_import_rows(csv.as_bytes());
        let unquote = |f: &String| {
            let inner = f.strip_prefix('"').and_then(|f| f.strip_suffix('"')).unwrap_or(f);
            inner.replace("\"\"", "\"").trim().to_string()
        };
        let expected: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|f| !unquote(f).is_empty()))
            .collect();
        match &read {
            Ok(got) => {
                prop_assert_eq!(got.len(), expected.len());
                for ((_, input), row) in got.iter().zip(expected) {
                    prop_assert_eq!(&input.code, &unquote(&row[0]));
                    prop_assert_eq!(&input.province, &unquote(&row[3]));
                }
            }
            Err(e) => prop_assert!(false, "a valid CSV was refused: {e}"),
        }
        assert_bounded(&read_import_rows(&mutate(csv.into_bytes(), &edits)));
    }

    #[test]
    fn an_xlsx_with_random_dimensions_cells_and_damage_is_bounded(
        dimension in prop_oneof![address(), (address(), address()).prop_map(|(a, b)| format!("{a}:{b}"))],
        header in any::<bool>(),
        cells in proptest::collection::vec(xlsx_cell(), 0..60),
        shared in any::<bool>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..6),
    ) {
        let sheet = random_sheet(&dimension, header, &cells);
        let file = workbook(sheet.as_bytes(), shared.then_some(SHARED.as_bytes()));
        assert_bounded(&read_import_rows(&file));
        assert_bounded(&read_import_rows(&mutate(file, &edits)));
    }
}
