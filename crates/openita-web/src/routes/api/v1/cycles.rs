//! `/api/v1/cycles`: create, list, read and open cycles; assign assessors.

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath},
    session::CurrentUser,
};
use axum::{Json, extract::State, http::StatusCode};
use openita_core::cycles::{self, AssignmentReport, CycleView};
use openita_types::{FiscalYear, thai_time::to_api_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"year": 2570, "framework": "ita-2568"}))]
pub struct CreateCycle {
    /// Buddhist-era fiscal year, e.g. 2568 (checked by the core, which says what is wrong).
    #[schema(value_type = FiscalYear)]
    #[serde(deserialize_with = "openita_types::whole_number::deserialize")]
    pub year: i64,
    /// A shipped framework; it takes the cycle's year.
    #[schema(value_type = crate::routes::api::v1::openapi::ShippedFramework)]
    pub framework: String,
}

#[derive(Serialize, ToSchema)]
pub struct Window {
    pub start: String,
    pub end: String,
}

#[derive(Serialize, ToSchema)]
pub struct CycleResponse {
    pub year: FiscalYear,
    pub framework: String,
    pub framework_fingerprint: String,
    pub opened: bool,
    pub calendar: BTreeMap<String, Window>,
}

pub(crate) fn calendar_of(c: &CycleView) -> BTreeMap<String, Window> {
    c.phases
        .iter()
        .map(|w| {
            (
                w.phase.code().to_string(),
                Window {
                    start: to_api_text(w.start),
                    end: to_api_text(w.end),
                },
            )
        })
        .collect()
}

impl From<&CycleView> for CycleResponse {
    fn from(c: &CycleView) -> Self {
        CycleResponse {
            year: c.year,
            framework: c.framework.clone(),
            framework_fingerprint: c.framework_fingerprint.clone(),
            opened: c.opened,
            calendar: calendar_of(c),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/cycles", operation_id = "createCycle", tag = "cycles", request_body = CreateCycle,
    responses((status = 201, body = CycleResponse), (status = 403), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateCycle>,
) -> Result<(StatusCode, Json<CycleResponse>), ApiError> {
    let c = cycles::create_cycle(&state.core, &user.actor, body.year, &body.framework).await?;
    Ok((StatusCode::CREATED, Json(CycleResponse::from(&c))))
}

#[utoipa::path(get, path = "/api/v1/cycles", operation_id = "listCycles", tag = "cycles",
    responses((status = 200, body = [CycleResponse])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<CycleResponse>>, ApiError> {
    Ok(Json(
        cycles::list_cycles(&state.core)
            .await?
            .iter()
            .map(CycleResponse::from)
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}", operation_id = "getCycle", tag = "cycles", params(("year" = i64, Path)),
    responses((status = 200, body = CycleResponse), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Json<CycleResponse>, ApiError> {
    Ok(Json(CycleResponse::from(
        &cycles::get_cycle(&state.core, year).await?,
    )))
}

/// Opens the cycle: its framework is fixed from now on.
#[utoipa::path(post, path = "/api/v1/cycles/{year}/open", operation_id = "openCycle", tag = "cycles", params(("year" = i64, Path)),
    responses((status = 200, body = CycleResponse), (status = 404), (status = 409)))]
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Json<CycleResponse>, ApiError> {
    Ok(Json(CycleResponse::from(
        &cycles::open_cycle(&state.core, &user.actor, year).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"assessor": "assessor1", "agencies": ["6360102", "4360101"]}))]
pub struct AssignRequest {
    /// The assessor's username (an assessor who does not exist is a 422).
    pub assessor: String,
    /// Agency codes (one not registered is a 422).
    #[serde(default)]
    #[schema(value_type = Vec<openita_types::AgencyCode>)]
    pub agencies: Vec<String>,
    /// Bulk: every agency of this province ...
    #[serde(default)]
    #[schema(value_type = Option<crate::routes::api::v1::openapi::ProvinceName>)]
    pub province: Option<String>,
    /// ... and/or of this agency type.
    #[serde(default, rename = "type")]
    #[schema(value_type = Option<openita_types::AgencyType>)]
    pub agency_type: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/assignments", operation_id = "assignAssessor", tag = "cycles",
    params(("year" = i64, Path)), request_body = AssignRequest,
    responses((status = 200, body = AssignmentReport), (status = 404), (status = 422)))]
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> Result<Json<AssignmentReport>, ApiError> {
    Ok(Json(
        cycles::assign_assessor(
            &state.core,
            &user.actor,
            year,
            &body.assessor,
            &cycles::AgencySelection {
                codes: body.agencies,
                province: body.province,
                agency_type: body.agency_type,
            },
        )
        .await?,
    ))
}
