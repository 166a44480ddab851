//! Writing a batch of survey responses in few statements: the rows in multi-row INSERTs, and
//! the running tallies, counts, hourly arrivals and answer-set counts summed in memory first,
//! so that a batch of N responses with 28 answers each costs a handful of statements instead
//! of 30 x N. This is the hot path of deadline weeks (docs/benchmarks.md).

mod level_deltas;
mod one_go;
mod running_sums;

use super::surveys::NewResponse;
use crate::{Conn, DbError};
pub use level_deltas::fold as fold_level_deltas;
pub(crate) use level_deltas::{Sums, add_packed, groups_of, pack};
pub use one_go::{OneGo, Written};
use running_sums::plain_code;
pub use running_sums::{add_to_running_sums, write_batch};

/// Rows per INSERT: 16 rows of up to 7 parameters. sqlx's SQLite binding looks every
/// parameter up by name, and SQLite finds a name by walking the statement's list, so the cost
/// grows with the square of the parameters in a statement: with 100 rows (600 parameters)
/// `sqlite3_bind_parameter_name` was still 22 % of the server's CPU under survey load
/// (benchmarks.md, session 6); with 16 rows it is a few per cent, for six times the statements.
pub(super) const ROWS_PER_STATEMENT: usize = 16;

/// "($1, $2, ...), ($7, ...)" for `rows` rows of `width` parameters.
pub(super) fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let cols: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row of `survey_responses` as stored: new responses and rows moved by the mixing step
/// (`take_rows_to_mix`) are written alike.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredResponse {
    pub id: String,
    pub cycle_id: i64,
    pub agency_id: i64,
    pub instrument: String,
    pub answers: String,
    pub received_on: String,
}

impl StoredResponse {
    pub fn of(r: &NewResponse) -> StoredResponse {
        StoredResponse {
            id: r.id.clone(),
            cycle_id: r.cycle_id,
            agency_id: r.agency_id,
            instrument: r.instrument.to_string(),
            answers: r.answers_json.clone(),
            received_on: r.received_on.clone(),
        }
    }
}

/// Stores the responses and adds them to every running count (see [`store_rows`] and
/// [`add_to_running_sums`]).
pub async fn insert_responses(conn: &mut Conn, responses: &[&NewResponse]) -> Result<(), DbError> {
    let rows: Vec<StoredResponse> = responses.iter().map(|r| StoredResponse::of(r)).collect();
    write_batch(conn, &rows, responses).await
}

/// Writes response rows in the order given (the caller shuffles them), bound, 16 to a
/// statement; `write_batch` writes plain rows as literals instead.
pub async fn store_rows(conn: &mut Conn, rows: &[StoredResponse]) -> Result<(), DbError> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO survey_responses (id, cycle_id, agency_id, instrument, answers, \
             received_on) VALUES {}",
            placeholders(chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(&r.id)
                .bind(r.cycle_id)
                .bind(r.agency_id)
                .bind(&r.instrument)
                .bind(&r.answers)
                .bind(&r.received_on);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// PostgreSQL keeps a table's rows in the order they were written, and each row carries the
/// transaction that wrote it: left alone, the physical order of `survey_responses` would be
/// the arrival order. So every batch also takes up to `per_group` earlier rows of each agency
/// and instrument it writes to (picked from a random point of the random keys), deletes them
/// and returns them, to be written again shuffled with the new ones. SQLite needs none of
/// this: its table has no row ids and is kept in the order of the random keys. Rows another
/// writer has locked are skipped (`SKIP LOCKED`): any earlier rows will do, and two writers
/// must never wait on each other here.
pub async fn take_rows_to_mix(
    conn: &mut Conn,
    groups: &[(i64, i64, &str, String)],
    per_group: usize,
) -> Result<Vec<StoredResponse>, DbError> {
    let mut taken = Vec::new();
    for chunk in groups.chunks(ROWS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                format!(
                    "(${}::BIGINT, ${}::BIGINT, ${}::TEXT, ${}::TEXT)",
                    i * 4 + 1,
                    i * 4 + 2,
                    i * 4 + 3,
                    i * 4 + 4
                )
            })
            .collect();
        let limit = chunk.len() * 4 + 1;
        let sql = format!(
            "DELETE FROM survey_responses WHERE id IN (\
               SELECT picked.id FROM (VALUES {}) AS g (cycle_id, agency_id, instrument, start) \
               CROSS JOIN LATERAL (SELECT r.id FROM survey_responses r \
                 WHERE r.cycle_id = g.cycle_id AND r.agency_id = g.agency_id \
                 AND r.instrument = g.instrument AND r.id >= g.start \
                 ORDER BY r.id LIMIT ${limit} FOR UPDATE SKIP LOCKED) AS picked) \
             RETURNING id, cycle_id, agency_id, instrument, answers, received_on",
            values.join(", ")
        );
        let mut q = sqlx::query_as::<_, StoredResponse>(&sql);
        for (cycle, agency, instrument, start) in chunk {
            q = q.bind(*cycle).bind(*agency).bind(*instrument).bind(start);
        }
        taken.extend(q.bind(per_group as i64).fetch_all(&mut *conn).await?);
    }
    Ok(taken)
}

