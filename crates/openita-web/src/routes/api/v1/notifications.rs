//! `GET /api/v1/notifications` (NACC admin): the newest e-mail notifications, sent or waiting,
//! with the last error of each that failed — how an administrator sees that mail flows.

use crate::{
    AppState,
    error::{ApiError, ApiQuery},
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::notifications::{self, Outgoing};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// At most 500; default 100.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/notifications", operation_id = "listNotifications", tag = "notifications", params(OutboxQuery),
    responses((status = 200, body = [Outgoing]), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> Result<Json<Vec<Outgoing>>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(
        notifications::recent(&state.core, &user.actor, limit).await?,
    ))
}
