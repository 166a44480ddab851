//! `POST /api/v1/session` signs in and returns a bearer token; `GET` says who the token is;
//! `DELETE` signs out.

use crate::{
    AppState,
    client_addr::ClientAddr,
    error::{ApiError, ApiJson},
    session::CurrentUser,
};
use axum::{Json, extract::State, http::StatusCode};
use openita_core::{Actor, accounts};
use openita_types::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"username": "sao.admin", "password": "openita-demo"}))]
pub struct SessionRequest {
    /// At most 64 characters once the white space around it is dropped; upper-case letters
    /// are read as lower-case.
    #[schema(pattern = r"^\s*(\S([\s\S]{0,62}\S)?)?\s*$")]
    pub username: String,
    #[schema(max_length = 128)]
    pub password: String,
}

/// The signed-in user as API.md shapes it.
#[derive(Serialize, ToSchema)]
pub struct SessionUser {
    pub username: String,
    pub role: Role,
    /// Agency code, for agency roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Province name (Thai), for coordinators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// District name (Thai), for district coordinators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub token: String,
    pub user: SessionUser,
}

pub(crate) fn session_user(actor: &Actor) -> SessionUser {
    SessionUser {
        username: actor.username.clone(),
        role: actor.role,
        agency: actor.agency_code.clone().map(String::from),
        province: actor
            .province_code
            .as_deref()
            .and_then(openita_geography::province)
            .map(|p| p.name_th.to_string()),
        district: match (&actor.province_code, &actor.district_code) {
            (Some(p), Some(d)) => openita_geography::district(p, d).map(|d| d.name_th.to_string()),
            _ => None,
        },
    }
}

#[utoipa::path(post, path = "/api/v1/session", operation_id = "createSession", tag = "session",
    request_body = SessionRequest,
    responses((status = 200, body = SessionResponse), (status = 401), (status = 413),
        (status = 422), (status = 429), (status = 503)))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<SessionRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let signed_in = accounts::sign_in(
        &state.core,
        &body.username,
        &body.password,
        accounts::SessionKind::Api,
        client,
    )
    .await?;
    let user = session_user(&signed_in.actor);
    Ok(Json(SessionResponse {
        token: signed_in.token,
        user,
    }))
}

#[utoipa::path(get, path = "/api/v1/session", operation_id = "getSession", tag = "session",
    responses((status = 200, body = SessionUser), (status = 401)))]
pub async fn show(user: CurrentUser) -> Json<SessionUser> {
    Json(session_user(&user.actor))
}

#[utoipa::path(delete, path = "/api/v1/session", operation_id = "deleteSession", tag = "session",
    responses((status = 204), (status = 401)))]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<StatusCode, ApiError> {
    accounts::sign_out(&state.core, &user.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
