//! Reading the first sheet of an XLSX file one cell at a time.
//!
//! calamine's `worksheet_range` builds a dense grid spanning the cells it finds: one cell
//! at A1 and one at XFD1048576 make 17 billion cells, and the process aborts on the
//! allocation. Here the archive is measured first (`zip_budget`), then the sheet is read
//! with calamine's cell reader, and each cell goes to the table, which keeps only
//! non-blank cells inside the limits. A sheet's `<dimension>` is never used.

use super::limits::file_error;
use super::table::{Rows, TableBuilder};
use super::zip_budget::{check_xlsx_budget, unreadable};
use crate::CoreError;
use calamine::{DataRef, Reader, Xlsx};
use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

fn cell_text<'a>(cell: &'a DataRef<'_>) -> Cow<'a, str> {
    match cell {
        DataRef::Empty => Cow::Borrowed(""),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cow::Borrowed(s),
        DataRef::SharedString(s) => Cow::Borrowed(s),
        // Codes typed as numbers come back as floats: 5360101.0 must stay 5360101.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Cow::Owned(format!("{}", *f as i64))
        }
        DataRef::Float(f) => Cow::Owned(f.to_string()),
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        DataRef::Bool(b) => Cow::Owned(b.to_string()),
        DataRef::DateTime(d) => Cow::Owned(d.to_string()),
        DataRef::Error(e) => Cow::Owned(e.to_string()),
    }
}

pub(super) fn rows_from_xlsx(bytes: &[u8]) -> Result<Rows, CoreError> {
    // calamine 0.30 panics on some damaged files (a shared string index past the table, in
    // any build; address arithmetic that overflows, in debug builds); a file must never take
    // a request or a job down with it.
    catch_unwind(AssertUnwindSafe(|| {
        check_xlsx_budget(bytes)?;
        read_first_sheet(bytes)
    }))
    .unwrap_or_else(|_| {
        Err(file_error(
            "ไฟล์ Excel เสียหาย อ่านไม่ได้",
            "The Excel file is damaged and cannot be read.",
        ))
    })
}

fn read_first_sheet(bytes: &[u8]) -> Result<Rows, CoreError> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| not_xlsx_or(&e))?;
    let first = book.sheet_names().into_iter().next().ok_or_else(|| {
        file_error(
            "ไฟล์ไม่มีแผ่นงาน Excel: โปรดบันทึกเป็นไฟล์ .xlsx (Excel Workbook) หรือ \"CSV UTF-8\"",
            "The file has no Excel worksheet: save it as .xlsx (Excel Workbook) or \"CSV UTF-8\".",
        )
    })?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(&e))?;
    let mut table = TableBuilder::default();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let (row, col) = cell.get_position();
        table.put(row, col, &cell_text(cell.get_value()))?;
    }
    Ok(table.finish())
}

/// A ZIP that is not a workbook at all (an OpenDocument sheet, an XLSB) gets advice.
fn not_xlsx_or(e: &calamine::XlsxError) -> CoreError {
    match e {
        calamine::XlsxError::Zip(_) | calamine::XlsxError::Io(_) => unreadable(e),
        _ => file_error(
            format!(
                "เปิดไฟล์ Excel ไม่ได้ ({e}): โปรดบันทึกเป็นไฟล์ .xlsx (Excel Workbook) หรือ \"CSV UTF-8\""
            ),
            format!(
                "Cannot open the Excel file ({e}): save it as .xlsx (Excel Workbook) or \"CSV UTF-8\"."
            ),
        ),
    }
}
