//! "This browser has already answered this link": a deterrent against one person answering
//! twice, not a proof (a private window or another browser has no cookie; docs/security.md).
//!
//! After a response is committed from the HTML form, the browser gets a cookie scoped to that
//! link's path (`Path=/s/TOKEN`), so it is sent back only to that link. Its value is random
//! and the server keeps nothing about it: there is no table of devices, and nothing about the
//! cookie is stored with or beside the answers, so it cannot be joined to them.

use crate::session::cookie;
use axum::http::HeaderMap;
use base64::Engine as _;
use rand::RngCore;

const NAME: &str = "ita_answered";
/// A year: longer than any collection window.
const MAX_AGE_SECS: u64 = 365 * 24 * 3600;

/// Survey tokens are base64url; anything else never gets a cookie path.
fn is_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 64
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether the request's browser answered this link before.
pub fn answered_before(headers: &HeaderMap) -> bool {
    cookie(headers, NAME).is_some_and(|v| !v.is_empty())
}

/// The `Set-Cookie` value that marks this browser as having answered `token`'s link.
pub fn answered(token: &str, secure: bool) -> Option<String> {
    if !is_token(token) {
        return None;
    }
    let mut random = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut random);
    let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random);
    let secure = if secure { "; Secure" } else { "" };
    Some(format!(
        "{NAME}={value}; Path=/s/{token}; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax{secure}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_scoped_to_its_link_and_random() {
        let a = answered("wSZ_abc-1", false).unwrap_or_default();
        let b = answered("wSZ_abc-1", true).unwrap_or_default();
        assert!(a.contains("; Path=/s/wSZ_abc-1;"), "{a}");
        assert!(a.contains("HttpOnly") && !a.contains("Secure"), "{a}");
        assert!(b.ends_with("; Secure"), "{b}");
        let value = |c: &str| c.split(';').next().unwrap_or_default().to_string();
        assert_ne!(value(&a), value(&b), "each cookie is random");
    }

    #[test]
    fn no_cookie_path_from_a_token_that_is_not_one() {
        assert_eq!(answered("a/b", false), None);
        assert_eq!(answered("a;b", false), None);
        assert_eq!(answered("", false), None);
        assert_eq!(answered(&"x".repeat(65), false), None);
    }
}
