//! Reminders to agencies that are behind: a province's weekly schedule, each round sent
//! (`reminder_runs`), the users' choice to receive them, and the outbox rows of an area.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct ScheduleRow {
    pub cycle_id: i64,
    pub province_code: String,
    pub weekday: i64,
    pub hour: i64,
    pub last_slot: Option<String>,
    pub updated_by: String,
    pub updated_at: String,
}

const SCHEDULE_COLUMNS: &str =
    "cycle_id, province_code, weekday, hour, last_slot, updated_by, updated_at";

pub async fn schedule(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
) -> Result<Option<ScheduleRow>, DbError> {
    let sql = format!(
        "SELECT {SCHEDULE_COLUMNS} FROM reminder_schedules WHERE cycle_id = $1 AND province_code = $2"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province_code)
        .fetch_optional(conn)
        .await?)
}

/// Every schedule (at most one per province and cycle), for the worker.
pub async fn all_schedules(conn: &mut Conn) -> Result<Vec<ScheduleRow>, DbError> {
    let sql = format!(
        "SELECT {SCHEDULE_COLUMNS} FROM reminder_schedules ORDER BY cycle_id, province_code"
    );
    Ok(sqlx::query_as(&sql).fetch_all(conn).await?)
}

/// Sets the slot; `last_slot` is kept, so that moving the hour within a week does not resend.
pub async fn set_schedule(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    weekday: i64,
    hour: i64,
    by: &str,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO reminder_schedules (cycle_id, province_code, weekday, hour, updated_by, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (cycle_id, province_code) DO UPDATE SET weekday = excluded.weekday, \
         hour = excluded.hour, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(cycle_id)
    .bind(province_code)
    .bind(weekday)
    .bind(hour)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_schedule(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM reminder_schedules WHERE cycle_id = $1 AND province_code = $2")
        .bind(cycle_id)
        .bind(province_code)
        .execute(conn)
        .await?;
    Ok(())
}

/// Claims `slot` of a schedule: true for the one caller that moved `last_slot` to it (a
/// second worker's UPDATE waits for the first's commit and then matches no row).
pub async fn claim_slot(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    slot: &str,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE reminder_schedules SET last_slot = $1 WHERE cycle_id = $2 AND province_code = $3 \
         AND (last_slot IS NULL OR last_slot <> $1)",
    )
    .bind(slot)
    .bind(cycle_id)
    .bind(province_code)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewRun<'a> {
    pub cycle_id: i64,
    pub province_code: &'a str,
    pub district_code: Option<&'a str>,
    /// `manual` or `scheduled`.
    pub kind: &'a str,
    pub slot: Option<&'a str>,
    pub requested_by: &'a str,
    pub agencies: i64,
    pub messages: i64,
}

pub async fn insert_run(conn: &mut Conn, r: &NewRun<'_>, now: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO reminder_runs (cycle_id, province_code, district_code, kind, slot, \
         requested_by, agencies, messages, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(r.cycle_id)
    .bind(r.province_code)
    .bind(r.district_code)
    .bind(r.kind)
    .bind(r.slot)
    .bind(r.requested_by)
    .bind(r.agencies)
    .bind(r.messages)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct RunRow {
    pub id: i64,
    pub district_code: Option<String>,
    pub kind: String,
    pub requested_by: String,
    pub agencies: i64,
    pub messages: i64,
    pub created_at: String,
}

/// The newest manual round since `since` whose area overlaps: the whole province, or
/// `district` (a whole-province round overlaps every district; a district round overlaps the
/// whole province and itself).
pub async fn last_manual_run(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    district_code: Option<&str>,
    since: &str,
) -> Result<Option<RunRow>, DbError> {
    let area = match district_code {
        Some(_) => "AND (district_code IS NULL OR district_code = $4)",
        None => "",
    };
    let sql = format!(
        "SELECT id, district_code, kind, requested_by, agencies, messages, created_at \
         FROM reminder_runs WHERE cycle_id = $1 AND province_code = $2 AND kind = 'manual' \
         AND created_at >= $3 {area} ORDER BY created_at DESC, id DESC LIMIT 1"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province_code)
        .bind(since);
    if let Some(d) = district_code {
        query = query.bind(d);
    }
    Ok(query.fetch_optional(conn).await?)
}

/// The rounds of a province since `since`, newest first.
pub async fn runs_since(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    since: &str,
) -> Result<Vec<RunRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, district_code, kind, requested_by, agencies, messages, created_at \
         FROM reminder_runs WHERE cycle_id = $1 AND province_code = $2 AND created_at >= $3 \
         ORDER BY created_at DESC, id DESC",
    )
    .bind(cycle_id)
    .bind(province_code)
    .bind(since)
    .fetch_all(conn)
    .await?)
}

