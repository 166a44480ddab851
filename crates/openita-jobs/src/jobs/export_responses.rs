//! Writes a cycle's raw responses to a file in the export folder and records where it is;
//! the job's page then offers the download. Safe to run again: it rewrites the same file.

use super::progress::ProgressReporter;
use openita_core::{
    Core,
    background::JobRow,
    survey_responses::{self, ExportFormat},
};

/// Where export files live (per instance; point OPENITA_EXPORT_DIR at shared storage when
/// several instances serve downloads).
pub fn export_dir() -> std::path::PathBuf {
    std::env::var_os("OPENITA_EXPORT_DIR")
        .map(Into::into)
        .unwrap_or_else(|| std::env::temp_dir().join("openita-exports"))
}

pub async fn run(core: &Core, job: &JobRow) -> Result<serde_json::Value, String> {
    let payload: serde_json::Value =
        serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
    let year = payload["year"].as_i64().ok_or("the job has no year")?;
    let format: ExportFormat =
        serde_json::from_value(payload["format"].clone()).map_err(|e| e.to_string())?;
    let dir = export_dir();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let filename = format!("responses-{year}-job{}.{}", job.id, format.extension());
    let path = dir.join(&filename);
    let reporter = ProgressReporter::start(core, job.id);
    let progress = reporter.callback();
    let rows = survey_responses::write_responses(core, year, format, &path, &progress)
        .await
        .map_err(|e| e.to_string());
    drop(progress);
    reporter.finish().await;
    Ok(serde_json::json!({"rows": rows?, "file": filename, "path": path.display().to_string()}))
}
