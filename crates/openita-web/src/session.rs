//! Who is asking: a bearer token (scripts) or the session cookie (browsers), both resolved
//! against the sessions table so that any instance can serve any request.

use axum::http::{HeaderMap, header};
use openita_core::{Actor, Core, CoreError, accounts};

pub const SESSION_COOKIE: &str = "openita_session";

/// How the request proved who it is; only cookie-authenticated writes need a CSRF token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Bearer,
    Cookie,
}

/// The signed-in user of a request, put in the request's extensions by the access layer.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub actor: Actor,
    pub token: String,
    pub csrf_token: String,
    pub via: Via,
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// Resolves the request's credentials. A bearer header wins over a cookie.
pub async fn current_user(
    core: &Core,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, CoreError> {
    let (token, via) = match (bearer(headers), cookie(headers, SESSION_COOKIE)) {
        (Some(t), _) => (t, Via::Bearer),
        (None, Some(t)) => (t, Via::Cookie),
        (None, None) => return Ok(None),
    };
    Ok(accounts::resolve_session(core, token)
        .await?
        .map(|s| CurrentUser {
            actor: s.actor,
            token: s.token,
            csrf_token: s.csrf_token,
            via,
        }))
}

/// `Set-Cookie` for a new browser session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200{secure}")
}

/// `Set-Cookie` that removes the session cookie.
pub fn cleared_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The signed-in user if there is one, for public routes that show more to some roles.
pub struct MaybeUser(pub Option<CurrentUser>);

impl MaybeUser {
    pub fn actor(&self) -> Option<&Actor> {
        self.0.as_ref().map(|u| &u.actor)
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<CurrentUser>().cloned()))
    }
}
