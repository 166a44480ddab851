//! Imports an agency file uploaded on the page, reporting progress on the job row. Safe to run
//! again: rows already imported come back "unchanged".

use super::progress::ProgressReporter;
use openita_core::{Actor, Core, CoreError, agencies, background::ClaimedJob};

pub async fn run(
    core: &Core,
    job: &ClaimedJob,
    actor: &Actor,
    input: Option<&[u8]>,
) -> Result<serde_json::Value, CoreError> {
    let file = input.ok_or_else(|| CoreError::internal("the uploaded file is missing"))?;
    let rows = agencies::read_import_file(file.to_vec()).await?;
    let reporter = ProgressReporter::start(core, job.id);
    let progress = reporter.callback();
    let report = agencies::import_agencies(core, actor, &rows, &progress).await;
    drop(progress);
    reporter.finish().await;
    serde_json::to_value(report?).map_err(CoreError::internal)
}
