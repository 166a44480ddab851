//! What a check reports.

use serde::{Deserialize, Serialize};

/// Verdict for one evidence URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Reachable, public, and (when a year was expected) mentions it.
    Ok,
    /// HTTP 4xx/5xx, DNS failure, connection error, too many redirects.
    Dead,
    /// No complete answer within the configured time.
    Timeout,
    /// Not checked on purpose: bad URL, non-http(s) scheme, disallowed port,
    /// or a host (or redirect target) on a private/loopback/link-local/... address.
    Refused,
    /// Behind a sign-in: 401, 403 with `WWW-Authenticate`, a sign-in URL, or a
    /// short page with a password field.
    LoginRequired,
    /// Reachable and readable, but the expected fiscal year is not mentioned.
    WrongYear,
    /// Larger than `max_body_bytes`.
    TooLarge,
    /// Reachable, but its text could not be read (scanned PDF without a text
    /// layer, damaged PDF, image, legacy .doc...), so the year was not verified.
    /// An assessor may still read it by eye: this is a warning, not a failure.
    Unreadable,
}

impl Outcome {
    /// Every outcome, in display order.
    pub const ALL: [Outcome; 8] = [
        Self::Ok,
        Self::Dead,
        Self::Timeout,
        Self::Refused,
        Self::LoginRequired,
        Self::WrongYear,
        Self::TooLarge,
        Self::Unreadable,
    ];

    /// Stable snake_case code (same as the serde representation).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Dead => "dead",
            Self::Timeout => "timeout",
            Self::Refused => "refused",
            Self::LoginRequired => "login_required",
            Self::WrongYear => "wrong_year",
            Self::TooLarge => "too_large",
            Self::Unreadable => "unreadable",
        }
    }

    /// Inverse of [`Outcome::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// Thai label for agency staff.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Ok => "ใช้ได้",
            Self::Dead => "ลิงก์เสีย เปิดไม่ได้",
            Self::Timeout => "เว็บไซต์ตอบสนองช้าเกินไป",
            Self::Refused => "ลิงก์ไม่ถูกต้องหรือไม่อนุญาตให้ตรวจ",
            Self::LoginRequired => "ต้องเข้าสู่ระบบก่อนจึงจะเปิดได้",
            Self::WrongYear => "ไม่พบปีงบประมาณที่กำหนด",
            Self::TooLarge => "ไฟล์มีขนาดใหญ่เกินไป",
            Self::Unreadable => "อ่านข้อความในเอกสารไม่ได้ ควรตรวจด้วยตนเอง",
        }
    }

    /// English label.
    #[must_use]
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Dead => "Dead link",
            Self::Timeout => "Timed out",
            Self::Refused => "Refused (invalid or not allowed)",
            Self::LoginRequired => "Login required",
            Self::WrongYear => "Expected year not found",
            Self::TooLarge => "Too large",
            Self::Unreadable => "Text unreadable, check by eye",
        }
    }

    /// `true` only for [`Outcome::Ok`]; [`Outcome::Unreadable`] is a warning.
    #[must_use]
    pub fn is_ok(self) -> bool {
        matches!(self, Self::Ok)
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

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
