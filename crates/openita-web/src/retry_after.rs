//! Every 503 tells the client when to come back: `Retry-After` on the API's answers and on
//! pages alike. Errors that know better (the survey queue, the database pool) set their own
//! value on the way out (`error.rs`); this layer gives any 503 still without one a default,
//! so that a 503 added later cannot forget it.

use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// Seconds to wait when nothing better is known: long enough for a pool or a queue to drain.
pub const DEFAULT_RETRY_AFTER_SECS: u64 = 5;

pub async fn retry_after_on_unavailable(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status() == StatusCode::SERVICE_UNAVAILABLE
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(DEFAULT_RETRY_AFTER_SECS),
        );
    }
    response
}
