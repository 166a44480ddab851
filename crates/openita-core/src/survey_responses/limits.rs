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

use crate::{
    CoreError,
    rate_limit::{Buckets, RateQuota, client_key},
};
use openita_types::Text;
use std::net::IpAddr;

/// A bucket: `burst` at once, refilled at `per_hour`.
pub type SurveyQuota = RateQuota;

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

type Key = (IpAddr, i64);

/// The two limits of the survey endpoints.
pub struct SurveyLimits {
    forms: Buckets<Key>,
    submissions: Buckets<Key>,
}

impl Default for SurveyLimits {
    fn default() -> Self {
        SurveyLimits::new(FORMS, SUBMISSIONS)
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
        retry_after_secs,
        message,
    }
}

impl SurveyLimits {
    pub fn new(forms: SurveyQuota, submissions: SurveyQuota) -> Self {
        SurveyLimits {
            forms: Buckets::new(forms),
            submissions: Buckets::new(submissions),
        }
    }

    /// One form view of `link` from `client`; `None` (not from the network) is not limited.
    pub(crate) fn form_viewed(&self, client: Option<IpAddr>, link: i64) -> Result<(), CoreError> {
        match client {
            Some(ip) => self
                .forms
                .check(&(client_key(ip), link))
                .map_err(|secs| too_fast(secs, false)),
            None => Ok(()),
        }
    }

    /// One submission to `link` from `client`.
    pub(crate) fn answers_sent(&self, client: Option<IpAddr>, link: i64) -> Result<(), CoreError> {
        match client {
            Some(ip) => self
                .submissions
                .check(&(client_key(ip), link))
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
            FORMS,
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
            FORMS,
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
