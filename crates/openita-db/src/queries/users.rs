//! `users`: people who sign in. Respondents never have an account.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub agency_id: Option<i64>,
    pub province_code: Option<String>,
    /// A district coordinator's district, within `province_code`.
    pub district_code: Option<String>,
    pub active: i64,
    pub created_at: String,
    pub password_changed_at: String,
    /// Where notifications go; none means the user gets no e-mail.
    pub email: Option<String>,
    /// The person's name as others read it; empty when not given.
    pub display_name: String,
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub agency_id: Option<i64>,
    pub province_code: Option<&'a str>,
    pub district_code: Option<&'a str>,
    pub email: Option<&'a str>,
    pub display_name: &'a str,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<String>,
    pub agency_id: Option<i64>,
    pub province_code: Option<String>,
}

const COLUMNS: &str = "id, username, password_hash, role, agency_id, province_code, \
                       district_code, active, created_at, password_changed_at, email, display_name";

pub async fn insert(conn: &mut Conn, u: &NewUser<'_>, now: &str) -> Result<UserRow, DbError> {
    let sql = format!(
        "INSERT INTO users (username, password_hash, role, agency_id, province_code, \
         district_code, active, created_at, password_changed_at, email, display_name) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8, $9) RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(u.username)
        .bind(u.password_hash)
        .bind(u.role)
        .bind(u.agency_id)
        .bind(u.province_code)
        .bind(u.district_code)
        .bind(now)
        .bind(u.email)
        .bind(u.display_name)
        .fetch_one(conn)
        .await?)
}

pub async fn by_username(conn: &mut Conn, username: &str) -> Result<Option<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
    Ok(sqlx::query_as(&sql)
        .bind(username)
        .fetch_optional(conn)
        .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

pub async fn list(conn: &mut Conn, f: &UserFilter) -> Result<Vec<UserRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE ($1 IS NULL OR role = $1) \
         AND ($2 IS NULL OR agency_id = $2) AND ($3 IS NULL OR province_code = $3) \
         ORDER BY role, username"
    );
    Ok(sqlx::query_as(&sql)
        .bind(&f.role)
        .bind(f.agency_id)
        .bind(&f.province_code)
        .fetch_all(conn)
        .await?)
}

/// Replaces a password hash if it is still `old_hash` (the hash the caller verified against,
/// outside this transaction); false when it changed meanwhile and nothing was written.
pub async fn set_password(
    conn: &mut Conn,
    id: i64,
    old_hash: &str,
    password_hash: &str,
    now: &str,
) -> Result<bool, DbError> {
    let changed = sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_at = $2 \
         WHERE id = $3 AND password_hash = $4",
    )
    .bind(password_hash)
    .bind(now)
    .bind(id)
    .bind(old_hash)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn set_active(conn: &mut Conn, id: i64, active: bool) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count_by_role(conn: &mut Conn) -> Result<Vec<(String, i64)>, DbError> {
    Ok(
        sqlx::query_as("SELECT role, COUNT(*) FROM users GROUP BY role ORDER BY role")
            .fetch_all(conn)
            .await?,
    )
}

/// Active users of an agency with one of `roles` and an e-mail address: (username, email).
pub async fn agency_mail_recipients(
    conn: &mut Conn,
    agency_id: i64,
    roles: &[&str],
) -> Result<Vec<(String, String)>, DbError> {
    let mut out = Vec::new();
    for role in roles {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT username, email FROM users WHERE agency_id = $1 AND role = $2 \
             AND active = 1 AND email IS NOT NULL AND email <> '' ORDER BY username",
        )
        .bind(agency_id)
        .bind(*role)
        .fetch_all(&mut *conn)
        .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Active assessors assigned to an agency in a cycle, with an e-mail address.
pub async fn assessor_mail_recipients(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Vec<(String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT u.username, u.email FROM users u JOIN assignments s ON s.assessor_id = u.id \
         WHERE s.cycle_id = $1 AND s.agency_id = $2 AND u.active = 1 \
         AND u.email IS NOT NULL AND u.email <> '' ORDER BY u.username",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_all(conn)
    .await?)
}

pub async fn set_email(conn: &mut Conn, id: i64, email: Option<&str>) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET email = $1 WHERE id = $2")
        .bind(email)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The names of these users, for those who have one, by user name: views say who did what by
/// name, and name only the few people they show.
pub async fn display_names_of(
    conn: &mut Conn,
    usernames: &[&str],
) -> Result<std::collections::HashMap<String, String>, DbError> {
    let mut names = std::collections::HashMap::new();
    for chunk in usernames.chunks(100) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT username, display_name FROM users \
             WHERE display_name <> '' AND username IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query_as::<_, (String, String)>(&sql);
        for u in chunk {
            q = q.bind(*u);
        }
        names.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(names)
}

pub async fn set_display_name(conn: &mut Conn, id: i64, name: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
