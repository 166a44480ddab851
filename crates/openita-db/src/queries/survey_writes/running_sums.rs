//! The running sums a batch of responses adds to: counts per agency and instrument
//! (responses, all-best, repeated answer sets, busiest hour), hourly arrivals, answer-set
//! counts and the batch's tallies per question and level (one waiting row, `level_deltas`),
//! written together with the batch's rows in as few round trips as it takes.

use super::level_deltas;
use super::{NewResponse, ROWS_PER_STATEMENT, StoredResponse, placeholders, store_rows};
use crate::{Conn, DbError};
use std::collections::BTreeMap;

pub(super) type GroupKey<'a> = (i64, i64, &'a str);

/// What a batch adds to one agency's instrument in `survey_counts`.
#[derive(Default)]
pub(super) struct CountDelta {
    responses: i64,
    all_best: i64,
    pub(super) repeated: i64,
    pub(super) peak_hour: i64,
}

/// Responses in sets given at least twice, for a set given `n` times.
pub(super) fn in_repeated_sets(n: i64) -> i64 {
    if n >= 2 { n } else { 0 }
}

/// Adds the responses to the counts per agency and instrument (responses, all-best, repeated
/// answer sets, busiest hour), the hourly arrivals, the answer-set counts and the tallies per
/// question and level.
pub async fn add_to_running_sums(
    conn: &mut Conn,
    responses: &[&NewResponse],
) -> Result<(), DbError> {
    write_batch(conn, &[], responses).await
}

/// What a batch adds to each agency's instrument in `survey_counts`, before the repeated sets
/// and the busiest hour (which need the database's totals).
pub(super) fn count_deltas<'a>(
    responses: &[&'a NewResponse],
) -> BTreeMap<GroupKey<'a>, CountDelta> {
    let mut counts: BTreeMap<GroupKey<'a>, CountDelta> = BTreeMap::new();
    for r in responses {
        let c = counts
            .entry((r.cycle_id, r.agency_id, r.instrument))
            .or_default();
        c.responses += 1;
        c.all_best += i64::from(r.all_best);
    }
    counts
}

const COUNTS_INSERT: &str = "INSERT INTO survey_counts (cycle_id, agency_id, instrument, \
     responses, all_best, repeated, peak_hour)";
const COUNTS_UPSERT: &str = "ON CONFLICT (cycle_id, agency_id, instrument) DO UPDATE SET \
     responses = survey_counts.responses + excluded.responses, \
     all_best = survey_counts.all_best + excluded.all_best, \
     repeated = survey_counts.repeated + excluded.repeated, \
     peak_hour = CASE WHEN excluded.peak_hour > survey_counts.peak_hour \
       THEN excluded.peak_hour ELSE survey_counts.peak_hour END";

