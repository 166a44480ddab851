//! What the OIT evidence checker says of one link, in the words each reader needs: a stable
//! code for the API, files and the database, and a Thai and an English label for pages. The
//! checker (`openita-evidence`) decides the outcome; pages and exports only name it, so it
//! lives here where both can see it.

use serde::{Deserialize, Serialize};

/// Verdict for one evidence URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkOutcome {
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

impl LinkOutcome {
    /// Every outcome, in display order.
    pub const ALL: [LinkOutcome; 8] = [
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

    /// Inverse of [`LinkOutcome::code`].
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

    /// The label in the reader's language.
    #[must_use]
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Th => self.label_th(),
            crate::Lang::En => self.label_en(),
        }
    }

    /// A link that fails the item's evidence: anything but ok, and but a text the checker
    /// could not read (a warning an assessor settles by eye).
    #[must_use]
    pub fn is_failure(self) -> bool {
        !matches!(self, Self::Ok | Self::Unreadable)
    }

    /// `true` only for [`LinkOutcome::Ok`]; [`LinkOutcome::Unreadable`] is a warning.
    #[must_use]
    pub fn is_ok(self) -> bool {
        matches!(self, Self::Ok)
    }
}

impl std::fmt::Display for LinkOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_a_code_and_a_label_in_each_language() {
        for o in LinkOutcome::ALL {
            assert_eq!(LinkOutcome::from_code(o.code()), Some(o));
            assert!(!o.label_th().is_ascii(), "{o}: the Thai label is Thai");
        }
        assert_eq!(LinkOutcome::Dead.label_th(), "ลิงก์เสีย เปิดไม่ได้");
        assert_eq!(LinkOutcome::from_code("gremlins"), None);
    }
}
