//! The content part of a check: a log-in form, text extraction (PDF and
//! Office files, in a child process or on the blocking pool, see
//! [`crate::extractor`]) and the search for the expected year.

use std::sync::Arc;

use super::child::{extract_in_child, too_long};
use super::sniff::{Kind, sniff};
use super::{Body, Checker};
use crate::extractor::{TextExtractor, extractor_for};
use crate::finding::{Finding, Outcome};
use crate::text::{self, Unreadable};

impl Checker {
    /// Content part: log-in form, text extraction, year search.
    pub(super) async fn analyse(&self, body: Body, expect: Option<u16>, f: &mut Finding) {
        let kind = sniff(body.content_type.as_deref(), &body.bytes);
        let text: Result<String, Unreadable> = match &kind {
            Kind::Html => {
                let html = text::decode_text(&body.bytes);
                let visible = text::html_to_text(&html);
                if text::has_password_input(&html) {
                    if visible.chars().count() < text::LOGIN_PAGE_MAX_TEXT_CHARS {
                        f.login_wall = true;
                        f.set(
                            Outcome::LoginRequired,
                            "the page shows a password form instead of the content",
                        );
                        return;
                    }
                    f.warnings
                        .push("the page has a log-in box, but its content is visible".to_owned());
                }
                Ok(visible)
            }
            Kind::Text => Ok(text::decode_text(&body.bytes)),
            _ if expect.is_none() => {
                f.set(Outcome::Ok, "reachable (no year required)");
                return;
            }
            Kind::Pdf => self.extract(body.bytes, "pdf").await,
            Kind::Ooxml => self.extract(body.bytes, "ooxml").await,
            Kind::Other(what) => Err(Unreadable(format!(
                "{what} files cannot be read automatically"
            ))),
        };
        let text = match text {
            Ok(t) => t,
            Err(Unreadable(why)) => {
                let year = expect.map_or_else(String::new, |y| format!(" {y}"));
                f.set(
                    Outcome::Unreadable,
                    format!("{why}; the year{year} was not verified"),
                );
                return;
            }
        };
        let scan = text::scan_years(&text, expect);
        f.year_found = scan.found;
        f.years_seen = scan.years_seen;
        match expect {
            None => f.set(Outcome::Ok, "reachable (no year required)"),
            Some(y) if f.year_found => f.set(Outcome::Ok, format!("reachable and mentions {y}")),
            Some(y) if text.trim().is_empty() => f.set(
                Outcome::Unreadable,
                match kind {
                    Kind::Pdf => format!(
                        "the PDF has no text layer (scanned?); the year {y} was not verified"
                    ),
                    Kind::Html => format!(
                        "the page has no text (built by JavaScript?); the year {y} was not verified"
                    ),
                    _ => format!("the document has no text; the year {y} was not verified"),
                },
            ),
            Some(y) => {
                let seen = if f.years_seen.is_empty() {
                    "no year is mentioned".to_owned()
                } else {
                    let list: Vec<String> = f.years_seen.iter().map(u16::to_string).collect();
                    format!("years mentioned: {}", list.join(", "))
                };
                f.set(Outcome::WrongYear, format!("{y} is not mentioned; {seen}"));
            }
        }
    }

    /// Extracts the text of a document of `kind` (`pdf`, `ooxml`), one per CPU at a time,
    /// within the time limit, with panics isolated (PDF parsers do panic on bad files).
    async fn extract(&self, bytes: Vec<u8>, kind: &'static str) -> Result<String, Unreadable> {
        let permit = Arc::clone(&self.inner.extract_slots)
            .acquire_owned()
            .await
            .ok();
        let limit = self.inner.cfg.timeout;
        match &self.inner.cfg.extractor {
            // The child is killed at the limit, so the slot is free when this returns.
            TextExtractor::ChildProcess { program, args } => {
                let text = extract_in_child(program, args, kind, bytes, limit).await;
                drop(permit);
                text
            }
            // A thread cannot be stopped: the slot goes with the thread and stays taken
            // until the parser returns, so that stuck parsers never exceed one per CPU.
            TextExtractor::InProcess => {
                let run = extractor_for(kind)
                    .ok_or_else(|| Unreadable(format!("{kind} files cannot be read")))?;
                let job = tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    run(&bytes)
                });
                match tokio::time::timeout(limit, job).await {
                    Err(_) => Err(too_long()),
                    Ok(Err(_)) => Err(Unreadable(
                        "the document reader failed on this file (damaged?)".to_owned(),
                    )),
                    Ok(Ok(result)) => result,
                }
            }
        }
    }
}
