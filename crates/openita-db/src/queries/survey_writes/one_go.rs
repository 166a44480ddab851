//! The common batch in two round trips inside its transaction. Almost every batch has only
//! new nonces: then marking the nonces, counting the hourly arrivals and the answer sets (the
//! three statements whose results the counts need) go as one request, and the rows, the
//! batch's tallies (`level_deltas`) and the counts as a second (`run_script`). A batch with a
//! nonce used before finds out from the first request; its transaction is rolled back and the
//! writer takes the careful path (`use_nonces`, then `write_batch`), which refuses that
//! response alone.
//!
//! On a busy 2-core machine each request to SQLite's connection thread costs 0.5-1 ms of
//! waiting, and the careful path makes 7-8 of them per batch (docs/benchmarks.md).

use super::{
    NewResponse, StoredResponse, level_deltas,
    running_sums::{
        CountDelta, GroupKey, count_deltas, counts_literal, in_repeated_sets, plain_code,
        rows_literal, run_script,
    },
};
use crate::{Conn, DbError};
use sqlx::Row;
use std::collections::{BTreeMap, HashSet};

/// Statements' rows: literals 500 to a statement.
const LITERAL_ROWS: usize = 500;

/// A batch that can go in one go: every nonce distinct and every key plain.
pub struct OneGo<'a> {
    responses: Vec<&'a NewResponse>,
    hours: Vec<((GroupKey<'a>, &'a str), i64)>,
    sets: Vec<((GroupKey<'a>, &'a str), i64)>,
}

/// What the first request said.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// Everything is written; commit.
    All,
    /// Roll back and take the careful path: a nonce had been used before (nearly always), or
    /// rows moved by the mixing step are not plain enough to write as literals.
    TakeCarefulPath,
}

impl<'a> OneGo<'a> {
    /// `None` when the batch repeats a nonce or has a key that is not plain (the careful
    /// path handles both); nothing is sent to the database either way.
    pub fn plan(responses: &[&'a NewResponse]) -> Option<OneGo<'a>> {
        let mut nonces = HashSet::with_capacity(responses.len());
        let distinct_and_plain = responses.iter().all(|r| {
            plain_code(&r.nonce_hash)
                && plain_code(&r.nonce_expires_on)
                && plain_code(r.instrument)
                && plain_code(&r.received_hour)
                && plain_code(&r.set_hash)
                && nonces.insert(r.nonce_hash.as_str())
        });
        if !distinct_and_plain {
            return None;
        }
        let mut hours: BTreeMap<(GroupKey<'a>, &'a str), i64> = BTreeMap::new();
        let mut sets: BTreeMap<(GroupKey<'a>, &'a str), i64> = BTreeMap::new();
        for r in responses {
            let group = (r.cycle_id, r.agency_id, r.instrument);
            *hours.entry((group, &r.received_hour)).or_default() += 1;
            if !r.all_best {
                *sets.entry((group, &r.set_hash)).or_default() += 1;
            }
        }
        Some(OneGo {
            responses: responses.to_vec(),
            hours: hours.into_iter().collect(),
            sets: sets.into_iter().collect(),
        })
    }

    /// Writes the batch and `rows` (the batch's rows, shuffled, with any rows moved by the
    /// mixing step) inside the caller's transaction.
    pub async fn write(self, conn: &mut Conn, rows: &[StoredResponse]) -> Result<Written, DbError> {
        let sqlite = conn.backend_name().eq_ignore_ascii_case("sqlite");
        let statements = self.first_statements();
        let returned = if sqlite {
            let script: Vec<&str> = statements.iter().map(|(_, sql)| sql.as_str()).collect();
            sqlite_rows(conn, &script.join(";\n")).await?
        } else {
            postgres_rows(conn, &statements).await?
        };
        let fresh = returned
            .iter()
            .filter(|r| matches!(r, Returned::Nonce))
            .count();
        if fresh != self.responses.len() {
            return Ok(Written::TakeCarefulPath);
        }
        let mut counts = count_deltas(&self.responses);
        self.apply(&returned, &mut counts);
        let tallies = level_deltas::batch_text(&self.responses)?;
        let counts: Vec<_> = counts.into_iter().collect();
        let script: Option<Vec<String>> = (|| {
            let mut script = rows_literal(rows)?;
            script.push(level_deltas::insert_literal(
                &level_deltas::random_key(),
                &tallies,
            )?);
            script.extend(counts_literal(&counts)?);
            Some(script)
        })();
        match script {
            Some(script) => run_script(conn, &script).await?,
            // Rows moved by the mixing step were written by hand or by an older version:
            // not the writer's own plain text. The careful path binds them.
            None => return Ok(Written::TakeCarefulPath),
        }
        Ok(Written::All)
    }

    /// Nonces, then hourly arrivals, then answer sets, as literal upserts that return what
    /// the counts need, each with what its rows are.
    fn first_statements(&self) -> Vec<(Kind, String)> {
        let mut statements = Vec::new();
        for chunk in self.responses.chunks(LITERAL_ROWS) {
            let values: Vec<String> = chunk
                .iter()
                .map(|r| format!("('{}', '{}')", r.nonce_hash, r.nonce_expires_on))
                .collect();
            statements.push((
                Kind::Nonce,
                format!(
                    "INSERT INTO used_nonces (nonce_hash, expires_on) VALUES {} \
                 ON CONFLICT (nonce_hash) DO NOTHING RETURNING nonce_hash",
                    values.join(", ")
                ),
            ));
        }
        for chunk in self.hours.chunks(LITERAL_ROWS) {
            let values: Vec<String> = chunk
                .iter()
                .map(|(((cycle, agency, instrument), hour), n)| {
                    format!("({cycle}, {agency}, '{instrument}', '{hour}', {n})")
                })
                .collect();
            statements.push((Kind::Hour, format!(
                "INSERT INTO survey_arrivals (cycle_id, agency_id, instrument, hour, responses) \
                 VALUES {} ON CONFLICT (cycle_id, agency_id, instrument, hour) \
                 DO UPDATE SET responses = survey_arrivals.responses + excluded.responses \
                 RETURNING cycle_id, agency_id, instrument, responses",
                values.join(", ")
            )));
        }
        for chunk in self.sets.chunks(LITERAL_ROWS) {
            let values: Vec<String> = chunk
                .iter()
                .map(|(((cycle, agency, instrument), hash), n)| {
                    format!("({cycle}, {agency}, '{instrument}', '{hash}', {n})")
                })
                .collect();
            statements.push((
                Kind::Set,
                format!(
                    "INSERT INTO survey_answer_sets (cycle_id, agency_id, instrument, set_hash, \
                 responses) VALUES {} ON CONFLICT (cycle_id, agency_id, instrument, set_hash) \
                 DO UPDATE SET responses = survey_answer_sets.responses + excluded.responses \
                 RETURNING cycle_id, agency_id, instrument, set_hash, responses",
                    values.join(", ")
                ),
            ));
        }
        statements
    }

    /// The busiest hour and the repeated sets, from the new totals (as `write_batch` does).
    fn apply(&self, returned: &[Returned], counts: &mut BTreeMap<GroupKey<'a>, CountDelta>) {
        let added: BTreeMap<(i64, i64, &str, &str), i64> = self
            .sets
            .iter()
            .map(|(((c, a, i), h), n)| ((*c, *a, *i, *h), *n))
            .collect();
        for r in returned {
            match r {
                Returned::Nonce => {}
                Returned::Hour {
                    group: (cycle, agency, instrument),
                    now,
                } => {
                    if let Some(c) = count_of(counts, *cycle, *agency, instrument) {
                        c.peak_hour = c.peak_hour.max(*now);
                    }
                }
                Returned::Set {
                    group: (cycle, agency, instrument),
                    hash,
                    now,
                } => {
                    let Some(k) = added.get(&(*cycle, *agency, instrument.as_str(), hash.as_str()))
                    else {
                        continue;
                    };
                    if let Some(c) = count_of(counts, *cycle, *agency, instrument) {
                        c.repeated += in_repeated_sets(*now) - in_repeated_sets(*now - *k);
                    }
                }
            }
        }
    }
}

/// The counts of a group named by a returned row (whose instrument is a new `String`).
fn count_of<'m>(
    counts: &'m mut BTreeMap<GroupKey<'_>, CountDelta>,
    cycle: i64,
    agency: i64,
    instrument: &str,
) -> Option<&'m mut CountDelta> {
    counts
        .iter_mut()
        .find(|((c, a, i), _)| *c == cycle && *a == agency && *i == instrument)
        .map(|(_, d)| d)
}

