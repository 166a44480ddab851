//! The nightly evidence check: once a night (after 01:00 Bangkok time, when links are quiet
//! and nobody waits on the worker) every cycle whose OIT work is under way gets a link check
//! of all its agencies, so that each morning agencies and assessors see fresh findings.
//!
//! Several workers may run; the first to claim the night (a row in `settings`, first writer
//! wins) queues the jobs, the others do nothing.

use super::{JobView, enqueue_link_check};
use crate::{Actor, Core, CoreError, cycles};
use chrono::{DateTime, Timelike, Utc};
use openita_db::{DbError, queries::settings};
use openita_types::{Phase, thai_time::bangkok};

/// Local hour from which the night's check may start.
pub const NIGHTLY_HOUR: u32 = 1;

/// Whether a cycle's evidence is in play at `now`: from the opening of OIT answers to the end
/// of the confirmation window (the last time a score can still change).
fn oit_in_play(cycle: &cycles::CycleView, now: DateTime<Utc>) -> bool {
    let start = cycle.window(Phase::OitAnswer).map(|w| w.start);
    let end = [Phase::Confirmation, Phase::Clarification, Phase::OitReview]
        .iter()
        .find_map(|&p| cycle.window(p).map(|w| w.end));
    matches!((start, end), (Some(s), Some(e)) if s <= now && now <= e)
}

/// Queues tonight's checks if it is time and no worker has done so; returns the jobs queued.
pub async fn queue_nightly_link_checks(
    core: &Core,
    worker: &str,
) -> Result<Vec<JobView>, CoreError> {
    let now = core.now();
    let local = now.with_timezone(&bangkok());
    if local.hour() < NIGHTLY_HOUR {
        return Ok(Vec::new());
    }
    let night = local.format("%Y-%m-%d").to_string();
    let key = format!("nightly_link_check:{night}");
    // The idle worker asks every half second: a read answers "done tonight" without taking
    // the write lock; only the first ask of a night writes.
    {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        if settings::get(&mut conn, &key).await?.is_some() {
            return Ok(Vec::new());
        }
    }
    let claim = format!("{worker}@{}", core.now_text());
    let winner = {
        let mut tx = core.db.begin_write().await?;
        let winner = settings::get_or_insert(tx.conn(), &key, &claim).await?;
        tx.commit().await?;
        winner
    };
    if winner != claim {
        return Ok(Vec::new());
    }
    let actor = Actor::system("nightly-link-check");
    let mut queued = Vec::new();
    for cycle in cycles::list_cycles(core).await? {
        if oit_in_play(&cycle, now) {
            queued.push(enqueue_link_check(core, &actor, cycle.year, None).await?);
        }
    }
    tracing::info!(night = %night, jobs = queued.len(), "nightly evidence link checks queued");
    Ok(queued)
}
