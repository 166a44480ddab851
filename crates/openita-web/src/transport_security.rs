//! Behind https: `Strict-Transport-Security` on every response, and `Secure` on every cookie
//! the server sets, in one layer so that no cookie is forgotten (the session, the sign-in
//! form's CSRF cookie, the language, and any added later).
//!
//! HSTS is sent only when the public URL is https (`WebConfig::is_https`): over plain http
//! browsers ignore it anyway, and a wrong one would lock people out. It has no
//! `includeSubDomains`: an agency's domain may still serve other sites over http.

use crate::AppState;
use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// One year, as browsers' preload lists expect.
pub const HSTS: &str = "max-age=31536000";

pub async fn secure_transport(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.config.cookies_secure() {
        let cookies: Vec<HeaderValue> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .cloned()
            .collect();
        response.headers_mut().remove(header::SET_COOKIE);
        for cookie in cookies {
            response
                .headers_mut()
                .append(header::SET_COOKIE, with_secure(cookie));
        }
    }
    if state.config.is_https() {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// The cookie with a `Secure` attribute, unless it has one already.
fn with_secure(cookie: HeaderValue) -> HeaderValue {
    let has_secure = cookie.to_str().is_ok_and(|text| {
        text.split(';')
            .skip(1)
            .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"))
    });
    if has_secure {
        return cookie;
    }
    let mut bytes = cookie.as_bytes().to_vec();
    bytes.extend_from_slice(b"; Secure");
    HeaderValue::from_bytes(&bytes).unwrap_or(cookie)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_is_added_once() {
        let plain = HeaderValue::from_static("a=1; Path=/; HttpOnly");
        assert_eq!(with_secure(plain), "a=1; Path=/; HttpOnly; Secure");
        let already = HeaderValue::from_static("a=1; Path=/; Secure");
        assert_eq!(with_secure(already), "a=1; Path=/; Secure");
        // A cookie whose value merely contains the word is not taken for the attribute.
        let named = HeaderValue::from_static("secure=1; Path=/");
        assert_eq!(with_secure(named), "secure=1; Path=/; Secure");
    }
}
