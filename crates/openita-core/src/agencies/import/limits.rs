//! How much of an uploaded agency file the importer is willing to read, and why.
//!
//! The file comes from a user, so every size or count it claims (a sheet's `<dimension>`, a
//! cell's address, a ZIP entry's size) is a claim, not a fact: the readers count what they
//! actually read and stop at these limits with a file-level error, before allocating for
//! more. Each limit is far above what a real agency file needs (the whole country is about
//! 8,300 agencies, one row each, seven columns) and far below what would hurt the server.

use crate::CoreError;

/// At most this many data rows (non-blank rows after the header) per file: the whole
/// country is about 8,300 agencies.
pub const MAX_ROWS: usize = 20_000;

/// Columns A..AX. The importer reads seven named columns; offices keep a few of their own
/// beside them (a running number, notes, a telephone), so 50 leaves room for any real sheet
/// while keeping a row at most 50 cells, whatever a sheet or a CSV line claims.
pub const MAX_COLUMNS: usize = 50;

/// Excel's own limit for the text of one cell: nothing a spreadsheet saves is longer.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The text of all kept cells together. A real file of 20,000 rows is about 12 MB of text;
/// the bound matters for XLSX, where one shared string can be referenced by every cell.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// The file itself: the web server takes request bodies of at most 20 MiB, and the CLI
/// reads files through the same rule.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// One unzipped part of an XLSX file (a sheet, the shared strings). A 20,000-row sheet is
/// about 7 MB of XML; a ZIP bomb inflates far beyond this and is stopped here.
pub const MAX_XLSX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// All unzipped parts of an XLSX file together.
pub const MAX_XLSX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;

/// Parts in an XLSX archive: a workbook has a dozen or two (a few per sheet).
pub const MAX_XLSX_PARTS: usize = 1_000;

/// Entries of the shared strings table, which is read whole before any sheet: every cell of
/// a full file (20,000 rows x 7 columns) plus the other sheets of a typical workbook.
pub const MAX_SHARED_STRINGS: usize = 500_000;

/// A file-level refusal, in Thai and English.
pub(super) fn file_error(th: impl Into<String>, en: impl Into<String>) -> CoreError {
    CoreError::invalid("file", th, en)
}

/// The file is larger than anything the importer reads.
pub(super) fn file_too_large() -> CoreError {
    file_error(
        format!(
            "ไฟล์ใหญ่เกินไป (เกิน {} MB) โปรดแบ่งเป็นหลายไฟล์",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        format!(
            "The file is too large (over {} MB); split it into several files.",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Spreadsheet column name of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA.
pub(super) fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_the_spreadsheet_ones() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(MAX_COLUMNS - 1), "AX");
        assert_eq!(column_name(16_383), "XFD");
    }
}
