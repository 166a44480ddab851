//! Who may use each route. Every route is registered with an `Access`; this layer resolves the
//! caller, refuses the wrong ones (401 without credentials, 403 for a role not admitted),
//! checks CSRF on cookie-authenticated writes and hands the `CurrentUser` to the handler.
//! Agency- and province-level scope is checked again by the core use case.

use crate::{
    AppState, csrf,
    error::{ApiError, ErrorInfo},
    session::{CurrentUser, Via, current_user},
};
use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use openita_types::Role;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, health check, public survey).
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    pub fn admits(self, role: Role) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::Roles(roles) => roles.contains(&role),
        }
    }
}

/// One row of the route table.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

fn unauthenticated(request: &Request) -> Response {
    if is_api(request) {
        ApiError(ErrorInfo::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "โปรดลงชื่อเข้าใช้ก่อน (ส่ง Authorization: Bearer TOKEN หรือใช้คุกกี้ของเบราว์เซอร์)",
            "Sign in first (send Authorization: Bearer TOKEN, or use the browser session).",
        ))
        .into_response()
    } else {
        let next = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let target = format!("/login?next={}", urlencode(next));
        Redirect::to(&target).into_response()
    }
}

fn refused(request: &Request, code: &'static str, th: &str, en: &str) -> Response {
    let info = ErrorInfo::new(StatusCode::FORBIDDEN, code, th, en);
    if is_api(request) {
        ApiError(info).into_response()
    } else {
        crate::routes::pages::error_page(request, &info)
    }
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// The access layer of one route.
pub async fn enforce(
    State((state, access)): State<(AppState, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    let user = match current_user(&state.core, request.headers()).await {
        Ok(user) => user,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if access == Access::Public {
        if let Some(user) = user {
            request.extensions_mut().insert(user);
        }
        return next.run(request).await;
    }
    let Some(user) = user else {
        return unauthenticated(&request);
    };
    if !access.admits(user.actor.role) {
        return refused(
            &request,
            "forbidden",
            "บัญชีของท่านไม่มีสิทธิ์ใช้หน้านี้หรือบริการนี้",
            "Your account's role may not use this page or service.",
        );
    }
    if user.via == Via::Cookie && csrf::is_unsafe(request.method()) {
        let expected = user.csrf_token.clone();
        match csrf::verify(request, &expected).await {
            Some(r) => request = r,
            None => {
                return Response::builder()
                    .status(StatusCode::FORBIDDEN)
                    .extension(ErrorInfo::new(
                        StatusCode::FORBIDDEN,
                        "csrf_failed",
                        "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง",
                        "The form has expired or is not valid: reload the page and try again.",
                    ))
                    .body(axum::body::Body::from(
                        r#"{"error":{"code":"csrf_failed","message":"แบบฟอร์มหมดอายุหรือไม่ถูกต้อง โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง"}}"#,
                    ))
                    .unwrap_or_default();
            }
        }
    }
    request.extensions_mut().insert::<CurrentUser>(user);
    next.run(request).await
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;

    /// Handlers behind a non-public route always find the user the access layer put here.
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or_else(|| {
                ApiError(ErrorInfo::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthenticated",
                    "โปรดลงชื่อเข้าใช้ก่อน",
                    "Sign in first.",
                ))
            })
    }
}
