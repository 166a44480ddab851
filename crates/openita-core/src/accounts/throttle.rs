//! Throttling password guesses: failed sign-ins and wrong current passwords on a password
//! change, counted per (username, client address).
//!
//! Why per pair: a lock per username lets anyone lock anyone out (the old rule: ten wrong
//! passwords from anywhere, fifteen minutes locked); a lock per address locks out 200 staff
//! behind one office address when one of them mistypes. Keyed by both, a guesser at one
//! address slows only their own guesses at that user, and the user still signs in from the
//! office. Each pair gets `FREE_FAILURES` free failures in `WINDOW_MINUTES`; after that each attempt
//! must wait 1 s after the last failure, then 2, 4, 8 ... up to `MAX_DELAY_SECS` (15 minutes): a
//! person who mistypes waits seconds, a guesser at one address gets about a dozen guesses an
//! hour.
//!
//! Why a loose cap per username as well: with many addresses (a botnet, or IPv6, which is why
//! an IPv6 client counts by its /64 network) the pair limit alone allows thousands of guesses
//! an hour at one account. So a username that has failed `USER_CAP` times in `WINDOW_MINUTES`, from
//! anywhere, is refused everywhere until the oldest of those failures is an hour old. The cap
//! is far above what one person does (it only binds when several addresses guess at once),
//! and it is the price of that protection that such an attack also keeps the real user out
//! for up to an hour; it takes some eight addresses guessing for the whole hour, and it is
//! logged.
//!
//! Addresses are not stored: `client_key` is an HMAC of the address under a random server key
//! (`settings.login_throttle_key`, shared by all instances), enough to tell two attempts from
//! one address apart from others. The table holds who tried to sign in as whom for an hour;
//! without the key, a copy of it does not say from where. (Whoever has the whole database has
//! the key as well and could test every IPv4 address; the rows live about an hour, so that is
//! all they would learn.) Rows older than the window are deleted at every sign-in, failed or
//! not, and a success also clears its own pair's rows, so the table holds about an hour of
//! failures at most (at most an hour's worth of argon2 checks, which `password_work` bounds).

use super::password::verify_or_spend;
use crate::{Core, CoreError};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use openita_db::{
    DbError,
    queries::{login_failures, settings},
};
use openita_types::{
    Text,
    thai_time::{from_db_text, to_db_text},
};
use rand::RngCore;
use sha2::Sha256;
use std::net::IpAddr;

/// Failures a pair may make in the window before each attempt must wait.
pub const FREE_FAILURES: i64 = 5;
/// The longest wait between attempts of one pair.
pub const MAX_DELAY_SECS: i64 = 15 * 60;
/// Failures of one username, from all addresses together, in the window.
pub const USER_CAP: i64 = 100;
/// How far back failures count, and how long they are kept.
pub const WINDOW_MINUTES: i64 = 60;

const KEY_SETTING: &str = "login_throttle_key";

fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

/// The wait a pair owes after `failures` failures in the window, counted from the last one.
pub(crate) fn delay_after(failures: i64) -> Option<Duration> {
    if failures < FREE_FAILURES {
        return None;
    }
    // 1 s after the FREE_FAILURES-th, doubling; capped before the shift can overflow.
    let doublings = (failures - FREE_FAILURES).min(20);
    Some(Duration::seconds((1_i64 << doublings).min(MAX_DELAY_SECS)))
}

/// Who is trying to sign in as whom: the username and a keyed hash of the address.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    pub username: String,
    pub client_key: String,
}

impl Attempt {
    pub async fn new(core: &Core, username: &str, client: IpAddr) -> Result<Attempt, CoreError> {
        Ok(Attempt {
            username: username.to_string(),
            client_key: client_key(&key(core).await?, client)?,
        })
    }
}

