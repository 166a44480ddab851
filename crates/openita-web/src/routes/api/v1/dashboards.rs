//! The coordinators' drive in the API: the national view, a province's (or district's)
//! dashboard and its targets (API.md "Provinces and districts").

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath, ApiQuery},
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::dashboards::{
    self, AreaDashboard, AreaQuery, AreaTargetsView, NationalRow, TargetInput,
};
use openita_types::FiscalYear;

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces", operation_id = "listProvinceProgress", tag = "provinces and districts",
    params(("year" = i64, Path)),
    responses((status = 200, body = [NationalRow]), (status = 403), (status = 404)))]
pub async fn national(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Json<Vec<NationalRow>>, ApiError> {
    Ok(Json(
        dashboards::national_view(&state.core, &user.actor, year).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/dashboard", operation_id = "getAreaDashboard",
    tag = "provinces and districts",
    params(("year" = i64, Path), ("province" = String, Path), AreaQuery),
    responses((status = 200, body = AreaDashboard), (status = 403), (status = 404), (status = 422)))]
pub async fn dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiQuery(query): ApiQuery<AreaQuery>,
) -> Result<Json<AreaDashboard>, ApiError> {
    Ok(Json(
        dashboards::area_dashboard(&state.core, &user.actor, year, &province, &query).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/targets", operation_id = "getTargets",
    tag = "provinces and districts",
    params(("year" = i64, Path), ("province" = String, Path)),
    responses((status = 200, body = AreaTargetsView), (status = 403), (status = 404)))]
pub async fn targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Json<AreaTargetsView>, ApiError> {
    let board = dashboards::area_dashboard(
        &state.core,
        &user.actor,
        year,
        &province,
        &AreaQuery::default(),
    )
    .await?;
    Ok(Json(AreaTargetsView::of(&board)))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/provinces/{province}/targets", operation_id = "setTargets",
    tag = "provinces and districts",
    params(("year" = i64, Path), ("province" = String, Path)),
    request_body = TargetInput,
    responses((status = 200, body = AreaTargetsView), (status = 403), (status = 404), (status = 422)))]
pub async fn set_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiJson(body): ApiJson<TargetInput>,
) -> Result<Json<AreaTargetsView>, ApiError> {
    dashboards::set_targets(&state.core, &user.actor, year, &province, &body).await?;
    targets(State(state), user, ApiPath((year, province))).await
}
