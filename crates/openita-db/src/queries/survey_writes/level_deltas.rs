//! The answers per question and level, kept packed in each agency's counts row
//! (`survey_counts.levels`: `question:level:answers` entries joined by `,`) and reached in two
//! steps. A batch adds one row to `survey_level_deltas`: its own tallies for every agency and
//! instrument it touched, one text under a random key. Every second or so `fold` moves the
//! waiting rows into the counts rows and deletes them, in one transaction. Readers take the
//! counts rows and the waiting rows in one statement (`scoring_inputs::tallies`), so a fold
//! never shows half done.
//!
//! Why: upserting ~28 tally rows per response was a quarter of the survey path's time on
//! SQLite (each a page of the write-ahead log) and most of PostgreSQL's (docs/benchmarks.md,
//! session 8); a batch's one row is a page or two.
//!
//! Anonymity: a waiting row holds what the batch's response rows hold (answers, no time, no
//! order: its key is random) and lives until the next fold.

use super::{NewResponse, placeholders};
use crate::queries::scoring_inputs::tally_entries;
use crate::{Conn, DbError};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// An agency's instrument in a cycle.
type Group = (i64, i64, String);
/// Answers per (question, level).
pub(crate) type Sums = BTreeMap<(String, i64), i64>;

/// Rows per literal statement in a fold.
const FOLD_ROWS_PER_STATEMENT: usize = 500;

/// One batch's tallies as the text of its waiting row: per agency and instrument
/// `cycle agency instrument packed-entries`, joined by `;`.
pub(super) fn batch_text(responses: &[&NewResponse]) -> Result<String, DbError> {
    type BatchSums<'a> = BTreeMap<(&'a str, i64), i64>;
    let mut groups: BTreeMap<(i64, i64, &str), BatchSums<'_>> = BTreeMap::new();
    for r in responses {
        let sums = groups
            .entry((r.cycle_id, r.agency_id, r.instrument))
            .or_default();
        for (question, level) in &r.levels {
            *sums.entry((question.as_str(), *level)).or_default() += 1;
        }
    }
    let mut out = String::new();
    for ((cycle, agency, instrument), sums) in groups {
        if instrument.is_empty() || instrument.contains([' ', ';', ',', ':']) {
            return Err(DbError::Corrupt(format!(
                "survey_level_deltas: instrument code `{instrument}` cannot be packed"
            )));
        }
        if !out.is_empty() {
            out.push(';');
        }
        let _ = write!(out, "{cycle} {agency} {instrument} ");
        pack_into(&mut out, sums.iter().map(|((q, l), n)| (*q, *l, *n)))?;
    }
    Ok(out)
}

/// Appends `question:level:answers` entries joined by `,`, refusing codes that would break
/// the packing.
fn pack_into<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a str, i64, i64)>,
) -> Result<(), DbError> {
    let mut first = true;
    for (question, level, n) in entries {
        if question.is_empty() || question.contains([':', ',', ';', ' ']) {
            return Err(DbError::Corrupt(format!(
                "survey_counts.levels: question code `{question}` cannot be packed"
            )));
        }
        if !first {
            out.push(',');
        }
        first = false;
        // Writing to a String cannot fail.
        let _ = write!(out, "{question}:{level}:{n}");
    }
    Ok(())
}

/// The groups of a waiting row's text: (cycle, agency, instrument, packed entries).
pub(crate) fn groups_of(
    text: &str,
) -> impl Iterator<Item = Result<(i64, i64, &str, &str), DbError>> {
    text.split(';').filter(|g| !g.is_empty()).map(|group| {
        let mut parts = group.splitn(4, ' ');
        let cycle = parts.next().and_then(|c| c.parse().ok());
        let agency = parts.next().and_then(|a| a.parse().ok());
        match (cycle, agency, parts.next(), parts.next()) {
            (Some(cycle), Some(agency), Some(instrument), Some(entries)) => {
                Ok((cycle, agency, instrument, entries))
            }
            _ => Err(DbError::Corrupt(format!(
                "survey_level_deltas: unreadable group `{group}`"
            ))),
        }
    })
}

