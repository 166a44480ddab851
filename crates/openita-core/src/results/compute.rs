//! Scoring every agency of a cycle and storing each result with its inputs and breakdown.

use super::inputs::inputs_from_running_sums;
use crate::{Actor, Core, CoreError, audit, cycles, survey_integrity};
use openita_db::queries::{
    result_versions,
    results::{self, NewResult},
};
use openita_scoring::{AgencyInputs, Scorer};
use openita_types::{FiscalYear, Role};
use rayon::prelude::*;
use serde::Serialize;

/// What a computation did; the job's result, read back by the CLI (`openita score`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ComputeReport {
    pub year: FiscalYear,
    pub agencies: usize,
    pub passed: usize,
    pub framework_fingerprint: String,
}

/// Rows written per transaction.
const BATCH: usize = 500;

pub async fn compute_results(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<ComputeReport, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let cycle = ensure_not_published(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let inputs = inputs_from_running_sums(core, &cycle, &fw).await?;
    let scorer = Scorer::with_fingerprint(&fw, cycle.framework_fingerprint.clone());
    let total = inputs.len();
    progress(0, total);
    let all: Vec<(i64, &AgencyInputs)> = inputs.iter().map(|(id, i)| (*id, i)).collect();
    let mut scores = scorer.score_all(&all).map_err(|(agency_id, e)| {
        CoreError::internal(format!("scoring agency {agency_id}: {e}"))
    })?;
    // Integrity flags sit beside the score; they never change it.
    let findings = survey_integrity::cycle_findings(core, &cycle, &fw).await?;
    for (agency_id, score) in &mut scores {
        if let Some(found) = findings.get(agency_id) {
            score.flags.extend(found.iter().map(|f| f.flag));
            score.flags.sort_unstable();
            score.flags.dedup();
        }
    }
    // Each row carries its breakdown and inputs as JSON (~22 KB an agency): written on every
    // core too.
    let scored: Vec<NewResult> = scores
        .par_iter()
        .zip(all.par_iter())
        .map(|((agency_id, score), (_, input))| NewResult {
            agency_id: *agency_id,
            framework_fingerprint: cycle.framework_fingerprint.clone(),
            total: score.total_rounded.to_string(),
            level: score.level.clone(),
            tier: score.tier.clone(),
            pass: score.pass,
            fields_json: json(&score.api_fields()),
            breakdown_json: json(score),
            inputs_json: json(input),
            digest_json: json(&score.digest()),
        })
        .collect();
    let passed = scored.iter().filter(|r| r.pass).count();
    let now = core.now_text();
    for (i, chunk) in scored.chunks(BATCH).enumerate() {
        let mut tx = core.db.begin_write().await?;
        for r in chunk {
            results::replace(tx.conn(), cycle.id, r, &now).await?;
        }
        // Whoever reads these rows also reads the raised version (result_versions).
        result_versions::raise(tx.conn(), cycle.id).await?;
        tx.commit().await?;
        progress(((i + 1) * BATCH).min(total), total);
    }
    let report = ComputeReport {
        year,
        agencies: total,
        passed,
        framework_fingerprint: cycle.framework_fingerprint.clone(),
    };
    let mut tx = core.db.begin_write().await?;
    results::set_computed(tx.conn(), cycle.id, &actor.username, &now).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "results.compute",
        ("cycle", &year.to_string()),
        None::<&()>,
        Some(&report),
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// The cycle, unless its results are published (recomputing those needs a reopening first).
pub async fn ensure_not_published(
    core: &Core,
    year: FiscalYear,
) -> Result<cycles::CycleView, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    if results::publication(&mut conn, cycle.id)
        .await?
        .published_at
        .is_some()
    {
        return Err(CoreError::conflict(
            "results_published",
            format!("ผลการประเมินปี {year} ประกาศแล้ว ต้องเปิดทบทวนผลก่อนจึงคำนวณใหม่ได้"),
            format!("The results of {year} are published: reopen them before recomputing."),
        ));
    }
    Ok(cycle)
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
