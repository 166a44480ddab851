//! In-process tests of the real router: one test binary, one module per concern. Each test
//! builds its own `TestApp` on a fresh database (SQLite, or PostgreSQL with TEST_DATABASE_URL).

mod access_matrix;
mod agencies_api;
mod api_errors;
mod area_scope;
mod audit_log;
mod calendar_page;
mod confirmations;
mod cycles_api;
mod drive;
mod headcount;
mod home_pages;
mod http_hygiene;
mod jobs;
mod migrations;
mod nonce_batches;
mod notifications;
mod oit;
mod oit_batches;
mod oit_pages;
mod oit_precheck;
mod oit_scores;
mod openapi;
mod pages;
mod people_names;
mod portal;
mod province_documents;
mod province_forms;
mod province_forms_access;
mod province_plan;
mod province_plan_files;
mod province_publicity;
mod publication;
mod real_socket;
mod reminders;
mod reminders_page;
mod result_display;
mod results;
mod results_cache;
mod sessions;
mod sign_in_throttle;
mod sign_in_writes;
mod survey_files;
mod survey_integrity;
mod survey_limits;
mod survey_link_cache;
mod survey_order;
mod surveys;
mod thai_words;
mod typed_dates;
mod visibility;
mod year_on_year;

/// Panics with the response text when the status is not the expected one.
#[macro_export]
macro_rules! assert_status {
    ($response:expr, $status:expr) => {{
        let r = &$response;
        assert_eq!(
            r.status.as_u16(),
            $status,
            "unexpected status; body: {}",
            r.text
        );
    }};
}

/// Posts a page's form (URL-encoded fields) with a bearer token, as the pages' forms do.
pub(crate) async fn post_form(
    app: &openita_testing::TestApp,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> openita_testing::TestResponse {
    let body = serde_urlencoded::to_string(fields).unwrap_or_default();
    let request = axum::http::Request::post(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap_or_default();
    app.send(request).await
}
