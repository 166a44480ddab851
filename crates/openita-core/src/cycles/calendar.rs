//! Setting the windows of a cycle's phases. A PUT sets the phases it names and keeps the
//! others; windows may overlap, as they do in real calendars.

use super::{PhaseWindow, create::load};
use crate::{Actor, Core, CoreError, FieldError, audit};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use openita_db::queries::cycles::{self, PhaseRow};
use openita_types::{
    Phase, Role,
    thai_time::{BE_OFFSET, bangkok, to_db_text},
};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct PhaseWindowInput {
    /// RFC 3339 time, or a date (YYYY-MM-DD, C.E. or B.E.) meaning 00:00 Bangkok time.
    #[serde(default)]
    pub start: String,
    /// RFC 3339 time, or a date meaning 23:59:59 Bangkok time of that day.
    #[serde(default)]
    pub end: String,
}

/// Reads an RFC 3339 time or a plain date. A date's year above 2400 is taken as B.E., as
/// Thai users write it.
pub(crate) fn parse_moment(text: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let date = if date.year_ce().1 > 2400 {
        date.with_year(date.year() - BE_OFFSET)?
    } else {
        date
    };
    let time = if end_of_day {
        NaiveTime::from_hms_opt(23, 59, 59)?
    } else {
        NaiveTime::MIN
    };
    bangkok()
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
}

use chrono::Datelike;

/// The first (or last) moment of a Bangkok day given as YYYY-MM-DD, for date filters.
pub fn parse_day_bound(text: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let moment = parse_moment(text, end_of_day)?;
    // An exclusive upper bound: the day's last second plus one.
    Some(if end_of_day {
        moment + chrono::Duration::seconds(1)
    } else {
        moment
    })
}

fn parse_windows(
    input: &BTreeMap<String, PhaseWindowInput>,
) -> Result<Vec<PhaseWindow>, CoreError> {
    let mut errors = Vec::new();
    let mut windows = Vec::new();
    if input.is_empty() {
        errors.push(FieldError::new(
            "calendar",
            "ไม่ได้ระบุช่วงเวลาใดเลย",
            "No phase windows were given.",
        ));
    }
    for (name, w) in input {
        let Ok(phase) = name.parse::<Phase>() else {
            let names: Vec<&str> = Phase::ALL.iter().map(|p| p.code()).collect();
            errors.push(FieldError::new(
                name.clone(),
                format!("ไม่รู้จักขั้นตอน \"{name}\" ใช้ได้: {}", names.join(", ")),
                format!("Unknown phase \"{name}\"; use one of: {}", names.join(", ")),
            ));
            continue;
        };
        let start = parse_moment(&w.start, false);
        let end = parse_moment(&w.end, true);
        match (start, end) {
            (Some(start), Some(end)) if start < end => {
                windows.push(PhaseWindow { phase, start, end });
            }
            (Some(_), Some(_)) => errors.push(FieldError::new(
                format!("{name}.end"),
                format!("{}: วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น", phase.name_th()),
                format!("{}: the end must come after the start.", phase.name_en()),
            )),
            _ => errors.push(FieldError::new(
                name.clone(),
                format!(
                    "{}: วันที่ไม่ถูกต้อง ใช้รูปแบบ 2025-06-16 หรือ 2025-06-16T17:00:00+07:00",
                    phase.name_th()
                ),
                format!(
                    "{}: invalid date; use 2025-06-16 or 2025-06-16T17:00:00+07:00.",
                    phase.name_en()
                ),
            )),
        }
    }
    if errors.is_empty() {
        Ok(windows)
    } else {
        Err(CoreError::Invalid(errors))
    }
}

pub async fn set_calendar(
    core: &Core,
    actor: &Actor,
    year: i64,
    input: &BTreeMap<String, PhaseWindowInput>,
) -> Result<Vec<PhaseWindow>, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let windows = parse_windows(input)?;
    let mut tx = core.db.begin_write().await?;
    let before = load(tx.conn(), core, year).await?;
    for w in &windows {
        cycles::upsert_phase(
            tx.conn(),
            before.id,
            &PhaseRow {
                phase: w.phase.code().to_string(),
                starts_at: to_db_text(w.start),
                ends_at: to_db_text(w.end),
            },
        )
        .await?;
    }
    let after = load(tx.conn(), core, year).await?;
    let now = core.now_text();
    audit::record(
        tx.conn(),
        actor,
        &now,
        "cycle.calendar_set",
        ("cycle", &year.to_string()),
        Some(&before.phases),
        Some(&after.phases),
    )
    .await?;
    tx.commit().await?;
    Ok(after.phases)
}

pub async fn get_calendar(core: &Core, year: i64) -> Result<Vec<PhaseWindow>, CoreError> {
    Ok(super::get_cycle(core, year).await?.phases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_means_the_whole_day_in_bangkok_and_be_years_are_understood() {
        let start = parse_moment("2025-06-01", false).map(to_db_text);
        let end = parse_moment("2568-06-16", true).map(to_db_text);
        assert_eq!(start.as_deref(), Some("2025-05-31T17:00:00.000000Z"));
        assert_eq!(end.as_deref(), Some("2025-06-16T16:59:59.000000Z"));
        let exact = parse_moment("2025-06-16T17:00:00+07:00", true).map(to_db_text);
        assert_eq!(exact.as_deref(), Some("2025-06-16T10:00:00.000000Z"));
        assert_eq!(parse_moment("16/06/2568", false), None);
    }

    #[test]
    fn unknown_phases_and_reversed_windows_are_all_reported() {
        let mut input = BTreeMap::new();
        input.insert("voting".to_string(), PhaseWindowInput::default());
        input.insert(
            "iit".to_string(),
            PhaseWindowInput {
                start: "2025-05-01".into(),
                end: "2025-02-01".into(),
            },
        );
        let Err(CoreError::Invalid(errors)) = parse_windows(&input) else {
            panic!("expected invalid input");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["iit.end", "voting"]);
    }
}
