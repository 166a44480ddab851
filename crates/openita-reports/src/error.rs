//! The one error type of this crate.

/// Why a file could not be produced.
///
/// Messages are for operators and logs: a [`ReportError::Template`] names the line and column of
/// the Typst source so a template author can fix it. None of them carries respondent data.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Typst could not compile the template (syntax error, unknown field in the data, missing
    /// file, …). The message is readable: `main.typ:12:5: error: …`, one line per diagnostic,
    /// with Typst's hints.
    #[error("the PDF template did not compile:\n{0}")]
    Template(String),
    /// The input cannot make a sensible file (an empty name, a year in the wrong era, …).
    #[error("invalid report input: {0}")]
    InvalidInput(String),
    /// Typst compiled the document but could not write it as PDF.
    #[error("the PDF could not be written:\n{0}")]
    PdfExport(String),
    /// An extra file passed to [`crate::pdf::render`] has a name Typst cannot address.
    #[error("invalid file name {name:?} for the PDF template: {reason}")]
    InvalidFileName {
        /// The name as given.
        name: String,
        /// Why Typst rejected it.
        reason: String,
    },
    /// The data could not be serialised to JSON for the template.
    #[error("the template data could not be serialised: {0}")]
    Data(#[from] serde_json::Error),
    /// The text is too long for a QR code (about 2,900 bytes at the error correction used).
    #[error("the text cannot be encoded as a QR code: {0}")]
    Qr(qrcode::types::QrError),
    /// A PNG could not be encoded.
    #[error("the PNG could not be encoded: {0}")]
    Png(#[from] png::EncodingError),
    /// rust_xlsxwriter refused a value or could not assemble the workbook (for example a string
    /// over Excel's 32,767 characters or a row past 1,048,576).
    #[error("the XLSX file could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// Writing to the given writer or file failed.
    #[error("I/O error while writing a report: {0}")]
    Io(#[from] std::io::Error),
}

impl From<qrcode::types::QrError> for ReportError {
    fn from(err: qrcode::types::QrError) -> Self {
        Self::Qr(err)
    }
}
