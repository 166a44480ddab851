//! `province_plan_activities` and `province_deadlines`: a province's ITA plan and its own
//! deadlines for one cycle.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct ActivityRow {
    pub id: i64,
    pub cycle_id: i64,
    pub province_code: String,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub responsible: String,
    pub status: String,
    pub note: Option<String>,
    pub updated_by: String,
    pub updated_at: String,
}

/// An activity's fields as a use case has checked them.
#[derive(Debug, Clone)]
pub struct ActivityFields<'a> {
    pub title: &'a str,
    pub start_date: &'a str,
    pub end_date: &'a str,
    pub responsible: &'a str,
    pub status: &'a str,
    pub note: Option<&'a str>,
}

const COLUMNS: &str = "id, cycle_id, province_code, title, start_date, end_date, responsible, \
                       status, note, updated_by, updated_at";

/// The plan in date order (then the order entered).
pub async fn list(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
) -> Result<Vec<ActivityRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM province_plan_activities WHERE cycle_id = $1 AND province_code = $2 \
         ORDER BY start_date, end_date, id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province_code)
        .fetch_all(conn)
        .await?)
}

/// One activity, only if it belongs to this cycle and province.
pub async fn get(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    id: i64,
) -> Result<Option<ActivityRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM province_plan_activities \
         WHERE id = $1 AND cycle_id = $2 AND province_code = $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .bind(cycle_id)
        .bind(province_code)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    f: &ActivityFields<'_>,
    by: &str,
    now: &str,
) -> Result<ActivityRow, DbError> {
    let sql = format!(
        "INSERT INTO province_plan_activities (cycle_id, province_code, title, start_date, \
         end_date, responsible, status, note, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province_code)
        .bind(f.title)
        .bind(f.start_date)
        .bind(f.end_date)
        .bind(f.responsible)
        .bind(f.status)
        .bind(f.note)
        .bind(by)
        .bind(now)
        .fetch_one(conn)
        .await?)
}

pub async fn update(
    conn: &mut Conn,
    id: i64,
    f: &ActivityFields<'_>,
    by: &str,
    now: &str,
) -> Result<ActivityRow, DbError> {
    let sql = format!(
        "UPDATE province_plan_activities SET title = $1, start_date = $2, end_date = $3, \
         responsible = $4, status = $5, note = $6, updated_by = $7, updated_at = $8 \
         WHERE id = $9 RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(f.title)
        .bind(f.start_date)
        .bind(f.end_date)
        .bind(f.responsible)
        .bind(f.status)
        .bind(f.note)
        .bind(by)
        .bind(now)
        .bind(id)
        .fetch_one(conn)
        .await?)
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM province_plan_activities WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct DeadlineRow {
    pub label_th: String,
    pub label_en: Option<String>,
    pub due_date: String,
}

/// The province's deadlines in date order.
pub async fn deadlines(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
) -> Result<Vec<DeadlineRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT label_th, label_en, due_date FROM province_deadlines \
         WHERE cycle_id = $1 AND province_code = $2 ORDER BY due_date, position",
    )
    .bind(cycle_id)
    .bind(province_code)
    .fetch_all(conn)
    .await?)
}

/// Replaces the province's deadlines with these.
pub async fn replace_deadlines(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    rows: &[DeadlineRow],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM province_deadlines WHERE cycle_id = $1 AND province_code = $2")
        .bind(cycle_id)
        .bind(province_code)
        .execute(&mut *conn)
        .await?;
    for (position, row) in (0_i64..).zip(rows) {
        sqlx::query(
            "INSERT INTO province_deadlines (cycle_id, province_code, position, label_th, \
             label_en, due_date) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(cycle_id)
        .bind(province_code)
        .bind(position)
        .bind(&row.label_th)
        .bind(&row.label_en)
        .bind(&row.due_date)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