/// Which of the first statements a row comes from.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Nonce,
    Hour,
    Set,
}

/// A row the first request returned.
#[derive(Debug)]
enum Returned {
    Nonce,
    Hour {
        group: (i64, i64, String),
        now: i64,
    },
    Set {
        group: (i64, i64, String),
        hash: String,
        now: i64,
    },
}

/// SQLite runs the statements as one script; each statement's rows are told apart by their
/// width (1: a nonce, 4: an hour, 5: a set).
async fn sqlite_rows(conn: &mut Conn, script: &str) -> Result<Vec<Returned>, DbError> {
    let rows = sqlx::Executor::fetch_all(&mut *conn, script).await?;
    rows.iter()
        .map(|row| {
            Ok(match row.len() {
                1 => Returned::Nonce,
                4 => Returned::Hour {
                    group: (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?),
                    now: row.try_get(3)?,
                },
                _ => Returned::Set {
                    group: (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?),
                    hash: row.try_get(3)?,
                    now: row.try_get(4)?,
                },
            })
        })
        .collect()
}

/// PostgreSQL takes the statements as the data-modifying parts of one WITH statement, whose
/// rows say which part they come from.
async fn postgres_rows(
    conn: &mut Conn,
    statements: &[(Kind, String)],
) -> Result<Vec<Returned>, DbError> {
    let mut parts = Vec::new();
    let mut selects = Vec::new();
    for (i, (kind, statement)) in statements.iter().enumerate() {
        parts.push(format!("p{i} AS ({statement})"));
        let select = match kind {
            Kind::Nonce => format!(
                "SELECT 1::BIGINT, 0::BIGINT, 0::BIGINT, ''::TEXT, ''::TEXT, 0::BIGINT FROM p{i}"
            ),
            Kind::Hour => format!(
                "SELECT 2::BIGINT, cycle_id, agency_id, instrument, ''::TEXT, \
                 responses::BIGINT FROM p{i}"
            ),
            Kind::Set => format!(
                "SELECT 3::BIGINT, cycle_id, agency_id, instrument, set_hash, \
                 responses::BIGINT FROM p{i}"
            ),
        };
        selects.push(select);
    }
    let sql = format!("WITH {} {}", parts.join(", "), selects.join(" UNION ALL "));
    let rows: Vec<(i64, i64, i64, String, String, i64)> =
        sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|(kind, cycle, agency, instrument, hash, now)| match kind {
            1 => Returned::Nonce,
            2 => Returned::Hour {
                group: (cycle, agency, instrument),
                now,
            },
            _ => Returned::Set {
                group: (cycle, agency, instrument),
                hash,
                now,
            },
        })
        .collect())
}
