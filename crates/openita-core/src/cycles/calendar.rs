//! Setting the windows of a cycle's phases. A PUT sets the phases it names and keeps the
//! others; windows may overlap, as they do in real calendars.

use super::{PhaseWindow, create::load};
use crate::{Actor, Core, CoreError, FieldError, audit};
use chrono::{DateTime, Utc};
use openita_db::queries::cycles::{self, PhaseRow};
use openita_types::FiscalYear;
use openita_types::{
    Phase, Role,
    thai_time::to_db_text,
    typed_moment::{DayEdge, parse_moment},
};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"start": "2027-01-05", "end": "2027-03-31 16:30"}))]
pub struct PhaseWindowInput {
    /// RFC 3339 time; or a Bangkok date with an optional time: `2025-06-16`,
    /// `2025-06-16 17:00`, `16/06/2568 17.00` (a year above 2400 is B.E.). A date alone means
    /// 00:00 of that day.
    #[serde(default)]
    pub start: String,
    /// As `start`; a date alone (or a time of 23:59) means 23:59:59 Bangkok time of that day.
    #[serde(default)]
    pub end: String,
}

/// The first (or last) moment of a Bangkok day given as YYYY-MM-DD, for date filters.
pub fn parse_day_bound(text: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let edge = if end_of_day {
        DayEdge::End
    } else {
        DayEdge::Start
    };
    let moment = parse_moment(text, edge)?;
    // An exclusive upper bound: the day's last second plus one.
    Some(if end_of_day {
        moment + chrono::Duration::seconds(1)
    } else {
        moment
    })
}

/// The longest piece of what was typed that an error message repeats.
const TYPED_SHOWN: usize = 40;

/// One bound of a window, or the error that names it: which phase, start or end, and what
/// was typed.
fn parse_bound(
    phase: Phase,
    edge: DayEdge,
    typed: &str,
    errors: &mut Vec<FieldError>,
) -> Option<DateTime<Utc>> {
    let (key, th, en) = match edge {
        DayEdge::Start => ("start", "วันเวลาเริ่มต้น", "start"),
        DayEdge::End => ("end", "วันเวลาสิ้นสุด", "end"),
    };
    let field = format!("{}.{key}", phase.code());
    let typed = typed.trim();
    if typed.is_empty() {
        errors.push(FieldError::new(
            field,
            format!("{} {th}: ต้องระบุ", phase.name_th()),
            format!("{}, {en}: required.", phase.name_en()),
        ));
        return None;
    }
    let moment = parse_moment(typed, edge);
    if moment.is_none() {
        let shown: String = typed.chars().take(TYPED_SHOWN).collect();
        errors.push(FieldError::new(
            field,
            format!(
                "{} {th}: อ่าน \"{shown}\" ไม่ได้ ใช้ วัน/เดือน/ปี พ.ศ. และเวลา เช่น 16/06/2568 17.00 หรือ 2025-06-16 17:00 (เวลาประเทศไทย)",
                phase.name_th()
            ),
            format!(
                "{}, {en}: \"{shown}\" is not a date; use day/month/B.E. year and a time such as 16/06/2568 17.00, or 2025-06-16 17:00 (Bangkok time).",
                phase.name_en()
            ),
        ));
    }
    moment
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
        let start = parse_bound(phase, DayEdge::Start, &w.start, &mut errors);
        let end = parse_bound(phase, DayEdge::End, &w.end, &mut errors);
        match (start, end) {
            (Some(start), Some(end)) if start < end => {
                windows.push(PhaseWindow { phase, start, end });
            }
            (Some(_), Some(_)) => errors.push(FieldError::new(
                format!("{name}.end"),
                format!("{}: วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น", phase.name_th()),
                format!("{}: the end must come after the start.", phase.name_en()),
            )),
            _ => {}
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
    year: FiscalYear,
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
    // Survey tokens followed before this change lead elsewhere now.
    core.surveys.links.forget_all();
    Ok(after.phases)
}

pub async fn get_calendar(core: &Core, year: FiscalYear) -> Result<Vec<PhaseWindow>, CoreError> {
    Ok(super::get_cycle(core, year).await?.phases)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(start: &str, end: &str) -> PhaseWindowInput {
        PhaseWindowInput {
            start: start.into(),
            end: end.into(),
        }
    }

    fn error_fields(input: &BTreeMap<String, PhaseWindowInput>) -> Vec<String> {
        match parse_windows(input) {
            Err(CoreError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn unknown_phases_and_reversed_windows_are_all_reported() {
        let mut calendar = BTreeMap::new();
        calendar.insert("voting".to_string(), PhaseWindowInput::default());
        calendar.insert("iit".to_string(), input("2025-05-01", "2025-02-01"));
        assert_eq!(error_fields(&calendar), ["iit.end", "voting"]);
    }

    #[test]
    fn a_thai_deadline_sets_the_window_to_the_minute() {
        let mut calendar = BTreeMap::new();
        calendar.insert(
            "clarification".to_string(),
            input("09/06/2568", "16/06/2568 17.00 น."),
        );
        let windows = parse_windows(&calendar).unwrap_or_default();
        let bounds: Vec<(String, String)> = windows
            .iter()
            .map(|w| (to_db_text(w.start), to_db_text(w.end)))
            .collect();
        assert_eq!(
            bounds,
            [(
                "2025-06-08T17:00:00.000000Z".to_string(),
                "2025-06-16T10:00:00.000000Z".to_string()
            )]
        );
    }

    #[test]
    fn each_bad_bound_is_named_with_what_was_typed() {
        let mut calendar = BTreeMap::new();
        calendar.insert("oit_answer".to_string(), input("", "16/06/68"));
        let Err(CoreError::Invalid(errors)) = parse_windows(&calendar) else {
            panic!("expected invalid input");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["oit_answer.start", "oit_answer.end"]);
        let end = &errors[1].message;
        assert!(
            end.th.contains("ตอบแบบวัด OIT วันเวลาสิ้นสุด") && end.th.contains("\"16/06/68\""),
            "{}",
            end.th
        );
        assert!(end.en.contains("OIT answering, end"), "{}", end.en);
        assert!(errors[0].message.th.contains("ต้องระบุ"));
    }
}
