//! Any Typst template to PDF bytes, with the bundled Thai fonts.
//!
//! The template reads its data from the virtual file `data.json`:
//!
//! ```typst
//! #let data = json("data.json")
//! #set text(font: "Sarabun", lang: "th")
//! = #data.title
//! ```
//!
//! Images and other files the caller passes are read by name the same way
//! (`image("chart.svg")`). Nothing else is reachable: no system fonts, no file system, no
//! `@preview` packages.

use std::fmt::Write as _;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::ReportError;
use crate::world::MemoryWorld;

/// The name under which [`render`] hands `data` to the template.
pub const DATA_FILE: &str = "data.json";

/// How many renders an unused entry survives in Typst's global memoisation cache. Typst caches
/// layout results across compilations; without eviction a long-running server would grow
/// without bound. A few renders keep the speed-up for repeated posters of one template.
const CACHE_MAX_AGE: usize = 8;

/// Compiles `template_source` (Typst markup) to PDF.
///
/// `data` is serialised to the virtual file [`DATA_FILE`] (`json("data.json")` in the template).
/// Each `(name, bytes)` in `extra_files` becomes a file the template can read by that name, such
/// as an SVG image for `image("qr.svg")`. Fonts: the bundled Sarabun family only (see
/// [`crate::fonts`]); set `#set text(font: "Sarabun")` in the template.
///
/// # Errors
/// [`ReportError::Template`] with `file:line:column: error: message` lines when the template
/// does not compile; [`ReportError::InvalidFileName`] for an unusable extra file name;
/// [`ReportError::PdfExport`] if the PDF writer fails.
pub fn render(
    template_source: &str,
    data: &serde_json::Value,
    extra_files: &[(&str, Vec<u8>)],
) -> Result<Vec<u8>, ReportError> {
    render_with_warnings(template_source, data, extra_files).map(|(pdf, _warnings)| pdf)
}

/// [`render`], also returning Typst's warnings (one `file:line:column: warning: …` per line,
/// empty when there are none), such as an unknown font family that would print boxes instead
/// of letters. Tests of a template assert there are none.
///
/// # Errors
/// As [`render`].
pub fn render_with_warnings(
    template_source: &str,
    data: &serde_json::Value,
    extra_files: &[(&str, Vec<u8>)],
) -> Result<(Vec<u8>, String), ReportError> {
    let data_json = serde_json::to_vec(data)?;
    let files = std::iter::once((DATA_FILE.to_owned(), Bytes::new(data_json))).chain(
        extra_files
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), Bytes::new(bytes.clone()))),
    );
    let world = MemoryWorld::new(template_source, files)?;

    let compiled = typst::compile::<PagedDocument>(&world);
    let warnings = describe(&world, &compiled.warnings);
    let result = match compiled.output {
        Ok(document) => typst_pdf::pdf(&document, &pdf_options())
            .map(|pdf| (pdf, warnings))
            .map_err(|diags| ReportError::PdfExport(describe(&world, &diags))),
        Err(diags) => Err(ReportError::Template(describe(&world, &diags))),
    };
    typst::comemo::evict(CACHE_MAX_AGE);
    result
}

fn pdf_options() -> PdfOptions {
    PdfOptions {
        creator: Smart::Custom(Some("OpenITA".to_owned())),
        ..PdfOptions::default()
    }
}

/// Typst diagnostics as text a template author can act on, one per line:
/// `main.typ:12:5: error: unknown variable: nme`, followed by the source line and hints.
fn describe(world: &MemoryWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for diag in diagnostics {
        let severity = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let located = locate(world, diag);
        if let Some(loc) = &located {
            let _ = write!(out, "{}:{}:{}: ", loc.file, loc.line, loc.column);
        }
        let _ = writeln!(out, "{severity}: {}", diag.message);
        if let Some(loc) = located {
            let _ = writeln!(out, "    {} | {}", loc.line, loc.text.trim_end());
        }
        for point in &diag.trace {
            let _ = writeln!(out, "  in {}", point.v);
        }
        for hint in &diag.hints {
            let _ = writeln!(out, "  hint: {}", hint.v);
        }
    }
    out.trim_end().to_owned()
}

struct Location {
    file: String,
    line: usize,
    column: usize,
    text: String,
}

/// Where a diagnostic points: file, 1-based line and column, and that line's text.
fn locate(world: &MemoryWorld, diag: &SourceDiagnostic) -> Option<Location> {
    let id = diag.span.id()?;
    let range = world.range(diag.span)?;
    let source = if id == world.main() {
        world.main_source().clone()
    } else {
        world.source(id).ok()?
    };
    let lines = source.lines();
    let (line, column) = lines.byte_to_line_column(range.start)?;
    let text = lines
        .line_to_range(line)
        .and_then(|r| source.text().get(r))
        .unwrap_or_default()
        .to_owned();
    Some(Location {
        file: id.vpath().get_without_slash().to_owned(),
        line: line + 1,
        column: column + 1,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_with_data_renders_a_pdf() -> Result<(), ReportError> {
        let template = "#let data = json(\"data.json\")\n#set text(font: \"Sarabun\")\n#data.name";
        let pdf = render(template, &serde_json::json!({"name": "ทดสอบ"}), &[])?;
        assert!(pdf.starts_with(b"%PDF-"));
        Ok(())
    }

    #[test]
    fn an_unknown_font_is_reported_as_a_warning() -> Result<(), ReportError> {
        let (_, warnings) = render_with_warnings(
            "#set text(font: \"Arial\")\nสวัสดี",
            &serde_json::Value::Null,
            &[],
        )?;
        assert!(warnings.contains("main.typ:1:"), "{warnings}");
        assert!(warnings.contains("arial"), "{warnings}");
        Ok(())
    }

    #[test]
    fn a_template_error_names_line_column_and_cause() {
        let template = "#let data = json(\"data.json\")\n\n= #data.nme\n";
        let err = render(template, &serde_json::json!({"name": "x"}), &[]);
        let Err(ReportError::Template(message)) = err else {
            panic!("expected a template error, got {err:?}");
        };
        assert!(message.starts_with("main.typ:3:"), "{message}");
        assert!(message.contains("nme"), "{message}");
        assert!(message.contains("= #data.nme"), "{message}");
    }

    #[test]
    fn a_missing_file_is_reported_by_name() {
        let err = render("#image(\"logo.svg\")", &serde_json::Value::Null, &[]);
        let Err(ReportError::Template(message)) = err else {
            panic!("expected a template error, got {err:?}");
        };
        assert!(message.contains("logo.svg"), "{message}");
    }

    #[test]
    fn an_extra_file_name_escaping_the_root_is_refused() {
        let err = render(
            "x",
            &serde_json::Value::Null,
            &[("../etc/passwd", Vec::new())],
        );
        assert!(
            matches!(err, Err(ReportError::InvalidFileName { .. })),
            "{err:?}"
        );
    }
}