/// Marks a batch's nonces used, in a few statements; returns, for each nonce in order, whether
/// this call used it (false: used before, or earlier in the same batch). A nonce counts once.
pub async fn use_nonces(conn: &mut Conn, nonces: &[(&str, &str)]) -> Result<Vec<bool>, DbError> {
    let mut fresh: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Unique within the batch first: the same form sent twice at once counts once.
    let mut unique: Vec<(&str, &str)> = Vec::with_capacity(nonces.len());
    let mut seen = std::collections::HashSet::new();
    for (hash, expires) in nonces {
        if seen.insert(*hash) {
            unique.push((hash, expires));
        }
    }
    // Hashes (hex) and dates are plain: written as literals, 500 to a statement.
    let plain = unique
        .iter()
        .all(|(hash, expires)| plain_code(hash) && plain_code(expires));
    for chunk in unique.chunks(if plain { 500 } else { ROWS_PER_STATEMENT * 3 }) {
        let values = if plain {
            chunk
                .iter()
                .map(|(hash, expires)| format!("('{hash}', '{expires}')"))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            placeholders(chunk.len(), 2)
        };
        let sql = format!(
            "INSERT INTO used_nonces (nonce_hash, expires_on) VALUES {values} \
             ON CONFLICT (nonce_hash) DO NOTHING RETURNING nonce_hash"
        );
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        if !plain {
            for (hash, expires) in chunk {
                q = q.bind(*hash).bind(*expires);
            }
        }
        fresh.extend(q.fetch_all(&mut *conn).await?);
    }
    // The first occurrence of a fresh nonce is the one that used it.
    Ok(nonces.iter().map(|(hash, _)| fresh.remove(*hash)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_framework_codes_are_written_as_literals() {
        for code in ["IIT", "I1", "E5.2", "q_10", "x-1"] {
            assert!(super::running_sums::plain_code(code), "{code}");
        }
        for text in ["", "a'b", "a b", "ก", "x;DROP", &"a".repeat(65)] {
            assert!(!super::running_sums::plain_code(text), "{text}");
        }
    }

    #[test]
    fn placeholders_number_every_parameter_once() {
        assert_eq!(super::placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }

    #[test]
    fn a_set_brings_its_first_response_into_repeated_when_it_repeats() {
        use super::running_sums::in_repeated_sets as r;
        // 0 -> 1: not repeated; 1 -> 2: both count; 2 -> 3: one more; 0 -> 3 at once: three.
        assert_eq!(r(1) - r(0), 0);
        assert_eq!(r(2) - r(1), 2);
        assert_eq!(r(3) - r(2), 1);
        assert_eq!(r(3) - r(0), 3);
    }
}
