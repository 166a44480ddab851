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
use openita_types::{AgencyCode, AgencyType};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"code": "6360102", "name_th": "องค์การบริหารส่วนตำบลนาฝาย",
    "name_en": "Na Fai Subdistrict Administrative Organization", "type": "sao",
    "province": "ชัยภูมิ", "district": "เมืองชัยภูมิ", "website": "https://www.nafai.go.th"}))]
pub struct AgencyRequest {
    #[schema(value_type = AgencyCode)]
    pub code: String,
    /// Required; white space around it is dropped.
    #[schema(pattern = r"\S", max_length = 200)]
    pub name_th: String,
    #[schema(max_length = 200)]
    pub name_en: Option<String>,
    #[serde(rename = "type")]
    #[schema(value_type = AgencyType)]
    pub agency_type: String,
    #[schema(value_type = crate::routes::api::v1::openapi::ProvinceName)]
    pub province: String,
    /// District name or code, in that province (a district of another province is a 422).
    pub district: Option<String>,
    /// An http:// or https:// address (blank for none).
    #[schema(value_type = Option<openita_core::agencies::WebAddressOrBlank>)]
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

#[utoipa::path(post, path = "/api/v1/agencies", operation_id = "createAgency", tag = "agencies",
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

#[utoipa::path(put, path = "/api/v1/agencies/{code}", operation_id = "updateAgency", tag = "agencies",
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

#[utoipa::path(get, path = "/api/v1/agencies/{code}", operation_id = "getAgency", tag = "agencies",
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
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[param(value_type = Option<crate::routes::api::v1::openapi::ProvinceName>)]
    pub province: Option<String>,
    /// District name or code (with a province).
    pub district: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<AgencyType>)]
    pub agency_type: Option<String>,
    /// Matches code or name.
    pub q: Option<String>,
    /// From 1 (a smaller number is page 1; a page past the end is empty). Needs `per_page`.
    pub page: Option<i64>,
    /// Omit for every matching agency; a larger number than 500 is taken as 500, a smaller
    /// than 1 as 1. The `X-Total-Count` header gives the number of matching agencies.
    pub per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/agencies", operation_id = "listAgencies", tag = "agencies", params(ListQuery),
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
#[utoipa::path(post, path = "/api/v1/agencies/import", operation_id = "importAgencies", tag = "agencies",
    request_body(content = Vec<u8>, content_type = "text/csv",
        description = "CSV (UTF-8, header row first) or XLSX (first sheet) with the columns code, name_th, type, province, district, website",
        example = "code,name_th,type,province,district,website\n6360102,องค์การบริหารส่วนตำบลนาฝาย,sao,ชัยภูมิ,เมืองชัยภูมิ,https://www.nafai.go.th\n"),
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

#[utoipa::path(get, path = "/api/v1/agencies/{code}/contact", operation_id = "getAgencyContact", tag = "agencies",
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

#[utoipa::path(put, path = "/api/v1/agencies/{code}/contact", operation_id = "setAgencyContact", tag = "agencies",
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
