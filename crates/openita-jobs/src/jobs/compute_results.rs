//! Scores every agency of a cycle (the NACC admin's "compute"), reporting progress per batch
//! of stored results. Safe to run again: each agency's result row is replaced.

use super::progress::ProgressReporter;
use openita_core::{Actor, Core, CoreError, background::JobRow, results};

pub async fn run(core: &Core, job: &JobRow) -> Result<serde_json::Value, CoreError> {
    let payload: serde_json::Value =
        serde_json::from_str(&job.payload).map_err(CoreError::internal)?;
    let year = payload["year"]
        .as_i64()
        .ok_or_else(|| CoreError::internal("the job has no year"))?;
    // Queued by a NACC admin (checked then); the audit log shows them as the actor.
    let actor = Actor {
        username: job.created_by.clone(),
        display_name: String::new(),
        ..Actor::system("compute")
    };
    let reporter = ProgressReporter::start(core, job.id);
    let progress = reporter.callback();
    let report = results::compute_results(core, &actor, year, &progress).await;
    drop(progress);
    reporter.finish().await;
    serde_json::to_value(report?).map_err(CoreError::internal)
}
