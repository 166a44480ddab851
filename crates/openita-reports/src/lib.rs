//! Files people open: the PDFs, posters, QR codes, CSV and XLSX files that OpenITA hands to
//! Thai civil servants. Rows in, bytes out: no database, no HTTP, no clock beyond "today" in a
//! template, and nothing is downloaded at run time: the fonts and templates are compiled in.
//!
//! - [`pdf`]: any Typst template plus JSON data and extra files (SVG charts, images) to PDF.
//! - [`form`]: a province's report forms (tables, date, signature) as XLSX and PDF.
//! - [`plan`]: a province's ITA plan (activity table) as an A4 landscape PDF.
//! - [`poster`]: the A4 survey poster for notice boards (IIT or EIT), with a QR code.
//! - [`qr`]: QR codes of survey links as scalable SVG or PNG.
//! - [`csv`]: CSV with a UTF-8 byte order mark, so Excel shows Thai instead of mojibake.
//! - [`xlsx`]: one-sheet XLSX tables streamed row by row (bold frozen header).
//! - [`fonts`]: the bundled Sarabun family (SIL OFL 1.1), the typeface of Thai official
//!   documents.
//!
//! # Why Typst for PDF
//!
//! Thai has no spaces between words and stacks vowels and tone marks above and below consonants
//! (ผู้, ที่, ได้). A correct PDF needs (1) line breaking at word boundaries found by a word
//! segmenter, and (2) OpenType shaping (GSUB/GPOS mark positioning) so marks sit in the right
//! place and do not collide. Low-level PDF crates place glyphs one by one and do neither: Thai
//! comes out with floating or overlapping marks and lines broken mid-word. Typst shapes with
//! rustybuzz (HarfBuzz's algorithm), breaks Thai lines at word boundaries with ICU4X's LSTM
//! segmenter, embeds subsetted fonts with a correct ToUnicode map (so text can be searched and
//! copied), and its markup keeps layouts in readable template files. It runs in-process as a
//! library, here with an in-memory [`typst::World`] that can see only the bundled fonts and the
//! files the caller passes.

pub mod chart;
pub mod csv;
mod error;
pub mod fonts;
pub mod form;
pub mod pdf;
pub mod plan;
pub mod poster;
pub mod qr;
pub mod report;
mod world;
pub mod xlsx;

pub use error::ReportError;
