//! The HTTP side: guarded resolution, manual redirects, bounded downloads,
//! concurrency limits.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, Response, StatusCode};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use crate::addr::{AddrClass, AddressPolicy};
use crate::finding::{Finding, Outcome};
use crate::text::{self, Unreadable};

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
        let client = build_client(&cfg, &policy, false)?;
        let lenient = build_client(&cfg, &policy, true)?;
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
        let host_sem = host_key(url).map(|k| self.host_semaphore(k));
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

    fn host_semaphore(&self, key: String) -> Arc<Semaphore> {
        let mut hosts = self
            .inner
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let per_host = self.inner.cfg.per_host_concurrency;
        Arc::clone(
            hosts
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(per_host))),
        )
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

    /// Network part. `Ok(None)`: finished without needing the body (outcome set).
    async fn fetch(
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

    /// Send `method` to `url`, following redirects by hand (each hop vetted
    /// and recorded in `f.redirects`).
    async fn follow(
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

    /// Judge the final response; read the body when `read_body`.
    async fn judge_response(
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

    /// Content part: log-in form, text extraction, year search.
    async fn analyse(&self, body: Body, expect: Option<u16>, f: &mut Finding) {
        let kind = sniff(body.content_type.as_deref(), &body.bytes);
        let text: Result<String, Unreadable> = match &kind {
            Kind::Html => {
                let html = text::decode_text(&body.bytes);
                let visible = text::html_to_text(&html);
                if text::has_password_input(&html) {
                    if visible.chars().count() < text::LOGIN_PAGE_MAX_TEXT_CHARS {
                        f.login_wall = true;
                        f.set(
                            Outcome::LoginRequired,
                            "the page shows a password form instead of the content",
                        );
                        return;
                    }
                    f.warnings
                        .push("the page has a log-in box, but its content is visible".to_owned());
                }
                Ok(visible)
            }
            Kind::Text => Ok(text::decode_text(&body.bytes)),
            _ if expect.is_none() => {
                f.set(Outcome::Ok, "reachable (no year required)");
                return;
            }
            Kind::Pdf => self.extract(body.bytes, text::pdf_text).await,
            Kind::Ooxml => self.extract(body.bytes, text::ooxml_text).await,
            Kind::Other(what) => Err(Unreadable(format!(
                "{what} files cannot be read automatically"
            ))),
        };
        let text = match text {
            Ok(t) => t,
            Err(Unreadable(why)) => {
                let year = expect.map_or_else(String::new, |y| format!(" {y}"));
                f.set(
                    Outcome::Unreadable,
                    format!("{why}; the year{year} was not verified"),
                );
                return;
            }
        };
        let scan = text::scan_years(&text, expect);
        f.year_found = scan.found;
        f.years_seen = scan.years_seen;
        match expect {
            None => f.set(Outcome::Ok, "reachable (no year required)"),
            Some(y) if f.year_found => f.set(Outcome::Ok, format!("reachable and mentions {y}")),
            Some(y) if text.trim().is_empty() => f.set(
                Outcome::Unreadable,
                match kind {
                    Kind::Pdf => format!(
                        "the PDF has no text layer (scanned?); the year {y} was not verified"
                    ),
                    Kind::Html => format!(
                        "the page has no text (built by JavaScript?); the year {y} was not verified"
                    ),
                    _ => format!("the document has no text; the year {y} was not verified"),
                },
            ),
            Some(y) => {
                let seen = if f.years_seen.is_empty() {
                    "no year is mentioned".to_owned()
                } else {
                    let list: Vec<String> = f.years_seen.iter().map(u16::to_string).collect();
                    format!("years mentioned: {}", list.join(", "))
                };
                f.set(Outcome::WrongYear, format!("{y} is not mentioned; {seen}"));
            }
        }
    }

    /// Run a CPU-bound extractor on the blocking pool, one per CPU at a time,
    /// with a time limit and panic isolation (PDF parsers do panic on bad files).
    async fn extract(
        &self,
        bytes: Vec<u8>,
        run: fn(&[u8]) -> Result<String, Unreadable>,
    ) -> Result<String, Unreadable> {
        let permit = Arc::clone(&self.inner.extract_slots)
            .acquire_owned()
            .await
            .ok();
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            run(&bytes)
        });
        match tokio::time::timeout(self.inner.cfg.timeout, job).await {
            Err(_) => Err(Unreadable("the document takes too long to read".to_owned())),
            Ok(Err(_)) => Err(Unreadable(
                "the document reader failed on this file (damaged?)".to_owned(),
            )),
            Ok(Ok(result)) => result,
        }
    }
}

fn build_client(
    cfg: &CheckerConfig,
    policy: &Arc<AddressPolicy>,
    lenient: bool,
) -> Result<reqwest::Client, CheckerError> {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static("text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"),
    );
    headers.insert(
        header::ACCEPT_LANGUAGE,
        HeaderValue::from_static("th,en;q=0.8"),
    );
    let client = reqwest::Client::builder()
        .user_agent(cfg.user_agent.clone())
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(GuardedResolver {
            policy: Arc::clone(policy),
        }))
        .timeout(cfg.timeout)
        .connect_timeout(cfg.timeout)
        .pool_max_idle_per_host(cfg.per_host_concurrency)
        .pool_idle_timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .danger_accept_invalid_certs(lenient)
        .build()?;
    Ok(client)
}

