//! The per-host concurrency limits: one semaphore per `host:port` of the
//! submitted URL, shared by every check of that host (see [`Checker::check`]).

use std::sync::Arc;

use tokio::sync::Semaphore;
use url::Url;

use super::Checker;

impl Checker {
    pub(super) fn host_semaphore(&self, key: String) -> Arc<Semaphore> {
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
}

/// Concurrency key of a URL: `host:port`, lower-cased.
pub(super) fn host_key(url: &str) -> Option<String> {
    let u = Url::parse(url.trim()).ok()?;
    Some(format!(
        "{}:{}",
        u.host_str()?.to_ascii_lowercase(),
        u.port_or_known_default()?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
