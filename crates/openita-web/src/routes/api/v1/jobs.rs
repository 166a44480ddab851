//! `GET /api/v1/jobs/{id}`: a background job's progress and result, for whoever started it.

use crate::{
    AppState,
    error::{ApiError, ApiPath},
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::background::{self, JobView};

#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "jobs", params(("id" = i64, Path)),
    responses((status = 200, body = JobView), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<JobView>, ApiError> {
    Ok(Json(
        background::job_status(&state.core, &user.actor, id).await?,
    ))
}