/// Adds a packed entries text into `sums`.
pub(crate) fn add_packed(sums: &mut Sums, packed: &str) -> Result<(), DbError> {
    for entry in tally_entries(packed) {
        let entry = entry?;
        *sums
            .entry((entry.question_id.to_string(), entry.level))
            .or_default() += entry.answers;
    }
    Ok(())
}

/// `sums` packed, in question and level order.
pub(crate) fn pack(sums: &Sums) -> Result<String, DbError> {
    let mut out = String::new();
    pack_into(
        &mut out,
        sums.iter().map(|((q, l), n)| (q.as_str(), *l, *n)),
    )?;
    Ok(out)
}

/// The INSERT of a batch's waiting row: a literal when the text is plain, else bound.
pub(super) fn insert_literal(key: &str, text: &str) -> Option<String> {
    let plain = super::running_sums::plain_code(key)
        && text
            .bytes()
            .all(|b| (b.is_ascii_graphic() || b == b' ') && b != b'\'' && b != b'\\');
    plain.then(|| {
        format!("INSERT INTO survey_level_deltas (id, entries) VALUES ('{key}', '{text}')")
    })
}

pub(super) async fn insert_bound(conn: &mut Conn, key: &str, text: &str) -> Result<(), DbError> {
    sqlx::query("INSERT INTO survey_level_deltas (id, entries) VALUES ($1, $2)")
        .bind(key)
        .bind(text)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A random key for a waiting row (nothing orders them).
pub(super) fn random_key() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Moves every waiting row into the counts rows and deletes it, inside the caller's
/// transaction; returns how many rows were folded. Each counts row is locked before it is
/// read (an upsert that changes nothing), so two folds at once (two instances) add each row
/// once: the second waits, and its DELETE no longer sees what the first took.
pub async fn fold(conn: &mut Conn) -> Result<usize, DbError> {
    let texts: Vec<String> =
        sqlx::query_scalar("DELETE FROM survey_level_deltas RETURNING entries")
            .fetch_all(&mut *conn)
            .await?;
    if texts.is_empty() {
        return Ok(0);
    }
    let mut added: BTreeMap<Group, Sums> = BTreeMap::new();
    for text in &texts {
        for group in groups_of(text) {
            let (cycle, agency, instrument, entries) = group?;
            add_packed(
                added
                    .entry((cycle, agency, instrument.to_string()))
                    .or_default(),
                entries,
            )?;
        }
    }
    let groups: Vec<&Group> = added.keys().collect();
    let plain = groups
        .iter()
        .all(|(_, _, instrument)| super::running_sums::plain_code(instrument));
    let mut current: BTreeMap<Group, String> = BTreeMap::new();
    let chunk_len = if plain { FOLD_ROWS_PER_STATEMENT } else { 16 };
    for chunk in groups.chunks(chunk_len) {
        for (cycle, agency, instrument, levels) in lock_counts(conn, chunk, plain).await? {
            current.insert((cycle, agency, instrument), levels);
        }
    }
    let mut rows = Vec::with_capacity(added.len());
    for (group, mut sums) in added {
        let levels = current.get(&group).ok_or_else(|| {
            DbError::Corrupt(format!(
                "survey_counts: {group:?} was not locked for the fold"
            ))
        })?;
        add_packed(&mut sums, levels)?;
        rows.push((group, pack(&sums)?));
    }
    const SET_LEVELS: &str = "ON CONFLICT (cycle_id, agency_id, instrument) \
         DO UPDATE SET levels = excluded.levels";
    let insert = "INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses, levels)";
    if plain
        && rows
            .iter()
            .all(|(_, levels)| super::running_sums::plain_text(levels))
    {
        let script: Vec<String> = rows
            .chunks(FOLD_ROWS_PER_STATEMENT)
            .map(|chunk| {
                let values: Vec<String> = chunk
                    .iter()
                    .map(|((cycle, agency, instrument), levels)| {
                        format!("({cycle}, {agency}, '{instrument}', 0, '{levels}')")
                    })
                    .collect();
                format!("{insert} VALUES {} {SET_LEVELS}", values.join(", "))
            })
            .collect();
        super::running_sums::run_script(conn, &script).await?;
    } else {
        for chunk in rows.chunks(16) {
            let sql = format!(
                "{insert} VALUES {} {SET_LEVELS}",
                placeholders(chunk.len(), 5)
            );
            let mut q = sqlx::query(&sql);
            for ((cycle, agency, instrument), levels) in chunk {
                q = q
                    .bind(*cycle)
                    .bind(*agency)
                    .bind(instrument.as_str())
                    .bind(0_i64)
                    .bind(levels.as_str());
            }
            q.execute(&mut *conn).await?;
        }
    }
    Ok(texts.len())
}

/// Locks the groups' counts rows (an upsert that changes nothing) and returns the tallies
/// they hold.
async fn lock_counts(
    conn: &mut Conn,
    groups: &[&Group],
    plain: bool,
) -> Result<Vec<(i64, i64, String, String)>, DbError> {
    const LOCK: &str = "ON CONFLICT (cycle_id, agency_id, instrument) \
         DO UPDATE SET responses = survey_counts.responses \
         RETURNING cycle_id, agency_id, instrument, levels";
    let insert = "INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses)";
    if plain {
        let values: Vec<String> = groups
            .iter()
            .map(|(cycle, agency, instrument)| format!("({cycle}, {agency}, '{instrument}', 0)"))
            .collect();
        let sql = format!("{insert} VALUES {} {LOCK}", values.join(", "));
        return Ok(sqlx::query_as(&sql).fetch_all(&mut *conn).await?);
    }
    let sql = format!("{insert} VALUES {} {LOCK}", placeholders(groups.len(), 4));
    let mut q = sqlx::query_as(&sql);
    for (cycle, agency, instrument) in groups {
        q = q
            .bind(*cycle)
            .bind(*agency)
            .bind(instrument.as_str())
            .bind(0_i64);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(agency: i64, levels: &[(&str, i64)]) -> NewResponse {
        NewResponse {
            id: format!("r{agency}"),
            cycle_id: 1,
            agency_id: agency,
            instrument: "IIT",
            answers_json: "{}".into(),
            received_on: "2025-03-01".into(),
            received_hour: "2025-03-01T09".into(),
            set_hash: "s".into(),
            all_best: false,
            levels: levels.iter().map(|(q, l)| (q.to_string(), *l)).collect(),
            nonce_hash: format!("n{agency}"),
            nonce_expires_on: "2025-03-02".into(),
        }
    }

    #[test]
    fn a_batch_packs_per_agency_and_reads_back() {
        let (a, b, c) = (
            response(7, &[("i1_1", 4), ("e.2-x", 1)]),
            response(7, &[("i1_1", 4)]),
            response(9, &[("i1_1", 2)]),
        );
        let text = batch_text(&[&a, &b, &c]).unwrap_or_default();
        assert_eq!(text, "1 7 IIT e.2-x:1:1,i1_1:4:2;1 9 IIT i1_1:2:1");
        let groups: Vec<_> = groups_of(&text).filter_map(Result::ok).collect();
        assert_eq!(
            groups,
            vec![
                (1, 7, "IIT", "e.2-x:1:1,i1_1:4:2"),
                (1, 9, "IIT", "i1_1:2:1")
            ]
        );
    }

    #[test]
    fn sums_add_and_pack_in_order() {
        let mut sums = Sums::new();
        assert!(add_packed(&mut sums, "i1_1:4:2,i1_2:1:5").is_ok());
        assert!(add_packed(&mut sums, "i1_1:4:3,e1:5:1").is_ok());
        assert_eq!(
            pack(&sums).ok().as_deref(),
            Some("e1:5:1,i1_1:4:5,i1_2:1:5")
        );
    }

    #[test]
    fn what_cannot_be_packed_or_read_is_refused() {
        assert!(batch_text(&[&response(1, &[("i1:1", 2)])]).is_err());
        assert!(batch_text(&[&response(1, &[("i1,1", 2)])]).is_err());
        assert!(add_packed(&mut Sums::new(), "i1_1:x:2").is_err());
        assert!(
            groups_of("1 x IIT i1:1:1")
                .next()
                .is_some_and(|g| g.is_err())
        );
        assert!(insert_literal("k1", "1 2 IIT it's:1:1").is_none());
    }
}
