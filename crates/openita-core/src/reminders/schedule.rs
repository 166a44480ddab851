//! A province's weekly reminder slot: read and set by its coordinators.

use crate::{Actor, Core, CoreError, audit, cycles, provinces::scope};
use chrono::{DateTime, Utc};
use openita_db::{DbError, queries::reminders as rows};
use openita_types::{FiscalYear, thai_time::to_api_text};
use serde::{Deserialize, Deserializer, Serialize};

/// A province's weekly slot.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ReminderSchedule {
    /// 1 = Monday .. 7 = Sunday (ISO 8601); null: no schedule.
    pub weekday: Option<i64>,
    /// 0-23, Bangkok time.
    pub hour: Option<i64>,
    /// The next slot the worker will send (RFC 3339), while the cycle's agencies still work.
    pub next_at: Option<String>,
    /// The last slot sent (`2025-03-03T09`, Bangkok).
    pub last_slot: Option<String>,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

/// `PUT .../reminders/schedule`: both null (or `DELETE`) stops the schedule.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"weekday": 1, "hour": 9}))]
pub struct ScheduleInput {
    /// 1 = Monday .. 7 = Sunday; null with `hour` null to stop.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, required = true, minimum = 1, maximum = 7)]
    pub weekday: Option<Option<i64>>,
    /// 0-23 Bangkok time; null with `weekday` null to stop.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, required = true, minimum = 0, maximum = 23)]
    pub hour: Option<Option<i64>>,
}

/// Tells a key given as null (Some(None)) from a missing key (None).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    openita_types::whole_number::deserialize_option(d).map(Some)
}

fn schedule_view(row: Option<rows::ScheduleRow>, now: DateTime<Utc>) -> ReminderSchedule {
    match row {
        None => ReminderSchedule {
            weekday: None,
            hour: None,
            next_at: None,
            last_slot: None,
            updated_by: None,
            updated_at: None,
        },
        Some(r) => ReminderSchedule {
            next_at: super::scheduled::next_slot(now, r.weekday, r.hour).map(to_api_text),
            weekday: Some(r.weekday),
            hour: Some(r.hour),
            last_slot: r.last_slot,
            updated_by: Some(r.updated_by),
            updated_at: Some(super::api_time(&r.updated_at)),
        },
    }
}

pub async fn get_schedule(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
) -> Result<ReminderSchedule, CoreError> {
    let scope = scope::province_for_reader(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = rows::schedule(&mut conn, cycle.id, &scope.code).await?;
    Ok(schedule_view(row, core.now()))
}

fn schedule_input(input: &ScheduleInput) -> Result<Option<(i64, i64)>, CoreError> {
    let mut errors = Vec::new();
    let (weekday, hour) = match (input.weekday, input.hour) {
        (Some(None), Some(None)) => return Ok(None),
        (Some(Some(w)), Some(Some(h))) => (w, h),
        (w, h) => {
            if !matches!(w, Some(Some(_))) {
                errors.push(crate::FieldError::new(
                    "weekday",
                    "โปรดระบุวันในสัปดาห์ 1 (จันทร์) ถึง 7 (อาทิตย์) หรือ null ทั้งสองช่องเพื่อหยุดส่ง",
                    "Give the weekday, 1 (Monday) to 7 (Sunday), or null in both fields to stop.",
                ));
            }
            if !matches!(h, Some(Some(_))) {
                errors.push(crate::FieldError::new(
                    "hour",
                    "โปรดระบุชั่วโมง 0 ถึง 23 (เวลาประเทศไทย) หรือ null ทั้งสองช่องเพื่อหยุดส่ง",
                    "Give the hour, 0 to 23 (Bangkok time), or null in both fields to stop.",
                ));
            }
            return Err(CoreError::Invalid(errors));
        }
    };
    if !(1..=7).contains(&weekday) {
        errors.push(crate::FieldError::new(
            "weekday",
            format!("วันในสัปดาห์ต้องเป็น 1 (จันทร์) ถึง 7 (อาทิตย์) ไม่ใช่ {weekday}"),
            format!("The weekday must be 1 (Monday) to 7 (Sunday), not {weekday}."),
        ));
    }
    if !(0..=23).contains(&hour) {
        errors.push(crate::FieldError::new(
            "hour",
            format!("ชั่วโมงต้องเป็น 0 ถึง 23 ไม่ใช่ {hour}"),
            format!("The hour must be 0 to 23, not {hour}."),
        ));
    }
    if errors.is_empty() {
        Ok(Some((weekday, hour)))
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// `PUT .../reminders/schedule` (and `DELETE`, with `ScheduleInput` nulls): the province's
/// coordinators and the NACC admin.
pub async fn set_schedule(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    input: &ScheduleInput,
) -> Result<ReminderSchedule, CoreError> {
    let scope = scope::province_for_coordination(actor, province)?;
    let slot = schedule_input(input)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let now_text = core.now_text();
    let mut tx = core.db.begin_write().await?;
    let before = rows::schedule(tx.conn(), cycle.id, &scope.code).await?;
    match slot {
        Some((weekday, hour)) => {
            rows::set_schedule(
                tx.conn(),
                cycle.id,
                &scope.code,
                weekday,
                hour,
                &actor.username,
                &now_text,
            )
            .await?;
        }
        None => rows::delete_schedule(tx.conn(), cycle.id, &scope.code).await?,
    }
    let after = rows::schedule(tx.conn(), cycle.id, &scope.code).await?;
    let as_json = |r: &Option<rows::ScheduleRow>| {
        r.as_ref()
            .map(|r| serde_json::json!({"weekday": r.weekday, "hour": r.hour}))
    };
    audit::record(
        tx.conn(),
        actor,
        &now_text,
        if slot.is_some() {
            "reminders.schedule_set"
        } else {
            "reminders.schedule_delete"
        },
        ("reminder_schedule", &format!("{}/{year}", scope.code)),
        as_json(&before).as_ref(),
        as_json(&after).as_ref(),
    )
    .await?;
    tx.commit().await?;
    Ok(schedule_view(after, core.now()))
}
