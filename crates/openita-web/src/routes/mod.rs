//! The route table. Each route is added with the roles it admits (`Access`); the same list
//! builds the router, drives the role x route tests and is compared with the OpenAPI
//! document.

pub mod api;
pub mod pages;
pub mod survey;

use crate::{
    AppState,
    access::{Access, RouteSpec, enforce},
    error::{api_not_found, localize_api_errors},
};
use api::v1;
use axum::{
    Router,
    http::{Method, header},
    middleware::{from_fn, from_fn_with_state},
    response::IntoResponse,
    routing::{MethodRouter, get},
};
use openita_types::Role::*;
use tower_http::{
    limit::RequestBodyLimitLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

const ADMIN: Access = Access::Roles(&[NaccAdmin]);
const USER_READERS: Access = Access::Roles(&[NaccAdmin, AgencyAdmin, AgencyExecutive]);
const ANY: Access = Access::SignedIn;
/// Who may look at an agency's cycle: the agency's own roles, its province's coordinator and
/// the NACC admin (the core narrows this to the right agency and province).
const AGENCY_VIEWERS: Access =
    Access::Roles(&[NaccAdmin, AgencyAdmin, AgencyExecutive, ProvinceCoordinator]);
const AGENCY_ADMIN: Access = Access::Roles(&[AgencyAdmin]);
const EXECUTIVE: Access = Access::Roles(&[AgencyExecutive]);
const LINK_ROTATORS: Access = Access::Roles(&[NaccAdmin, AgencyAdmin]);
const OIT_READERS: Access = Access::Roles(&[
    NaccAdmin,
    Assessor,
    AgencyAdmin,
    AgencyExecutive,
    ProvinceCoordinator,
]);
const ASSESSOR: Access = Access::Roles(&[Assessor]);
const AREA_WATCHERS: Access = Access::Roles(&[NaccAdmin, ProvinceCoordinator]);
const PUBLIC: Access = Access::Public;

/// Builds a router while recording what it adds.
struct Table {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
    state: AppState,
}

impl Table {
    fn add(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) -> Self {
        let guarded =
            handler.route_layer(from_fn_with_state((self.state.clone(), access), enforce));
        self.router = self.router.route(path, guarded);
        self.specs.push(RouteSpec {
            method,
            path,
            access,
        });
        self
    }
}

use axum::routing::{delete as del, post, put};

fn api_table(t: Table) -> Table {
    use v1::*;
    t.add(
        Method::POST,
        "/api/v1/session",
        PUBLIC,
        post(session::create),
    )
    .add(Method::GET, "/api/v1/session", ANY, get(session::show))
    .add(Method::DELETE, "/api/v1/session", ANY, del(session::delete))
    .add(Method::POST, "/api/v1/users", ADMIN, post(users::create))
    .add(Method::GET, "/api/v1/users", USER_READERS, get(users::list))
    .add(
        Method::PUT,
        "/api/v1/users/me/password",
        ANY,
        put(users::change_password),
    )
    .add(
        Method::POST,
        "/api/v1/agencies",
        ADMIN,
        post(agencies::create),
    )
    .add(Method::GET, "/api/v1/agencies", ANY, get(agencies::list))
    .add(
        Method::POST,
        "/api/v1/agencies/import",
        ADMIN,
        post(agencies::import),
    )
    .add(
        Method::GET,
        "/api/v1/agencies/{code}",
        ANY,
        get(agencies::show),
    )
    .add(
        Method::PUT,
        "/api/v1/agencies/{code}",
        ADMIN,
        put(agencies::update),
    )
    .add(Method::POST, "/api/v1/cycles", ADMIN, post(cycles::create))
    .add(Method::GET, "/api/v1/cycles", ANY, get(cycles::list))
    .add(Method::GET, "/api/v1/cycles/{year}", ANY, get(cycles::show))
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/open",
        ADMIN,
        post(cycles::open),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/assignments",
        ADMIN,
        post(cycles::assign),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/framework",
        ANY,
        get(framework::show),
    )
    .add(
        Method::PUT,
        "/api/v1/cycles/{year}/framework",
        ADMIN,
        put(framework::replace),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/calendar",
        ANY,
        get(calendar::show),
    )
    .add(
        Method::PUT,
        "/api/v1/cycles/{year}/calendar",
        ADMIN,
        put(calendar::update),
    )
    .add(Method::GET, "/api/v1/audit", ADMIN, get(audit::list))
    .add(Method::GET, "/api/v1/jobs/{id}", ANY, get(jobs::show))
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/oit",
        OIT_READERS,
        get(oit::show),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/oit/submit",
        AGENCY_ADMIN,
        post(oit::submit),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/oit/return",
        EXECUTIVE,
        post(oit::return_to_draft),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/oit/approve",
        EXECUTIVE,
        post(oit::approve),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/oit/confirm",
        ASSESSOR,
        post(oit::confirm),
    )
    .add(
        Method::PUT,
        "/api/v1/cycles/{year}/agencies/{code}/oit/{item}",
        AGENCY_ADMIN,
        put(oit::answer),
    )
    .add(
        Method::PUT,
        "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/review",
        ASSESSOR,
        put(oit::review),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/clarification",
        AGENCY_ADMIN,
        post(oit::clarification),
    )
    .add(
        Method::PUT,
        "/api/v1/cycles/{year}/agencies/{code}/oit/{item}/final",
        ASSESSOR,
        put(oit::final_score),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/assessor/queue",
        ASSESSOR,
        get(oit::queue),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/results/compute",
        ADMIN,
        post(results::compute),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/results/publish",
        ADMIN,
        post(results::publish),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/results/reopen",
        ADMIN,
        post(results::reopen),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/results",
        PUBLIC,
        get(results::list),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/summary",
        PUBLIC,
        get(results::summary),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/results.csv",
        PUBLIC,
        get(results::csv),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/results.xlsx",
        PUBLIC,
        get(results::xlsx),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/report.pdf",
        PUBLIC,
        get(results::report_pdf),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/oit/check",
        OIT_READERS,
        post(oit::check),
    )
    .add(
        Method::GET,
        "/api/v1/surveys/{token}",
        PUBLIC,
        get(surveys::show),
    )
    .add(
        Method::POST,
        "/api/v1/surveys/{token}/responses",
        PUBLIC,
        post(surveys::respond),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/headcount",
        AGENCY_VIEWERS,
        get(agency_cycle::get_headcount),
    )
    .add(
        Method::PUT,
        "/api/v1/cycles/{year}/agencies/{code}/headcount",
        AGENCY_ADMIN,
        put(agency_cycle::put_headcount),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/headcount/approve",
        EXECUTIVE,
        post(agency_cycle::approve_headcount),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/status",
        AGENCY_VIEWERS,
        get(agency_cycle::status),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/survey-links",
        AGENCY_VIEWERS,
        get(agency_cycle::links),
    )
    .add(
        Method::POST,
        "/api/v1/cycles/{year}/agencies/{code}/survey-links/rotate",
        LINK_ROTATORS,
        post(agency_cycle::rotate),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/survey-links/{instrument}/qr.svg",
        AGENCY_VIEWERS,
        get(agency_cycle::qr_svg),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/survey-links/{instrument}/qr.png",
        AGENCY_VIEWERS,
        get(agency_cycle::qr_png),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/agencies/{code}/survey-links/{instrument}/poster.pdf",
        AGENCY_VIEWERS,
        get(agency_cycle::poster),
    )
    .add(
        Method::GET,
        "/api/v1/cycles/{year}/progress",
        AREA_WATCHERS,
        get(agency_cycle::progress),
    )
    .add(
        Method::GET,
        "/api/v1/provinces",
        PUBLIC,
        get(reference::provinces),
    )
    .add(
        Method::GET,
        "/api/v1/provinces/{code}/districts",
        PUBLIC,
        get(reference::districts),
    )
    .add(
        Method::GET,
        "/api/v1/openapi.json",
        PUBLIC,
        get(openapi::spec),
    )
}

