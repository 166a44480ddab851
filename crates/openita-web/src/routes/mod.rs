//! The route table. Each route is added with the roles it admits (`Access`); the same list
//! builds the router, drives the role x route tests and is compared with the OpenAPI
//! document.

pub mod api;
mod api_routes;
mod body_limits;
mod health;
mod page_routes;
pub mod pages;
pub mod survey;

use crate::{
    AppState,
    access::{Access, RouteSpec, enforce},
    error::{api_not_found, localize_api_errors},
};
use access_levels::PUBLIC;
use api::v1;
use axum::{
    Router,
    http::{Method, header},
    middleware::{from_fn, from_fn_with_state},
    response::IntoResponse,
    routing::{MethodRouter, get},
};
use tower_http::{
    limit::RequestBodyLimitLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

/// Who may use which route, by name, shared by both halves of the table.
mod access_levels {
    use crate::access::Access;
    use openita_types::Role::{self, *};

    pub(super) const ADMIN: Access = Access::Roles(&[NaccAdmin]);
    pub(super) const USER_READERS: Access =
        Access::Roles(&[NaccAdmin, AgencyAdmin, AgencyExecutive]);
    pub(super) const ANY: Access = Access::SignedIn;
    /// Who may look at an agency's cycle: the agency's own roles, its province's coordinator and
    /// the NACC admin (the core narrows this to the right agency and province).
    pub(super) const AGENCY_VIEWERS: Access = Access::Roles(&[
        NaccAdmin,
        AgencyAdmin,
        AgencyExecutive,
        ProvinceCoordinator,
        DistrictCoordinator,
    ]);
    pub(super) const AGENCY_ADMIN: Access = Access::Roles(&[AgencyAdmin]);
    pub(super) const EXECUTIVE: Access = Access::Roles(&[AgencyExecutive]);
    pub(super) const LINK_ROTATORS: Access = Access::Roles(&[NaccAdmin, AgencyAdmin]);
    pub(super) const OIT_READERS: Access = Access::Roles(&[
        NaccAdmin,
        Assessor,
        AgencyAdmin,
        AgencyExecutive,
        ProvinceCoordinator,
        DistrictCoordinator,
    ]);
    pub(super) const ASSESSOR: Access = Access::Roles(&[Assessor]);
    pub(super) const AREA_WATCHERS: Access = Access::Roles(Role::AREA_WATCHERS);
    /// A province's targets: its coordinators (and the NACC admin).
    /// The province committee's OIT pre-check: the coordinators of the agency's area.
    pub(super) const OIT_COMMITTEE: Access =
        Access::Roles(&[ProvinceCoordinator, DistrictCoordinator]);
    pub(super) const TARGET_SETTERS: Access = Access::Roles(&[NaccAdmin, ProvinceCoordinator]);
    pub(super) const PUBLIC: Access = Access::Public;
    /// A province's reminder schedule: its coordinators and the NACC admin (the core narrows
    /// this to their own province).
    pub(super) const SCHEDULE_SETTERS: Access = Access::Roles(&[NaccAdmin, ProvinceCoordinator]);
    /// A province's coordinators: the only writers of its plan, deadlines and documents (the
    /// core narrows this to their own province).
    pub(super) const COORDINATOR: Access = Access::Roles(&[ProvinceCoordinator]);
    /// Who may read what a province sends its agencies (deadlines, documents): the readers
    /// of its plan plus the agency roles (the core narrows this to agencies in the province).
    pub(super) const PROVINCE_MEMBERS: Access = Access::Roles(&[
        NaccAdmin,
        ProvinceCoordinator,
        DistrictCoordinator,
        AgencyAdmin,
        AgencyExecutive,
    ]);
}

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

fn other_table(t: Table) -> Table {
    t.add(Method::GET, "/healthz", PUBLIC, get(health::health))
        .add(Method::GET, "/readyz", PUBLIC, get(health::ready))
        .add(Method::GET, "/static/style.css", PUBLIC, get(style_css))
        .add(Method::GET, "/static/app.js", PUBLIC, get(app_js))
        .add(Method::GET, "/static/survey.css", PUBLIC, get(survey_css))
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
        api_routes::api_table(empty()),
        page_routes::page_table(empty()),
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

/// No request body is read past this, whatever the route.
const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, pages, other) = tables(&state);
    Router::new()
        .merge(api.router)
        .merge(pages.router)
        .merge(other.router)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn(body_limits::explain_too_large))
        .layer(from_fn(render_errors))
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
        // Outside the error pages, so that they see every response as it leaves.
        .layer(from_fn(crate::retry_after::retry_after_on_unavailable))
        .layer(from_fn(crate::cache_policy::no_store_for_private))
        .layer(from_fn_with_state(
            state.clone(),
            crate::transport_security::secure_transport,
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

/// 405 under /api (clients and their generated code read it); a page address used with the
/// wrong method is simply not there.
async fn method_not_allowed(request: axum::extract::Request) -> axum::response::Response {
    if request.uri().path().starts_with("/api/") {
        crate::error::api_method_not_allowed().into_response()
    } else {
        pages::not_found(request).await
    }
}

async fn not_found(request: axum::extract::Request) -> axum::response::Response {
    if request.uri().path().starts_with("/api/") {
        api_not_found().await.into_response()
    } else {
        pages::not_found(request).await
    }
}

/// The OpenAPI document as served, for tests and `openita` tooling.
pub fn openapi_json(state: &AppState) -> serde_json::Value {
    v1::openapi::document(state).clone()
}
