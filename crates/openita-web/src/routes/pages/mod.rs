//! Server-rendered pages, Thai by default. Each file is one area; handlers build a typed view
//! and render an askama template (auto-escaped, checked at compile time).

pub mod account;
pub mod agencies;
pub mod agency_cycle;
pub mod audit;
mod calendar_form;
mod context;
pub mod cycles;
pub mod dashboard;
pub mod drive;
pub mod exports;
pub mod framework;
pub mod jobs;
pub mod oit;
pub mod oit_decisions;
pub mod oit_item;
pub mod oit_precheck;
pub mod oit_queue;
pub mod portal;
pub mod progress;
pub mod province_documents;
pub mod province_forms;
pub mod provinces;
pub mod publicity;
pub mod reminders;
pub mod results;
pub mod sign_in;
pub mod users;
mod waiting;

pub use context::{FormError, PageContext};

use crate::error::ErrorInfo;
use askama::Template;
use axum::{
    extract::Request,
    http::{StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageContext,
    message: String,
    fields: Vec<String>,
}

/// Renders a template, or a plain 500 if the template itself fails (it should not: they are
/// compiled in).
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error.cause = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "500").into_response()
        }
    }
}

/// An error page in the reader's language.
pub fn error_page(request: &Request, info: &ErrorInfo) -> Response {
    let page = PageContext::from_parts_lossy(request.headers(), request.uri(), None, "");
    let lang = page.lang;
    let body = ErrorPage {
        message: info.text.get(lang).to_string(),
        fields: info
            .fields
            .iter()
            .map(|f| f.message.get(lang).to_string())
            .collect(),
        page,
    };
    let mut response = render(&body);
    *response.status_mut() = info.status;
    response
}

/// Pages answer errors with a page, not JSON: any response carrying an `ErrorInfo` (from a
/// core error, the access layer or CSRF) is rendered as the error page.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let uri = request.uri().clone();
    let mut response = next.run(request).await;
    if let Some(info) = response.extensions_mut().remove::<ErrorInfo>() {
        let page = PageContext::from_parts_lossy(&headers, &uri, None, "");
        let lang = page.lang;
        let mut out = render(&ErrorPage {
            message: info.text.get(lang).to_string(),
            fields: info
                .fields
                .iter()
                .map(|f| f.message.get(lang).to_string())
                .collect(),
            page,
        });
        *out.status_mut() = info.status;
        if let Some(v) = response.headers().get(header::RETRY_AFTER) {
            out.headers_mut().insert(header::RETRY_AFTER, v.clone());
        }
        return out;
    }
    response
}

/// The page for a URL that matches nothing.
pub async fn not_found(request: Request) -> Response {
    error_page(
        &request,
        &ErrorInfo::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "ไม่พบหน้าที่ต้องการ",
            "Page not found.",
        ),
    )
}

/// A phone number as a `tel:` link dials it: its digits and a leading plus only.
pub(crate) fn tel_target(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

/// "This will happen: go on?" before an action that cannot simply be undone. The form posts
/// back to `action` with `confirm=yes` (and `fields`), which the handler needs before acting.
#[derive(askama::Template)]
#[template(path = "confirm.html")]
pub(crate) struct ConfirmPage {
    pub page: PageContext,
    pub heading: String,
    pub question: String,
    pub consequences: Vec<String>,
    pub action: String,
    pub back: String,
    pub fields: Vec<(String, String)>,
    pub confirm_label: String,
    /// A reason box, when the action needs one.
    pub reason_label: Option<String>,
    /// After a refused reason: what was typed, and why it was refused (shown beside the box).
    pub reason: String,
    pub reason_error: Option<String>,
}
