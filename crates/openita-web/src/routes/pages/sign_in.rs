//! Signing in and out in the browser, and the language switch.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{
    AppState,
    client_addr::ClientAddr,
    safe_redirect::safe_next,
    session::{CurrentUser, cleared_session_cookie, cookie, session_cookie},
};
use askama::Template;
use axum::{
    Form,
    extract::{Query, State, rejection::FormRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use base64::Engine as _;
use openita_core::{CoreError, accounts};
use rand::RngCore;
use serde::Deserialize;

/// The sign-in form has no session yet, so its CSRF token is a double-submit cookie.
const LOGIN_CSRF_COOKIE: &str = "openita_login_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageContext,
    login_csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

fn new_token() -> String {
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn login_page(
    page: PageContext,
    next: String,
    username: String,
    error: Option<String>,
) -> Response {
    let token = new_token();
    let mut response = render(&LoginPage {
        page,
        login_csrf: token.clone(),
        next,
        username,
        error,
    });
    if let Ok(v) =
        format!("{LOGIN_CSRF_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict").parse()
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub async fn show(page: PageContext, Query(q): Query<NextQuery>) -> Response {
    login_page(page, safe_next(q.next.as_deref()), String::new(), None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageContext,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        // Over the route's small body limit, or not a form: the form again, saying why.
        Err(rejection) => {
            let msg = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                page.pick(
                    "ข้อมูลที่กรอกยาวเกินไป ชื่อผู้ใช้ยาวได้ไม่เกิน 64 ตัวอักษร",
                    "What was entered is too long: a username is at most 64 characters.",
                )
            } else {
                page.pick(
                    "อ่านแบบฟอร์มไม่ได้ โปรดลองอีกครั้ง",
                    "The form could not be read; please try again.",
                )
            };
            let msg = msg.to_string();
            let mut response = login_page(page, "/".to_string(), String::new(), Some(msg));
            *response.status_mut() = rejection.status();
            return response;
        }
    };
    let next = safe_next(form.next.as_deref());
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    // Never echo back what no account can be called.
    let typed_username = if form.username.chars().count() <= accounts::MAX_USERNAME_CHARS {
        form.username.clone()
    } else {
        String::new()
    };
    if expected.is_empty() || expected != form.csrf {
        let msg = page.t("error.title").to_string()
            + ": "
            + page.pick(
                "แบบฟอร์มหมดอายุ โปรดลองอีกครั้ง",
                "The form expired; please try again.",
            );
        return login_page(page, next, typed_username, Some(msg));
    }
    let e = match accounts::sign_in(
        &state.core,
        &form.username,
        &form.password,
        accounts::SessionKind::Browser,
        client,
    )
    .await
    {
        Ok(signed_in) => {
            let mut response = Redirect::to(&next).into_response();
            if let Ok(v) = session_cookie(&signed_in.token, state.config.secure_cookies).parse() {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            return response;
        }
        Err(e) => e,
    };
    // Refusals a person can act on come back on the form; the rest are error pages.
    let (status, retry_after) = match &e {
        CoreError::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, None),
        CoreError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, None),
        CoreError::TooManyAttempts {
            retry_after_secs, ..
        } => (StatusCode::TOO_MANY_REQUESTS, Some(*retry_after_secs)),
        CoreError::Busy {
            retry_after_secs, ..
        } => (StatusCode::SERVICE_UNAVAILABLE, Some(*retry_after_secs)),
        _ => return crate::error::ApiError::from(e).into_response(),
    };
    let msg = match &e {
        CoreError::Invalid(fields) => fields
            .iter()
            .map(|f| f.message.get(page.lang))
            .collect::<Vec<_>>()
            .join(" "),
        other => other.text().get(page.lang).to_string(),
    };
    let mut response = login_page(page, next, typed_username, Some(msg));
    *response.status_mut() = status;
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> Response {
    if let Err(e) = accounts::sign_out(&state.core, &user.token).await {
        return crate::error::ApiError::from(e).into_response();
    }
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = cleared_session_cookie().parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Sets the language cookie and goes back to where the reader was.
pub async fn switch_language(
    ApiPath(code): ApiPath<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = if code == "en" { "en" } else { "th" };
    let mut response = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    if let Ok(v) = format!(
        "{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax",
        super::context::LANG_COOKIE
    )
    .parse()
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}
