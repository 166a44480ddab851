//! Redirects, followed by hand so that every hop is recorded and vetted by
//! the same address rules before the next request.

use reqwest::header;
use reqwest::{Method, Response, StatusCode};
use url::Url;

use super::client::classify_error;
use super::{Checker, Stop};
use crate::finding::{Finding, Outcome};

impl Checker {
    /// Send `method` to `url`, following redirects by hand (each hop vetted
    /// and recorded in `f.redirects`).
    pub(super) async fn follow(
        &self,
        client: &reqwest::Client,
        method: Method,
        mut url: Url,
        f: &mut Finding,
    ) -> Result<Response, Stop> {
        let max = self.inner.cfg.max_redirects;
        let mut hops = 0usize;
        loop {
            let resp = client
                .request(method.clone(), url.clone())
                .send()
                .await
                .map_err(|e| classify_error(&e))?;
            let status = resp.status();
            let location = resp
                .headers()
                .get(header::LOCATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned());
            match location {
                Some(loc) if status.is_redirection() && status != StatusCode::NOT_MODIFIED => {
                    f.http_status = Some(status.as_u16());
                    f.final_url = Some(url.to_string());
                    let next = url.join(&loc).map_err(|e| {
                        Stop::new(
                            Outcome::Dead,
                            format!("redirect to an invalid address ({loc}): {e}"),
                        )
                    })?;
                    if hops >= max {
                        return Err(Stop::new(
                            Outcome::Dead,
                            format!("too many redirects (more than {max}), possibly a loop"),
                        ));
                    }
                    f.redirects.push(next.to_string());
                    self.inner.policy.validate_parsed(&next).map_err(|p| {
                        Stop::new(Outcome::Refused, format!("redirect to {next} refused: {p}"))
                    })?;
                    hops += 1;
                    url = next;
                }
                _ => {
                    f.final_url = Some(url.to_string());
                    return Ok(resp);
                }
            }
        }
    }
}