/// The part of an address that identifies one client: an IPv4 address, or an IPv6 /64
/// network (one household or office is usually given a whole /64, so its addresses are
/// free to pick).
fn address_text(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn client_key(key: &[u8], client: IpAddr) -> Result<String, CoreError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .map_err(|_| CoreError::internal("login throttle key"))?;
    mac.update(address_text(client).as_bytes());
    // 128 bits tell addresses apart; nothing needs the rest.
    Ok(hex::encode(&mac.finalize().into_bytes()[..16]))
}

/// The server's throttle key: made once by whichever instance needs it first.
async fn key(core: &Core) -> Result<Vec<u8>, CoreError> {
    if let Some(k) = core.accounts.throttle_key.get() {
        return Ok(k.clone());
    }
    let stored = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        settings::get(&mut conn, KEY_SETTING).await?
    };
    let stored = match stored {
        Some(s) => s,
        None => {
            let mut fresh = [0u8; 32];
            rand::thread_rng().fill_bytes(&mut fresh);
            let mut tx = core.db.begin_write().await?;
            let s = settings::get_or_insert(tx.conn(), KEY_SETTING, &hex::encode(fresh)).await?;
            tx.commit().await?;
            s
        }
    };
    let key = hex::decode(stored)
        .map_err(|_| CoreError::internal("stored login throttle key is not hex"))?;
    let _ = core.accounts.throttle_key.set(key.clone());
    Ok(key)
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, CoreError> {
    from_db_text(text).ok_or_else(|| CoreError::internal(format!("unreadable time {text}")))
}

/// Whole seconds until `until`, at least one.
fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    let ms = (until - now).num_milliseconds().max(1);
    u64::try_from((ms + 999) / 1000).unwrap_or(1)
}

/// Refuses the attempt with 429 if its pair or its username must wait; reads only.
pub(crate) async fn check(core: &Core, attempt: &Attempt) -> Result<(), CoreError> {
    let now = core.now();
    let since = to_db_text(now - window());
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let (failures, last) =
        login_failures::pair_since(&mut conn, &attempt.username, &attempt.client_key, &since)
            .await?;
    if let (Some(delay), Some(last)) = (delay_after(failures), last) {
        let until = parse_time(&last)? + delay;
        if until > now {
            return Err(too_many(seconds_until(until, now)));
        }
    }
    let user_failures =
        login_failures::user_count_since(&mut conn, &attempt.username, &since).await?;
    if user_failures >= USER_CAP {
        // Below the cap again once this failure leaves the window.
        let oldest_that_must_go = login_failures::user_failure_at(
            &mut conn,
            &attempt.username,
            &since,
            user_failures - USER_CAP,
        )
        .await?;
        let until = match oldest_that_must_go {
            Some(at) => parse_time(&at)? + window(),
            None => now + Duration::seconds(1),
        };
        tracing::warn!(
            user.username = %attempt.username,
            failures = user_failures,
            "sign-in failures from many addresses: username refused everywhere for now"
        );
        return Err(too_many(seconds_until(until, now)));
    }
    Ok(())
}

