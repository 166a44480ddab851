//! One file per job kind.

mod check_oit_links;
mod compute_results;
mod export_responses;
mod import_agencies;
mod progress;

use openita_core::{
    Core, CoreError,
    background::{ClaimedJob, JobSpec},
};
use openita_evidence::TextExtractor;
use openita_types::JobId;

/// Runs a claimed job. Its error becomes the sentence on the job's page (`shown_on_page`).
pub async fn run_job(
    core: &Core,
    job: &ClaimedJob,
    input: Option<&[u8]>,
    extractor: &TextExtractor,
) -> Result<serde_json::Value, CoreError> {
    let spec = job.spec()?;
    // Whoever queued the job, as they are now (role, scope, still active).
    let actor = job.actor(core).await?;
    match spec {
        JobSpec::ImportAgencies => import_agencies::run(core, job, &actor, input).await,
        JobSpec::ExportResponses(s) => export_responses::run(core, job, s).await,
        JobSpec::CheckOitLinks(s) => check_oit_links::run(core, job, &actor, s, extractor).await,
        JobSpec::ComputeResults(s) => compute_results::run(core, job, &actor, s).await,
    }
}

/// What the job's page says when it failed: the same sentence a page would show, Thai first,
/// then English; for a failure of ours, the reference and not the cause (the cause goes to the
/// log once, here, under the same reference).
pub fn shown_on_page(job_id: JobId, e: &CoreError) -> String {
    if let CoreError::Internal(cause) = e {
        tracing::error!(job.id = %job_id, error.cause = %cause, "job failed");
    }
    let text = e.text();
    format!("{} / {}", text.th, text.en)
}