fn page_table(t: Table) -> Table {
    use pages::*;
    t.add(Method::GET, "/login", PUBLIC, get(sign_in::show))
        .add(Method::POST, "/login", PUBLIC, post(sign_in::submit))
        .add(Method::POST, "/logout", ANY, post(sign_in::logout))
        .add(
            Method::GET,
            "/lang/{code}",
            PUBLIC,
            get(sign_in::switch_language),
        )
        .add(Method::GET, "/", ANY, get(dashboard::show))
        .add(Method::GET, "/agencies", ANY, get(agencies::list))
        .add(Method::POST, "/agencies", ADMIN, post(agencies::create))
        .add(Method::GET, "/agencies/new", ADMIN, get(agencies::new_form))
        .add(
            Method::GET,
            "/agencies/import",
            ADMIN,
            get(agencies::import_form),
        )
        .add(
            Method::POST,
            "/agencies/import",
            ADMIN,
            post(agencies::import),
        )
        .add(Method::GET, "/agencies/{code}", ANY, get(agencies::show))
        .add(
            Method::POST,
            "/agencies/{code}",
            ADMIN,
            post(agencies::update),
        )
        .add(
            Method::GET,
            "/agencies/{code}/edit",
            ADMIN,
            get(agencies::edit_form),
        )
        .add(Method::GET, "/users", USER_READERS, get(users::list))
        .add(Method::POST, "/users", ADMIN, post(users::create))
        .add(Method::GET, "/users/new", ADMIN, get(users::new_form))
        .add(Method::GET, "/cycles", ANY, get(cycles::list))
        .add(Method::POST, "/cycles", ADMIN, post(cycles::create))
        .add(Method::GET, "/cycles/{year}", ANY, get(cycles::show))
        .add(
            Method::POST,
            "/cycles/{year}/calendar",
            ADMIN,
            post(cycles::set_calendar),
        )
        .add(
            Method::POST,
            "/cycles/{year}/open",
            ADMIN,
            post(cycles::open),
        )
        .add(
            Method::POST,
            "/cycles/{year}/assignments",
            ADMIN,
            post(cycles::assign),
        )
        .add(
            Method::GET,
            "/cycles/{year}/framework",
            ANY,
            get(cycles::framework),
        )
        .add(
            Method::POST,
            "/cycles/{year}/framework",
            ADMIN,
            post(cycles::replace_framework),
        )
        .add(Method::GET, "/audit", ADMIN, get(audit::list))
        .add(Method::GET, "/jobs/{id}", ANY, get(jobs::show))
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}",
            AGENCY_VIEWERS,
            get(agency_cycle::show),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/headcount",
            AGENCY_ADMIN,
            post(agency_cycle::set_headcount),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/headcount/approve",
            EXECUTIVE,
            post(agency_cycle::approve_headcount),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/survey-links/rotate",
            LINK_ROTATORS,
            post(agency_cycle::rotate),
        )
        .add(
            Method::GET,
            "/cycles/{year}/progress",
            AREA_WATCHERS,
            get(progress::show),
        )
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}/oit",
            OIT_READERS,
            get(oit::show),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/submit",
            AGENCY_ADMIN,
            post(oit::submit),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/approve",
            EXECUTIVE,
            post(oit::approve),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/return",
            EXECUTIVE,
            post(oit::return_to_draft),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/confirm",
            ASSESSOR,
            post(oit::confirm),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}",
            AGENCY_ADMIN,
            post(oit::answer),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}/review",
            ASSESSOR,
            post(oit::review),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}/clarification",
            AGENCY_ADMIN,
            post(oit::clarify),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}/final",
            ASSESSOR,
            post(oit::final_score),
        )
        .add(
            Method::GET,
            "/cycles/{year}/queue",
            ASSESSOR,
            get(oit::queue),
        )
        .add(
            Method::POST,
            "/cycles/{year}/exports/responses",
            ADMIN,
            post(exports::start),
        )
        .add(
            Method::GET,
            "/jobs/{id}/download",
            ANY,
            get(exports::download),
        )
        .add(
            Method::POST,
            "/cycles/{year}/results/compute",
            ADMIN,
            post(results::compute),
        )
        .add(
            Method::POST,
            "/cycles/{year}/results/publish",
            ADMIN,
            post(results::publish),
        )
        .add(Method::GET, "/results/{year}", PUBLIC, get(results::portal))
        .add(
            Method::GET,
            "/results/{year}/agencies/{code}",
            PUBLIC,
            get(results::agency),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/check",
            OIT_READERS,
            post(oit::check),
        )
        .add(
            Method::GET,
            "/s/thanks",
            PUBLIC,
            get(crate::routes::survey::thanks),
        )
        .add(
            Method::GET,
            "/s/{token}",
            PUBLIC,
            get(crate::routes::survey::show),
        )
        .add(
            Method::POST,
            "/s/{token}",
            PUBLIC,
            post(crate::routes::survey::submit),
        )
        .add(Method::GET, "/account", ANY, get(account::show))
        .add(
            Method::POST,
            "/account/password",
            ANY,
            post(account::change_password),
        )
}