/// Records a failure of the attempt's pair and prunes failures older than the window: a short
/// write transaction of its own.
pub(crate) async fn record_failure(core: &Core, attempt: &Attempt) -> Result<(), CoreError> {
    let now = core.now();
    let mut tx = core.db.begin_write().await?;
    login_failures::record(
        tx.conn(),
        &attempt.username,
        &attempt.client_key,
        &to_db_text(now),
    )
    .await?;
    login_failures::prune(tx.conn(), &to_db_text(now - window())).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a password in its turn at the argon2 gate, counting a wrong one against the
/// attempt's pair. The turn covers the throttle check, the argon2 check and the recording of a
/// failure, so that guesses sent at once from one pair cannot all pass the throttle before the
/// first is counted; it runs as a task of its own, so a client that hangs up cannot cut it
/// short (nor free its turn while argon2 still runs). No transaction or connection is held
/// while argon2 runs. `stored_hash` None (no such user, or an inactive one) spends the same
/// time on a dummy hash and fails.
pub(crate) async fn checked_password(
    core: &Core,
    attempt: &Attempt,
    password: &str,
    stored_hash: Option<String>,
) -> Result<bool, CoreError> {
    // A first look before queueing: a throttled guesser does not take a turn from anyone.
    check(core, attempt).await?;
    let turn = core.accounts.password_work.acquire().await?;
    let (core, attempt, password) = (core.clone(), attempt.clone(), password.to_string());
    tokio::spawn(async move {
        let _turn = turn;
        check(&core, &attempt).await?;
        let verified = core
            .accounts
            .password_work
            .in_turn(move || verify_or_spend(&password, stored_hash.as_deref()))
            .await?;
        if !verified {
            record_failure(&core, &attempt).await?;
        }
        Ok(verified)
    })
    .await
    .map_err(|e| CoreError::internal(format!("password check failed: {e}")))?
}

/// After a success: forgets this pair's failures and prunes failures older than the window
/// (inside the caller's transaction).
pub(crate) async fn clear(
    core: &Core,
    conn: &mut openita_db::Conn,
    attempt: &Attempt,
) -> Result<(), CoreError> {
    login_failures::clear_pair(conn, &attempt.username, &attempt.client_key).await?;
    login_failures::prune(conn, &to_db_text(core.now() - window())).await?;
    Ok(())
}

/// "Wait N seconds/minutes", rounded up to what a person reads.
fn wait_text(secs: u64) -> Text {
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    if secs < 60 {
        Text::new(
            format!("{secs} วินาที"),
            format!("{secs} second{}", plural(secs)),
        )
    } else {
        let minutes = secs.div_ceil(60);
        Text::new(
            format!("{minutes} นาที"),
            format!("{minutes} minute{}", plural(minutes)),
        )
    }
}

fn too_many(retry_after_secs: u64) -> CoreError {
    let wait = wait_text(retry_after_secs);
    CoreError::TooManyAttempts {
        retry_after_secs,
        message: Text::new(
            format!("ใส่รหัสผ่านผิดหลายครั้ง โปรดรอ {} แล้วลองใหม่", wait.th),
            format!("Too many wrong passwords: wait {} and try again.", wait.en),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free_then_the_wait_doubles_up_to_the_cap() {
        let waits: Vec<i64> = (0..=22)
            .map(|n| delay_after(n).map_or(0, |d| d.num_seconds()))
            .collect();
        assert_eq!(&waits[..5], &[0, 0, 0, 0, 0]);
        assert_eq!(&waits[5..11], &[1, 2, 4, 8, 16, 32]);
        assert_eq!(waits[14], 512);
        assert!(waits[15..].iter().all(|&w| w == MAX_DELAY_SECS));
        assert_eq!(
            delay_after(i64::MAX).map(|d| d.num_seconds()),
            Some(MAX_DELAY_SECS)
        );
    }

    #[test]
    fn ipv6_clients_count_by_their_64_network_and_mapped_ipv4_as_ipv4() {
        let key = [7u8; 32];
        let k = |s: &str| client_key(&key, s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
        assert_eq!(k("2001:db8:1:2::1").ok(), k("2001:db8:1:2:ffff::9").ok());
        assert_ne!(k("2001:db8:1:2::1").ok(), k("2001:db8:1:3::1").ok());
        assert_eq!(k("::ffff:203.0.113.5").ok(), k("203.0.113.5").ok());
        assert_ne!(k("203.0.113.5").ok(), k("203.0.113.6").ok());
        let key_text = k("203.0.113.5").unwrap_or_default();
        assert_eq!(key_text.len(), 32);
        assert!(!key_text.contains("203"), "the address is not stored");
    }

    #[test]
    fn waits_read_in_seconds_then_whole_minutes_rounded_up() {
        assert_eq!(wait_text(1).en, "1 second");
        assert_eq!(wait_text(2).en, "2 seconds");
        assert_eq!(wait_text(59).th, "59 วินาที");
        assert_eq!(wait_text(61).en, "2 minutes");
        assert_eq!(wait_text(900).th, "15 นาที");
    }
}
