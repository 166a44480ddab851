//! Raw-response exports (NACC admin): queued as a job with a progress page, downloaded when
//! done.

use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use axum::{
    Form,
    body::Body,
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{background, survey_responses::ExportFormat};
use openita_types::{FiscalYear, JobId};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ExportForm {
    format: ExportFormat,
}

pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    Form(f): Form<ExportForm>,
) -> Result<Response, ApiError> {
    let job = background::enqueue_response_export(&state.core, &user.actor, year, f.format).await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

/// Streams a finished export's file to whoever started the job (or the NACC admin).
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<JobId>,
) -> Result<Response, ApiError> {
    let export = background::open_export(&state.core, &user.actor, id).await?;
    let content_type = match export.format {
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat::Csv => "text/csv; charset=utf-8",
    };
    let file = tokio::fs::File::from_std(export.file);
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", export.name),
            ),
        ],
        body,
    )
        .into_response())
}
