//! `Cache-Control: no-store` on every response that a shared or browser cache must not keep:
//! one layer, so that no handler can forget it.
//!
//! A response is private when the request carried credentials (a bearer token or the session
//! cookie: a signed-in page, an agency's data, a file), when the response sets a cookie (a
//! session, the sign-in form's CSRF token, the language), when it hands out a token (`POST
//! /api/v1/session`) or when it is a survey form with its single-use nonce (`/s/...`,
//! `/api/v1/surveys/...`). The static files under `/static/` keep their own caching, even when
//! a signed-in browser asks for them: they are the same for everyone.

use crate::session::SESSION_COOKIE;
use axum::{
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// Paths whose answers carry a token or a nonce whoever asks.
const TOKEN_PATHS: &[&str] = &["/api/v1/session", "/login"];
/// Prefixes of the public survey paths: their forms carry a single-use nonce.
const SURVEY_PREFIXES: &[&str] = &["/s/", "/api/v1/surveys/"];

pub async fn no_store_for_private(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_static = path.starts_with("/static/");
    let carries_secret = TOKEN_PATHS.contains(&path)
        || SURVEY_PREFIXES
            .iter()
            .any(|prefix| path.starts_with(prefix));
    let signed_in = has_credentials(&request);
    let mut response = next.run(request).await;
    let sets_cookie = response.headers().contains_key(header::SET_COOKIE);
    if !is_static && (signed_in || carries_secret || sets_cookie) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A bearer header or the session cookie, valid or not: the answer may depend on who asks.
fn has_credentials(request: &Request) -> bool {
    request.headers().contains_key(header::AUTHORIZATION)
        || crate::session::cookie(request.headers(), SESSION_COOKIE).is_some()
}
