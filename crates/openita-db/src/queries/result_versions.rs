//! `result_publications.version`: what an instance's in-memory copy of a cycle's results is
//! keyed by. Every change the public results pages show raises it in the change's own
//! transaction, so a reader that sees the new data also sees the new version (and any
//! instance reading the version afterwards knows its copy is stale).

use crate::{Conn, DbError};

/// One cycle's results as a reader needs to key them: one indexed row per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsStamp {
    pub cycle_id: i64,
    pub framework_fingerprint: String,
    /// 0 until the first change; raised by every change.
    pub version: i64,
    pub computed: bool,
    pub published: bool,
}

/// The stamp of the cycle of `year`; none when there is no such cycle.
pub async fn stamp(
    conn: &mut Conn,
    year: openita_types::FiscalYear,
) -> Result<Option<ResultsStamp>, DbError> {
    type Row = (i64, String, Option<i64>, Option<String>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT c.id, c.framework_fingerprint, p.version, p.computed_at, p.published_at \
         FROM cycles c LEFT JOIN result_publications p ON p.cycle_id = c.id WHERE c.year = $1",
    )
    .bind(i64::from(year))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(cycle_id, framework_fingerprint, version, computed, published)| ResultsStamp {
            cycle_id,
            framework_fingerprint,
            version: version.unwrap_or(0),
            computed: computed.is_some(),
            published: published.is_some(),
        },
    ))
}

/// Raises one cycle's version (creating its publication row, not computed, if it has none):
/// each batch of a computation calls it in the batch's transaction.
pub async fn raise(conn: &mut Conn, cycle_id: i64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO result_publications (cycle_id, version) VALUES ($1, 1) \
         ON CONFLICT (cycle_id) DO UPDATE SET version = result_publications.version + 1",
    )
    .bind(cycle_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Raises every cycle's version: an agency's name, code, type or place shows in every
/// cycle's results.
pub async fn raise_all(conn: &mut Conn) -> Result<(), DbError> {
    sqlx::query("UPDATE result_publications SET version = version + 1")
        .execute(conn)
        .await?;
    Ok(())
}
