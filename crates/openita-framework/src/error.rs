//! The one error type of this crate: what is wrong with a framework, where, in Thai and English.

use std::fmt;

/// A framework was refused. `location` says exactly where:
/// - syntax and type errors: `"line 12, column 3"` of `file` (the message then starts with the
///   path of the offending value when it is known, e.g. `questions[2].reverse: ...`);
/// - semantic errors: the path of the offending value in the framework's JSON shape,
///   e.g. `"instruments[1].indicators[0].questions[2].scale"` or `"weights"`;
/// - shipped-name lookups: `"name"`; a file that cannot be read: `"file"`.
///
/// `file` names the file the error is in when the framework came from files (for semantic
/// errors the file that holds that part: the instrument's file for `instruments[i]...`,
/// `framework.toml` for the rest); `None` for an uploaded JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkError {
    pub file: Option<String>,
    pub location: String,
    pub message_en: String,
    pub message_th: String,
}

impl FrameworkError {
    pub(crate) fn new(
        location: impl Into<String>,
        message_en: impl Into<String>,
        message_th: impl Into<String>,
    ) -> FrameworkError {
        FrameworkError {
            file: None,
            location: location.into(),
            message_en: message_en.into(),
            message_th: message_th.into(),
        }
    }

    pub(crate) fn in_file(mut self, file: impl Into<String>) -> FrameworkError {
        self.file = Some(file.into());
        self
    }

    /// The message in the language asked for (`"th"` gives Thai, anything else English).
    pub fn message(&self, lang: &str) -> &str {
        if lang.starts_with("th") {
            &self.message_th
        } else {
            &self.message_en
        }
    }
}

impl fmt::Display for FrameworkError {
    /// `frameworks/2568/iit.toml: line 4, column 9: <English message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        write!(f, "{}: {}", self.location, self.message_en)
    }
}

impl std::error::Error for FrameworkError {}

/// `"line L, column C"` (1-based; columns count characters, not bytes) of a byte offset.
pub(crate) fn line_column(source: &str, offset: usize) -> String {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    format!("line {line}, column {column}")
}

/// Turns a deserialization error carrying a path into a message prefixed by that path
/// (`questions[2].reverse: invalid type ...`) unless the path is empty.
pub(crate) fn with_path(path: &serde_path_to_error::Path, message: &str) -> String {
    let p = path.to_string();
    // serde_path_to_error writes `?` when it does not know where it is.
    if p.is_empty() || p == "." || p == "?" {
        message.to_string()
    } else {
        format!("{p}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let s = "a = 1\nชื่อ = x\n";
        assert_eq!(line_column(s, 0), "line 1, column 1");
        assert_eq!(line_column(s, 6), "line 2, column 1");
        // "ชื่อ" is 4 characters, 12 bytes: the space after it is column 5.
        assert_eq!(line_column(s, 6 + "ชื่อ".len()), "line 2, column 5");
    }

    #[test]
    fn display_names_file_and_location() {
        let e = FrameworkError::new("weights", "bad", "ไม่ถูกต้อง").in_file("f.toml");
        assert_eq!(e.to_string(), "f.toml: weights: bad");
        assert_eq!(e.message("th-TH"), "ไม่ถูกต้อง");
        assert_eq!(e.message("en"), "bad");
    }
}