/// Active users of an agency (admins and executives) with an address who have not opted
/// out of reminders: (username, email).
pub async fn agency_recipients(
    conn: &mut Conn,
    agency_id: i64,
) -> Result<Vec<(String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT u.username, u.email FROM users u \
         LEFT JOIN notification_preferences p ON p.user_id = u.id \
         WHERE u.agency_id = $1 AND u.role IN ('agency-admin', 'agency-executive') \
         AND u.active = 1 AND u.email IS NOT NULL AND u.email <> '' \
         AND (p.reminders IS NULL OR p.reminders <> 0) ORDER BY u.username",
    )
    .bind(agency_id)
    .fetch_all(conn)
    .await?)
}

/// A province's coordinators (not its districts') with an address who have not opted out.
pub async fn coordinator_recipients(
    conn: &mut Conn,
    province_code: &str,
) -> Result<Vec<(String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT u.username, u.email FROM users u \
         LEFT JOIN notification_preferences p ON p.user_id = u.id \
         WHERE u.role = 'province-coordinator' AND u.province_code = $1 \
         AND u.active = 1 AND u.email IS NOT NULL AND u.email <> '' \
         AND (p.reminders IS NULL OR p.reminders <> 0) ORDER BY u.username",
    )
    .bind(province_code)
    .fetch_all(conn)
    .await?)
}

/// Whether the user receives reminders (true without a row).
pub async fn wants_reminders(conn: &mut Conn, user_id: i64) -> Result<bool, DbError> {
    let value: Option<i64> =
        sqlx::query_scalar("SELECT reminders FROM notification_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(value.is_none_or(|v| v != 0))
}

pub async fn set_wants_reminders(
    conn: &mut Conn,
    user_id: i64,
    reminders: bool,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, reminders, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET reminders = excluded.reminders, \
         updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(i64::from(reminders))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewAreaNotification<'a> {
    pub event: &'a str,
    pub username: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub link_path: &'a str,
    pub cycle_id: i64,
    pub province_code: &'a str,
    pub district_code: Option<&'a str>,
    pub agency_code: Option<&'a str>,
}

/// An outbox row that belongs to an area (sent by the same worker as every other).
pub async fn insert_notification(
    conn: &mut Conn,
    n: &NewAreaNotification<'_>,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO notifications (event, username, recipient, subject, body, link_path, \
         created_at, cycle_id, province_code, district_code, agency_code) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(n.event)
    .bind(n.username)
    .bind(n.recipient)
    .bind(n.subject)
    .bind(n.body)
    .bind(n.link_path)
    .bind(now)
    .bind(n.cycle_id)
    .bind(n.province_code)
    .bind(n.district_code)
    .bind(n.agency_code)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct AreaNotificationRow {
    pub id: i64,
    pub event: String,
    pub username: String,
    pub recipient: String,
    pub subject: String,
    pub agency_code: Option<String>,
    pub created_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

/// The reminder mail of an area, newest first; a district sees only its own agencies' mail.
/// `before`: an id to page from (exclusive).
pub async fn area_notifications(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    district_code: Option<&str>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AreaNotificationRow>, DbError> {
    let district = if district_code.is_some() {
        "AND district_code = $5"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, event, username, recipient, subject, agency_code, created_at, attempts, \
         last_error, sent_at FROM notifications WHERE cycle_id = $1 AND province_code = $2 \
         AND id < $3 {district} ORDER BY id DESC LIMIT $4"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province_code)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit);
    if let Some(d) = district_code {
        query = query.bind(d);
    }
    Ok(query.fetch_all(conn).await?)
}
