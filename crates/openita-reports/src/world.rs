//! A Typst [`World`] that lives in memory: one main source, a few virtual files (the JSON data,
//! images) and the bundled fonts. It never touches the file system, the network or a package
//! registry, so a template can read only what the caller handed over.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::error::ReportError;
use crate::fonts;

/// The name of the template inside the world; diagnostics point at it.
pub(crate) const MAIN_PATH: &str = "main.typ";

/// Thailand has one time zone, UTC+7 and no daylight saving: "today" in a template means
/// today in Bangkok unless the template asks for another offset.
const BANGKOK_OFFSET_HOURS: f64 = 7.0;

/// The standard library never changes between renders, so it is built once.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// One compilation's world: the template, its files and the bundled fonts.
pub(crate) struct MemoryWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    fonts: &'static fonts::FontSet,
}

impl MemoryWorld {
    /// A world whose main file is `template_source` and in which each `(name, bytes)` of `files`
    /// can be read by the template under its name (e.g. `json("data.json")`, `image("qr.svg")`).
    pub(crate) fn new(
        template_source: &str,
        files: impl IntoIterator<Item = (String, Bytes)>,
    ) -> Result<Self, ReportError> {
        let main = Source::new(file_id(MAIN_PATH)?, template_source.to_owned());
        let files = files
            .into_iter()
            .map(|(name, bytes)| Ok((file_id(&name)?, bytes)))
            .collect::<Result<_, ReportError>>()?;
        Ok(Self {
            main,
            files,
            fonts: fonts::bundled(),
        })
    }

    /// The template source, for turning diagnostic spans into line and column.
    pub(crate) fn main_source(&self) -> &Source {
        &self.main
    }
}

/// The id of a file at the project root, as the template names it.
fn file_id(name: &str) -> Result<FileId, ReportError> {
    let vpath = VirtualPath::new(name).map_err(|err| ReportError::InvalidFileName {
        name: name.to_owned(),
        reason: err.to_string(),
    })?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        // Another `.typ` handed over as a file can be imported like a source.
        let bytes = self.files.get(&id).ok_or_else(|| not_found(id))?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        let offset_hours = offset.map_or(BANGKOK_OFFSET_HOURS, |d| d.hours());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs_f64();
        // Whole days since 1970-01-01 at the requested offset; the float is far from overflow.
        #[expect(
            clippy::cast_possible_truncation,
            reason = "days since 1970 fit in i64"
        )]
        let days = ((now + offset_hours * 3600.0) / 86_400.0).floor() as i64;
        let (year, month, day) = civil_from_days(days);
        Datetime::from_ymd(year, month, day)
    }
}

/// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_from_days_matches_known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        // 2026-02-01, the day a survey window might open.
        assert_eq!(civil_from_days(20_485), (2026, 2, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