async fn add_counts(conn: &mut Conn, counts: &[(GroupKey<'_>, CountDelta)]) -> Result<(), DbError> {
    for chunk in counts.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "{COUNTS_INSERT} VALUES {} {COUNTS_UPSERT}",
            placeholders(chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for ((cycle, agency, instrument), d) in chunk {
            q = q
                .bind(*cycle)
                .bind(*agency)
                .bind(*instrument)
                .bind(d.responses)
                .bind(d.all_best)
                .bind(d.repeated)
                .bind(d.peak_hour);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Counts arrivals per hour and records each group's busiest hour so far.
async fn add_arrivals<'a>(
    conn: &mut Conn,
    responses: &[&'a NewResponse],
    counts: &mut BTreeMap<GroupKey<'a>, CountDelta>,
) -> Result<(), DbError> {
    let mut hours: BTreeMap<(GroupKey<'a>, &'a str), i64> = BTreeMap::new();
    for r in responses {
        *hours
            .entry(((r.cycle_id, r.agency_id, r.instrument), &r.received_hour))
            .or_default() += 1;
    }
    let hours: Vec<_> = hours.into_iter().collect();
    for chunk in hours.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO survey_arrivals (cycle_id, agency_id, instrument, hour, responses) \
             VALUES {} ON CONFLICT (cycle_id, agency_id, instrument, hour) \
             DO UPDATE SET responses = survey_arrivals.responses + excluded.responses \
             RETURNING cycle_id, agency_id, instrument, responses",
            placeholders(chunk.len(), 5)
        );
        let mut q = sqlx::query_as::<_, (i64, i64, String, i64)>(&sql);
        for (((cycle, agency, instrument), hour), n) in chunk {
            q = q
                .bind(*cycle)
                .bind(*agency)
                .bind(*instrument)
                .bind(*hour)
                .bind(*n);
        }
        for (cycle, agency, instrument, in_hour) in q.fetch_all(&mut *conn).await? {
            if let Some(c) = counts
                .iter_mut()
                .find(|((cy, ag, ins), _)| *cy == cycle && *ag == agency && *ins == instrument)
                .map(|(_, c)| c)
            {
                c.peak_hour = c.peak_hour.max(in_hour);
            }
        }
    }
    Ok(())
}

/// Counts each answer set and adds to `repeated` the responses that now belong to a set given
/// more than once (a set's first repeat brings its first response in with it). All-best
/// responses are left out: they are counted apart (`all_best`), and satisfied respondents
/// giving the same best answers are not a repeated pattern worth flagging.
async fn add_answer_sets<'a>(
    conn: &mut Conn,
    responses: &[&'a NewResponse],
    counts: &mut BTreeMap<GroupKey<'a>, CountDelta>,
) -> Result<(), DbError> {
    let mut sets: BTreeMap<(GroupKey<'a>, &'a str), i64> = BTreeMap::new();
    for r in responses.iter().filter(|r| !r.all_best) {
        *sets
            .entry(((r.cycle_id, r.agency_id, r.instrument), &r.set_hash))
            .or_default() += 1;
    }
    let sets: Vec<_> = sets.into_iter().collect();
    for chunk in sets.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO survey_answer_sets (cycle_id, agency_id, instrument, set_hash, \
             responses) VALUES {} ON CONFLICT (cycle_id, agency_id, instrument, set_hash) \
             DO UPDATE SET responses = survey_answer_sets.responses + excluded.responses \
             RETURNING cycle_id, agency_id, instrument, set_hash, responses",
            placeholders(chunk.len(), 5)
        );
        let mut q = sqlx::query_as::<_, (i64, i64, String, String, i64)>(&sql);
        for (((cycle, agency, instrument), hash), n) in chunk {
            q = q
                .bind(*cycle)
                .bind(*agency)
                .bind(*instrument)
                .bind(*hash)
                .bind(*n);
        }
        let added: BTreeMap<(i64, i64, &str, &str), i64> = chunk
            .iter()
            .map(|(((c, a, i), h), n)| ((*c, *a, *i, *h), *n))
            .collect();
        for (cycle, agency, instrument, hash, now) in q.fetch_all(&mut *conn).await? {
            let Some(k) = added
                .get(&(cycle, agency, instrument.as_str(), hash.as_str()))
                .copied()
            else {
                continue;
            };
            if let Some(c) = counts
                .iter_mut()
                .find(|((cy, ag, ins), _)| *cy == cycle && *ag == agency && *ins == instrument)
                .map(|(_, c)| c)
            {
                c.repeated += in_repeated_sets(now) - in_repeated_sets(now - k);
            }
        }
    }
    Ok(())
}

/// Rows per statement when written as literals (below).
const LITERAL_ROWS_PER_STATEMENT: usize = 500;

/// A text safe to write into SQL as a literal: framework codes (`IIT`, `I1`, `E5.2`) only.
pub(super) fn plain_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// A stored text safe as a SQL literal: the writer's own JSON of framework codes and numbers,
/// or its packed tallies (no quote, backslash or control character).
pub(super) fn plain_text(text: &str) -> bool {
    text.len() <= 64 * 1024
        && text
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'\'' && b != b'\\')
}

