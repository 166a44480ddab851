//! XLSX tables for exports: one sheet, a bold frozen header row, then rows of text and numbers,
//! streamed.
//!
//! The sheet uses rust_xlsxwriter's *constant memory* mode: each finished row goes to a
//! temporary file (in the system temp directory) instead of staying in memory, so an export of
//! a million answers costs a few megabytes of RAM. The price is that rows must come in order,
//! which a table export does anyway. Strings are written inline rather than in a shared table;
//! Excel, LibreOffice and calamine read both.
//!
//! ```
//! use openita_reports::xlsx::{Cell, TableWriter};
//! # fn main() -> Result<(), openita_reports::ReportError> {
//! let mut table = TableWriter::new("คะแนน", &["หน่วยงาน", "คะแนน ITA"])?;
//! table.row(&[Cell::from("อบต.หนองบัว"), Cell::from(92.5)])?;
//! let bytes: Vec<u8> = table.finish()?;
//! # assert!(bytes.starts_with(b"PK"));
//! # Ok(()) }
//! ```

use std::path::Path;

use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet};

use crate::error::ReportError;

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text, stored as a string: never interpreted as a formula or a number, so "0812345678"
    /// keeps its leading zero and "=1+1" stays text.
    Text(&'a str),
    /// A number. Excel has no NaN or infinity: those are written as the text "NAN", "INF" or
    /// "-INF".
    Number(f64),
    /// Nothing in this cell.
    Empty,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Text(text)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(text: &'a String) -> Self {
        Cell::Text(text)
    }
}

impl From<f64> for Cell<'_> {
    fn from(number: f64) -> Self {
        Cell::Number(number)
    }
}

impl From<i32> for Cell<'_> {
    fn from(number: i32) -> Self {
        Cell::Number(f64::from(number))
    }
}

impl From<u32> for Cell<'_> {
    fn from(number: u32) -> Self {
        Cell::Number(f64::from(number))
    }
}

impl From<i64> for Cell<'_> {
    /// Excel stores every number as a 64-bit float: integers beyond ±2^53 lose precision
    /// (write such ids as [`Cell::Text`]).
    fn from(number: i64) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "Excel numbers are f64")]
        Cell::Number(number as f64)
    }
}

impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// Column width, in Excel's character units, from the header text: wide enough for the
/// header, within reason, since constant-memory mode cannot autofit to the data.
fn column_width(header: &str) -> f64 {
    let chars = header.chars().count().clamp(10, 50);
    #[expect(clippy::cast_precision_loss, reason = "at most 50")]
    let width = chars as f64 * 1.2;
    width
}

/// Writes one sheet of a table row by row; see the [module docs](self).
pub struct TableWriter {
    workbook: Workbook,
    sheet: Worksheet,
    next_row: u32,
}

impl TableWriter {
    /// Starts a workbook with one sheet named `sheet_name` (at most 31 characters, none of
    /// `[]:*?/\`) whose first row is `headers`, bold and frozen so it stays visible while
    /// scrolling.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] for an invalid sheet name or too many columns (16,384).
    pub fn new(sheet_name: &str, headers: &[&str]) -> Result<Self, ReportError> {
        let mut workbook = Workbook::new();
        let mut sheet = workbook.new_worksheet_with_constant_memory();
        sheet.set_name(sheet_name)?;
        let bold = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin);
        for (col, header) in headers.iter().enumerate() {
            let col =
                u16::try_from(col).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
            sheet.set_column_width(col, column_width(header))?;
            sheet.write_string_with_format(0, col, *header, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Self {
            workbook,
            sheet,
            next_row: 1,
        })
    }

