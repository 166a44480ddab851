//! `POST /api/v1/users` (NACC admin), `GET /api/v1/users`, `PUT /api/v1/users/me/password`.

use crate::{
    AppState,
    client_addr::ClientAddr,
    error::{ApiError, ApiJson, ApiQuery},
    session::CurrentUser,
};
use axum::{Json, extract::State, http::StatusCode};
use openita_core::{
    CoreError,
    accounts::{self, NewUserInput, UserView},
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
pub struct CreateUserRequest {
    pub username: String,
    pub password: String,
    /// nacc-admin, assessor, agency-admin, agency-executive, province-coordinator or
    /// district-coordinator.
    pub role: String,
    /// Agency code, for agency roles.
    pub agency: Option<String>,
    /// Province name or code, for coordinators.
    pub province: Option<String>,
    /// District name or code within `province`, for district coordinators.
    #[serde(default)]
    pub district: Option<String>,
    /// Where the user's notifications go (optional).
    #[serde(default)]
    pub email: Option<String>,
    /// The person's name as pages show it (optional; the user name otherwise).
    #[serde(default)]
    pub name: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    request_body = CreateUserRequest,
    responses((status = 201, body = UserView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let input = NewUserInput {
        username: body.username,
        password: body.password,
        role: body.role,
        agency: body.agency,
        province: body.province,
        district: body.district,
        email: body.email,
        name: body.name,
    };
    let view = accounts::create_user(&state.core, &user.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, IntoParams)]
pub struct UserQuery {
    pub role: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserQuery),
    responses((status = 200, body = [UserView]), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> Result<Json<Vec<UserView>>, ApiError> {
    // An unknown role is a mistake to point out, not a filter that finds nobody.
    let role = q
        .role
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            r.parse().map_err(|_| {
                CoreError::invalid(
                    "role",
                    "ไม่รู้จักบทบาทนี้ ใช้ nacc-admin, assessor, agency-admin, agency-executive, province-coordinator หรือ district-coordinator",
                    "Unknown role: use nacc-admin, assessor, agency-admin, agency-executive, province-coordinator or district-coordinator.",
                )
            })
        })
        .transpose()?;
    let filter = accounts::UserFilter {
        role,
        ..Default::default()
    };
    Ok(Json(
        accounts::list_users(&state.core, &user.actor, &filter).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[utoipa::path(put, path = "/api/v1/users/me/password", tag = "users",
    request_body = PasswordChange,
    responses((status = 204), (status = 401), (status = 409), (status = 413), (status = 422),
        (status = 429), (status = 503)))]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    accounts::change_password(
        &state.core,
        &user.actor,
        &user.token,
        &body.current_password,
        &body.new_password,
        client,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
