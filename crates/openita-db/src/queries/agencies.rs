//! `agencies`: the assessed units.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct AgencyRow {
    pub id: i64,
    pub code: String,
    pub name_th: String,
    pub name_en: Option<String>,
    pub agency_type: String,
    pub province_code: String,
    pub district_code: Option<String>,
    pub website: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The fields a person enters.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyFields {
    pub code: String,
    pub name_th: String,
    pub name_en: Option<String>,
    pub agency_type: String,
    pub province_code: String,
    pub district_code: Option<String>,
    pub website: Option<String>,
}

/// List filters; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct AgencyFilter {
    pub province_code: Option<String>,
    pub district_code: Option<String>,
    pub agency_type: Option<String>,
    /// Matches code or Thai/English name.
    pub search: Option<String>,
    /// Only this agency (agency roles see their own).
    pub only_agency_id: Option<i64>,
    /// Only agencies assigned to this assessor (in `assessor_cycle_id`, else in any cycle).
    pub assessor_id: Option<i64>,
    pub assessor_cycle_id: Option<i64>,
    pub limit: Option<i64>,
    pub offset: i64,
}

const COLUMNS: &str = "id, code, name_th, name_en, agency_type, province_code, district_code, \
                       website, created_at, updated_at";

pub async fn insert(conn: &mut Conn, f: &AgencyFields, now: &str) -> Result<AgencyRow, DbError> {
    let sql = format!(
        "INSERT INTO agencies (code, name_th, name_en, agency_type, province_code, district_code, \
         website, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(&f.code)
        .bind(&f.name_th)
        .bind(&f.name_en)
        .bind(&f.agency_type)
        .bind(&f.province_code)
        .bind(&f.district_code)
        .bind(&f.website)
        .bind(now)
        .fetch_one(conn)
        .await?)
}

pub async fn update(
    conn: &mut Conn,
    id: i64,
    f: &AgencyFields,
    now: &str,
) -> Result<AgencyRow, DbError> {
    let sql = format!(
        "UPDATE agencies SET code = $1, name_th = $2, name_en = $3, agency_type = $4, \
         province_code = $5, district_code = $6, website = $7, updated_at = $8 \
         WHERE id = $9 RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(&f.code)
        .bind(&f.name_th)
        .bind(&f.name_en)
        .bind(&f.agency_type)
        .bind(&f.province_code)
        .bind(&f.district_code)
        .bind(&f.website)
        .bind(now)
        .bind(id)
        .fetch_one(conn)
        .await?)
}

pub async fn by_code(conn: &mut Conn, code: &str) -> Result<Option<AgencyRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM agencies WHERE code = $1");
    Ok(sqlx::query_as(&sql).bind(code).fetch_optional(conn).await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<AgencyRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM agencies WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

/// The WHERE clause shared by `list` and `count`; every filter is a bound parameter.
/// Each condition tests "parameter is NULL" so the parameter list never changes shape.
const WHERE: &str = "WHERE ($1 IS NULL OR province_code = $1) AND ($2 IS NULL OR district_code = $2) \
     AND ($3 IS NULL OR agency_type = $3) \
     AND ($4 IS NULL OR code LIKE $4 OR name_th LIKE $4 OR LOWER(COALESCE(name_en, '')) LIKE LOWER($4)) \
     AND ($5 IS NULL OR id = $5) \
     AND ($6 IS NULL OR id IN (SELECT agency_id FROM assignments WHERE assessor_id = $6 \
          AND ($7 IS NULL OR cycle_id = $7)))";

fn search_pattern(f: &AgencyFilter) -> Option<String> {
    f.search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{}%", s.replace(['%', '_'], "")))
}

pub async fn list(conn: &mut Conn, f: &AgencyFilter) -> Result<Vec<AgencyRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM agencies {WHERE} ORDER BY province_code, district_code, agency_type, \
         code LIMIT $8 OFFSET $9"
    );
    Ok(sqlx::query_as(&sql)
        .bind(&f.province_code)
        .bind(&f.district_code)
        .bind(&f.agency_type)
        .bind(search_pattern(f))
        .bind(f.only_agency_id)
        .bind(f.assessor_id)
        .bind(f.assessor_cycle_id)
        .bind(f.limit.unwrap_or(i64::MAX))
        .bind(f.offset)
        .fetch_all(conn)
        .await?)
}

pub async fn count(conn: &mut Conn, f: &AgencyFilter) -> Result<i64, DbError> {
    let sql = format!("SELECT COUNT(*) FROM agencies {WHERE}");
    Ok(sqlx::query_scalar(&sql)
        .bind(&f.province_code)
        .bind(&f.district_code)
        .bind(&f.agency_type)
        .bind(search_pattern(f))
        .bind(f.only_agency_id)
        .bind(f.assessor_id)
        .bind(f.assessor_cycle_id)
        .fetch_one(conn)
        .await?)
}
