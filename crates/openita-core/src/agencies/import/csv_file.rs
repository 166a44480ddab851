//! Reading a CSV file one field at a time.
//!
//! `csv_core` parses into a buffer we own, so a field can never be longer than that buffer
//! and a line with millions of fields never becomes millions of strings: each field is
//! handed to the table (which keeps only non-blank cells within the limits) and forgotten.

use super::limits::{MAX_CELL_CHARS, file_error};
use super::table::{Rows, TableBuilder, cell_too_long};
use crate::CoreError;
use csv_core::{ReadFieldResult, ReaderBuilder};

/// A UTF-8 character takes at most four bytes.
const MAX_FIELD_BYTES: usize = MAX_CELL_CHARS * 4;

pub(super) fn rows_from_csv(bytes: &[u8]) -> Result<Rows, CoreError> {
    // Checked whole first: a field boundary can then never split a character, and the
    // message can say what to do.
    let text = std::str::from_utf8(bytes).map_err(|_| {
        file_error(
            "ไฟล์ CSV ไม่ได้เข้ารหัสแบบ UTF-8: ใน Excel ให้บันทึกเป็น \"CSV UTF-8\" หรืออัปโหลดไฟล์ .xlsx",
            "The CSV file is not UTF-8: in Excel save it as \"CSV UTF-8\", or upload the .xlsx file.",
        )
    })?;
    let mut input = text.trim_start_matches('\u{feff}').as_bytes();
    let mut reader = ReaderBuilder::new().build();
    let mut field = vec![0_u8; MAX_FIELD_BYTES];
    let mut len = 0;
    let mut table = TableBuilder::default();
    let (mut row, mut col) = (0_u32, 0_u32);
    loop {
        let (result, read, written) = reader.read_field(input, &mut field[len..]);
        input = &input[read..];
        len += written;
        match result {
            // The whole file is one slice: the next call passes no input, which means "end".
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => {
                return Err(cell_too_long(u64::from(row) + 1, col as usize));
            }
            ReadFieldResult::Field { record_end } => {
                // Valid UTF-8: the file is, and csv_core splits only at ASCII bytes.
                let cell = std::str::from_utf8(&field[..len]).unwrap_or_default();
                table.put(row, col, cell)?;
                len = 0;
                if record_end {
                    row = row.saturating_add(1);
                    col = 0;
                } else {
                    col = col.saturating_add(1);
                }
            }
            ReadFieldResult::End => break,
        }
    }
    Ok(table.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agencies::import::limits::{MAX_COLUMNS, MAX_ROWS};

    fn message(r: Result<Rows, CoreError>) -> String {
        r.err()
            .map(|e| format!("{} | {}", e.text().th, e.text().en))
            .unwrap_or_default()
    }

    #[test]
    fn quoted_fields_commas_and_new_lines_are_read() {
        let rows = rows_from_csv(b"a,\"b,c\",\"d\"\"e\"\n\"multi\nline\",x\n").unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1, ["a", "b,c", "d\"e"]);
        assert_eq!(rows[1], (2, vec!["multi\nline".to_string(), "x".into()]));
    }

    #[test]
    fn a_line_of_a_million_empty_fields_costs_nothing() {
        let mut csv = String::from("code,name_th\n1");
        csv.push_str(&",".repeat(1_000_000));
        csv.push_str("\n2,x\n");
        let rows = rows_from_csv(csv.as_bytes()).unwrap_or_default();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].1, ["1"], "the empty fields are not kept");
    }

    #[test]
    fn a_line_with_data_past_the_last_column_is_refused() {
        let line = vec!["x"; MAX_COLUMNS + 1].join(",");
        let text = message(rows_from_csv(format!("h\n{line}\n").as_bytes()));
        assert!(
            text.contains("แถว 2 คอลัมน์ AY") && text.contains("Row 2, column AY"),
            "{text}"
        );
    }

    #[test]
    fn a_huge_field_is_refused_without_reading_it_whole() {
        let csv = format!("h\nx,\"{}\"\n", "a".repeat(19 * 1024 * 1024));
        let text = message(rows_from_csv(csv.as_bytes()));
        assert!(text.contains("Row 2, column B is longer than"), "{text}");
        assert!(text.contains("ยาวเกิน"), "{text}");
    }

    #[test]
    fn too_many_rows_stop_the_reading() {
        let csv = "x\n".repeat(MAX_ROWS + 2);
        let text = message(rows_from_csv(csv.as_bytes()));
        assert!(text.contains("more than 20000 rows"), "{text}");
    }
}