fn other_table(t: Table) -> Table {
    t.add(Method::GET, "/healthz", PUBLIC, get(health))
        .add(Method::GET, "/static/style.css", PUBLIC, get(style_css))
        .add(Method::GET, "/static/app.js", PUBLIC, get(app_js))
        .add(Method::GET, "/static/survey.css", PUBLIC, get(survey_css))
}

async fn health() -> &'static str {
    "ok"
}

async fn style_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
}

async fn survey_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/survey.css"),
    )
}

async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.js"),
    )
}

fn tables(state: &AppState) -> (Table, Table, Table) {
    let empty = || Table {
        router: Router::new(),
        specs: Vec::new(),
        state: state.clone(),
    };
    (
        api_table(empty()),
        page_table(empty()),
        other_table(empty()),
    )
}

/// Every route with the roles it admits.
pub fn route_specs(state: &AppState) -> Vec<RouteSpec> {
    let (api, pages, other) = tables(state);
    api.specs
        .into_iter()
        .chain(pages.specs)
        .chain(other.specs)
        .collect()
}

/// Upload limit: an XLSX of every agency in the country is a few MB.
const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, pages, other) = tables(&state);
    Router::new()
        .merge(api.router)
        .merge(pages.router)
        .merge(other.router)
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(from_fn(render_errors))
        .layer(from_fn_with_state(
            state.clone(),
            crate::rate_limit::limit_surveys,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            header::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            header::HeaderValue::from_static("same-origin"),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // The path only: query strings can carry CSRF tokens and search terms.
                // The route's pattern, not the path: survey links are keys and must never be logged.
                let route = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_else(|| "unmatched".to_string());
                tracing::info_span!("http", http.method = %req.method(), http.route = %route)
            }),
        )
        .with_state(state)
}

/// Errors are words for the reader: JSON in the client's language under /api, an error
/// page in the page language elsewhere.
async fn render_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if request.uri().path().starts_with("/api/") {
        localize_api_errors(request, next).await
    } else {
        pages::render_errors(request, next).await
    }
}

async fn not_found(request: axum::extract::Request) -> axum::response::Response {
    if request.uri().path().starts_with("/api/") {
        api_not_found().await.into_response()
    } else {
        pages::not_found(request).await
    }
}

/// The OpenAPI document, for tests and `openita` tooling.
pub fn openapi_json() -> serde_json::Value {
    serde_json::to_value(<v1::openapi::ApiDoc as utoipa::OpenApi>::openapi()).unwrap_or_default()
}
