//! The OIT workflow over the API (`/api/v1/cycles/{year}/agencies/{code}/oit...`).

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath},
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::oit_review::{self, ItemAnswerInput, ItemView, OitView, QueueEntry, ScoreInput};
use openita_types::{AgencyCode, FiscalYear};
use serde::Deserialize;
use utoipa::ToSchema;

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/oit", operation_id = "getOit", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = OitView), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<OitView>, ApiError> {
    Ok(Json(
        oit_review::oit_of(&state.core, &user.actor, year, &code).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/agencies/{code}/oit/{item}", operation_id = "answerOitItem", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path), ("item" = String, Path)), request_body = ItemAnswerInput,
    responses((status = 200, body = ItemView), (status = 404), (status = 409), (status = 422)))]
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    ApiJson(body): ApiJson<ItemAnswerInput>,
) -> Result<Json<ItemView>, ApiError> {
    Ok(Json(
        oit_review::save_answer(&state.core, &user.actor, year, &code, &item, &body).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/oit/submit", operation_id = "submitOit", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = OitView), (status = 409), (status = 422)))]
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<OitView>, ApiError> {
    Ok(Json(
        oit_review::submit(&state.core, &user.actor, year, &code).await?,
    ))
}

#[derive(Deserialize, ToSchema, Default)]
#[schema(example = json!({"reason": "ข้อ O5 ลิงก์ยังเป็นของปีที่แล้ว"}))]
pub struct ReturnRequest {
    /// Why the answers go back; the agency's admin reads it on the OIT page.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/oit/return", operation_id = "returnOit", tag = "oit",
    request_body(content = Option<ReturnRequest>, description = "Optional: why the answers go back"),
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = OitView), (status = 409)))]
pub async fn return_to_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    body: axum::body::Bytes,
) -> Result<Json<OitView>, ApiError> {
    // The body is optional: scripts written before the reason send none (or `null`).
    let request: ReturnRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ReturnRequest::default()
    } else {
        // Read as `ApiJson` reads a required body: 400 not JSON, 422 the wrong shape.
        Json::<Option<ReturnRequest>>::from_bytes(&body)
            .map_err(|rejection| ApiError(crate::error::json_rejection(&rejection)))?
            .0
            .unwrap_or_default()
    };
    Ok(Json(
        oit_review::return_to_draft(
            &state.core,
            &user.actor,
            year,
            &code,
            request.reason.as_deref(),
        )
        .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/oit/approve", operation_id = "approveOit", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = OitView), (status = 409)))]
pub async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<OitView>, ApiError> {
    Ok(Json(
        oit_review::approve(&state.core, &user.actor, year, &code).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/review", operation_id = "reviewOitItem", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path), ("item" = String, Path)), request_body = ScoreInput,
    responses((status = 200, body = ItemView), (status = 404), (status = 409), (status = 422)))]
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    ApiJson(body): ApiJson<ScoreInput>,
) -> Result<Json<ItemView>, ApiError> {
    Ok(Json(
        oit_review::set_provisional(&state.core, &user.actor, year, &code, &item, &body).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"text": "เอกสารอยู่ในหน้า 3 ของลิงก์ที่ 1 (รายงานผลการดำเนินงานไตรมาส 2)"}))]
pub struct ClarificationRequest {
    /// Required, at most 3,000 characters.
    #[schema(pattern = r"\S", max_length = 3000)]
    pub text: String,
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/clarification", operation_id = "submitOitClarification", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path), ("item" = String, Path)), request_body = ClarificationRequest,
    responses((status = 200, body = ItemView), (status = 404), (status = 409), (status = 422)))]
pub async fn clarification(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    ApiJson(body): ApiJson<ClarificationRequest>,
) -> Result<Json<ItemView>, ApiError> {
    Ok(Json(
        oit_review::clarify(&state.core, &user.actor, year, &code, &item, &body.text).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/final", operation_id = "setOitFinalScore", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path), ("item" = String, Path)), request_body = ScoreInput,
    responses((status = 200, body = ItemView), (status = 404), (status = 409), (status = 422)))]
pub async fn final_score(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    ApiJson(body): ApiJson<ScoreInput>,
) -> Result<Json<ItemView>, ApiError> {
    Ok(Json(
        oit_review::set_final(&state.core, &user.actor, year, &code, &item, &body).await?,
    ))
}

/// Confirms every item without a final score at its provisional score.
#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/oit/confirm", operation_id = "confirmOitScores", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = OitView), (status = 409)))]
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<OitView>, ApiError> {
    Ok(Json(
        oit_review::confirm_all(&state.core, &user.actor, year, &code).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/assessor/queue", operation_id = "getAssessorQueue", tag = "oit",
    params(("year" = i64, Path)), responses((status = 200, body = [QueueEntry]), (status = 403)))]
pub async fn queue(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Json<Vec<QueueEntry>>, ApiError> {
    Ok(Json(
        oit_review::assessor_queue(&state.core, &user.actor, year).await?,
    ))
}

/// Queues a check of the agency's evidence links; follow the job for progress and results.
#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/oit/check", operation_id = "checkOitLinks", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 202, body = openita_core::background::JobView), (status = 404)))]
pub async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<
    (
        axum::http::StatusCode,
        Json<openita_core::background::JobView>,
    ),
    ApiError,
> {
    let job =
        openita_core::background::enqueue_link_check(&state.core, &user.actor, year, Some(&code))
            .await?;
    Ok((axum::http::StatusCode::ACCEPTED, Json(job)))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/precheck", operation_id = "precheckOitItem", tag = "oit",
    params(("year" = i64, Path), ("code" = String, Path), ("item" = String, Path)),
    request_body = oit_review::PrecheckInput,
    responses((status = 200, body = oit_review::PrecheckView), (status = 403), (status = 404),
        (status = 409), (status = 422)))]
pub async fn precheck(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    ApiJson(body): ApiJson<oit_review::PrecheckInput>,
) -> Result<Json<oit_review::PrecheckView>, ApiError> {
    Ok(Json(
        oit_review::set_precheck(&state.core, &user.actor, year, &code, &item, &body).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PrecheckQuery {
    /// The OIT item (`O1`); the first item when absent.
    pub item: Option<String>,
    /// A district of the province, by code or name.
    pub district: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/oit-precheck", operation_id = "getOitPrecheck",
    tag = "provinces and districts",
    params(("year" = i64, Path), ("province" = String, Path), PrecheckQuery),
    responses((status = 200, body = oit_review::PrecheckTable), (status = 403), (status = 404)))]
pub async fn precheck_table(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    crate::error::ApiQuery(q): crate::error::ApiQuery<PrecheckQuery>,
) -> Result<Json<oit_review::PrecheckTable>, ApiError> {
    Ok(Json(
        oit_review::precheck_table(
            &state.core,
            &user.actor,
            year,
            &province,
            q.district.as_deref(),
            q.item.as_deref(),
        )
        .await?,
    ))
}
