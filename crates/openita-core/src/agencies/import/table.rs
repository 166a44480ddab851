//! The cells of an uploaded file, gathered one at a time within the limits of `limits.rs`.
//!
//! Both readers (CSV and XLSX) hand over cells as they read them; only non-blank cells are
//! kept, so a file's size in memory is what it really contains, never what it claims (a
//! sheet whose dimension says A1:XFD1048576, or a cell at XFD1048576, costs one cell).

use super::limits::{
    MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES, column_name, file_error,
};
use crate::CoreError;
use std::collections::BTreeMap;

/// Non-blank rows by spreadsheet row number (1-based), each a row of cells by column.
pub(super) type Rows = Vec<(usize, Vec<String>)>;

#[derive(Default)]
pub(super) struct TableBuilder {
    /// By 0-based row index. A map, because an XLSX sheet may list its rows in any order
    /// and skip any number of them.
    rows: BTreeMap<u32, Vec<String>>,
    text_bytes: usize,
}

impl TableBuilder {
    /// Keeps one cell (0-based row and column). Blank cells are dropped; a non-blank cell
    /// beyond the limits refuses the whole file, naming where it is.
    pub(super) fn put(&mut self, row: u32, col: u32, text: &str) -> Result<(), CoreError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let row_number = u64::from(row) + 1;
        let col = col as usize;
        if col >= MAX_COLUMNS {
            let name = column_name(col);
            return Err(file_error(
                format!(
                    "แถว {row_number} คอลัมน์ {name} มีข้อมูลเกินคอลัมน์ที่ {MAX_COLUMNS} ({}) ที่ระบบอ่าน: ลบข้อมูลที่อยู่นอกตารางออก",
                    column_name(MAX_COLUMNS - 1)
                ),
                format!(
                    "Row {row_number}, column {name} has data beyond column {MAX_COLUMNS} ({}), the last one read: remove what lies outside the table.",
                    column_name(MAX_COLUMNS - 1)
                ),
            ));
        }
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(cell_too_long(row_number, col));
        }
        self.text_bytes += text.len();
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(file_error(
                format!(
                    "ไฟล์มีข้อความรวมเกิน {} MB โปรดแบ่งเป็นหลายไฟล์",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
                format!(
                    "The file holds more than {} MB of text; split it into several files.",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            ));
        }
        // The header and MAX_ROWS data rows; one more row is one too many.
        if !self.rows.contains_key(&row) && self.rows.len() > MAX_ROWS {
            return Err(too_many_rows());
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text.to_string();
        Ok(())
    }

    /// The non-blank rows in order, with their spreadsheet row numbers.
    pub(super) fn finish(self) -> Rows {
        self.rows
            .into_iter()
            .map(|(row, cells)| (row as usize + 1, cells))
            .collect()
    }
}

pub(super) fn too_many_rows() -> CoreError {
    file_error(
        format!("ไฟล์มีเกิน {MAX_ROWS} แถว โปรดแบ่งเป็นหลายไฟล์"),
        format!("The file has more than {MAX_ROWS} rows; split it into several files."),
    )
}

pub(super) fn cell_too_long(row_number: u64, col: usize) -> CoreError {
    let name = column_name(col);
    file_error(
        format!(
            "แถว {row_number} คอลัมน์ {name} ยาวเกิน {MAX_CELL_CHARS} ตัวอักษร (ยาวกว่าที่ Excel เก็บได้ในหนึ่งช่อง)"
        ),
        format!(
            "Row {row_number}, column {name} is longer than {MAX_CELL_CHARS} characters (more than Excel holds in one cell)."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: &CoreError) -> String {
        let t = e.text();
        format!("{} | {}", t.th, t.en)
    }

    #[test]
    fn blank_cells_and_rows_cost_nothing_and_rows_keep_their_numbers() {
        let mut t = TableBuilder::default();
        assert!(t.put(1_048_575, 0, "   ").is_ok());
        assert!(t.put(4, 2, "x").is_ok());
        assert!(t.put(0, 0, "h").is_ok());
        let rows = t.finish();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], (1, vec!["h".to_string()]));
        assert_eq!(rows[1], (5, vec![String::new(), String::new(), "x".into()]));
    }

    #[test]
    fn a_cell_beyond_the_last_column_is_named_in_both_languages() {
        let mut t = TableBuilder::default();
        let e = t.put(6, 16_383, "note").err();
        let text = e.as_ref().map(message).unwrap_or_default();
        assert!(
            text.contains("แถว 7 คอลัมน์ XFD") && text.contains("Row 7, column XFD"),
            "{text}"
        );
    }

    #[test]
    fn one_row_more_than_the_limit_is_refused() {
        let mut t = TableBuilder::default();
        for row in 0..=MAX_ROWS as u32 {
            assert!(t.put(row, 0, "x").is_ok(), "row {row}");
        }
        let e = t.put(MAX_ROWS as u32 + 1, 0, "x").err();
        assert!(
            e.as_ref()
                .map(message)
                .unwrap_or_default()
                .contains("20000")
        );
    }

    #[test]
    fn a_cell_longer_than_excel_allows_is_refused() {
        let mut t = TableBuilder::default();
        let long = "ก".repeat(MAX_CELL_CHARS);
        assert!(t.put(1, 1, &long).is_ok(), "Excel's own maximum is kept");
        let e = t.put(2, 1, &format!("{long}x")).err();
        let text = e.as_ref().map(message).unwrap_or_default();
        assert!(text.contains("Row 3, column B"), "{text}");
    }
}
