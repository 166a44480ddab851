//! Counting repeated answer sets and all-best responses again from the raw responses: for the
//! responses stored before the running counts existed (migration 8 leaves a `pending` mark
//! when there were any), and to prove the running counts (`results::verify_running_sums`).
//! The busiest hour cannot be recounted: a stored response keeps only its day.

use crate::{Core, CoreError, cycles, survey_responses};
use openita_db::{
    DbError, WriteTx,
    queries::{
        cycles as cycle_rows, settings,
        survey_integrity::{self, AnswerSetCount},
        surveys,
    },
};
use openita_framework::{Framework, InstrumentCode};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const PENDING_SETTING: &str = "survey_integrity_backfill";
const PAGE: i64 = 5_000;

/// The hash under which an answer set is counted: the first 8 bytes of the SHA-256 of the
/// stored answers text, as the write path computes it. Sets are counted per agency (a few
/// thousand at most), so 64 bits make a collision practically impossible while keeping the
/// table small (it has about one row per response).
pub fn set_hash(answers_json: &str) -> String {
    hex::encode(&Sha256::digest(answers_json.as_bytes())[..8])
}

/// Counts per agency and instrument, recounted from the raw responses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RebuiltCounts {
    /// (agency id, instrument) -> (responses, repeated, all-best).
    pub groups: BTreeMap<(i64, String), (i64, i64, i64)>,
    /// (agency id, instrument, set hash) -> responses.
    pub sets: BTreeMap<(i64, String, String), i64>,
}

fn instrument_code(text: &str) -> InstrumentCode {
    if text == "IIT" {
        InstrumentCode::Iit
    } else {
        InstrumentCode::Eit
    }
}

/// Reads every response of the cycle (pages by random key) and counts.
pub async fn recount_from_responses(
    cycle_id: i64,
    fw: &Framework,
    conn: &mut openita_db::Conn,
) -> Result<RebuiltCounts, CoreError> {
    let mut out = RebuiltCounts::default();
    let mut after = String::new();
    loop {
        let page = surveys::responses_after(conn, cycle_id, &after, PAGE).await?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = last.clone();
        for (_, r) in &page {
            let levels: Vec<(String, i64)> = serde_json::from_str::<Map<String, Value>>(&r.answers)
                .map(|m| {
                    m.into_iter()
                        .filter_map(|(q, v)| v.as_i64().map(|l| (q, l)))
                        .collect()
                })
                .unwrap_or_default();
            let best = survey_responses::all_best(fw, instrument_code(&r.instrument), &levels);
            let g = out
                .groups
                .entry((r.agency_id, r.instrument.clone()))
                .or_default();
            g.0 += 1;
            g.2 += i64::from(best);
            if !best {
                *out.sets
                    .entry((r.agency_id, r.instrument.clone(), set_hash(&r.answers)))
                    .or_default() += 1;
            }
        }
    }
    for ((agency, instrument, _), n) in &out.sets {
        if *n >= 2
            && let Some(g) = out.groups.get_mut(&(*agency, instrument.clone()))
        {
            g.1 += n;
        }
    }
    Ok(out)
}

/// Rebuilds the counts of every cycle if a migration left them pending; a no-op (one settings
/// read) otherwise.
pub async fn complete_pending_counts(core: &Core) -> Result<(), CoreError> {
    {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        if settings::get(&mut conn, PENDING_SETTING).await?.as_deref() != Some("pending") {
            return Ok(());
        }
    }
    let mut tx = core.db.begin_write().await?;
    survey_integrity::lock_for_rebuild(tx.conn(), core.db.backend()).await?;
    // Another instance may have finished while this one waited for the lock.
    if settings::get(tx.conn(), PENDING_SETTING).await?.as_deref() != Some("pending") {
        return Ok(());
    }
    for cycle_id in survey_integrity::cycles_with_responses(tx.conn()).await? {
        rebuild_cycle(core, &mut tx, cycle_id).await?;
    }
    settings::set(tx.conn(), PENDING_SETTING, "done").await?;
    tx.commit().await?;
    tracing::info!("survey integrity counts rebuilt from the stored responses");
    Ok(())
}

async fn rebuild_cycle(core: &Core, tx: &mut WriteTx, cycle_id: i64) -> Result<(), CoreError> {
    let Some(row) = cycle_rows::by_id(tx.conn(), cycle_id).await? else {
        return Ok(());
    };
    let cycle = cycles::load_cycle(tx.conn(), core, row.year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let counts = recount_from_responses(cycle_id, &fw, tx.conn()).await?;
    let sets: Vec<AnswerSetCount> = counts
        .sets
        .iter()
        .map(|((agency_id, instrument, set_hash), n)| AnswerSetCount {
            agency_id: *agency_id,
            instrument: instrument.clone(),
            set_hash: set_hash.clone(),
            responses: *n,
        })
        .collect();
    let groups: Vec<(i64, String, i64, i64)> = counts
        .groups
        .iter()
        .map(|((agency, instrument), (_, repeated, all_best))| {
            (*agency, instrument.clone(), *repeated, *all_best)
        })
        .collect();
    survey_integrity::replace_rebuilt_counts(tx.conn(), cycle_id, &sets, &groups).await?;
    Ok(())
}