/// Concurrency key of a URL: `host:port`, lower-cased.
fn host_key(url: &str) -> Option<String> {
    let u = Url::parse(url.trim()).ok()?;
    Some(format!(
        "{}:{}",
        u.host_str()?.to_ascii_lowercase(),
        u.port_or_known_default()?
    ))
}

fn header_string(headers: &HeaderMap, name: &header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn is_htmlish(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|ct| {
        let ct = ct.to_ascii_lowercase();
        ct.contains("html") || ct.trim().is_empty()
    })
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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Html,
    Text,
    Pdf,
    Ooxml,
    Other(String),
}

fn sniff(content_type: Option<&str>, bytes: &[u8]) -> Kind {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Kind::Ooxml;
    }
    if ct.contains("html") {
        return Kind::Html;
    }
    if ct.contains("pdf") {
        return Kind::Pdf;
    }
    if ct.starts_with("text/") || ct.contains("json") || ct.contains("xml") || ct.contains("csv") {
        return Kind::Text;
    }
    let generic = ct.is_empty() || ct.starts_with("application/octet-stream");
    if generic {
        let start = String::from_utf8_lossy(head)
            .trim_start()
            .to_ascii_lowercase();
        if start.starts_with("<!doctype html") || start.starts_with("<html") {
            return Kind::Html;
        }
        if std::str::from_utf8(bytes).is_ok() {
            return Kind::Text;
        }
    }
    let what = ct.split(';').next().unwrap_or("").trim().to_owned();
    Kind::Other(if what.is_empty() {
        "unknown binary".to_owned()
    } else {
        what
    })
}

/// Resolution refused because an address is not public.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to {ip}, a {class}")]
struct BlockedAddress {
    host: String,
    ip: IpAddr,
    class: AddrClass,
}

/// Resolution failed.
#[derive(Debug, thiserror::Error)]
#[error("host name {host} not found (DNS)")]
struct NameNotFound {
    host: String,
}

/// The only resolver the HTTP client uses: it resolves the name once, refuses
/// it if any address is non-public, and hands exactly the vetted addresses to
/// the connector, so a second (rebinding) lookup never happens.
#[derive(Debug)]
struct GuardedResolver {
    policy: Arc<AddressPolicy>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = Arc::clone(&self.policy);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            type BoxError = Box<dyn StdError + Send + Sync>;
            let lookup = tokio::net::lookup_host((host.as_str(), 0)).await;
            let addrs: Vec<SocketAddr> = lookup.map(Iterator::collect).unwrap_or_default();
            if addrs.is_empty() {
                return Err(Box::new(NameNotFound { host }) as BoxError);
            }
            for a in &addrs {
                if let Err(class) = policy.check_ip(a.ip()) {
                    return Err(Box::new(BlockedAddress {
                        host,
                        ip: a.ip(),
                        class,
                    }) as BoxError);
                }
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Map a transport error to an outcome, looking through the error chain for
/// the resolver's own verdicts.
fn classify_error(e: &reqwest::Error) -> Stop {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    let mut root = String::new();
    while let Some(err) = cur {
        if let Some(b) = err.downcast_ref::<BlockedAddress>() {
            return Stop::new(Outcome::Refused, b.to_string());
        }
        if let Some(n) = err.downcast_ref::<NameNotFound>() {
            return Stop::new(Outcome::Dead, n.to_string());
        }
        root = err.to_string();
        cur = err.source();
    }
    if e.is_timeout() {
        return Stop::new(Outcome::Timeout, "the server did not answer in time");
    }
    if e.is_connect() {
        return Stop::new(Outcome::Dead, format!("cannot connect: {root}"));
    }
    Stop::new(Outcome::Dead, format!("request failed: {root}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff(Some("text/html; charset=utf-8"), b"<p>x"), Kind::Html);
        assert_eq!(
            sniff(Some("application/octet-stream"), b"%PDF-1.7\n"),
            Kind::Pdf
        );
        assert_eq!(sniff(None, b"\r\n%PDF-1.4"), Kind::Pdf);
        assert_eq!(sniff(Some("application/pdf"), b"garbage"), Kind::Pdf);
        assert_eq!(
            sniff(Some("application/octet-stream"), b"PK\x03\x04rest"),
            Kind::Ooxml
        );
        assert_eq!(sniff(None, b"  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(sniff(Some("text/csv"), b"a,b"), Kind::Text);
        assert_eq!(sniff(None, b"plain 2568"), Kind::Text);
        assert_eq!(
            sniff(Some("image/jpeg"), b"\xFF\xD8\xFF"),
            Kind::Other("image/jpeg".into())
        );
        assert_eq!(
            sniff(None, b"\xFF\xD8\xFF"),
            Kind::Other("unknown binary".into())
        );
    }

    #[test]
    fn host_keys() {
        assert_eq!(
            host_key("https://WWW.Example.go.th/x"),
            Some("www.example.go.th:443".into())
        );
        assert_eq!(
            host_key("http://127.0.0.1:8080/"),
            Some("127.0.0.1:8080".into())
        );
        assert_eq!(host_key("nope"), None);
    }

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
