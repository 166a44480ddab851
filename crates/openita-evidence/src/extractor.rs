//! Where PDF and Office text extraction runs, and the child-process side of it.
//!
//! Extraction parses documents downloaded from agencies' websites, with parsers that can be
//! made to run for minutes or to inflate a few megabytes into gigabytes (a PDF stream is
//! compressed, and nothing bounds what it inflates to). A thread cannot be stopped from the
//! outside: after `spawn_blocking` and a timeout, the thread (and the slot it holds) stays
//! busy until the parser returns, if ever, and its memory is the server's memory. So the
//! server extracts in a child process of its own binary ([`TextExtractor::ChildProcess`]):
//! the child limits its own memory and CPU time (`setrlimit`), and the checker kills it at
//! the time limit, which frees the slot at once. Running in-process remains for tools and
//! tests that have no such binary.
//!
//! The protocol: the child is started as `PROGRAM ARGS... KIND` (KIND is `pdf` or `ooxml`),
//! reads the document on standard input, writes the text (at most [`MAX_TEXT_BYTES`]) on
//! standard output and exits 0; a document it cannot read exits 2 with the reason on
//! standard error; anything else (a panic, a limit reached) is a failure.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::text::{self, Unreadable};

/// How the checker extracts the text of PDF and Office documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TextExtractor {
    /// On the blocking pool of this process, one per CPU at a time. A document that takes
    /// too long is abandoned at the time limit, but its thread and slot stay busy until the
    /// parser returns: for tools and tests only.
    #[default]
    InProcess,
    /// In a child process `program args... KIND`, whose entry point calls [`child_main`]
    /// (the `openita` binary: `openita extract-text`). Killed at the time limit.
    ChildProcess { program: PathBuf, args: Vec<String> },
}

/// Text handed back by a child; the year search needs far less.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;
/// Memory a child may allocate (`RLIMIT_DATA`): a 5 MB evidence PDF that needs more than
/// this is a PDF built to exhaust memory.
pub const CHILD_MEMORY_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest document a child reads from its standard input.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// CPU seconds a child may use before the kernel stops it: a backstop for a child whose
/// parent died before it could kill it (the parent's own limit is the check's timeout).
const CHILD_CPU_SECONDS: u64 = 120;

/// Exit status of a child for a document it could not read.
pub(crate) const EXIT_UNREADABLE: u8 = 2;

/// A function that extracts the text of one kind of document.
pub(crate) type Extract = fn(&[u8]) -> Result<String, Unreadable>;

/// The extractor for a kind named on the command line.
pub(crate) fn extractor_for(kind: &str) -> Option<Extract> {
    match kind {
        "pdf" => Some(text::pdf_text),
        "ooxml" => Some(text::ooxml_text),
        _ => None,
    }
}

/// The child's whole life: limit itself, read the document, write its text. Call it from
/// `main` before anything else writes to standard output.
#[must_use]
pub fn child_main(kind: &str) -> ExitCode {
    let Some(extract) = extractor_for(kind) else {
        eprintln!("unknown document kind {kind:?} (pdf or ooxml)");
        return ExitCode::FAILURE;
    };
    if let Err(e) = limit_self() {
        // Never extract without the limits: that is the point of the child.
        eprintln!("could not limit the document reader: {e}");
        return ExitCode::FAILURE;
    }
    let mut document = Vec::new();
    if let Err(e) = std::io::stdin()
        .take(MAX_INPUT_BYTES)
        .read_to_end(&mut document)
    {
        eprintln!("could not read the document: {e}");
        return ExitCode::FAILURE;
    }
    match std::panic::catch_unwind(|| extract(&document)) {
        Ok(Ok(mut text)) => {
            truncate_at_char(&mut text, MAX_TEXT_BYTES);
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Ok(Err(Unreadable(why))) => {
            eprintln!("{why}");
            ExitCode::from(EXIT_UNREADABLE)
        }
        Err(_) => ExitCode::FAILURE,
    }
}

#[cfg(unix)]
fn limit_self() -> std::io::Result<()> {
    use rlimit::Resource;
    rlimit::setrlimit(Resource::DATA, CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES)?;
    rlimit::setrlimit(Resource::CPU, CHILD_CPU_SECONDS, CHILD_CPU_SECONDS)
}

#[cfg(not(unix))]
fn limit_self() -> std::io::Result<()> {
    // No setrlimit: the parent's kill at the time limit still bounds the child's time.
    Ok(())
}

/// Cuts `text` to at most `max` bytes, at a character boundary.
pub(crate) fn truncate_at_char(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        let mut t = "ปี 2568".to_owned();
        truncate_at_char(&mut t, 4);
        assert_eq!(t, "ป");
        let mut short = "2568".to_owned();
        truncate_at_char(&mut short, 10);
        assert_eq!(short, "2568");
    }

    #[test]
    fn kinds_are_known_by_name() {
        assert!(extractor_for("pdf").is_some());
        assert!(extractor_for("ooxml").is_some());
        assert!(extractor_for("exe").is_none());
    }
}
