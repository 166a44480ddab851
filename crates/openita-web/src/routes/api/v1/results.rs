//! Results (API.md "Results"): compute and publish (NACC admin); the list, the summary, CSV
//! and XLSX downloads and each agency's PDF report — public after publication, the NACC admin
//! before.

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath, ApiQuery},
    session::{CurrentUser, MaybeUser},
};
use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use openita_core::{
    CoreError,
    background::{self, JobView},
    results::{self, ResultFilter, ResultRow},
};
use openita_types::{AgencyCode, FiscalYear};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    #[param(value_type = Option<crate::routes::api::v1::openapi::ProvinceName>)]
    pub province: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<openita_types::AgencyType>)]
    pub agency_type: Option<String>,
    /// A district (code or name) of `province`.
    pub district: Option<String>,
    /// Agency code or name contains.
    pub q: Option<String>,
}

impl From<FilterParams> for ResultFilter {
    fn from(p: FilterParams) -> Self {
        ResultFilter {
            province: p.province,
            agency_type: p.agency_type,
            district: p.district,
            q: p.q,
        }
    }
}

/// Queues the scoring of every agency as a job: 202 with the job, whose progress and, when
/// done, `result` (`{agencies, passed, framework_fingerprint}`) are at `Location`.
#[utoipa::path(post, path = "/api/v1/cycles/{year}/results/compute", operation_id = "computeResults", tag = "results", params(("year" = i64, Path)),
    responses((status = 202, body = JobView), (status = 403), (status = 409)))]
pub async fn compute(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<impl IntoResponse, ApiError> {
    let job = background::enqueue_results_compute(&state.core, &user.actor, year).await?;
    let location = format!("/api/v1/jobs/{}", job.id);
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(job),
    ))
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/results/publish", operation_id = "publishResults", tag = "results", params(("year" = i64, Path)),
    responses((status = 204), (status = 403), (status = 409)))]
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<StatusCode, ApiError> {
    results::publish_results(&state.core, &user.actor, year).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"reason": "แก้คะแนน OIT ข้อ O12 ของ อบต.นาฝาย ตามคำวินิจฉัย"}))]
pub struct ReopenRequest {
    /// Required, at least 5 characters: the audit log keeps it.
    #[schema(pattern = r"^\s*\S[\s\S]{3,}\S\s*$")]
    pub reason: String,
}

/// Withdraws publication so that results can be recomputed; audited with its reason.
#[utoipa::path(post, path = "/api/v1/cycles/{year}/results/reopen", operation_id = "reopenResults", tag = "results", params(("year" = i64, Path)),
    request_body = ReopenRequest, responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiJson(body): ApiJson<ReopenRequest>,
) -> Result<StatusCode, ApiError> {
    results::reopen_results(&state.core, &user.actor, year, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/results", operation_id = "listResults", tag = "results", security(()), params(("year" = i64, Path), FilterParams),
    responses((status = 200, body = [ResultRow]), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiQuery(p): ApiQuery<FilterParams>,
) -> Result<Response, ApiError> {
    let rows = results::result_list(&state.core, user.actor(), year, &p.into()).await?;
    // The nation's list is 4.5 MB of JSON: made once per version of the results.
    let json = rows
        .file("results.json", serde_json::to_vec)
        .map_err(|e| file_error(&e))?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        Bytes::from_owner(json),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/summary", operation_id = "getResultsSummary", tag = "results", security(()), params(("year" = i64, Path), FilterParams),
    responses((status = 200, description = "{agencies, mean, passed, pass_rate, by_type, indicators}", body = Object), (status = 404)))]
pub async fn summary(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiQuery(p): ApiQuery<FilterParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let s = results::results_summary(&state.core, user.actor(), year, &p.into()).await?;
    let mut v = serde_json::to_value(&s).map_err(|e| ApiError::from(CoreError::internal(e)))?;
    if let Some(o) = v.as_object_mut() {
        o.remove("mean_exact");
    }
    Ok(Json(v))
}

fn file_error(e: &dyn std::fmt::Display) -> ApiError {
    CoreError::internal(format!("file failed: {e}")).into()
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/results.csv", operation_id = "getResultsCsv", tag = "results", security(()), params(("year" = i64, Path), FilterParams),
    responses((status = 200, content_type = "text/csv"), (status = 404)))]
pub async fn csv(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiQuery(p): ApiQuery<FilterParams>,
) -> Result<Response, ApiError> {
    let rows = results::result_list(&state.core, user.actor(), year, &p.into()).await?;
    let bytes = rows
        .file("results.csv", |rows| {
            crate::results_files::results_csv(rows.iter(), rows.framework().shows_levels())
        })
        .map_err(|e| file_error(&e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ita-{year}-results.csv\""),
            ),
        ],
        Bytes::from_owner(bytes),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/results.xlsx", operation_id = "getResultsXlsx", tag = "results", security(()), params(("year" = i64, Path), FilterParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404)))]
pub async fn xlsx(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiQuery(p): ApiQuery<FilterParams>,
) -> Result<Response, ApiError> {
    let rows = results::result_list(&state.core, user.actor(), year, &p.into()).await?;
    let bytes = state
        .renders
        .run(move || {
            rows.file("results.xlsx", |rows| {
                crate::results_files::results_xlsx(
                    year,
                    rows.iter(),
                    rows.framework().shows_levels(),
                )
            })
        })
        .await
        .map_err(|e| file_error(&e))?
        .map_err(|e| file_error(&e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ita-{year}-results.xlsx\""),
            ),
        ],
        Bytes::from_owner(bytes),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/report.pdf", operation_id = "getAgencyReportPdf", tag = "results", security(()),
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, content_type = "application/pdf"), (status = 404)))]
pub async fn report_pdf(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let input = results::agency_report(&state.core, user.actor(), year, &code)
        .await?
        .in_language(openita_types::Lang::Th)
        .pdf_input();
    let bytes = state
        .renders
        .run(move || openita_reports::report::pdf(&input))
        .await
        .map_err(|e| file_error(&e))?
        .map_err(|e| file_error(&e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"ita-{year}-{code}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
