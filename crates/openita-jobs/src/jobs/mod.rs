//! One file per job kind.

mod check_oit_links;
mod compute_results;
mod export_responses;
mod import_agencies;
mod progress;

use openita_core::{
    Core,
    background::{self, JobRow},
};
use openita_evidence::TextExtractor;

/// Runs a claimed job; the error string is shown to whoever started it.
pub async fn run_job(
    core: &Core,
    job: &JobRow,
    input: Option<&[u8]>,
    extractor: &TextExtractor,
) -> Result<serde_json::Value, String> {
    match job.kind.as_str() {
        background::IMPORT_AGENCIES => import_agencies::run(core, job, input).await,
        background::EXPORT_RESPONSES => export_responses::run(core, job).await,
        background::CHECK_OIT_LINKS => check_oit_links::run(core, job, extractor).await,
        background::COMPUTE_RESULTS => compute_results::run(core, job).await,
        other => Err(format!("unknown job kind {other}")),
    }
}
