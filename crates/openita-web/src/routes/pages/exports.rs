//! Raw-response exports (NACC admin): queued as a job with a progress page, downloaded when
//! done.

use crate::{AppState, error::ApiError, session::CurrentUser};
use axum::{
    Form,
    body::Body,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{CoreError, background, survey_responses::ExportFormat};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ExportForm {
    format: ExportFormat,
}

pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(year): Path<i64>,
    Form(f): Form<ExportForm>,
) -> Result<Response, ApiError> {
    let job = background::enqueue_response_export(&state.core, &user.actor, year, f.format).await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

/// Streams a finished export's file to whoever started the job (or the NACC admin).
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let job = background::job_status(&state.core, &user.actor, id).await?;
    let gone = || {
        CoreError::not_found(
            "ไม่พบไฟล์ของงานนี้ (อาจยังไม่เสร็จหรือถูกลบแล้ว)",
            "This job has no file (not finished yet, or removed).",
        )
    };
    let result = job
        .result
        .filter(|_| job.status == "done")
        .ok_or_else(gone)?;
    let path = result["path"].as_str().ok_or_else(gone)?.to_string();
    let name = result["file"].as_str().unwrap_or("export").to_string();
    let file = tokio::fs::File::open(&path).await.map_err(|_| gone())?;
    let content_type = if name.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv; charset=utf-8"
    };
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}
