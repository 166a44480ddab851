//! Writing a batch of survey responses in few statements: the rows in multi-row INSERTs, and
//! the running tallies, counts, hourly arrivals and answer-set counts summed in memory first,
//! so that a batch of N responses with 28 answers each costs a handful of statements instead
//! of 30 x N. This is the hot path of deadline weeks (docs/benchmarks.md).

use super::surveys::NewResponse;
use crate::{Conn, DbError};
use std::collections::BTreeMap;

/// Rows per INSERT: 16 rows of up to 7 parameters. sqlx's SQLite binding looks every
/// parameter up by name, and SQLite finds a name by walking the statement's list, so the cost
/// grows with the square of the parameters in a statement: with 100 rows (600 parameters)
/// `sqlite3_bind_parameter_name` was still 22 % of the server's CPU under survey load
/// (benchmarks.md, session 6); with 16 rows it is a few per cent, for six times the statements.
const ROWS_PER_STATEMENT: usize = 16;

/// "($1, $2, ...), ($7, ...)" for `rows` rows of `width` parameters.
fn placeholders(rows: usize, width: usize) -> String {
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
    store_rows(conn, &rows).await?;
    add_to_running_sums(conn, responses).await
}

/// Writes response rows in the order given (the caller shuffles them). Only the answers are
/// bound as parameters; the keys, numbers, codes and dates (checked plain) are literals, so a
/// statement holds 100 rows with 100 parameters (see `ROWS_PER_STATEMENT` for why few).
pub async fn store_rows(conn: &mut Conn, rows: &[StoredResponse]) -> Result<(), DbError> {
    let plain = rows
        .iter()
        .all(|r| plain_code(&r.id) && plain_code(&r.instrument) && plain_code(&r.received_on));
    let per_statement = if plain { 100 } else { ROWS_PER_STATEMENT };
    for chunk in rows.chunks(per_statement) {
        let values = if plain {
            chunk
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    format!(
                        "('{}', {}, {}, '{}', ${}, '{}')",
                        r.id,
                        r.cycle_id,
                        r.agency_id,
                        r.instrument,
                        i + 1,
                        r.received_on
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            placeholders(chunk.len(), 6)
        };
        let sql = format!(
            "INSERT INTO survey_responses (id, cycle_id, agency_id, instrument, answers, \
             received_on) VALUES {values}"
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = if plain {
                q.bind(&r.answers)
            } else {
                q.bind(&r.id)
                    .bind(r.cycle_id)
                    .bind(r.agency_id)
                    .bind(&r.instrument)
                    .bind(&r.answers)
                    .bind(&r.received_on)
            };
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
/// this: its table has no row ids and is kept in the order of the random keys.
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
                 ORDER BY r.id LIMIT ${limit}) AS picked) \
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

type TallyKey<'a> = (i64, i64, &'a str, &'a str, i64);
type GroupKey<'a> = (i64, i64, &'a str);

/// What a batch adds to one agency's instrument in `survey_counts`.
#[derive(Default)]
struct CountDelta {
    responses: i64,
    all_best: i64,
    repeated: i64,
    peak_hour: i64,
}

/// Responses in sets given at least twice, for a set given `n` times.
fn in_repeated_sets(n: i64) -> i64 {
    if n >= 2 { n } else { 0 }
}

/// Adds the responses to the running tallies (per question and level), the counts per agency
/// and instrument (responses, all-best, repeated answer sets, busiest hour), the hourly
/// arrivals and the answer-set counts.
pub async fn add_to_running_sums(
    conn: &mut Conn,
    responses: &[&NewResponse],
) -> Result<(), DbError> {
    let mut counts: BTreeMap<GroupKey<'_>, CountDelta> = BTreeMap::new();
    for r in responses {
        let c = counts
            .entry((r.cycle_id, r.agency_id, r.instrument))
            .or_default();
        c.responses += 1;
        c.all_best += i64::from(r.all_best);
    }
    add_arrivals(conn, responses, &mut counts).await?;
    add_answer_sets(conn, responses, &mut counts).await?;
    add_tallies(conn, responses).await?;
    let counts: Vec<_> = counts.into_iter().collect();
    add_counts(conn, &counts).await
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

/// Tally rows per statement when written as literals (below).
const TALLY_ROWS_PER_STATEMENT: usize = 500;

/// A text safe to write into SQL as a literal: framework codes (`IIT`, `I1`, `E5.2`) only.
fn plain_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Adds a batch's answers to the running tallies: one row per (agency, question, level) the
/// batch touches, a thousand or more for a batch of a few dozen responses. The rows are all
/// numbers and framework codes, so they are written as SQL literals, 500 to a statement: bound
/// as parameters they needed one statement per 16 rows (sqlx's SQLite binding is quadratic in
/// the parameters of a statement), ~80 statements per batch, each a round trip to the
/// connection's thread while every response of the batch waits.
async fn add_tallies(conn: &mut Conn, responses: &[&NewResponse]) -> Result<(), DbError> {
    let mut tallies: BTreeMap<TallyKey<'_>, i64> = BTreeMap::new();
    for r in responses {
        for (question, level) in &r.levels {
            *tallies
                .entry((r.cycle_id, r.agency_id, r.instrument, question, *level))
                .or_default() += 1;
        }
    }
    let tallies: Vec<_> = tallies.into_iter().collect();
    let literal = tallies
        .iter()
        .all(|((_, _, instrument, question, _), _)| plain_code(instrument) && plain_code(question));
    let per_statement = if literal {
        TALLY_ROWS_PER_STATEMENT
    } else {
        ROWS_PER_STATEMENT
    };
    for chunk in tallies.chunks(per_statement) {
        let values = if literal {
            chunk
                .iter()
                .map(|((cycle, agency, instrument, question, level), n)| {
                    format!("({cycle}, {agency}, '{instrument}', '{question}', {level}, {n})")
                })
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            placeholders(chunk.len(), 6)
        };
        let sql = format!(
            "INSERT INTO survey_tallies (cycle_id, agency_id, instrument, question_id, level, \
             answers) VALUES {values} ON CONFLICT (cycle_id, agency_id, instrument, question_id, level) \
             DO UPDATE SET answers = survey_tallies.answers + excluded.answers"
        );
        let mut q = sqlx::query(&sql);
        if !literal {
            for ((cycle, agency, instrument, question, level), n) in chunk {
                q = q
                    .bind(*cycle)
                    .bind(*agency)
                    .bind(*instrument)
                    .bind(*question)
                    .bind(*level)
                    .bind(*n);
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_framework_codes_are_written_as_literals() {
        for code in ["IIT", "I1", "E5.2", "q_10", "x-1"] {
            assert!(super::plain_code(code), "{code}");
        }
        for text in ["", "a'b", "a b", "ก", "x;DROP", &"a".repeat(65)] {
            assert!(!super::plain_code(text), "{text}");
        }
    }

    #[test]
    fn placeholders_number_every_parameter_once() {
        assert_eq!(super::placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }

    #[test]
    fn a_set_brings_its_first_response_into_repeated_when_it_repeats() {
        use super::in_repeated_sets as r;
        // 0 -> 1: not repeated; 1 -> 2: both count; 2 -> 3: one more; 0 -> 3 at once: three.
        assert_eq!(r(1) - r(0), 0);
        assert_eq!(r(2) - r(1), 2);
        assert_eq!(r(3) - r(2), 1);
        assert_eq!(r(3) - r(0), 3);
    }
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

/// A stored answers text safe as a SQL literal: the writer's own JSON of framework codes and
/// numbers (no quote, backslash or control character).
fn plain_json(text: &str) -> bool {
    text.len() <= 64 * 1024
        && text
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'\'' && b != b'\\')
}

/// Writes a batch: the response rows and every running sum, in as few round trips to the
/// database as it takes. The hourly arrivals and the answer sets need their new totals back
/// (one statement each); the rows, the tallies and the counts, all literals once checked
/// plain, go together as one script. Each round trip is a wake-up of the connection's thread,
/// which on a busy 2-core machine cost ~1 ms: the batch's latency was its number of
/// statements (benchmarks.md, session 6). Anything not plain goes the bound way.
pub async fn write_batch(
    conn: &mut Conn,
    rows: &[StoredResponse],
    responses: &[&NewResponse],
) -> Result<(), DbError> {
    let mut counts: BTreeMap<GroupKey<'_>, CountDelta> = BTreeMap::new();
    for r in responses {
        let c = counts
            .entry((r.cycle_id, r.agency_id, r.instrument))
            .or_default();
        c.responses += 1;
        c.all_best += i64::from(r.all_best);
    }
    add_arrivals(conn, responses, &mut counts).await?;
    add_answer_sets(conn, responses, &mut counts).await?;
    let mut script: Vec<String> = Vec::new();

    let rows_plain = rows.iter().all(|r| {
        plain_code(&r.id)
            && plain_code(&r.instrument)
            && plain_code(&r.received_on)
            && plain_json(&r.answers)
    });
    if rows_plain {
        for chunk in rows.chunks(100) {
            let values: Vec<String> = chunk
                .iter()
                .map(|r| {
                    format!(
                        "('{}', {}, {}, '{}', '{}', '{}')",
                        r.id, r.cycle_id, r.agency_id, r.instrument, r.answers, r.received_on
                    )
                })
                .collect();
            script.push(format!(
                "INSERT INTO survey_responses (id, cycle_id, agency_id, instrument, answers, \
                 received_on) VALUES {}",
                values.join(", ")
            ));
        }
    } else {
        store_rows(conn, rows).await?;
    }

    let mut tallies: BTreeMap<TallyKey<'_>, i64> = BTreeMap::new();
    for r in responses {
        for (question, level) in &r.levels {
            *tallies
                .entry((r.cycle_id, r.agency_id, r.instrument, question, *level))
                .or_default() += 1;
        }
    }
    let tallies_plain = tallies
        .keys()
        .all(|(_, _, instrument, question, _)| plain_code(instrument) && plain_code(question));
    if tallies_plain {
        let tallies: Vec<_> = tallies.into_iter().collect();
        for chunk in tallies.chunks(TALLY_ROWS_PER_STATEMENT) {
            let values: Vec<String> = chunk
                .iter()
                .map(|((cycle, agency, instrument, question, level), n)| {
                    format!("({cycle}, {agency}, '{instrument}', '{question}', {level}, {n})")
                })
                .collect();
            script.push(format!(
                "INSERT INTO survey_tallies (cycle_id, agency_id, instrument, question_id, level, \
                 answers) VALUES {} ON CONFLICT (cycle_id, agency_id, instrument, question_id, \
                 level) DO UPDATE SET answers = survey_tallies.answers + excluded.answers",
                values.join(", ")
            ));
        }
    } else {
        add_tallies(conn, responses).await?;
    }

    let counts_plain = counts
        .keys()
        .all(|(_, _, instrument)| plain_code(instrument));
    let counts: Vec<_> = counts.into_iter().collect();
    if counts_plain {
        for chunk in counts.chunks(TALLY_ROWS_PER_STATEMENT) {
            let values: Vec<String> = chunk
                .iter()
                .map(|((cycle, agency, instrument), d)| {
                    format!(
                        "({cycle}, {agency}, '{instrument}', {}, {}, {}, {})",
                        d.responses, d.all_best, d.repeated, d.peak_hour
                    )
                })
                .collect();
            script.push(format!(
                "{COUNTS_INSERT} VALUES {} {COUNTS_UPSERT}",
                values.join(", ")
            ));
        }
    } else {
        add_counts(conn, &counts).await?;
    }
    if !script.is_empty() {
        if conn.backend_name().eq_ignore_ascii_case("sqlite") {
            // A text without parameters runs on SQLite as a script: every statement in turn,
            // in one trip to the connection's thread.
            let script = script.join(";\n");
            sqlx::Executor::execute(&mut *conn, script.as_str()).await?;
        } else {
            // PostgreSQL takes one statement per request: the inserts go together as the
            // data-modifying parts of one WITH statement (each a different table).
            let (last, first) = script.split_last().unwrap_or((&script[0], &[]));
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
    }
    Ok(())
}
