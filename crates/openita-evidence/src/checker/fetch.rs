//! The network part of a check: HEAD or GET, and the retry without
//! certificate checks that tells a certificate problem apart from a dead link.

use reqwest::header;
use reqwest::{Method, StatusCode};

use super::response::header_string;
use super::{Body, Checker, Stop};
use crate::finding::{Finding, Outcome};

impl Checker {
    /// Network part. `Ok(None)`: finished without needing the body (outcome set).
    pub(super) async fn fetch(
        &self,
        raw: &str,
        expect: Option<u16>,
        f: &mut Finding,
    ) -> Result<Option<Body>, Stop> {
        let url = self
            .inner
            .policy
            .validate_url(raw)
            .map_err(|p| Stop::new(Outcome::Refused, p.to_string()))?;
        let mut client = &self.inner.client;
        // HEAD first when the body may not be needed: no year to look for and
        // the resource turns out not to be HTML (HTML is read for log-in forms).
        if expect.is_none() {
            let head = match self.follow(client, Method::HEAD, url.clone(), f).await {
                Err(stop) if url.scheme() == "https" && stop.detail.contains("certificate") => {
                    client = &self.inner.lenient;
                    f.warnings
                        .push(format!("HTTPS certificate problem: {}", stop.detail));
                    f.redirects.clear();
                    self.follow(client, Method::HEAD, url.clone(), f).await?
                }
                other => other?,
            };
            let status = head.status();
            let ct = header_string(head.headers(), &header::CONTENT_TYPE);
            if status.is_success() && !is_htmlish(ct.as_deref()) {
                return self.judge_response(head, false, f).await;
            }
            if status == StatusCode::METHOD_NOT_ALLOWED || status == StatusCode::NOT_IMPLEMENTED {
                f.warnings.push(format!(
                    "the server refuses HEAD requests (HTTP {})",
                    status.as_u16()
                ));
            }
            f.redirects.clear();
            f.final_url = None;
        }
        let resp = match self.follow(client, Method::GET, url.clone(), f).await {
            Err(stop)
                if url.scheme() == "https"
                    && stop.detail.contains("certificate")
                    && std::ptr::eq(client, &self.inner.client) =>
            {
                f.warnings
                    .push(format!("HTTPS certificate problem: {}", stop.detail));
                f.redirects.clear();
                self.follow(&self.inner.lenient, Method::GET, url, f)
                    .await?
            }
            other => other?,
        };
        self.judge_response(resp, true, f).await
    }
}

fn is_htmlish(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|ct| {
        let ct = ct.to_ascii_lowercase();
        ct.contains("html") || ct.trim().is_empty()
    })
}
