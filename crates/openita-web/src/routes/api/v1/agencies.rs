//! `/api/v1/agencies`: register, edit, list and import agencies.

use super::lang;
use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath, ApiQuery},
    session::CurrentUser,
};
use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use openita_core::agencies::{self, AgencyInput, AgencyQuery, AgencyView};
use openita_types::AgencyCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
pub struct AgencyRequest {
    pub code: String,
    pub name_th: String,
    pub name_en: Option<String>,
    /// province_office, pao, city_municipality, town_municipality, subdistrict_municipality,
    /// sao, department or other.
    #[serde(rename = "type")]
    pub agency_type: String,
    /// Province name (Thai or English) or code.
    pub province: String,
    /// District name or code, in that province.
    pub district: Option<String>,
    pub website: Option<String>,
}

impl From<AgencyRequest> for AgencyInput {
    fn from(r: AgencyRequest) -> Self {
        AgencyInput {
            code: r.code,
            name_th: r.name_th,
            name_en: r.name_en,
            agency_type: r.agency_type,
            province: r.province,
            district: r.district,
            website: r.website,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/agencies", tag = "agencies",
    request_body = AgencyRequest,
    responses((status = 201, body = AgencyView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<AgencyRequest>,
) -> Result<(StatusCode, Json<AgencyView>), ApiError> {
    let view = agencies::create_agency(&state.core, &user.actor, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(put, path = "/api/v1/agencies/{code}", tag = "agencies",
    params(("code" = String, Path)), request_body = AgencyRequest,
    responses((status = 200, body = AgencyView), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
    ApiJson(body): ApiJson<AgencyRequest>,
) -> Result<Json<AgencyView>, ApiError> {
    Ok(Json(
        agencies::update_agency(&state.core, &user.actor, &code, &body.into()).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/agencies/{code}", tag = "agencies",
    params(("code" = String, Path)),
    responses((status = 200, body = AgencyView), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
) -> Result<Json<AgencyView>, ApiError> {
    Ok(Json(
        agencies::find_visible_agency(&state.core, &user.actor, &code).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Province name or code.
    pub province: Option<String>,
    /// District name or code (with a province).
    pub district: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub agency_type: Option<String>,
    /// Matches code or name.
    pub q: Option<String>,
    pub page: Option<i64>,
    /// Omit for every matching agency; at most 500.
    pub per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/agencies", tag = "agencies", params(ListQuery),
    responses((status = 200, body = [AgencyView], headers(("X-Total-Count" = i64))), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let query = AgencyQuery {
        province: q.province,
        district: q.district,
        agency_type: q.agency_type,
        q: q.q,
        page: q.page,
        per_page: q.per_page,
    };
    let (rows, total) = agencies::list_agencies(&state.core, &user.actor, &query).await?;
    let mut response = Json(rows).into_response();
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        response.headers_mut().insert("x-total-count", v);
    }
    Ok(response)
}

#[derive(Serialize, ToSchema)]
pub struct ImportRowProblem {
    /// Spreadsheet row number (the header is row 1).
    pub row: usize,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<ImportRowProblem>,
}

/// The body is the file itself: CSV (UTF-8) or XLSX.
#[utoipa::path(post, path = "/api/v1/agencies/import", tag = "agencies",
    request_body(content = Vec<u8>, content_type = "text/csv"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 422)))]
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportResult>, ApiError> {
    let rows = agencies::read_import_file(Vec::from(body)).await?;
    let report = agencies::import_agencies(&state.core, &user.actor, &rows, &|_, _| {}).await?;
    let lang = lang(&headers);
    Ok(Json(ImportResult {
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        errors: report
            .errors
            .into_iter()
            .map(|e| ImportRowProblem {
                row: e.row,
                message: e.message.get(lang).to_string(),
            })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/agencies/{code}/contact", tag = "agencies",
    params(("code" = String, Path)),
    responses((status = 200, body = Option<agencies::ContactView>), (status = 404)))]
pub async fn contact(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
) -> Result<Json<Option<agencies::ContactView>>, ApiError> {
    Ok(Json(
        agencies::agency_contact(&state.core, &user.actor, &code).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/agencies/{code}/contact", tag = "agencies",
    params(("code" = String, Path)),
    request_body = agencies::ContactInput,
    responses((status = 200, body = agencies::ContactView), (status = 403), (status = 404),
        (status = 422)))]
pub async fn set_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
    ApiJson(body): ApiJson<agencies::ContactInput>,
) -> Result<Json<agencies::ContactView>, ApiError> {
    Ok(Json(
        agencies::set_agency_contact(&state.core, &user.actor, &code, &body).await?,
    ))
}
