//! The HTTP client: how it is built, its only DNS resolver (the SSRF guard),
//! and how its transport errors become outcomes.

use std::error::Error as StdError;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};

use super::{CheckerConfig, CheckerError, Stop};
use crate::addr::{AddrClass, AddressPolicy};
use crate::finding::Outcome;

pub(super) fn build_client(
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
pub(super) fn classify_error(e: &reqwest::Error) -> Stop {
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
