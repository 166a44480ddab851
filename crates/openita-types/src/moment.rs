//! A moment the system recorded: when a row was made, changed, sent or checked. Kept in UTC
//! and written, in the database and in JSON, as RFC 3339 with microseconds (`to_db_text`),
//! as these times always were (the API shows them; the pages show none of them).

use crate::thai_time::{from_db_text, to_db_text};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, utoipa::ToSchema)]
#[schema(value_type = String, format = DateTime, example = "2025-03-01T03:00:00.000000Z")]
pub struct Moment(DateTime<Utc>);

/// A stored time that does not read: the database holds something this code never wrote.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("stored time {0:?} is not RFC 3339")]
pub struct InvalidMoment(pub String);

impl Moment {
    pub fn new(at: DateTime<Utc>) -> Self {
        Moment(at)
    }

    /// Reads a time as the database keeps it.
    pub fn stored(text: &str) -> Result<Self, InvalidMoment> {
        from_db_text(text)
            .map(Moment)
            .ok_or_else(|| InvalidMoment(text.chars().take(40).collect()))
    }

    /// The same for a column that may be empty.
    pub fn stored_opt(text: Option<&str>) -> Result<Option<Self>, InvalidMoment> {
        text.map(Self::stored).transpose()
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_db_text(self.0))
    }
}

impl serde::Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_db_text(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_reads_and_writes_the_stored_text_unchanged() {
        let text = "2025-03-01T03:00:00.000000Z";
        let m = Moment::stored(text).unwrap_or(Moment(DateTime::<Utc>::MIN_UTC));
        assert_eq!(m.to_string(), text);
        assert_eq!(
            serde_json::to_string(&m).ok().as_deref(),
            Some("\"2025-03-01T03:00:00.000000Z\"")
        );
        assert!(Moment::stored("yesterday").is_err());
        assert_eq!(Moment::stored_opt(None), Ok(None));
    }
}
