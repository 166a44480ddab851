//! The final response judged: log-in walls, HTTP errors, declared size; and
//! the body downloaded within [`CheckerConfig::max_body_bytes`].

use reqwest::header::{self, HeaderMap};
use reqwest::{Response, StatusCode};

use super::client::classify_error;
use super::{Body, Checker, Stop};
use crate::finding::{Finding, Outcome};
use crate::text;

#[cfg(doc)]
use super::CheckerConfig;

impl Checker {
    /// Judge the final response; read the body when `read_body`.
    pub(super) async fn judge_response(
        &self,
        mut resp: Response,
        read_body: bool,
        f: &mut Finding,
    ) -> Result<Option<Body>, Stop> {
        let status = resp.status();
        let code = status.as_u16();
        f.http_status = Some(code);
        f.content_type = header_string(resp.headers(), &header::CONTENT_TYPE);
        // The header, not `resp.content_length()`: for HEAD the latter is the
        // (empty) body's size.
        let declared = header_string(resp.headers(), &header::CONTENT_LENGTH)
            .and_then(|v| v.trim().parse::<u64>().ok());
        f.size_bytes = declared;
        let www_auth = resp.headers().contains_key(header::WWW_AUTHENTICATE);
        if status == StatusCode::UNAUTHORIZED || (status == StatusCode::FORBIDDEN && www_auth) {
            f.login_wall = true;
            return Err(Stop::new(
                Outcome::LoginRequired,
                format!("HTTP {code}: the server asks for a user name and password"),
            ));
        }
        if resp.url().host().is_some() && text::is_login_url(resp.url()) {
            f.login_wall = true;
            let detail = if f.redirects.is_empty() {
                "the link is a sign-in page"
            } else {
                "the link redirects to a sign-in page"
            };
            return Err(Stop::new(Outcome::LoginRequired, detail));
        }
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or("error");
            return Err(Stop::new(Outcome::Dead, format!("HTTP {code} {reason}")));
        }
        let max = self.inner.cfg.max_body_bytes;
        if let Some(len) = declared
            && len > max
        {
            return Err(Stop::new(
                Outcome::TooLarge,
                too_large_detail(len, max, true),
            ));
        }
        if !read_body {
            f.set(
                Outcome::Ok,
                "reachable (checked with HEAD; no year required)",
            );
            return Ok(None);
        }
        let cap = usize::try_from(max).unwrap_or(usize::MAX);
        let mut bytes = Vec::with_capacity(
            declared
                .map_or(16 * 1024, |l| usize::try_from(l).unwrap_or(cap))
                .min(cap),
        );
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > cap {
                        f.size_bytes = Some((bytes.len() + chunk.len()) as u64);
                        return Err(Stop::new(
                            Outcome::TooLarge,
                            too_large_detail(max + 1, max, false),
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    let stop = classify_error(&e);
                    return Err(Stop::new(
                        stop.outcome,
                        format!("download broke off: {}", stop.detail),
                    ));
                }
            }
        }
        f.size_bytes = Some(bytes.len() as u64);
        Ok(Some(Body {
            bytes,
            content_type: f.content_type.clone(),
        }))
    }
}

pub(super) fn header_string(headers: &HeaderMap, name: &header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn too_large_detail(len: u64, max: u64, declared: bool) -> String {
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    if declared {
        format!(
            "the file is {:.1} MB, more than the {:.1} MB limit",
            mb(len),
            mb(max)
        )
    } else {
        format!("the file is more than the {:.1} MB limit", mb(max))
    }
}
