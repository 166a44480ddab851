//! How often one client may open a survey form and send answers to one link.
//!
//! Keyed by (client address, link), after the token has led to a link: a token that is
//! unknown, closed or too long is refused before any key exists, and a token spelled two ways
//! (`/s/wSZ...` and `/s/%77SZ...`) is one link. 200 staff behind one office address answering
//! their own agency's link all get through (a burst of 300, then one every 12 seconds: 300 an
//! hour), while one client looping over a link is held to that rate; whatever still gets
//! through is visible in the integrity counts (`survey_integrity`). IPv6 clients are keyed
//! by their /64 network, the block one subscriber gets, so that stepping through addresses
//! does not make new keys. Kept in memory per instance: nothing here is stored or logged.

use crate::CoreError;
use governor::{DefaultKeyedRateLimiter, Quota, clock::Clock as _};
use openita_types::Text;
use std::{
    net::IpAddr,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::Duration,
};

/// A bucket: `burst` at once, refilled at `per_hour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyQuota {
    pub burst: u32,
    pub per_hour: u32,
}

impl SurveyQuota {
    /// Submissions: an office's morning push, then one every 12 seconds.
    pub const SUBMISSIONS: SurveyQuota = SurveyQuota {
        burst: 300,
        per_hour: 300,
    };
    /// Form views: twice the submissions (reloads, the language switch, a back button).
    pub const FORMS: SurveyQuota = SurveyQuota {
        burst: 600,
        per_hour: 600,
    };

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

type Key = (IpAddr, i64);

struct Bucket {
    quota: SurveyQuota,
    limiter: Mutex<Arc<DefaultKeyedRateLimiter<Key>>>,
}

impl Bucket {
    fn new(quota: SurveyQuota) -> Bucket {
        Bucket {
            quota,
            limiter: Mutex::new(Arc::new(DefaultKeyedRateLimiter::keyed(quota.quota()))),
        }
    }

    fn current(&self) -> Arc<DefaultKeyedRateLimiter<Key>> {
        match self.limiter.lock() {
            Ok(l) => Arc::clone(&l),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// `Err(seconds to wait)` when the key's bucket is empty.
    fn check(&self, key: Key) -> Result<(), u64> {
        let mut limiter = self.current();
        if limiter.len() >= MAX_KEYS {
            limiter.retain_recent();
            if limiter.len() >= MAX_KEYS / 2 {
                tracing::warn!(
                    limiter.keys = limiter.len(),
                    "survey rate limiter full: starting afresh"
                );
                limiter = Arc::new(DefaultKeyedRateLimiter::keyed(self.quota.quota()));
                if let Ok(mut slot) = self.limiter.lock() {
                    *slot = Arc::clone(&limiter);
                }
            }
        }
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    fn len(&self) -> usize {
        self.current().len()
    }
}

/// The two limits of the survey endpoints.
pub struct SurveyLimits {
    forms: Bucket,
    submissions: Bucket,
}

impl Default for SurveyLimits {
    fn default() -> Self {
        SurveyLimits::new(SurveyQuota::FORMS, SurveyQuota::SUBMISSIONS)
    }
}

/// IPv4 as is; IPv6 by its /64 network.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

fn too_fast(retry_after_secs: u64, sending: bool) -> CoreError {
    let message = if sending {
        Text::new(
            format!(
                "ส่งคำตอบจากที่นี่ถี่เกินไป คำตอบนี้ยังไม่ถูกบันทึก โปรดรอประมาณ {retry_after_secs} วินาทีแล้วส่งอีกครั้ง"
            ),
            format!(
                "Too many answers sent from here: this one was not saved. Wait about {retry_after_secs} seconds and send again."
            ),
        )
    } else {
        Text::new(
            format!("เปิดแบบสอบถามนี้จากที่นี่ถี่เกินไป โปรดรอประมาณ {retry_after_secs} วินาทีแล้วเปิดอีกครั้ง"),
            format!(
                "This survey was opened too often from here. Wait about {retry_after_secs} seconds and open it again."
            ),
        )
    };
    CoreError::RateLimited {
        retry_after_secs: retry_after_secs.max(1),
        message,
    }
}

impl SurveyLimits {
    pub fn new(forms: SurveyQuota, submissions: SurveyQuota) -> Self {
        SurveyLimits {
            forms: Bucket::new(forms),
            submissions: Bucket::new(submissions),
        }
    }

    /// One form view of `link` from `client`; `None` (not from the network) is not limited.
    pub(crate) fn form_viewed(&self, client: Option<IpAddr>, link: i64) -> Result<(), CoreError> {
        match client {
            Some(ip) => self
                .forms
                .check((client_key(ip), link))
                .map_err(|secs| too_fast(secs, false)),
            None => Ok(()),
        }
    }

    /// One submission to `link` from `client`.
    pub(crate) fn answers_sent(&self, client: Option<IpAddr>, link: i64) -> Result<(), CoreError> {
        match client {
            Some(ip) => self
                .submissions
                .check((client_key(ip), link))
                .map_err(|secs| too_fast(secs, true)),
            None => Ok(()),
        }
    }

    /// How many (client, link) keys are held now (form views and submissions).
    pub fn tracked_keys(&self) -> usize {
        self.forms.len() + self.submissions.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn two_hundred_colleagues_behind_one_address_all_pass_but_a_loop_is_stopped() {
        let limits = SurveyLimits::default();
        let office = Some(ip("203.0.113.7"));
        assert!((0..200).all(|_| limits.answers_sent(office, 1).is_ok()));
        let looped = (0..1000)
            .filter(|_| limits.answers_sent(office, 1).is_ok())
            .count();
        assert!(looped <= 100, "{looped} more went through at once");
        assert!(
            limits.answers_sent(office, 2).is_ok(),
            "another link is limited separately"
        );
        assert!(
            limits.answers_sent(Some(ip("203.0.113.8")), 1).is_ok(),
            "another address is limited separately"
        );
    }

    #[test]
    fn a_refusal_says_how_long_to_wait() {
        let limits = SurveyLimits::new(
            SurveyQuota::FORMS,
            SurveyQuota {
                burst: 1,
                per_hour: 60,
            },
        );
        let client = Some(ip("198.51.100.1"));
        assert!(limits.answers_sent(client, 7).is_ok());
        match limits.answers_sent(client, 7) {
            Err(CoreError::RateLimited {
                retry_after_secs, ..
            }) => assert!(
                (1..=60).contains(&retry_after_secs),
                "one a minute: wait {retry_after_secs} s"
            ),
            other => panic!("expected a rate limit, got {other:?}"),
        }
    }

    #[test]
    fn an_ipv6_subscriber_is_one_client_whatever_address_it_takes() {
        let limits = SurveyLimits::new(
            SurveyQuota::FORMS,
            SurveyQuota {
                burst: 3,
                per_hour: 1,
            },
        );
        let passed = (0..50)
            .filter(|i| {
                let addr = format!("2001:db8:1:2::{:x}", i + 1);
                limits.answers_sent(Some(ip(&addr)), 9).is_ok()
            })
            .count();
        assert_eq!(passed, 3);
        assert_eq!(limits.tracked_keys(), 1);
    }

    #[test]
    fn requests_not_from_the_network_are_not_limited_and_make_no_keys() {
        let limits = SurveyLimits::default();
        assert!((0..2000).all(|_| limits.answers_sent(None, 1).is_ok()));
        assert_eq!(limits.tracked_keys(), 0);
    }
}
