//! What a use case can refuse, in words a person can act on (Thai and English). The web layer
//! turns each kind into an HTTP status; the CLI prints the English message.

use openita_types::{Phase, Text};
use serde::Serialize;

/// One invalid field of a request, named the way the request names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: Text,
}

impl FieldError {
    pub fn new(field: impl Into<String>, th: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: Text::new(th, en),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// 401: no valid credentials.
    #[error("{}", .0.en)]
    Unauthenticated(Text),
    /// 403: signed in, but this role or agency may not do this.
    #[error("{}", .0.en)]
    Forbidden(Text),
    /// 404: does not exist, or may not be seen.
    #[error("{}", .0.en)]
    NotFound(Text),
    /// 409: the object is in the wrong state for this action.
    #[error("{}", .message.en)]
    Conflict { code: &'static str, message: Text },
    /// 409: the action's calendar window is not open now.
    #[error("{}", .message.en)]
    OutsideWindow { phase: Phase, message: Text },
    /// 422: the input is invalid; every bad field is listed.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message.en)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// 429: too many attempts; try again after the given seconds.
    #[error("{}", .message.en)]
    TooManyAttempts {
        retry_after_secs: u64,
        message: Text,
    },
    /// 429: one client sent too many requests to one survey link; try again after the given
    /// seconds.
    #[error("{}", .message.en)]
    RateLimited {
        retry_after_secs: u64,
        message: Text,
    },
    /// 503: too busy right now (the survey queue is full, the database did not answer in
    /// time); retry after the given seconds.
    #[error("{}", .message.en)]
    Busy {
        retry_after_secs: u64,
        message: Text,
    },
    /// 500: our fault. The cause is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CoreError {
    pub fn not_found(th: impl Into<String>, en: impl Into<String>) -> Self {
        CoreError::NotFound(Text::new(th, en))
    }

    pub fn forbidden() -> Self {
        CoreError::Forbidden(Text::new(
            "บัญชีของท่านไม่มีสิทธิ์ทำรายการนี้",
            "Your account is not allowed to do this",
        ))
    }

    pub fn conflict(code: &'static str, th: impl Into<String>, en: impl Into<String>) -> Self {
        CoreError::Conflict {
            code,
            message: Text::new(th, en),
        }
    }

    pub fn invalid(field: &str, th: impl Into<String>, en: impl Into<String>) -> Self {
        CoreError::Invalid(vec![FieldError::new(field, th, en)])
    }

    /// The message about one field of a refused input, to stand beside that field.
    pub fn field_text(&self, field: &str) -> Option<Text> {
        match self {
            CoreError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The message shown to a person, in both languages.
    pub fn text(&self) -> Text {
        match self {
            CoreError::Unauthenticated(t) | CoreError::Forbidden(t) | CoreError::NotFound(t) => {
                t.clone()
            }
            CoreError::Conflict { message, .. }
            | CoreError::OutsideWindow { message, .. }
            | CoreError::TooManyAttempts { message, .. }
            | CoreError::RateLimited { message, .. }
            | CoreError::Busy { message, .. } => message.clone(),
            CoreError::Invalid(errors) => Text::new(
                format!(
                    "ข้อมูลไม่ถูกต้อง: {}",
                    errors
                        .iter()
                        .map(|e| e.message.th.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                format!(
                    "Invalid input: {}",
                    errors
                        .iter()
                        .map(|e| e.message.en.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ),
            CoreError::Internal(_) => Text::new(
                "ระบบขัดข้อง โปรดลองใหม่อีกครั้ง หากยังไม่ได้โปรดแจ้งผู้ดูแลระบบ",
                "Something went wrong on our side. Please try again; if it persists, tell the administrator.",
            ),
        }
    }

    /// The stable machine code of the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Unauthenticated(_) => "unauthenticated",
            CoreError::Forbidden(_) => "forbidden",
            CoreError::NotFound(_) => "not_found",
            CoreError::Conflict { code, .. } => code,
            CoreError::OutsideWindow { .. } => "outside_window",
            CoreError::Invalid(_) => "invalid_input",
            CoreError::TooManyAttempts { .. } => "too_many_attempts",
            CoreError::RateLimited { .. } => "rate_limited",
            CoreError::Busy { .. } => "busy",
            CoreError::Internal(_) => "internal_error",
        }
    }
}

/// How long a client waits before trying a database that did not answer.
pub const DATABASE_RETRY_AFTER_SECS: u64 = 5;

impl From<openita_db::DbError> for CoreError {
    fn from(e: openita_db::DbError) -> Self {
        if e.is_unavailable() {
            // Not a bug: the client is told to come back (503).
            tracing::warn!(error.cause = %e, "the database did not answer in time");
            return CoreError::Busy {
                retry_after_secs: DATABASE_RETRY_AFTER_SECS,
                message: Text::new(
                    "ฐานข้อมูลไม่ว่างหรือไม่ตอบในขณะนี้ โปรดลองใหม่ในอีกสักครู่",
                    "The database is busy or not answering right now. Please try again in a moment.",
                ),
            };
        }
        CoreError::Internal(e.to_string())
    }
}
