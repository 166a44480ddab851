//! Scores every agency of a cycle (the NACC admin's "compute"), reporting progress per batch
//! of stored results. Safe to run again: each agency's result row is replaced.

use super::progress::ProgressReporter;
use openita_core::{
    Actor, Core, CoreError,
    background::{ClaimedJob, ComputeResults},
    results,
};

pub async fn run(
    core: &Core,
    job: &ClaimedJob,
    actor: &Actor,
    ComputeResults { year }: ComputeResults,
) -> Result<serde_json::Value, CoreError> {
    let reporter = ProgressReporter::start(core, job.id);
    let progress = reporter.callback();
    let report = results::compute_results(core, actor, year, &progress).await;
    drop(progress);
    reporter.finish().await;
    serde_json::to_value(report?).map_err(CoreError::internal)
}
