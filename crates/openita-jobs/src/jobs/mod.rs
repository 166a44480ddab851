//! One file per job kind.

mod import_agencies;

use openita_core::{
    Core,
    background::{self, JobRow},
};

/// Runs a claimed job; the error string is shown to whoever started it.
pub async fn run_job(
    core: &Core,
    job: &JobRow,
    input: Option<&[u8]>,
) -> Result<serde_json::Value, String> {
    match job.kind.as_str() {
        background::IMPORT_AGENCIES => import_agencies::run(core, job, input).await,
        other => Err(format!("unknown job kind {other}")),
    }
}
