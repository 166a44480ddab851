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

use openita_types::FiscalYear;
pub mod digest;
mod preferences;
mod schedule;
mod scheduled;

pub use preferences::{NotificationPreferences, own_preferences, set_own_preferences};
pub use schedule::{ReminderSchedule, ScheduleInput, get_schedule, set_schedule};
pub use scheduled::{latest_slot, send_due};

use crate::{
    Actor, Core, CoreError, audit,
    cycles::{self, CycleView},
    dashboards::{
        area::{Place, watched_area},
        snapshot::{self, SnapshotRow},
    },
};
use chrono::{DateTime, Duration, Utc};
use openita_db::{
    Conn, DbError,
    queries::{reminders as rows, settings},
};
use openita_types::thai_time::{
    english_datetime_short, from_db_text, thai_datetime_short, to_api_text, to_db_text,
};
use serde::Serialize;

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
    year: FiscalYear,
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

pub(super) fn api_time(text: &str) -> String {
    from_db_text(text)
        .map(to_api_text)
        .unwrap_or_else(|| text.to_string())
}

/// `GET .../reminders`: the area's reminder mail, newest first (a district coordinator sees
/// its district's; `before` pages on by id).
pub async fn list_messages(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
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
