//! One file per job kind.

mod check_oit_links;
mod compute_results;
mod export_responses;
mod import_agencies;
mod progress;

use openita_core::{
    Core, CoreError,
    background::{JobKind, JobRow},
};
use openita_evidence::TextExtractor;

/// Runs a claimed job. Its error becomes the sentence on the job's page (`shown_on_page`).
pub async fn run_job(
    core: &Core,
    job: &JobRow,
    input: Option<&[u8]>,
    extractor: &TextExtractor,
) -> Result<serde_json::Value, CoreError> {
    let Some(kind) = JobKind::parse(&job.kind) else {
        return Err(CoreError::internal(format!(
            "unknown job kind {}",
            job.kind
        )));
    };
    match kind {
        JobKind::ImportAgencies => import_agencies::run(core, job, input).await,
        JobKind::ExportResponses => export_responses::run(core, job).await,
        JobKind::CheckOitLinks => check_oit_links::run(core, job, extractor).await,
        JobKind::ComputeResults => compute_results::run(core, job).await,
    }
}

/// What the job's page says when it failed: the same sentence a page would show, Thai first,
/// then English; for a failure of ours, the reference and not the cause (the cause goes to the
/// log once, here, under the same reference).
pub fn shown_on_page(job_id: i64, e: &CoreError) -> String {
    if let CoreError::Internal(cause) = e {
        tracing::error!(job.id = job_id, error.cause = %cause, "job failed");
    }
    let text = e.text();
    format!("{} / {}", text.th, text.en)
}
