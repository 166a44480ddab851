//! Probes for load balancers and orchestrators. `/healthz` answers while the process runs and
//! touches nothing (a liveness probe must not fail because the database is slow, or every
//! instance would be restarted at once); `/readyz` answers 200 only when the database does,
//! so that traffic goes to instances that can serve it.

use crate::AppState;
use axum::{
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use std::time::Duration;

/// How long `/readyz` waits for `SELECT 1`: a probe must answer well within its own timeout.
const READY_LIMIT: Duration = Duration::from_secs(2);
/// When a load balancer should ask again.
const RETRY_AFTER_SECS: u64 = 5;

pub async fn health() -> &'static str {
    "ok"
}

pub async fn ready(State(state): State<AppState>) -> Response {
    match state.core.database_ready(READY_LIMIT).await {
        Ok(()) => "ok".into_response(),
        Err(reason) => {
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {reason}"),
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
            response
        }
    }
}
