//! Writes a cycle's raw responses to a new private file in the export folder
//! (`openita_core::export_folder`) and records its stored name on the job; the job's page
//! then offers the download. Safe to run again: each run writes a new file.

use super::progress::ProgressReporter;
use openita_core::{
    Core, CoreError,
    background::{self, ClaimedJob, ExportResponses},
    survey_responses,
};

pub async fn run(
    core: &Core,
    job: &ClaimedJob,
    ExportResponses { year, format }: ExportResponses,
) -> Result<serde_json::Value, CoreError> {
    let reporter = ProgressReporter::start(core, job.id);
    let progress = reporter.callback();
    let written = survey_responses::export_to_folder(core, year, format, &progress).await;
    drop(progress);
    reporter.finish().await;
    let (stored_as, rows) = written?;
    Ok(background::export_result(rows, &stored_as))
}
