//! Reminders: a province (or district) chases the agencies that are behind by e-mail.
//!
//! - `send_now`: a coordinator (or the NACC admin) queues a digest to every agency of the area
//!   that is behind, addressed to its admins and executives who have an address and have not
//!   opted out. At most one manual round per overlapping area every [`MANUAL_GUARD_MINUTES`]
//!   (a double click, a replayed request): the second gets a 409 saying when the next may go.
//! - a province's weekly schedule (`set_schedule`): the worker sends the same digests once in
//!   each slot, and a summary to the province's coordinators (`scheduled::send_due`).
//! - `list_messages`: every reminder queued or sent for the area.
//! - `set_own_preferences`: any user opts out of reminder mail (digests and summaries).
//!
//! Messages go through the notification outbox (written in the transaction of the round,
//! sent by the worker). Every change is audited.

pub mod digest;
mod scheduled;

pub use scheduled::{latest_slot, send_due};

use crate::{
    Actor, Core, CoreError, audit,
    cycles::{self, CycleView},
    dashboards::{
        area::{Place, watched_area},
        snapshot::{self, SnapshotRow},
    },
    provinces::scope,
};
use chrono::{DateTime, Duration, Utc};
use openita_db::{
    Conn, DbError,
    queries::{reminders as rows, settings},
};
use openita_types::thai_time::{
    english_datetime_short, from_db_text, thai_datetime_short, to_api_text, to_db_text,
};
use serde::{Deserialize, Deserializer, Serialize};

/// How long after a manual round another one of an overlapping area is refused.
pub const MANUAL_GUARD_MINUTES: i64 = 10;

/// What a round queued.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Queued {
    /// Messages queued (one per recipient).
    pub queued: usize,
    /// Agencies that got at least one message.
    pub agencies: usize,
    /// Agencies behind that nobody could be mailed at (no users with an address, or all
    /// opted out).
    pub unreachable: usize,
}

/// An agency of the area that is behind, and what its digest says.
struct Planned<'a> {
    row: &'a SnapshotRow,
    message: crate::notifications::Message,
}

fn in_area<'a>(
    rows: &'a [SnapshotRow],
    province: &'a Place,
    district: Option<&'a Place>,
) -> impl Iterator<Item = &'a SnapshotRow> {
    rows.iter().filter(move |r| {
        r.province_code == province.code
            && district.is_none_or(|d| r.line.agency.district_code.as_deref() == Some(&d.code))
    })
}

fn plan<'a>(
    event: &'static str,
    cycle: &CycleView,
    province: &Place,
    area: impl Iterator<Item = &'a SnapshotRow>,
    now: DateTime<Utc>,
) -> Vec<Planned<'a>> {
    area.filter_map(|row| {
        let reasons = digest::reasons_to_chase(&row.line, cycle, now);
        digest::is_behind(&reasons).then(|| Planned {
            row,
            message: digest::agency_digest(event, cycle, province, &row.line, &reasons),
        })
    })
    .collect()
}

