//! `GET /api/v1/jobs/{id}`: a background job's progress and result, for whoever started it.
//! A finished export names its file by a download URL, never by where it lies on the server.

use crate::{
    AppState,
    error::{ApiError, ApiPath},
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::background::{self, JobView};
use openita_types::JobId;
use serde::Serialize;

/// A job as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JobJson {
    #[serde(flatten)]
    pub job: JobView,
    /// The file of a finished export (absolute URL, same credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub download: Option<String>,
}

impl JobJson {
    pub fn new(state: &AppState, job: JobView) -> Self {
        let download = job
            .has_file()
            .then(|| state.absolute(&download_path(job.id)));
        JobJson { job, download }
    }
}

/// Where the file of a finished export job is downloaded (the job page's link too).
pub fn download_path(id: JobId) -> String {
    format!("/jobs/{id}/download")
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}", operation_id = "getJob", tag = "jobs", params(("id" = i64, Path)),
    responses((status = 200, body = JobJson), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<JobId>,
) -> Result<Json<JobJson>, ApiError> {
    let job = background::job_status(&state.core, &user.actor, id).await?;
    Ok(Json(JobJson::new(&state, job)))
}
