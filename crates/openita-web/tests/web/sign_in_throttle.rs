//! Wrong passwords are throttled per (username, client address) with a growing wait, plus a
//! loose cap per username; the 429 says the wait in words and in `Retry-After`; oversized
//! credentials are refused before the database; old failures are pruned.

use crate::assert_status;
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, header},
};
use chrono::Duration;
use openita_core::accounts::{self, throttle};
use openita_db::queries::login_failures;
use openita_testing::{PASSWORD, TestApp, TestResponse};
use openita_types::thai_time::to_db_text;
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

const HOME: &str = "198.51.100.7";
const GUESSER: &str = "203.0.113.66";

/// The request as if it came from `addr` (what the server sees as the connection's peer).
fn from(addr: &str, mut request: Request<Body>) -> Request<Body> {
    let ip: IpAddr = addr.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(ip, 50_000)));
    request
}

fn json_request(method: Method, path: &str, token: Option<&str>, body: &Value) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap_or_default()
}

pub(crate) async fn sign_in(
    app: &TestApp,
    addr: &str,
    username: &str,
    password: &str,
) -> TestResponse {
    let body = json!({"username": username, "password": password});
    app.send(from(
        addr,
        json_request(Method::POST, "/api/v1/session", None, &body),
    ))
    .await
}

/// The sign-in form posted from `addr`, with its double-submit CSRF cookie.
async fn login_form(app: &TestApp, addr: &str, fields: &str, lang: &str) -> TestResponse {
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!("openita_login_csrf=tok; openita_lang={lang}"),
        )
        .body(Body::from(format!("_csrf=tok&{fields}")))
        .unwrap_or_default();
    app.send(from(addr, request)).await
}

fn retry_after(r: &TestResponse) -> &str {
    r.headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

async fn later(app: &TestApp, seconds: i64) {
    app.clock.set(app.core().now() + Duration::seconds(seconds));
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db().pool())
        .await
        .unwrap_or(-1)
}

#[tokio::test]
async fn a_guesser_at_one_address_waits_longer_each_time_while_the_user_signs_in_elsewhere() {
    let app = TestApp::new().await;
    for n in 1..=throttle::FREE_FAILURES {
        let r = sign_in(&app, GUESSER, "agency-admin", "guess").await;
        assert_eq!(r.status.as_u16(), 401, "free failure {n}");
    }
    // The sixth try must wait a second, even with the right password.
    let blocked = sign_in(&app, GUESSER, "agency-admin", PASSWORD).await;
    assert_status!(blocked, 429);
    assert_eq!(retry_after(&blocked), "1");
    assert_eq!(blocked.json()["error"]["code"], "too_many_attempts");
    let message = blocked.json()["error"]["message"].to_string();
    assert!(message.contains("1 วินาที"), "{message}");
    // The user, at home, is not affected.
    assert_status!(sign_in(&app, HOME, "agency-admin", PASSWORD).await, 200);
    // Each further failure doubles the wait.
    for expected in ["2", "4", "8"] {
        let wait: i64 = retry_after(&sign_in(&app, GUESSER, "agency-admin", "guess").await)
            .parse()
            .unwrap_or(0);
        later(&app, wait).await;
        assert_status!(sign_in(&app, GUESSER, "agency-admin", "guess").await, 401);
        let r = sign_in(&app, GUESSER, "agency-admin", "guess").await;
        assert_status!(r, 429);
        assert_eq!(retry_after(&r), expected);
    }
    // Halfway through a wait, Retry-After is what is left of it.
    later(&app, 3).await;
    assert_eq!(
        retry_after(&sign_in(&app, GUESSER, "agency-admin", "guess").await),
        "5"
    );
    // After the wait the right password works, and it wipes that address's slate.
    later(&app, 5).await;
    assert_status!(sign_in(&app, GUESSER, "agency-admin", PASSWORD).await, 200);
    assert_status!(sign_in(&app, GUESSER, "agency-admin", "guess").await, 401);
}

#[tokio::test]
async fn colleagues_behind_one_office_address_are_not_slowed_by_one_who_mistypes() {
    let app = TestApp::new().await;
    for _ in 0..throttle::FREE_FAILURES {
        assert_status!(sign_in(&app, HOME, "admin", "guess").await, 401);
    }
    assert_status!(sign_in(&app, HOME, "admin", PASSWORD).await, 429);
    for colleague in [
        "agency-admin",
        "agency-executive",
        "assessor",
        "coordinator",
    ] {
        assert_status!(sign_in(&app, HOME, colleague, PASSWORD).await, 200);
    }
}