/// Queues the planned digests; (messages, agencies reached, per agency code the count).
async fn queue(
    conn: &mut Conn,
    cycle: &CycleView,
    province: &Place,
    planned: &[Planned<'_>],
    now: &str,
) -> Result<(Queued, Vec<(String, usize)>), CoreError> {
    let mut out = Queued {
        queued: 0,
        agencies: 0,
        unreachable: 0,
    };
    let mut per_agency = Vec::new();
    for p in planned {
        let to = rows::agency_recipients(conn, p.row.agency_id).await?;
        for (username, address) in &to {
            rows::insert_notification(
                conn,
                &rows::NewAreaNotification {
                    event: p.message.event,
                    username,
                    recipient: address,
                    subject: &p.message.subject,
                    body: &p.message.body,
                    link_path: &p.message.link_path,
                    cycle_id: cycle.id,
                    province_code: &province.code,
                    district_code: p.row.line.agency.district_code.as_deref(),
                    agency_code: Some(&p.row.line.agency.code),
                },
                now,
            )
            .await?;
        }
        out.queued += to.len();
        if to.is_empty() {
            out.unreachable += 1;
        } else {
            out.agencies += 1;
        }
        per_agency.push((p.row.line.agency.code.clone(), to.len()));
    }
    Ok((out, per_agency))
}

fn area_key(province: &Place, district: Option<&Place>) -> String {
    match district {
        Some(d) => format!("{}/{}", province.code, d.code),
        None => province.code.clone(),
    }
}

/// `POST .../provinces/{province}/reminders`: a digest now to every agency of the caller's
/// area that is behind (`district` narrows a province coordinator's or the admin's area; a
/// district coordinator's is always its district).
pub async fn send_now(
    core: &Core,
    actor: &Actor,
    year: i64,
    province: &str,
    district: Option<&str>,
) -> Result<Queued, CoreError> {
    let (province, district) = watched_area(actor, province, district)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let snap = snapshot::snapshot(core, year).await?;
    let now = core.now();
    let now_text = to_db_text(now);
    let planned = plan(
        digest::DIGEST,
        &cycle,
        &province,
        in_area(&snap.rows, &province, district.as_ref()),
        now,
    );
    let district_code = district.as_ref().map(|d| d.code.as_str());
    let mut tx = core.db.begin_write().await?;
    // Serialises rounds of one province on PostgreSQL too (the upsert holds the row's lock
    // until commit), so two clicks cannot both pass the check below.
    settings::set(
        tx.conn(),
        &format!("reminders.lock:{}:{}", cycle.id, province.code),
        &now_text,
    )
    .await?;
    let since = to_db_text(now - Duration::minutes(MANUAL_GUARD_MINUTES));
    if let Some(last) =
        rows::last_manual_run(tx.conn(), cycle.id, &province.code, district_code, &since).await?
    {
        let at = from_db_text(&last.created_at).unwrap_or(now);
        let next = at + Duration::minutes(MANUAL_GUARD_MINUTES);
        return Err(CoreError::conflict(
            "reminders_too_soon",
            format!(
                "ส่งการแจ้งเตือนของพื้นที่นี้ไปแล้วเมื่อ {} (โดย {}) ส่งได้อีกครั้งหลัง {}",
                thai_datetime_short(at),
                last.requested_by,
                thai_datetime_short(next)
            ),
            format!(
                "Reminders for this area were sent at {} (by {}); the next can be sent after {} \
                 (Bangkok time).",
                english_datetime_short(at),
                last.requested_by,
                english_datetime_short(next)
            ),
        ));
    }
    let (queued, _) = queue(tx.conn(), &cycle, &province, &planned, &now_text).await?;
    rows::insert_run(
        tx.conn(),
        &rows::NewRun {
            cycle_id: cycle.id,
            province_code: &province.code,
            district_code,
            kind: "manual",
            slot: None,
            requested_by: &actor.username,
            agencies: queued.agencies as i64,
            messages: queued.queued as i64,
        },
        &now_text,
    )
    .await?;
    audit::record(
        tx.conn(),
        actor,
        &now_text,
        "reminders.send",
        (
            "reminders",
            &format!("{}/{year}", area_key(&province, district.as_ref())),
        ),
        None::<&()>,
        Some(&serde_json::json!({
            "kind": "manual",
            "district": district_code,
            "queued": queued.queued,
            "agencies": queued.agencies,
            "unreachable": queued.unreachable,
            "to": planned.iter().map(|p| p.row.line.agency.code.clone()).collect::<Vec<_>>(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}

/// One reminder in the outbox.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ReminderMessage {
    pub id: i64,
    /// `reminder.digest` (sent now), `reminder.scheduled_digest`, `reminder.weekly_summary`.
    pub kind: String,
    /// The address.
    pub to: String,
    pub username: String,
    /// The agency the digest is about (none for a summary).
    pub agency: Option<String>,
    pub subject: String,
    pub queued_at: String,
    pub sent_at: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

fn api_time(text: &str) -> String {
    from_db_text(text)
        .map(to_api_text)
        .unwrap_or_else(|| text.to_string())
}

/// `GET .../reminders`: the area's reminder mail, newest first (a district coordinator sees
/// its district's; `before` pages on by id).
pub async fn list_messages(
    core: &Core,
    actor: &Actor,
    year: i64,
    province: &str,
    district: Option<&str>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<ReminderMessage>, CoreError> {
    let (province, district) = watched_area(actor, province, district)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(rows::area_notifications(
        &mut conn,
        cycle.id,
        &province.code,
        district.as_ref().map(|d| d.code.as_str()),
        before,
        limit.clamp(1, 500),
    )
    .await?
    .into_iter()
    .map(|r| ReminderMessage {
        id: r.id,
        kind: r.event,
        to: r.recipient,
        username: r.username,
        agency: r.agency_code,
        subject: r.subject,
        queued_at: api_time(&r.created_at),
        sent_at: r.sent_at.as_deref().map(api_time),
        attempts: r.attempts,
        last_error: r.last_error,
    })
    .collect())
}

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
pub struct ScheduleInput {
    /// 1 = Monday .. 7 = Sunday; null with `hour` null to stop.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub weekday: Option<Option<i64>>,
    /// 0-23 Bangkok time.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub hour: Option<Option<i64>>,
}

/// Tells a key given as null (Some(None)) from a missing key (None).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
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
            next_at: scheduled::next_slot(now, r.weekday, r.hour).map(to_api_text),
            weekday: Some(r.weekday),
            hour: Some(r.hour),
            last_slot: r.last_slot,
            updated_by: Some(r.updated_by),
            updated_at: Some(api_time(&r.updated_at)),
        },
    }
}

pub async fn get_schedule(
    core: &Core,
    actor: &Actor,
    year: i64,
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
    year: i64,
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

/// A user's choices about mail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct NotificationPreferences {
    /// Reminder digests and weekly summaries (on unless turned off).
    pub reminders: bool,
}

pub async fn own_preferences(
    core: &Core,
    actor: &Actor,
) -> Result<NotificationPreferences, CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(NotificationPreferences {
        reminders: rows::wants_reminders(&mut conn, user_id).await?,
    })
}

/// `PUT /api/v1/users/me/notifications`: any signed-in user, for themself; audited.
pub async fn set_own_preferences(
    core: &Core,
    actor: &Actor,
    input: &NotificationPreferences,
) -> Result<NotificationPreferences, CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    let now = core.now_text();
    let mut tx = core.db.begin_write().await?;
    let before = NotificationPreferences {
        reminders: rows::wants_reminders(tx.conn(), user_id).await?,
    };
    rows::set_wants_reminders(tx.conn(), user_id, input.reminders, &now).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "user.notifications_change",
        ("user", &actor.username),
        Some(&before),
        Some(input),
    )
    .await?;
    tx.commit().await?;
    Ok(input.clone())
}
