//! `agency_contacts`: the person a province or district office calls about an agency.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq, serde::Serialize)]
pub struct ContactRow {
    pub agency_id: i64,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub updated_by: String,
    pub updated_at: String,
}

const COLUMNS: &str = "agency_id, name, phone, email, updated_by, updated_at";

pub async fn get(conn: &mut Conn, agency_id: i64) -> Result<Option<ContactRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM agency_contacts WHERE agency_id = $1");
    Ok(sqlx::query_as(&sql)
        .bind(agency_id)
        .fetch_optional(conn)
        .await?)
}

pub async fn all(conn: &mut Conn) -> Result<Vec<ContactRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM agency_contacts");
    Ok(sqlx::query_as(&sql).fetch_all(conn).await?)
}

pub async fn set(conn: &mut Conn, c: &ContactRow) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO agency_contacts (agency_id, name, phone, email, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agency_id) DO UPDATE SET \
         name = excluded.name, phone = excluded.phone, email = excluded.email, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(c.agency_id)
    .bind(&c.name)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.updated_by)
    .bind(&c.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}
