//! The HTTP side: guarded resolution, manual redirects, bounded downloads,
//! concurrency limits.
//!
//! This file holds the public API ([`Checker`], [`CheckerConfig`],
//! [`CheckerError`]) and the outline of one check; the steps live in:
//!
//! * `config`: the settings and the build error;
//! * `limits`: the per-host concurrency slots;
//! * `client`: the HTTP client, its guarded DNS resolver (the SSRF guard) and
//!   the mapping of transport errors to outcomes;
//! * `fetch`: HEAD or GET, and the fallback on certificate problems;
//! * `redirects`: redirects followed by hand, each hop vetted;
//! * `response`: the final response judged (status, log-in walls, size) and
//!   its body downloaded within the size limit;
//! * `sniff`: what kind of document a body is;
//! * `analyse`: log-in forms, text extraction and the year search;
//! * `child`: text extraction in a child process, killed at the time limit.
//!
//! The year detection itself lives in [`crate::text`].

mod analyse;
mod child;
mod client;
mod config;
mod fetch;
mod limits;
mod redirects;
mod response;
mod sniff;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::addr::AddressPolicy;
use crate::finding::{Finding, Outcome};

pub use config::{CheckerConfig, CheckerError};

/// Checks evidence URLs. Cheap to clone (shared state behind an `Arc`); build
/// one per process and reuse it so connections are pooled. Must be used inside
/// a Tokio runtime.
#[derive(Clone)]
pub struct Checker {
    inner: Arc<Inner>,
}

struct Inner {
    cfg: CheckerConfig,
    policy: Arc<AddressPolicy>,
    client: reqwest::Client,
    /// Same as `client` but accepts invalid TLS certificates; used only to
    /// tell "certificate problem" apart from "dead" (see [`Checker::check`]).
    lenient: reqwest::Client,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    total: Arc<Semaphore>,
    extract_slots: Arc<Semaphore>,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("config", &self.inner.cfg)
            .finish_non_exhaustive()
    }
}

/// A check that ended before there was a body to look at.
struct Stop {
    outcome: Outcome,
    detail: String,
}

impl Stop {
    fn new(outcome: Outcome, detail: impl Into<String>) -> Self {
        Self {
            outcome,
            detail: detail.into(),
        }
    }
}

/// A downloaded body.
struct Body {
    bytes: Vec<u8>,
    content_type: Option<String>,
}

impl Checker {
    pub fn new(cfg: CheckerConfig) -> Result<Self, CheckerError> {
        if cfg.per_host_concurrency == 0 || cfg.total_concurrency == 0 {
            return Err(CheckerError::Config(
                "concurrency limits must be at least 1",
            ));
        }
        if cfg.timeout.is_zero() {
            return Err(CheckerError::Config("timeout must be positive"));
        }
        let policy = Arc::new(AddressPolicy {
            allow_private: cfg.allow_private,
            allowed_addrs: cfg.allowed_addrs.clone(),
        });
        let client = client::build_client(&cfg, &policy, false)?;
        let lenient = client::build_client(&cfg, &policy, true)?;
        let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Ok(Self {
            inner: Arc::new(Inner {
                total: Arc::new(Semaphore::new(cfg.total_concurrency)),
                extract_slots: Arc::new(Semaphore::new(cpus)),
                hosts: Mutex::new(HashMap::new()),
                cfg,
                policy,
                client,
                lenient,
            }),
        })
    }

    #[must_use]
    pub fn config(&self) -> &CheckerConfig {
        &self.inner.cfg
    }

    #[must_use]
    pub fn policy(&self) -> &AddressPolicy {
        &self.inner.policy
    }

    /// Check one URL. `expect_year` is the B.E. fiscal year the page must
    /// mention (from the item's year rule), or `None` for "now" items.
    /// Waits for a per-host and a total concurrency slot first.
    pub async fn check(&self, url: &str, expect_year: Option<u16>) -> Finding {
        let host_sem = limits::host_key(url).map(|k| self.host_semaphore(k));
        let _host_permit = match host_sem {
            Some(sem) => sem.acquire_owned().await.ok(),
            None => None,
        };
        let _total_permit = Arc::clone(&self.inner.total).acquire_owned().await.ok();
        self.check_now(url, expect_year).await
    }

    /// Check many URLs concurrently (bounded by the per-host and total limits).
    /// `progress(done, total)` is called after each completed check. Results
    /// come back in input order.
    pub async fn check_all<K>(
        &self,
        items: Vec<(K, String, Option<u16>)>,
        progress: impl Fn(usize, usize),
    ) -> Vec<(K, Finding)> {
        let total = items.len();
        let mut keys = Vec::with_capacity(total);
        let mut urls = Vec::with_capacity(total);
        let mut set = JoinSet::new();
        let mut index_of = HashMap::with_capacity(total);
        for (i, (key, url, year)) in items.into_iter().enumerate() {
            keys.push(key);
            urls.push((url.clone(), year));
            let this = self.clone();
            let handle = set.spawn(async move { (i, this.check(&url, year).await) });
            index_of.insert(handle.id(), i);
        }
        let mut results: Vec<Option<Finding>> = (0..total).map(|_| None).collect();
        let mut done = 0;
        while let Some(joined) = set.join_next_with_id().await {
            match joined {
                Ok((_, (i, finding))) => results[i] = Some(finding),
                Err(err) => {
                    if let Some(&i) = index_of.get(&err.id()) {
                        let (url, year) = &urls[i];
                        let mut f = Finding::new(url, *year);
                        f.set(
                            Outcome::Dead,
                            format!("internal error while checking: {err}"),
                        );
                        results[i] = Some(f);
                    }
                }
            }
            done += 1;
            progress(done, total);
        }
        keys.into_iter()
            .zip(results)
            .zip(urls)
            .map(|((key, finding), (url, year))| {
                let finding = finding.unwrap_or_else(|| {
                    let mut f = Finding::new(&url, year);
                    f.set(Outcome::Dead, "internal error: check did not finish");
                    f
                });
                (key, finding)
            })
            .collect()
    }

    async fn check_now(&self, url: &str, expect: Option<u16>) -> Finding {
        let started = Instant::now();
        let mut f = Finding::new(url, expect);
        let limit = self.inner.cfg.timeout;
        match tokio::time::timeout(limit, self.fetch(url, expect, &mut f)).await {
            Err(_) => f.set(
                Outcome::Timeout,
                format!("no complete answer within {:.1} s", limit.as_secs_f64()),
            ),
            Ok(Err(stop)) => f.set(stop.outcome, stop.detail),
            Ok(Ok(None)) => {}
            Ok(Ok(Some(body))) => self.analyse(body, expect, &mut f).await,
        }
        f.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn config_is_validated() {
        let bad = CheckerConfig {
            per_host_concurrency: 0,
            ..CheckerConfig::default()
        };
        assert!(matches!(Checker::new(bad), Err(CheckerError::Config(_))));
        let bad = CheckerConfig {
            timeout: Duration::ZERO,
            ..CheckerConfig::default()
        };
        assert!(matches!(Checker::new(bad), Err(CheckerError::Config(_))));
    }
}
