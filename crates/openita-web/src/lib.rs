//! OpenITA over HTTP. Handlers stay thin: parse, call one `openita-core` use case, render.
//!
//! - `routes/` builds the one route table: every route names who may use it (`access.rs`),
//!   and the same table drives the role x route tests and the OpenAPI check.
//! - `routes/api/` is the JSON API v1 of API.md; `routes/pages/` the server-rendered pages.
//! - `session.rs` resolves the cookie or bearer token; `csrf.rs` guards cookie-authenticated
//!   writes; `error.rs` turns core errors into the documented statuses and bodies.
//! - Layers over every response: `cache_policy.rs` (no-store on anything private),
//!   `transport_security.rs` (HSTS and `Secure` cookies behind https), `retry_after.rs`
//!   (every 503 says when to come back); `safe_redirect.rs` keeps `?next=` on this site.

mod access;
mod cache_policy;
pub mod client_addr;
mod csrf;
mod error;
mod i18n;
mod render_gate;
pub mod results_files;
mod retry_after;
mod routes;
mod safe_redirect;
mod session;
mod state;
mod transport_security;

pub use access::{Access, RouteSpec};
pub use routes::{openapi_json, route_specs, router};
pub use state::{AppState, WebConfig};

use std::future::Future;
use tokio::net::TcpListener;

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
