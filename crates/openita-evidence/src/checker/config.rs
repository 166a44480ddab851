//! The settings of a [`Checker`] and the error of building one.

use std::net::IpAddr;
use std::time::Duration;

use crate::extractor::TextExtractor;

#[cfg(doc)]
use super::Checker;
#[cfg(doc)]
use crate::finding::Outcome;

/// Settings of a [`Checker`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckerConfig {
    /// Budget for the network part of one check (resolution, every redirect
    /// hop, download). Text extraction of a PDF/Office file gets its own
    /// budget of the same length.
    pub timeout: Duration,
    /// Redirects followed before giving up with [`Outcome::Dead`].
    pub max_redirects: usize,
    /// Largest body read; larger ones are [`Outcome::TooLarge`].
    pub max_body_bytes: u64,
    /// Checks running at once against one `host:port` (of the submitted URL).
    pub per_host_concurrency: usize,
    /// Checks running at once in total.
    pub total_concurrency: usize,
    pub user_agent: String,
    /// Allow private/loopback/... addresses and any port. `false` in
    /// production. See also `allowed_addrs`.
    pub allow_private: bool,
    /// Single non-public addresses allowed even when `allow_private` is false
    /// (a test server on 127.0.0.1, an intranet mirror). URLs whose host is
    /// literally one of these may use any port.
    pub allowed_addrs: Vec<IpAddr>,
    /// Where PDF and Office text is extracted: in-process by default; servers use a child
    /// process of their own binary, killed at the time limit (see [`TextExtractor`]).
    pub extractor: TextExtractor,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            max_redirects: 5,
            max_body_bytes: 5 * 1024 * 1024,
            per_host_concurrency: 4,
            total_concurrency: 64,
            user_agent: concat!("OpenITA-EvidenceChecker/", env!("CARGO_PKG_VERSION")).to_owned(),
            allow_private: false,
            allowed_addrs: Vec::new(),
            extractor: TextExtractor::InProcess,
        }
    }
}

/// The checker could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error("HTTP client could not be built: {0}")]
    Client(#[from] reqwest::Error),
    #[error("invalid configuration: {0}")]
    Config(&'static str),
}
