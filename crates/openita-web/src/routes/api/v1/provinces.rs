//! A province's drive (`/api/v1/cycles/{year}/provinces/{province}/...`): the plan with its
//! XLSX and PDF copies, the province's own deadlines, and the documents it sends its
//! agencies. `{province}` is a code ("36") or a Thai name ("ชัยภูมิ"). Who may see or change
//! what is decided by `openita_core::provinces::scope`.

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath, ApiQuery},
    session::CurrentUser,
};
use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use openita_core::provinces::{self, Deadline, DocumentView, PlanActivity, PlanInput};
use openita_types::{ActivityId, DocumentId, FiscalYear};
use serde::Deserialize;
use utoipa::IntoParams;

/// `attachment` with an ASCII fallback name and the real (Thai) name in RFC 5987 form.
pub(crate) fn attachment(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded =
        percent_encoding::utf8_percent_encode(filename, percent_encoding::NON_ALPHANUMERIC);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn file_response(content_type: &str, filename: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, attachment(filename)),
        ],
        bytes,
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/plan", operation_id = "listPlanActivities", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name")),
    responses((status = 200, body = [PlanActivity]), (status = 403), (status = 404)))]
pub async fn list_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Json<Vec<PlanActivity>>, ApiError> {
    let (_, plan) = provinces::list_plan(&state.core, &user.actor, year, &province).await?;
    Ok(Json(plan))
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/provinces/{province}/plan", operation_id = "addPlanActivity", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name")),
    request_body = PlanInput,
    responses((status = 201, body = PlanActivity), (status = 403), (status = 404), (status = 422)))]
pub async fn add_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiJson(body): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<PlanActivity>), ApiError> {
    let added = provinces::add_activity(&state.core, &user.actor, year, &province, &body).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/provinces/{province}/plan/{id}", operation_id = "updatePlanActivity", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path), ("id" = i64, Path)),
    request_body = PlanInput,
    responses((status = 200, body = PlanActivity), (status = 403), (status = 404), (status = 422)))]
pub async fn update_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, ActivityId)>,
    ApiJson(body): ApiJson<PlanInput>,
) -> Result<Json<PlanActivity>, ApiError> {
    Ok(Json(
        provinces::update_activity(&state.core, &user.actor, year, &province, id, &body).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/cycles/{year}/provinces/{province}/plan/{id}", operation_id = "deletePlanActivity", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn delete_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, ActivityId)>,
) -> Result<StatusCode, ApiError> {
    provinces::delete_activity(&state.core, &user.actor, year, &province, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/plan.xlsx", operation_id = "getPlanXlsx", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403), (status = 404)))]
pub async fn plan_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Response, ApiError> {
    let (name, bytes) = provinces::plan_xlsx(&state.core, &user.actor, year, &province).await?;
    Ok(file_response(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
        bytes,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/plan.pdf", operation_id = "getPlanPdf", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 403), (status = 404)))]
pub async fn plan_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Response, ApiError> {
    let (name, bytes) = provinces::plan_pdf(&state.core, &user.actor, year, &province).await?;
    Ok(file_response("application/pdf", &name, bytes))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/deadlines", operation_id = "listProvinceDeadlines", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path)),
    responses((status = 200, body = [Deadline]), (status = 403), (status = 404)))]
pub async fn list_deadlines(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Json<Vec<Deadline>>, ApiError> {
    Ok(Json(
        provinces::list_deadlines(&state.core, &user.actor, year, &province).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/provinces/{province}/deadlines", operation_id = "replaceProvinceDeadlines", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path)), request_body = [Deadline],
    responses((status = 200, body = [Deadline]), (status = 403), (status = 404), (status = 422)))]
pub async fn replace_deadlines(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiJson(body): ApiJson<Vec<Deadline>>,
) -> Result<Json<Vec<Deadline>>, ApiError> {
    Ok(Json(
        provinces::replace_deadlines(&state.core, &user.actor, year, &province, &body).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/documents", operation_id = "listProvinceDocuments", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path)),
    responses((status = 200, body = [DocumentView]), (status = 403), (status = 404)))]
pub async fn list_documents(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Json<Vec<DocumentView>>, ApiError> {
    let (_, docs) = provinces::list_documents(&state.core, &user.actor, year, &province).await?;
    Ok(Json(docs))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name (its folder is dropped; the extension follows the content).
    pub filename: Option<String>,
    /// What the document is ("คู่มือการประเมิน ITA 2568"); the file name when absent.
    pub title: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/provinces/{province}/documents", operation_id = "uploadProvinceDocument", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file itself: PDF, XLSX or DOCX, at most 10 MB"),
    responses((status = 201, body = DocumentView), (status = 403), (status = 404), (status = 413), (status = 422)))]
pub async fn upload_document(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<DocumentView>), ApiError> {
    let doc = provinces::upload_document(
        &state.core,
        &user.actor,
        year,
        &province,
        q.title.as_deref().unwrap_or_default(),
        q.filename.as_deref().unwrap_or_default(),
        &body,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(doc)))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/documents/{id}", operation_id = "downloadProvinceDocument", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path), ("id" = i64, Path)),
    responses((status = 200, description = "the file, as an attachment"), (status = 403), (status = 404)))]
pub async fn download_document(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, DocumentId)>,
) -> Result<Response, ApiError> {
    let (doc, bytes) =
        provinces::document_file(&state.core, &user.actor, year, &province, id).await?;
    Ok(file_response(&doc.content_type, &doc.filename, bytes))
}

#[utoipa::path(delete, path = "/api/v1/cycles/{year}/provinces/{province}/documents/{id}", operation_id = "deleteProvinceDocument", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn delete_document(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, DocumentId)>,
) -> Result<StatusCode, ApiError> {
    provinces::delete_document(&state.core, &user.actor, year, &province, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormQuery {
    /// One district of the province, by code or Thai name (a district coordinator's own by
    /// default; a province coordinator's whole province when absent).
    pub district: Option<String>,
}

/// A report form from live data. The path's last segment is `{form}.xlsx` or `{form}.pdf`
/// (the router cannot split a segment, so it is one parameter here).
#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/forms/{file}", operation_id = "getReportForm", tag = "provinces",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name"),
        ("file" = String, Path, description = "`{form}.xlsx` or `{form}.pdf`, `{form}` one of `stakeholders`, `survey-progress`, `publicity`, `oit-progress`, `quarterly`"),
        FormQuery),
    responses(
        (status = 200, description = "the form (XLSX or PDF), dated (Buddhist era) and signed with the caller's name, as an attachment"),
        (status = 403), (status = 404, description = "an unknown form, or an area the caller may not see"), (status = 422)))]
pub async fn form_file(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, file)): ApiPath<(FiscalYear, String, String)>,
    ApiQuery(q): ApiQuery<FormQuery>,
) -> Result<Response, ApiError> {
    let (kind, format) = provinces::parse_form_file(&file)?;
    let (name, bytes) = provinces::form_file(
        &state.core,
        &user.actor,
        year,
        &province,
        q.district.as_deref(),
        kind,
        format,
    )
    .await?;
    Ok(file_response(format.content_type(), &name, bytes))
}
