//! CSRF protection for cookie-authenticated writes. A browser form carries the session's
//! token in a hidden `_csrf` field; a script using the cookie sends `X-CSRF-Token`; a
//! multipart upload form carries it in its action URL. Bearer-token requests need none:
//! browsers never attach bearer headers on their own.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{Method, header},
};

/// Uploads and forms are read whole to find the token; larger bodies are refused anyway.
const MAX_FORM_BYTES: usize = 25 * 1024 * 1024;

pub fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn query_field(request: &Request, name: &str) -> Option<String> {
    form_field(request.uri().query()?.as_bytes(), name)
}

/// Checks the request's token against the session's. Returns the request (its body
/// restored when it had to be read) or `None` when the token is missing or wrong.
pub async fn verify(request: Request, expected: &str) -> Option<Request> {
    let header_token = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(token) = header_token.or_else(|| query_field(&request, "_csrf")) {
        return constant_time_eq(token.as_bytes(), expected.as_bytes()).then_some(request);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return None;
    }
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, MAX_FORM_BYTES).await.ok()?;
    let token = form_field(&bytes, "_csrf")?;
    constant_time_eq(token.as_bytes(), expected.as_bytes())
        .then(|| Request::from_parts(parts, Body::from(bytes)))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_form_with_the_right_token_passes_and_keeps_its_body() {
        let request = Request::post("/agencies")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("_csrf=abc&name_th=x"))
            .unwrap_or_default();
        let passed = verify(request, "abc").await;
        let body = match passed {
            Some(r) => axum::body::to_bytes(r.into_body(), 1024)
                .await
                .unwrap_or_default(),
            None => Bytes::new(),
        };
        assert_eq!(&body[..], b"_csrf=abc&name_th=x");
    }

    #[tokio::test]
    async fn a_wrong_or_missing_token_is_refused() {
        let wrong = Request::post("/x")
            .header("x-csrf-token", "nope")
            .body(Body::empty())
            .unwrap_or_default();
        assert!(verify(wrong, "abc").await.is_none());
        let json = Request::post("/x")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap_or_default();
        assert!(verify(json, "abc").await.is_none());
    }
}
