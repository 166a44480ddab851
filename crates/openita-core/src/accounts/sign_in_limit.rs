//! Sign-in attempts per client address, whatever the user name: the throttle
//! (`throttle.rs`) slows guessing one name, this stops one address from trying many names and
//! filling the password gate so that nobody else can sign in (the gate answers 503 when
//! full). A burst of 300 lets a whole office sign in at eight o'clock behind one address;
//! after that, one attempt every 6 seconds.

use crate::{
    CoreError,
    rate_limit::{Buckets, RateQuota, client_key},
};
use openita_types::Text;
use std::net::IpAddr;

pub const SIGN_INS: RateQuota = RateQuota {
    burst: 300,
    per_hour: 600,
};

pub(crate) struct SignInLimit(Buckets<IpAddr>);

impl Default for SignInLimit {
    fn default() -> Self {
        SignInLimit(Buckets::new(SIGN_INS))
    }
}

impl SignInLimit {
    /// One sign-in attempt from `client`.
    pub(crate) fn attempt(&self, client: IpAddr) -> Result<(), CoreError> {
        self.0
            .check(&client_key(client))
            .map_err(|secs| CoreError::RateLimited {
                retry_after_secs: secs,
                message: Text::new(
                    format!("มีการลงชื่อเข้าใช้จากที่นี่ถี่เกินไป โปรดรอประมาณ {secs} วินาทีแล้วลองใหม่"),
                    format!(
                        "Too many sign-ins from here: wait about {secs} seconds and try again."
                    ),
                ),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_office_signs_in_together_but_one_address_cannot_try_name_after_name() {
        let limit = SignInLimit::default();
        let office: IpAddr = "203.0.113.9".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]));
        assert!((0..300).all(|_| limit.attempt(office).is_ok()));
        match limit.attempt(office) {
            Err(CoreError::RateLimited {
                retry_after_secs, ..
            }) => assert!((1..=6).contains(&retry_after_secs), "{retry_after_secs}"),
            other => panic!("expected a limit, got {other:?}"),
        }
        let home: IpAddr = "198.51.100.4".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]));
        assert!(
            limit.attempt(home).is_ok(),
            "another address is not limited"
        );
    }
}
