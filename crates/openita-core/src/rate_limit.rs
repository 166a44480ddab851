//! In-memory rate limits (GCRA buckets, the `governor` crate) keyed by client address and
//! whatever else a limit needs, with bounded memory. Used by the survey endpoints (per address
//! and link) and by signing in (per address). Kept per instance: nothing here is stored or
//! logged.

use governor::{DefaultKeyedRateLimiter, Quota, clock::Clock as _};
use std::{
    hash::Hash,
    net::IpAddr,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::Duration,
};

/// A bucket: `burst` at once, refilled at `per_hour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateQuota {
    pub burst: u32,
    pub per_hour: u32,
}

impl RateQuota {
    fn quota(self) -> Quota {
        let per_hour = NonZeroU32::new(self.per_hour).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(Duration::from_secs(3600) / per_hour.get())
            .unwrap_or_else(|| Quota::per_hour(per_hour))
            .allow_burst(burst)
    }
}

/// Keys kept at most (about 60 bytes each). Past this, keys whose bucket has refilled are
/// dropped; if that is not enough, every key is: a client with that many addresses is not
/// slowed by per-address limits anyway, and memory stays bounded.
const MAX_KEYS: usize = 1_000_000;

/// IPv4 as is; IPv6 by its /64 network, the block one subscriber gets, so that stepping
/// through addresses does not make new keys.
pub(crate) fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// One limit over many keys.
pub(crate) struct Buckets<K: Hash + Eq + Clone> {
    quota: RateQuota,
    limiter: Mutex<Arc<DefaultKeyedRateLimiter<K>>>,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    pub(crate) fn new(quota: RateQuota) -> Self {
        Buckets {
            quota,
            limiter: Mutex::new(Arc::new(DefaultKeyedRateLimiter::keyed(quota.quota()))),
        }
    }

    fn current(&self) -> Arc<DefaultKeyedRateLimiter<K>> {
        match self.limiter.lock() {
            Ok(l) => Arc::clone(&l),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// `Err(seconds to wait)` when the key's bucket is empty.
    pub(crate) fn check(&self, key: &K) -> Result<(), u64> {
        let mut limiter = self.current();
        if limiter.len() >= MAX_KEYS {
            limiter.retain_recent();
            if limiter.len() >= MAX_KEYS / 2 {
                tracing::warn!(
                    limiter.keys = limiter.len(),
                    "rate limiter full: starting afresh"
                );
                limiter = Arc::new(DefaultKeyedRateLimiter::keyed(self.quota.quota()));
                if let Ok(mut slot) = self.limiter.lock() {
                    *slot = Arc::clone(&limiter);
                }
            }
        }
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.current().len()
    }
}
