//! CSV for Excel users: UTF-8 with a byte order mark.
//!
//! Excel opens a CSV without a BOM in the machine's legacy code page (Windows-874 on Thai
//! Windows, or 1252), which turns Thai into mojibake. With the three bytes `EF BB BF` first it
//! reads UTF-8. LibreOffice and `csv` readers ignore the mark.

use std::borrow::Cow;
use std::io::Write;

use crate::error::ReportError;

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the UTF-8 BOM to `writer` and returns a [`::csv::Writer`] on it, ready for records
/// (comma-separated, `\r\n` line ends as Excel writes them, quoting where needed).
///
/// # Errors
/// [`ReportError::Io`] if the BOM cannot be written.
pub fn with_bom<W: Write>(mut writer: W) -> Result<::csv::Writer<W>, ReportError> {
    writer.write_all(UTF8_BOM)?;
    Ok(::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(writer))
}

/// Makes a free-text value safe to open in a spreadsheet: a value starting with `=`, `+`, `-`,
/// `@`, tab or carriage return would be run as a formula by Excel ("CSV injection"), so it gets
/// a leading apostrophe. Use it on text people typed (survey comments, agency-entered names),
/// not on numbers.
pub fn neutralize_formula(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_starts_with_the_bom_and_keeps_thai() -> Result<(), Box<dyn std::error::Error>> {
        let mut out = Vec::new();
        {
            let mut writer = with_bom(&mut out)?;
            writer.write_record(["หน่วยงาน", "คะแนน"])?;
            writer.write_record(["องค์การบริหารส่วนตำบลหนองบัว, ชัยภูมิ", "92.5"])?;
            writer.flush()?;
        }
        assert!(out.starts_with(UTF8_BOM));
        let text = std::str::from_utf8(&out[3..])?;
        assert_eq!(
            text,
            "หน่วยงาน,คะแนน\r\n\"องค์การบริหารส่วนตำบลหนองบัว, ชัยภูมิ\",92.5\r\n"
        );
        Ok(())
    }

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_untouched() {
        assert_eq!(
            neutralize_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralize_formula("-1"), "'-1");
        assert_eq!(neutralize_formula("ดีมาก"), "ดีมาก");
        assert!(matches!(neutralize_formula("ok"), Cow::Borrowed(_)));
    }
}
