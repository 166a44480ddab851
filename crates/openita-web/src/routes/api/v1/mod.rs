//! API v1, one file per resource. Every handler is annotated for the OpenAPI document, and a
//! test checks that the document and the route table list the same operations.

pub mod agencies;
pub mod agency_cycle;
pub mod audit;
pub mod calendar;
pub mod cycles;
pub mod dashboards;
pub mod framework;
pub mod jobs;
pub mod notifications;
pub mod oit;
pub mod openapi;
pub mod provinces;
pub mod reference;
pub mod reminders;
pub mod results;
pub mod session;
pub mod surveys;
pub mod users;

use openita_types::Lang;

/// The language of a JSON response's human-readable parts.
pub fn lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}
