//! Checking a password does not hold the writer: while wrong passwords are being checked
//! (argon2, ~55 ms each on purpose), another write goes through in about the time of a write,
//! not after every queued check (24 such clients once raised survey POST latency from 1-3 ms
//! to ~400 ms).

use crate::{assert_status, sign_in_throttle::sign_in};
use openita_core::{Actor, accounts};
use openita_testing::{PASSWORD, TestApp};
use std::{
    net::Ipv4Addr,
    sync::Arc,
    time::{Duration, Instant},
};

/// One argon2 check on this machine, now (the slowest of three): the unit of time here, so
/// that a slow or busy machine moves the thresholds with it.
fn one_check() -> Duration {
    let hash = accounts::hash_password("calibration").unwrap_or_default();
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let _ = accounts::verify_password("not it", &hash);
            started.elapsed()
        })
        .max()
        .unwrap_or(Duration::from_millis(50))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_passwords_being_checked_do_not_hold_up_other_writes() {
    let app = Arc::new(TestApp::new().await);
    let check = one_check();
    // Ten wrong passwords at once, each from its own address (none is throttled).
    let checks: Vec<_> = (1..=10)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                sign_in(&app, &format!("192.0.2.{i}"), "admin", "guess")
                    .await
                    .status
                    .as_u16()
            })
        })
        .collect();
    tokio::time::sleep(check / 2).await;
    let mut worst = Duration::ZERO;
    let mut measured_while_checking = false;
    for _ in 0..3 {
        measured_while_checking |= checks.iter().any(|c| !c.is_finished());
        let started = Instant::now();
        if let Ok(tx) = app.db().begin_write().await {
            let _ = tx.commit().await;
        }
        worst = worst.max(started.elapsed());
        tokio::time::sleep(check / 2).await;
    }
    for c in checks {
        assert_eq!(c.await.unwrap_or(0), 401);
    }
    assert!(
        measured_while_checking,
        "the writes were measured while passwords were being checked"
    );
    // Holding the writer through each check, a write would wait for most of the ten.
    assert!(
        worst < check * 2,
        "a write waited {worst:?} while wrong passwords were checked (one check: {check:?})"
    );
}

/// Waits (up to a generous limit) until `n` more password hashes or checks than `before`
/// have finished; true if they did.
async fn password_work_reaches(app: &TestApp, before: usize, n: usize, check: Duration) -> bool {
    let deadline = Instant::now() + check * 40 + Duration::from_secs(5);
    while Instant::now() < deadline {
        if app.core().password_work_done() >= before + n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

/// The structural form of the same rule: while a write transaction is open elsewhere (on
/// SQLite, the one writer), a sign-in still gets its password checked; only its short write
/// of the failure waits. Were the check inside a transaction, it could not run until the
/// writer is free. Counted, not timed, so a loaded machine cannot make it fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_password_is_checked_while_another_write_holds_the_writer() {
    let app = Arc::new(TestApp::new().await);
    let check = one_check();
    // A first failure elsewhere makes the throttle's key, a write of its own.
    assert_status!(sign_in(&app, "192.0.2.200", "admin", "guess").await, 401);
    let before = app.core().password_work_done();
    let Ok(writer) = app.db().begin_write().await else {
        panic!("no write transaction");
    };
    let attempt = {
        let app = app.clone();
        tokio::spawn(async move { sign_in(&app, "192.0.2.201", "admin", "guess").await.status })
    };
    let checked = password_work_reaches(&app, before, 1, check).await;
    let _ = writer.commit().await;
    let status = attempt.await.map(|s| s.as_u16()).unwrap_or(0);
    assert_eq!(status, 401);
    assert!(
        checked,
        "the password was not checked while another write held the writer: it was checked \
         inside a transaction"
    );
}

/// The siblings: a new user's password and a changed password are hashed (and the current one
/// checked) outside the transaction that stores them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn new_users_and_password_changes_hash_while_another_write_holds_the_writer() {
    let app = Arc::new(TestApp::new().await);
    let check = one_check();
    let token = app.token("agency-admin").await;
    let Ok(Some(session)) = accounts::resolve_session(app.core(), &token).await else {
        panic!("the fixture session resolves");
    };
    let before = app.core().password_work_done();
    let Ok(writer) = app.db().begin_write().await else {
        panic!("no write transaction");
    };
    let create = {
        let app = app.clone();
        tokio::spawn(async move {
            let input = accounts::NewUserInput {
                username: "new.assessor".into(),
                password: "long enough pw".into(),
                role: "assessor".into(),
                ..Default::default()
            };
            accounts::create_user(app.core(), &Actor::system("test"), &input)
                .await
                .is_ok()
        })
    };
    let change = {
        let app = app.clone();
        tokio::spawn(async move {
            accounts::change_password(
                app.core(),
                &session.actor,
                &token,
                PASSWORD,
                "a brand new passphrase",
                Ipv4Addr::LOCALHOST.into(),
            )
            .await
            .is_ok()
        })
    };
    // Three argon2 runs in all: the new user's hash, the current password's check and the
    // new password's hash, all while the writer is held.
    let hashed = password_work_reaches(&app, before, 3, check).await;
    let _ = writer.commit().await;
    let (created, changed) = (create.await, change.await);
    assert!(matches!(created, Ok(true)), "the user was created");
    assert!(matches!(changed, Ok(true)), "the password was changed");
    assert!(
        hashed,
        "not every hash and check ran while another write held the writer: a password was \
         hashed inside a transaction"
    );
}
