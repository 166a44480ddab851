//! `/api/v1/cycles/{year}/calendar`: the phase windows.

use super::cycles::{Window, calendar_of};
use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath},
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::cycles::{self, PhaseWindowInput};
use openita_types::FiscalYear;
use std::collections::BTreeMap;

/// Every phase that has a window, as `{PHASE: {start, end}}` in RFC 3339 (Bangkok time).
#[utoipa::path(get, path = "/api/v1/cycles/{year}/calendar", operation_id = "getCalendar", tag = "calendar",
    params(("year" = i64, Path)),
    responses((status = 200, body = BTreeMap<String, Window>), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Json<BTreeMap<String, Window>>, ApiError> {
    Ok(Json(calendar_of(
        &cycles::get_cycle(&state.core, year).await?,
    )))
}

/// Sets the phases named in the body and keeps the others.
#[utoipa::path(put, path = "/api/v1/cycles/{year}/calendar", operation_id = "updateCalendar", tag = "calendar",
    params(("year" = i64, Path)), request_body = BTreeMap<String, PhaseWindowInput>,
    responses((status = 200, body = BTreeMap<String, Window>), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    ApiJson(body): ApiJson<BTreeMap<String, PhaseWindowInput>>,
) -> Result<Json<BTreeMap<String, Window>>, ApiError> {
    cycles::set_calendar(&state.core, &user.actor, year, &body).await?;
    Ok(Json(calendar_of(
        &cycles::get_cycle(&state.core, year).await?,
    )))
}
