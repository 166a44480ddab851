//! What a check reports.

use serde::{Deserialize, Serialize};

/// Verdict for one evidence URL: the shared vocabulary, so that pages name it without
/// depending on the checker.
pub use openita_types::LinkOutcome as Outcome;

/// Everything learnt about one URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The URL as submitted.
    pub url: String,
    pub outcome: Outcome,
    /// Status of the last response received (after redirects).
    pub http_status: Option<u16>,
    /// Last URL requested (after redirects).
    pub final_url: Option<String>,
    /// Every redirect target, in order (absolute URLs), including a refused one.
    pub redirects: Vec<String>,
    pub content_type: Option<String>,
    /// Bytes read, or the declared `Content-Length` when the body was not read.
    pub size_bytes: Option<u64>,
    pub login_wall: bool,
    /// The B.E. fiscal year that was looked for, if any.
    pub expected_year: Option<u16>,
    pub year_found: bool,
    /// Distinct B.E. years the text mentions (see the crate docs for the rule).
    pub years_seen: Vec<u16>,
    /// Short plain-English reason.
    pub detail: String,
    /// Things worth knowing that did not decide the outcome (an invalid HTTPS
    /// certificate, a log-in box beside visible content, HEAD refused...).
    pub warnings: Vec<String>,
    /// Wall time of the check itself (not counting waiting for a concurrency slot).
    pub elapsed_ms: f64,
}

impl Finding {
    pub(crate) fn new(url: &str, expected_year: Option<u16>) -> Self {
        Self {
            url: url.to_owned(),
            outcome: Outcome::Dead,
            http_status: None,
            final_url: None,
            redirects: Vec::new(),
            content_type: None,
            size_bytes: None,
            login_wall: false,
            expected_year,
            year_found: false,
            years_seen: Vec::new(),
            detail: String::new(),
            warnings: Vec::new(),
            elapsed_ms: 0.0,
        }
    }

    pub(crate) fn set(&mut self, outcome: Outcome, detail: impl Into<String>) {
        self.outcome = outcome;
        self.detail = detail.into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() -> Result<(), serde_json::Error> {
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
            assert_eq!(serde_json::to_string(&o)?, format!("\"{}\"", o.code()));
            let back: Outcome = serde_json::from_str(&format!("\"{}\"", o.code()))?;
            assert_eq!(back, o);
            assert!(!o.label_th().is_empty() && !o.label_en().is_empty());
        }
        assert_eq!(Outcome::from_code("nope"), None);
        let f = Finding::new("http://x", Some(2568));
        let json = serde_json::to_string(&f)?;
        let back: Finding = serde_json::from_str(&json)?;
        assert_eq!(back, f);
        Ok(())
    }
}
