//! Diagnosis of stage (b): the core's page query (`scoring_inputs::responses_after`) run over
//! the whole cycle without reading the answers, so that the read of (b) splits into fetching
//! the pages and the rest (answers into tallies).

use super::measure::Runs;
use anyhow::Result;
use openita_core::cycles::CycleView;
use openita_db::queries::scoring_inputs;
use std::time::Instant;

/// Fetching every page of the cycle's responses, `runs` times; also returns the responses
/// seen (every run must see them all).
pub async fn fetch_only(
    db: &openita_db::Db,
    cycle: &CycleView,
    runs: usize,
) -> Result<(Runs, usize)> {
    let mut times = Runs::default();
    let mut seen = 0;
    for _ in 0..runs.max(1) {
        let mut conn = db.pool().acquire().await?;
        let t = Instant::now();
        let mut after = String::new();
        seen = 0;
        while let Some(page) =
            scoring_inputs::responses_after(&mut conn, cycle.id, &after, 10_000).await?
        {
            seen += page.records().count();
            after = page.last_id;
        }
        times.push(t.elapsed());
    }
    Ok((times, seen))
}
