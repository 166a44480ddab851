//! What every handler can reach: the use cases and the web settings. No global statics.

use crate::render_gate::RenderGate;
use openita_core::Core;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address people reach the server at, for absolute URLs (survey links, QR codes).
    pub public_base_url: String,
    /// Mark cookies `Secure` even when the public URL is not https (served behind TLS that
    /// the public URL does not show). An https public URL turns it on by itself.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`client_addr.rs`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_base_url: "http://127.0.0.1:8080".into(),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
        }
    }
}

impl WebConfig {
    /// People reach the server over https: cookies get `Secure`, responses HSTS.
    pub fn is_https(&self) -> bool {
        self.public_base_url
            .trim_start()
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }

    /// Whether every cookie the server sets carries `Secure`.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies || self.is_https()
    }
}

/// Cloned for every request by the router and by each middleware: one shared pointer, so a
/// clone is one atomic increment rather than a copy of every field (the survey benchmark
/// showed cloning and dropping the fields at ~6% of the request threads' time).
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

pub struct AppParts {
    pub core: Core,
    pub config: Arc<WebConfig>,
    /// Where PDF reports and results sheets are made, one per core at a time.
    pub renders: Arc<RenderGate>,
}

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

impl AppState {
    pub fn new(core: Core, config: WebConfig) -> Self {
        AppState(Arc::new(AppParts {
            core,
            config: Arc::new(config),
            renders: Arc::default(),
        }))
    }

    /// An absolute URL on the public base address.
    pub fn absolute(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.config.public_base_url.trim_end_matches('/')
        )
    }
}
