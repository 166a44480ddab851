//! What a use case can refuse, in words a person can act on (Thai and English). The web layer
//! turns each kind into an HTTP status; the CLI prints both languages (and, for a failure of
//! ours, the cause: whoever runs the CLI is the administrator).

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

/// A failure on our side: its cause, with the cause's own chain, and a short reference. The
/// person is shown a sentence and the reference; the log line carries the reference and the
/// whole chain once (the message below), so an administrator finds the one line.
#[derive(Debug)]
pub struct InternalError {
    reference: String,
    cause: Box<dyn std::error::Error + Send + Sync + 'static>,
}

impl InternalError {
    /// Eight hex digits, new for every failure: enough to find one line in a day's log.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The first cause (its own `source()` chain goes on from there).
    pub fn cause(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self.cause.as_ref()
    }
}

/// "internal error (reference 1a2b3c4d): database error: ...: ...": the chain once. `source()`
/// is deliberately none, so that a reporter that walks sources does not print it twice.
impl std::fmt::Display for InternalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal error (reference {})", self.reference)?;
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(self.cause.as_ref());
        let mut last = String::new();
        while let Some(e) = next {
            let message = e.to_string();
            // Many errors repeat their source in their own message: print each once.
            if !last.contains(&message) {
                write!(f, ": {message}")?;
            }
            last = message;
            next = e.source();
        }
        Ok(())
    }
}

impl std::error::Error for InternalError {}

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
    /// 500: our fault. The cause is logged, never shown; the reference is shown.
    #[error("{0}")]
    Internal(InternalError),
}

impl CoreError {
    /// A failure on our side caused by `cause` (an error, or a sentence for the log).
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        use rand::Rng;
        CoreError::Internal(InternalError {
            reference: format!("{:08x}", rand::thread_rng().r#gen::<u32>()),
            cause: cause.into(),
        })
    }

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
            CoreError::Internal(e) => Text::new(
                format!(
                    "ระบบขัดข้อง โปรดลองใหม่อีกครั้ง หากยังไม่ได้โปรดแจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิง {}",
                    e.reference()
                ),
                format!(
                    "Something went wrong on our side. Please try again; if it persists, tell the administrator, quoting reference {}.",
                    e.reference()
                ),
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

/// A stored time that does not read is ours to fix, with a reference.
impl From<openita_types::InvalidMoment> for CoreError {
    fn from(e: openita_types::InvalidMoment) -> Self {
        CoreError::internal(e)
    }
}

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
        CoreError::internal(e)
    }
}

#[cfg(test)]
mod internal_tests {
    use super::CoreError;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open the database: {0}")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_log_and_shows_people_a_reference() {
        let e = CoreError::internal(Outer(std::io::Error::other("disk full")));
        let CoreError::Internal(inner) = &e else {
            panic!("not internal: {e:?}");
        };
        let reference = inner.reference().to_string();
        assert_eq!(reference.len(), 8);
        assert!(reference.chars().all(|c| c.is_ascii_hexdigit()));
        // The log line: reference and the whole chain, each message once.
        let logged = e.to_string();
        assert_eq!(
            logged,
            format!("internal error (reference {reference}): cannot open the database: disk full")
        );
        assert!(std::error::Error::source(&e).is_none(), "printed once");
        assert_eq!(
            inner.cause().to_string(),
            "cannot open the database: disk full"
        );
        // People: a sentence and the reference, never the cause.
        let shown = e.text();
        for text in [&shown.th, &shown.en] {
            assert!(text.contains(&reference), "{text}");
            assert!(
                !text.contains("disk") && !text.contains("database"),
                "{text}"
            );
        }
        let other = CoreError::internal("x");
        let CoreError::Internal(other) = other else {
            panic!("not internal");
        };
        assert_ne!(other.reference(), reference, "a new reference per failure");
    }
}