#[tokio::test]
async fn an_ipv6_client_counts_as_its_whole_64_network() {
    let app = TestApp::new().await;
    for n in 1..=throttle::FREE_FAILURES {
        let addr = format!("2001:db8:5:6::{n}");
        assert_status!(sign_in(&app, &addr, "admin", "guess").await, 401);
    }
    assert_status!(
        sign_in(&app, "2001:db8:5:6::ff", "admin", PASSWORD).await,
        429
    );
    assert_status!(
        sign_in(&app, "2001:db8:5:7::1", "admin", PASSWORD).await,
        200
    );
}

#[tokio::test]
async fn many_addresses_guessing_one_username_meet_a_loose_cap_per_hour() {
    let app = TestApp::new().await;
    let now = app.core().now();
    {
        let mut conn = app.db().pool().acquire().await.ok();
        if let Some(conn) = conn.as_mut() {
            for i in 0..throttle::USER_CAP {
                // One failure from each of many addresses, the oldest 59 minutes ago.
                let at = to_db_text(now - Duration::minutes(59) + Duration::seconds(i));
                let _ = login_failures::record(conn, "admin", &format!("bot{i}"), &at).await;
            }
        }
    }
    // A fresh address is refused until the oldest of those is an hour old.
    let r = sign_in(&app, HOME, "admin", PASSWORD).await;
    assert_status!(r, 429);
    assert_eq!(retry_after(&r), "60");
    // Other usernames are untouched.
    assert_status!(sign_in(&app, HOME, "assessor", PASSWORD).await, 200);
    later(&app, 60).await;
    assert_status!(sign_in(&app, HOME, "admin", PASSWORD).await, 200);
}

#[tokio::test]
async fn wrong_current_passwords_on_a_password_change_count_against_the_same_throttle() {
    let app = TestApp::new().await;
    let token = app.token("agency-admin").await;
    let change = |current: &str| {
        from(
            GUESSER,
            json_request(
                Method::PUT,
                "/api/v1/users/me/password",
                Some(&token),
                &json!({"current_password": current, "new_password": "a brand new passphrase"}),
            ),
        )
    };
    for _ in 0..throttle::FREE_FAILURES {
        let r = app.send(change("guess")).await;
        assert_status!(r, 422);
    }
    let blocked = app.send(change(PASSWORD)).await;
    assert_status!(blocked, 429);
    assert_eq!(retry_after(&blocked), "1");
    // The same pair is slowed at the sign-in too; the account page says how long to wait.
    assert_status!(sign_in(&app, GUESSER, "agency-admin", PASSWORD).await, 429);
    let page = Request::post("/account/password")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "current_password=guess&new_password=a+brand+new+passphrase",
        ))
        .unwrap_or_default();
    let r = app.send(from(GUESSER, page)).await;
    assert_status!(r, 429);
    assert_eq!(retry_after(&r), "1");
    assert!(r.text.contains("โปรดรอ 1 วินาที"), "{}", r.text);
    // Elsewhere the user is fine, and can still change the password.
    assert_status!(sign_in(&app, HOME, "agency-admin", PASSWORD).await, 200);
    let home_change = json_request(
        Method::PUT,
        "/api/v1/users/me/password",
        Some(&token),
        &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"}),
    );
    assert_status!(app.send(from(HOME, home_change)).await, 204);
}

#[tokio::test]
async fn a_throttled_sign_in_page_says_how_long_to_wait_in_the_readers_language() {
    let app = TestApp::new().await;
    for _ in 0..throttle::FREE_FAILURES {
        let r = login_form(&app, GUESSER, "username=admin&password=guess", "th").await;
        assert_status!(r, 401);
    }
    let th = login_form(&app, GUESSER, "username=admin&password=guess", "th").await;
    assert_status!(th, 429);
    assert_eq!(retry_after(&th), "1");
    assert!(th.text.contains("โปรดรอ 1 วินาที"), "{}", th.text);
    assert!(
        th.text.contains("name=\"password\""),
        "the form is shown again"
    );
    let en = login_form(&app, GUESSER, "username=admin&password=guess", "en").await;
    assert_status!(en, 429);
    assert!(
        en.text.contains("wait 1 second and try again"),
        "{}",
        en.text
    );
}

