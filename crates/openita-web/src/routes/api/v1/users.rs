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
#[schema(example = json!({"username": "nafai.admin", "password": "correct-horse-battery",
    "role": "agency-admin", "agency": "6360102", "email": "admin@nafai.go.th",
    "name": "นางสาวสมศรี ใจดี"}))]
pub struct CreateUserRequest {
    /// 3-64 lower-case English letters, digits and `. _ - @`; a name taken is a 409.
    #[schema(pattern = "^[a-z0-9._@-]{3,64}$")]
    pub username: String,
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(value_type = openita_types::Role)]
    pub role: String,
    /// Agency code, required for agency roles (and only for them).
    #[schema(value_type = Option<openita_types::AgencyCode>)]
    pub agency: Option<String>,
    /// Required for coordinators (and only for them).
    #[schema(value_type = Option<crate::routes::api::v1::openapi::ProvinceName>)]
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

#[utoipa::path(post, path = "/api/v1/users", operation_id = "createUser", tag = "users",
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
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    #[param(value_type = Option<openita_types::Role>)]
    pub role: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/users", operation_id = "listUsers", tag = "users", params(UserQuery),
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
#[schema(example = json!({"current_password": "openita-demo", "new_password": "a-longer-pass-phrase"}))]
pub struct PasswordChange {
    pub current_password: String,
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

#[utoipa::path(put, path = "/api/v1/users/me/password", operation_id = "changeMyPassword", tag = "users",
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
