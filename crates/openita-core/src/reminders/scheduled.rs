//! The weekly reminders: each province's schedule names a weekday and an hour (Bangkok); the
//! worker, when idle, sends the digests of every slot that has come (within a day of it, and
//! not before the schedule was set) and the summary to the province's coordinators. A slot is
//! claimed by a conditional UPDATE of the schedule's `last_slot` inside the transaction that
//! queues the mail, so several workers send each slot once.

use super::{Place, digest, plan, queue};
use crate::{Actor, Core, CoreError, audit, cycles, dashboards::snapshot};
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use openita_db::{DbError, queries::reminders as rows};
use openita_types::thai_time::{bangkok, from_db_text, to_db_text};

/// A slot older than this when a worker first sees it is skipped (a worker that was down for
/// days does not send last week's reminders).
const CATCH_UP_HOURS: i64 = 24;

/// The latest slot (weekday 1-7 Monday first, hour 0-23 Bangkok) at or before `now`.
pub fn latest_slot(now: DateTime<Utc>, weekday: i64, hour: i64) -> Option<DateTime<Utc>> {
    let local = now.with_timezone(&bangkok());
    let today = i64::from(local.weekday().number_from_monday());
    let back = (today - weekday).rem_euclid(7);
    let time = NaiveTime::from_hms_opt(u32::try_from(hour).ok()?, 0, 0)?;
    let day = local.date_naive() - Duration::days(back);
    let mut at = bangkok()
        .from_local_datetime(&day.and_time(time))
        .single()?
        .to_utc();
    if at > now {
        at -= Duration::days(7);
    }
    Some(at)
}

/// The next slot after `now`.
pub(super) fn next_slot(now: DateTime<Utc>, weekday: i64, hour: i64) -> Option<DateTime<Utc>> {
    latest_slot(now, weekday, hour).map(|at| at + Duration::days(7))
}

fn slot_name(at: DateTime<Utc>) -> String {
    at.with_timezone(&bangkok())
        .format("%Y-%m-%dT%H")
        .to_string()
}

/// Sends every slot that is due; returns the messages queued. Called by idle workers.
pub async fn send_due(core: &Core) -> Result<usize, CoreError> {
    let now = core.now();
    let schedules = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        rows::all_schedules(&mut conn).await?
    };
    let mut sent = 0;
    for s in schedules {
        let Some(at) = latest_slot(now, s.weekday, s.hour) else {
            continue;
        };
        let slot = slot_name(at);
        let set_at = from_db_text(&s.updated_at).unwrap_or(now);
        if s.last_slot.as_deref() == Some(slot.as_str())
            || now - at > Duration::hours(CATCH_UP_HOURS)
            || at < set_at
        {
            continue;
        }
        sent += send_slot(core, &s, &slot).await?;
    }
    Ok(sent)
}

async fn send_slot(core: &Core, s: &rows::ScheduleRow, slot: &str) -> Result<usize, CoreError> {
    let Some(cycle) = cycles::list_cycles(core)
        .await?
        .into_iter()
        .find(|c| c.id == s.cycle_id)
    else {
        return Ok(0);
    };
    let Some(p) = openita_geography::province(&s.province_code) else {
        return Ok(0);
    };
    let province = Place {
        code: p.code.clone(),
        name_th: p.name_th.clone(),
        name_en: p.name_en.clone(),
    };
    let now = core.now();
    let now_text = to_db_text(now);
    let collecting = digest::collecting(&cycle, now);
    let snap = snapshot::snapshot(core, cycle.year).await?;
    let area: Vec<&snapshot::SnapshotRow> = snap
        .rows
        .iter()
        .filter(|r| r.province_code == province.code)
        .collect();
    let planned = plan(
        digest::SCHEDULED_DIGEST,
        &cycle,
        &province,
        area.iter().copied(),
        now,
    );
    let mut tx = core.db.begin_write().await?;
    if !rows::claim_slot(tx.conn(), cycle.id, &province.code, slot).await? {
        return Ok(0);
    }
    if !collecting {
        // Nothing an agency can still do: the slot passes quietly.
        tx.commit().await?;
        return Ok(0);
    }
    let (queued, per_agency) = queue(tx.conn(), &cycle, &province, &planned, &now_text).await?;
    let system = Actor::system("reminders");
    rows::insert_run(
        tx.conn(),
        &rows::NewRun {
            cycle_id: cycle.id,
            province_code: &province.code,
            district_code: None,
            kind: "scheduled",
            slot: Some(slot),
            requested_by: &system.username,
            agencies: queued.agencies as i64,
            messages: queued.queued as i64,
        },
        &now_text,
    )
    .await?;
    let week = to_db_text(now - Duration::days(7));
    let rounds: Vec<digest::RoundLine> =
        rows::runs_since(tx.conn(), cycle.id, &province.code, &week)
            .await?
            .into_iter()
            .map(|r| digest::RoundLine {
                at: from_db_text(&r.created_at).unwrap_or(now),
                manual: r.kind == "manual",
                by: r.requested_by,
                agencies: r.agencies,
                messages: r.messages,
            })
            .collect();
    let lines: Vec<digest::SummaryLine<'_>> = area
        .iter()
        .map(|r| digest::SummaryLine {
            line: &r.line,
            reasons: digest::reasons_to_chase(&r.line, &cycle, now),
            messages: per_agency
                .iter()
                .find(|(code, _)| *code == r.line.agency.code)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    let summary = digest::weekly_summary(&cycle, &province, &lines, &rounds);
    let coordinators = rows::coordinator_recipients(tx.conn(), &province.code).await?;
    for (username, address) in &coordinators {
        rows::insert_notification(
            tx.conn(),
            &rows::NewAreaNotification {
                event: summary.event,
                username,
                recipient: address,
                subject: &summary.subject,
                body: &summary.body,
                link_path: &summary.link_path,
                cycle_id: cycle.id,
                province_code: &province.code,
                district_code: None,
                agency_code: None,
            },
            &now_text,
        )
        .await?;
    }
    audit::record(
        tx.conn(),
        &system,
        &now_text,
        "reminders.send",
        ("reminders", &format!("{}/{}", province.code, cycle.year)),
        None::<&()>,
        Some(&serde_json::json!({
            "kind": "scheduled",
            "slot": slot,
            "queued": queued.queued,
            "agencies": queued.agencies,
            "unreachable": queued.unreachable,
            "summaries": coordinators.len(),
        })),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        province = %province.code,
        slot = %slot,
        mail.queued = queued.queued + coordinators.len(),
        "scheduled reminders queued"
    );
    Ok(queued.queued + coordinators.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.to_utc())
            .unwrap_or_default()
    }

    #[test]
    fn the_latest_slot_is_the_last_weekday_and_hour_not_after_now_in_bangkok() {
        // Saturday 1 March 2025 10:00 Bangkok.
        let now = at("2025-03-01T10:00:00+07:00");
        assert_eq!(
            latest_slot(now, 1, 9),
            Some(at("2025-02-24T09:00:00+07:00"))
        );
        assert_eq!(
            latest_slot(now, 6, 10),
            Some(at("2025-03-01T10:00:00+07:00"))
        );
        assert_eq!(
            latest_slot(now, 6, 11),
            Some(at("2025-02-22T11:00:00+07:00"))
        );
        assert_eq!(next_slot(now, 1, 9), Some(at("2025-03-03T09:00:00+07:00")));
        assert_eq!(latest_slot(now, 1, 24), None);
    }
}