#[tokio::test]
async fn oversized_credentials_are_refused_before_the_database_is_touched() {
    let app = TestApp::new().await;
    let settings_before = count(&app, "SELECT COUNT(*) FROM settings").await;
    let long_name = "a".repeat(accounts::MAX_USERNAME_CHARS + 1);
    let r = sign_in(&app, GUESSER, &long_name, "guess").await;
    assert_status!(r, 422);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "username");
    let long_password = "x".repeat(accounts::MAX_PASSWORD_CHARS + 1);
    let r = sign_in(&app, GUESSER, "admin", &long_password).await;
    assert_status!(r, 422);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "password");
    // The size of the reported attack: refused by the body limit before it is even parsed.
    let huge = "a".repeat(1_900_000);
    let r = sign_in(&app, GUESSER, &huge, "guess").await;
    assert_status!(r, 413);
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
    // The page: the form again, with the reason.
    let r = login_form(
        &app,
        GUESSER,
        &format!("username={long_name}&password=guess"),
        "en",
    )
    .await;
    assert_status!(r, 422);
    assert!(r.text.contains("at most 64 characters"), "{}", r.text);
    let r = login_form(&app, GUESSER, &format!("username={huge}&password=g"), "th").await;
    assert_status!(r, 413);
    assert!(r.text.contains("ชื่อผู้ใช้ยาวได้ไม่เกิน 64 ตัวอักษร"));
    // Not a row, not even the throttle's key: nothing was written.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM settings").await,
        settings_before
    );
    // A new user with such a name, and a password change with such a password.
    let admin = app.token("admin").await;
    let failures_before = count(&app, "SELECT COUNT(*) FROM login_failures").await;
    let users_before = count(&app, "SELECT COUNT(*) FROM users").await;
    let create = json!({"username": long_name, "password": "long enough pw", "role": "assessor"});
    let r = app
        .send(json_request(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            &create,
        ))
        .await;
    assert_status!(r, 422);
    let create = json!({"username": huge, "password": "long enough pw", "role": "assessor"});
    let r = app
        .send(json_request(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            &create,
        ))
        .await;
    assert_status!(r, 413);
    let change =
        json!({"current_password": long_password, "new_password": "a brand new passphrase"});
    let r = app
        .send(json_request(
            Method::PUT,
            "/api/v1/users/me/password",
            Some(&admin),
            &change,
        ))
        .await;
    assert_status!(r, 422);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "current_password");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users").await,
        users_before
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM login_failures").await,
        failures_before
    );
    assert_eq!(failures_before, 0, "no oversized attempt was recorded");
}

#[tokio::test]
async fn the_throttle_key_is_made_once_and_no_address_is_stored() {
    let app = TestApp::new().await;
    assert_status!(sign_in(&app, GUESSER, "admin", "guess").await, 401);
    let keys: Vec<String> = sqlx::query_scalar("SELECT client_key FROM login_failures")
        .fetch_all(app.db().pool())
        .await
        .unwrap_or_default();
    assert_eq!(keys.len(), 1);
    assert!(!keys[0].contains("203.0.113"), "{}", keys[0]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM settings WHERE name = 'login_throttle_key'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn failures_older_than_the_window_are_pruned_at_every_sign_in_and_a_success_clears_its_pair()
{
    let app = TestApp::new().await;
    let now = app.core().now();
    let two_hours_ago = to_db_text(now - Duration::hours(2));
    let half_an_hour_ago = to_db_text(now - Duration::minutes(30));
    {
        let mut conn = app.db().pool().acquire().await.ok();
        if let Some(conn) = conn.as_mut() {
            for name in ["ghost1", "ghost2", "ghost3"] {
                let _ = login_failures::record(conn, name, "someone", &two_hours_ago).await;
            }
            let _ = login_failures::record(conn, "admin", "elsewhere", &half_an_hour_ago).await;
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 4);
    // A failure prunes what is older than the window.
    assert_status!(sign_in(&app, GUESSER, "admin", "guess").await, 401);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 2);
    // A success clears its own pair only.
    assert_status!(sign_in(&app, GUESSER, "admin", PASSWORD).await, 200);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM login_failures WHERE client_key = 'elsewhere'"
        )
        .await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 1);
    // An hour on, the next failure leaves only itself.
    later(&app, 3600).await;
    assert_status!(sign_in(&app, GUESSER, "assessor", "guess").await, 401);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 1);
    // A success elsewhere prunes too: failures do not linger for want of another failure.
    later(&app, 3601).await;
    assert_status!(sign_in(&app, HOME, "coordinator", PASSWORD).await, 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 0);
}