/// Writes a batch: the response rows and every running sum, in as few round trips to the
/// database as it takes. The hourly arrivals and the answer sets need their new totals back
/// (one statement each); the rows, the batch's tallies and the counts, all literals once
/// checked plain, go together as one script. Each round trip is a wake-up of the connection's thread,
/// which on a busy 2-core machine cost ~1 ms: the batch's latency was its number of
/// statements (benchmarks.md, session 6). Anything not plain goes the bound way.
pub async fn write_batch(
    conn: &mut Conn,
    rows: &[StoredResponse],
    responses: &[&NewResponse],
) -> Result<(), DbError> {
    let mut counts = count_deltas(responses);
    add_arrivals(conn, responses, &mut counts).await?;
    add_answer_sets(conn, responses, &mut counts).await?;
    let mut script: Vec<String> = Vec::new();
    match rows_literal(rows) {
        Some(statements) => script.extend(statements),
        None => store_rows(conn, rows).await?,
    }
    if !responses.is_empty() {
        let (key, tallies) = (
            level_deltas::random_key(),
            level_deltas::batch_text(responses)?,
        );
        match level_deltas::insert_literal(&key, &tallies) {
            Some(statement) => script.push(statement),
            None => level_deltas::insert_bound(conn, &key, &tallies).await?,
        }
    }
    let counts: Vec<_> = counts.into_iter().collect();
    match counts_literal(&counts) {
        Some(statements) => script.extend(statements),
        None => add_counts(conn, &counts).await?,
    }
    run_script(conn, &script).await
}

/// The rows as literal INSERTs, if every field is plain.
pub(super) fn rows_literal(rows: &[StoredResponse]) -> Option<Vec<String>> {
    let plain = rows.iter().all(|r| {
        plain_code(&r.id)
            && plain_code(&r.instrument)
            && plain_code(&r.received_on)
            && plain_text(&r.answers)
    });
    plain.then(|| {
        rows.chunks(100)
            .map(|chunk| {
                let values: Vec<String> = chunk
                    .iter()
                    .map(|r| {
                        format!(
                            "('{}', {}, {}, '{}', '{}', '{}')",
                            r.id, r.cycle_id, r.agency_id, r.instrument, r.answers, r.received_on
                        )
                    })
                    .collect();
                format!(
                    "INSERT INTO survey_responses (id, cycle_id, agency_id, instrument, answers, \
                     received_on) VALUES {}",
                    values.join(", ")
                )
            })
            .collect()
    })
}

/// The count upserts as literal statements, if every instrument code is plain.
pub(super) fn counts_literal(counts: &[(GroupKey<'_>, CountDelta)]) -> Option<Vec<String>> {
    let plain = counts
        .iter()
        .all(|((_, _, instrument), _)| plain_code(instrument));
    plain.then(|| {
        counts
            .chunks(LITERAL_ROWS_PER_STATEMENT)
            .map(|chunk| {
                let values: Vec<String> = chunk
                    .iter()
                    .map(|((cycle, agency, instrument), d)| {
                        format!(
                            "({cycle}, {agency}, '{instrument}', {}, {}, {}, {})",
                            d.responses, d.all_best, d.repeated, d.peak_hour
                        )
                    })
                    .collect();
                format!(
                    "{COUNTS_INSERT} VALUES {} {COUNTS_UPSERT}",
                    values.join(", ")
                )
            })
            .collect()
    })
}

/// Runs literal statements in one round trip: on SQLite as a script, on PostgreSQL as the
/// data-modifying parts of one WITH statement (each a different table).
pub(super) async fn run_script(conn: &mut Conn, script: &[String]) -> Result<(), DbError> {
    let Some((last, first)) = script.split_last() else {
        return Ok(());
    };
    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
        // A text without parameters runs on SQLite as a script: every statement in turn,
        // in one trip to the connection's thread.
        let script = script.join(";\n");
        sqlx::Executor::execute(&mut *conn, script.as_str()).await?;
    } else {
        // PostgreSQL takes one statement per prepared request.
        let parts: Vec<String> = first
            .iter()
            .enumerate()
            .map(|(i, statement)| format!("w{i} AS ({statement} RETURNING 1)"))
            .collect();
        let statement = if parts.is_empty() {
            last.clone()
        } else {
            format!("WITH {} {last}", parts.join(", "))
        };
        sqlx::Executor::execute(&mut *conn, statement.as_str()).await?;
    }
    Ok(())
}
