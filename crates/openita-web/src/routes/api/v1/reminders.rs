//! Reminders (`/api/v1/cycles/{year}/provinces/{province}/reminders`): a digest now to every
//! agency of the area that is behind, the province's weekly schedule, the list of what was
//! queued or sent; and each user's opt-out (`/api/v1/users/me/notifications`). The rules are
//! `openita_core::reminders`.

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath, ApiQuery},
    session::CurrentUser,
};
use axum::{Json, extract::State, http::StatusCode};
use openita_core::reminders::{
    self, NotificationPreferences, Queued, ReminderMessage, ReminderSchedule, ScheduleInput,
};
use openita_types::FiscalYear;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaParam {
    /// A district of the province (code or name); a district coordinator's own by default.
    pub district: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/provinces/{province}/reminders", operation_id = "sendReminders", tag = "reminders",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name"), AreaParam),
    responses((status = 202, body = Queued), (status = 403), (status = 404),
        (status = 409, description = "a manual round of this area was sent less than 10 minutes ago")))]
pub async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiQuery(q): ApiQuery<AreaParam>,
) -> Result<(StatusCode, Json<Queued>), ApiError> {
    let queued = reminders::send_now(
        &state.core,
        &user.actor,
        year,
        &province,
        q.district.as_deref(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(queued)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// A district of the province (code or name); a district coordinator's own by default.
    pub district: Option<String>,
    /// Messages with a smaller id than this (the next page).
    pub before: Option<i64>,
    /// At most 500; default 100.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/reminders", operation_id = "listReminders", tag = "reminders",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name"), ListParams),
    responses((status = 200, body = [ReminderMessage]), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiQuery(q): ApiQuery<ListParams>,
) -> Result<Json<Vec<ReminderMessage>>, ApiError> {
    Ok(Json(
        reminders::list_messages(
            &state.core,
            &user.actor,
            year,
            &province,
            q.district.as_deref(),
            q.before,
            q.limit.unwrap_or(100),
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/provinces/{province}/reminders/schedule", operation_id = "getReminderSchedule", tag = "reminders",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name")),
    responses((status = 200, body = ReminderSchedule), (status = 403), (status = 404)))]
pub async fn get_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Json<ReminderSchedule>, ApiError> {
    Ok(Json(
        reminders::get_schedule(&state.core, &user.actor, year, &province).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/provinces/{province}/reminders/schedule", operation_id = "setReminderSchedule", tag = "reminders",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name")),
    request_body = ScheduleInput,
    responses((status = 200, body = ReminderSchedule), (status = 403), (status = 404), (status = 422)))]
pub async fn put_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    ApiJson(body): ApiJson<ScheduleInput>,
) -> Result<Json<ReminderSchedule>, ApiError> {
    Ok(Json(
        reminders::set_schedule(&state.core, &user.actor, year, &province, &body).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/cycles/{year}/provinces/{province}/reminders/schedule", operation_id = "deleteReminderSchedule", tag = "reminders",
    params(("year" = i64, Path), ("province" = String, Path, description = "code or Thai name")),
    responses((status = 200, body = ReminderSchedule), (status = 403), (status = 404)))]
pub async fn delete_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Json<ReminderSchedule>, ApiError> {
    let stop = ScheduleInput {
        weekday: Some(None),
        hour: Some(None),
    };
    Ok(Json(
        reminders::set_schedule(&state.core, &user.actor, year, &province, &stop).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/users/me/notifications", operation_id = "getMyNotificationPreferences", tag = "users",
    responses((status = 200, body = NotificationPreferences)))]
pub async fn get_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<NotificationPreferences>, ApiError> {
    Ok(Json(
        reminders::own_preferences(&state.core, &user.actor).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/users/me/notifications", operation_id = "setMyNotificationPreferences", tag = "users",
    request_body = NotificationPreferences,
    responses((status = 200, body = NotificationPreferences), (status = 422)))]
pub async fn put_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NotificationPreferences>,
) -> Result<Json<NotificationPreferences>, ApiError> {
    Ok(Json(
        reminders::set_own_preferences(&state.core, &user.actor, &body).await?,
    ))
}