    /// Appends one row below the previous one. Missing trailing cells are empty.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] past Excel's 1,048,576 rows or 16,384 columns, or for a text
    /// over 32,767 characters.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ReportError> {
        let row = self.next_row;
        for (col, cell) in cells.iter().enumerate() {
            let col =
                u16::try_from(col).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
            match *cell {
                Cell::Text(text) => {
                    self.sheet.write_string(row, col, text)?;
                }
                Cell::Number(number) => {
                    self.sheet.write_number(row, col, number)?;
                }
                Cell::Empty => {}
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// How many data rows have been written (the header not counted).
    pub fn rows_written(&self) -> u32 {
        self.next_row - 1
    }

    /// Closes the workbook and returns the `.xlsx` bytes.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] if the workbook cannot be assembled.
    pub fn finish(self) -> Result<Vec<u8>, ReportError> {
        let mut workbook = self.into_workbook();
        Ok(workbook.save_to_buffer()?)
    }

    /// Closes the workbook and writes it to `path`, without holding the whole file in memory:
    /// the way to go for large exports.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] if the workbook cannot be assembled or the file written.
    pub fn finish_to_path(self, path: impl AsRef<Path>) -> Result<(), ReportError> {
        let mut workbook = self.into_workbook();
        workbook.save(path)?;
        Ok(())
    }

    /// Closes the workbook and writes it to `writer` (a file the caller created with the
    /// permissions it wants), without holding the whole file in memory.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] if the workbook cannot be assembled or written.
    pub fn finish_to_writer<W>(self, writer: W) -> Result<(), ReportError>
    where
        W: std::io::Write + std::io::Seek + Send,
    {
        let mut workbook = self.into_workbook();
        workbook.save_to_writer(writer)?;
        Ok(())
    }

    fn into_workbook(self) -> Workbook {
        let Self {
            mut workbook,
            sheet,
            ..
        } = self;
        workbook.push_worksheet(sheet);
        workbook
    }
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::*;

    fn read(
        bytes: Vec<u8>,
    ) -> Result<(Vec<String>, calamine::Range<Data>), Box<dyn std::error::Error>> {
        let mut book = Xlsx::new(std::io::Cursor::new(bytes))?;
        let names = book.sheet_names();
        let range = book.worksheet_range(&names[0])?;
        Ok((names, range))
    }

    #[test]
    fn thai_header_and_values_survive_a_round_trip() -> Result<(), Box<dyn std::error::Error>> {
        let mut table = TableWriter::new("ผลคะแนน", &["หน่วยงาน", "ผู้ตอบ", "คะแนน"])?;
        let name = String::from("องค์การบริหารส่วนตำบลหนองบัวระเหว");
        table.row(&[Cell::from(&name), Cell::from(120_u32), Cell::from(92.75)])?;
        table.row(&[
            Cell::from("=1+1"),
            Cell::from(None::<f64>),
            Cell::from(Some(-3_i64)),
        ])?;
        table.row(&[Cell::from("0812345678")])?;
        assert_eq!(table.rows_written(), 3);
        let (names, range) = read(table.finish()?)?;

        assert_eq!(names, ["ผลคะแนน"]);
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String("หน่วยงาน".into()))
        );
        assert_eq!(range.get_value((0, 1)), Some(&Data::String("ผู้ตอบ".into())));
        assert_eq!(range.get_value((1, 0)), Some(&Data::String(name)));
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(120.0)));
        assert_eq!(range.get_value((1, 2)), Some(&Data::Float(92.75)));
        assert_eq!(range.get_value((2, 0)), Some(&Data::String("=1+1".into())));
        assert!(matches!(range.get_value((2, 1)), None | Some(Data::Empty)));
        assert_eq!(range.get_value((2, 2)), Some(&Data::Float(-3.0)));
        assert_eq!(
            range.get_value((3, 0)),
            Some(&Data::String("0812345678".into()))
        );
        Ok(())
    }

    #[test]
    fn the_header_row_is_frozen_and_bold() -> Result<(), Box<dyn std::error::Error>> {
        let mut table = TableWriter::new("Sheet", &["a"])?;
        table.row(&[Cell::from("x")])?;
        let bytes = table.finish()?;
        let mut zip = zip_entry(&bytes, "xl/worksheets/sheet1.xml")?;
        assert!(zip.contains("state=\"frozen\""), "{zip}");
        assert!(zip.contains("ySplit=\"1\""), "{zip}");
        zip = zip_entry(&bytes, "xl/styles.xml")?;
        assert!(zip.contains("<b/>"), "{zip}");
        Ok(())
    }

    /// One XML part of the xlsx package, as text.
    fn zip_entry(bytes: &[u8], name: &str) -> Result<String, Box<dyn std::error::Error>> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name)?, &mut text)?;
        Ok(text)
    }

    #[test]
    fn an_invalid_sheet_name_is_an_error() {
        assert!(matches!(
            TableWriter::new("a/b", &["x"]),
            Err(ReportError::Xlsx(_))
        ));
    }

    #[test]
    fn a_file_written_to_a_path_opens() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("export.xlsx");
        let mut table = TableWriter::new("EIT", &["คำถาม"])?;
        for i in 0..1000 {
            table.row(&[Cell::from(format!("ข้อ {i}").as_str())])?;
        }
        table.finish_to_path(&path)?;
        let (_, range) = read(std::fs::read(&path)?)?;
        assert_eq!(range.height(), 1001);
        assert_eq!(
            range.get_value((1000, 0)),
            Some(&Data::String("ข้อ 999".into()))
        );
        Ok(())
    }
}
