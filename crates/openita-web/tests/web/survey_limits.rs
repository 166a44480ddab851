//! Stuffing deterrents on the public survey paths: per (address, link) limits on form views
//! and submissions that see through an encoded token and keep no keys for unknown tokens, and
//! the browser cookie that says "already answered".

use crate::{
    assert_status,
    surveys::{answers, open_link, submit},
};
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_core::survey_responses::{SurveyLimits, SurveyQuota};
use openita_testing::TestApp;
use serde_json::Value;

/// A fixture whose survey links allow `forms` views and `answers` submissions at once per
/// address, then one a minute.
async fn app_with_limits(forms: u32, answers: u32) -> TestApp {
    app_behind(&[], forms, answers).await
}

/// The same, served behind reverse proxies at `proxies`.
async fn app_behind(proxies: &[&str], forms: u32, answers: u32) -> TestApp {
    let config = openita_web::WebConfig {
        trusted_proxies: proxies.iter().filter_map(|p| p.parse().ok()).collect(),
        ..openita_web::WebConfig::default()
    };
    TestApp::build(config, |core| {
        core.with_survey_limits(SurveyLimits::new(
            SurveyQuota {
                burst: forms,
                per_hour: 60,
            },
            SurveyQuota {
                burst: answers,
                per_hour: 60,
            },
        ))
    })
    .await
}

/// Opens the form as the client a proxy names in `X-Forwarded-For`.
async fn open_as(app: &TestApp, token: &str, forwarded_for: &str) -> u16 {
    app.send(
        Request::builder()
            .uri(format!("/api/v1/surveys/{token}"))
            .header("x-forwarded-for", forwarded_for)
            .body(Body::empty())
            .unwrap_or_default(),
    )
    .await
    .status
    .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit_and_others_cannot_choose_theirs() {
    // In-process requests come from 0.0.0.0: trusted here, as a proxy would be.
    let app = app_behind(&["0.0.0.0/32"], 2, 10).await;
    let (token, _) = open_link(&app, "iit").await;
    assert_eq!(open_as(&app, &token, "203.0.113.1").await, 200);
    assert_eq!(open_as(&app, &token, "203.0.113.1").await, 200);
    assert_eq!(open_as(&app, &token, "203.0.113.1").await, 429);
    assert_eq!(
        open_as(&app, &token, "203.0.113.2").await,
        200,
        "another client"
    );
    // A client cannot pick a fresh bucket by writing the header itself: the proxy appends
    // the real address, and that one counts.
    assert_eq!(
        open_as(&app, &token, "198.51.100.77, 203.0.113.1").await,
        429
    );

    // Without a trusted proxy the header means nothing: one address, one bucket.
    let direct = app_behind(&[], 2, 10).await;
    let (token, _) = open_link(&direct, "iit").await;
    assert_eq!(open_as(&direct, &token, "203.0.113.3").await, 200);
    assert_eq!(open_as(&direct, &token, "203.0.113.4").await, 429);
}

async fn fresh_nonce(app: &TestApp, token: &str) -> Value {
    let form = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(form, 200);
    form.json()["form_nonce"].clone()
}

fn retry_after(r: &openita_testing::TestResponse) -> u64 {
    r.headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_loop_from_one_address_is_held_to_the_limit_even_with_the_token_percent_encoded() {
    let app = app_with_limits(100, 3).await;
    let (token, form) = open_link(&app, "iit").await;
    let mut nonces = vec![form["form_nonce"].clone()];
    for _ in 0..4 {
        nonces.push(fresh_nonce(&app, &token).await);
    }
    for nonce in &nonces[..3] {
        assert_status!(submit(&app, &token, nonce, answers(&form)).await, 201);
    }
    let refused = submit(&app, &token, &nonces[3], answers(&form)).await;
    assert_status!(refused, 429);
    assert_eq!(refused.json()["error"]["code"], "rate_limited");
    let wait = retry_after(&refused);
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("วินาที")),
        "{}",
        refused.text
    );
    // The same link spelled with an encoded first character is the same link.
    let first = token.as_bytes()[0];
    let encoded = format!("%{first:02X}{}", &token[1..]);
    let sneaky = submit(&app, &encoded, &nonces[4], answers(&form)).await;
    assert_status!(sneaky, 429);
    let status = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency),
            Some(&app.token("agency-admin").await),
        )
        .await;
    assert_eq!(status.json()["iit"]["responses"], 3);
}

#[tokio::test]
async fn unknown_and_overlong_tokens_never_make_limiter_keys() {
    let app = app_with_limits(2, 2).await;
    let long = "w".repeat(6000);
    for i in 0..300 {
        let token = if i % 2 == 0 {
            long.clone()
        } else {
            format!("unknown{i}")
        };
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/surveys/{token}/responses"),
                None,
                Some(serde_json::json!({"form_nonce": "x", "answers": {}})),
            )
            .await;
        assert_status!(r, 404);
        assert_status!(app.get(&format!("/s/{token}"), None).await, 404);
    }
    assert_eq!(app.core().survey_limit_keys(), 0);
    // A real link makes one key per limit it meets.
    let (_, _) = open_link(&app, "iit").await;
    assert_eq!(app.core().survey_limit_keys(), 1);
}

#[tokio::test]
async fn issuing_form_nonces_is_limited_per_address_and_link() {
    let app = app_with_limits(3, 100).await;
    let (token, _) = open_link(&app, "iit").await;
    assert_status!(
        app.get(&format!("/api/v1/surveys/{token}"), None).await,
        200
    );
    assert_status!(app.get(&format!("/s/{token}"), None).await, 200);
    let api = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(api, 429);
    assert!(retry_after(&api) >= 1);
    // The HTML form gets a page in Thai, not JSON.
    let page = app.get(&format!("/s/{token}"), None).await;
    assert_status!(page, 429);
    assert!(
        page.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html")),
        "{:?}",
        page.headers
    );
    assert!(page.text.contains("โปรดรอ"), "{}", page.text);
    assert!(retry_after(&page) >= 1);
}

fn form_post(token: &str, body: String, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(format!("/s/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    builder.body(Body::from(body)).unwrap_or_default()
}

fn form_body(nonce: &Value, form: &Value) -> String {
    let mut pairs = vec![(
        "form_nonce".to_string(),
        nonce.as_str().unwrap_or("").to_string(),
    )];
    for (id, v) in answers(form) {
        let level = match v {
            Value::Bool(true) => "2".to_string(),
            Value::Bool(false) => "1".to_string(),
            other => other.to_string(),
        };
        pairs.push((id, level));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

#[tokio::test]
async fn a_browser_that_answered_is_told_so_and_not_counted_again() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let sent = app
        .send(form_post(
            &token,
            form_body(&form["form_nonce"], &form),
            None,
        ))
        .await;
    assert_status!(sent, 303);
    let set_cookie = sent
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        set_cookie.contains(&format!("Path=/s/{token};")) && set_cookie.contains("HttpOnly"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_string();
    let value = cookie.split('=').nth(1).unwrap_or_default().to_string();
    assert!(value.len() >= 16, "a random value: {cookie}");

    // Back on the link: told so, no form and no nonce.
    let again = app
        .send(
            Request::builder()
                .uri(format!("/s/{token}"))
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap_or_default(),
        )
        .await;
    assert_status!(again, 200);
    assert!(again.text.contains("ท่านตอบแบบสอบถามนี้แล้ว"), "{}", again.text);
    assert!(!again.text.contains("form_nonce"));

    // Sending anyway, with a fresh nonce from elsewhere: refused, not counted.
    let nonce = fresh_nonce(&app, &token).await;
    let twice = app
        .send(form_post(&token, form_body(&nonce, &form), Some(&cookie)))
        .await;
    assert_status!(twice, 409);
    assert!(twice.text.contains("ไม่ถูกนับ"), "{}", twice.text);
    let status = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency),
            Some(&app.token("agency-admin").await),
        )
        .await;
    assert_eq!(status.json()["iit"]["responses"], 1);
    // The nonce was not used up by the refusal.
    assert_status!(submit(&app, &token, &nonce, answers(&form)).await, 201);

    // Nothing of the cookie is stored anywhere.
    let mut conn = app.conn().await;
    for table in ["survey_responses", "settings", "used_nonces", "audit_log"] {
        let rows: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) FROM {table} WHERE CAST({} AS TEXT) LIKE $1",
            if table == "survey_responses" {
                "answers"
            } else if table == "settings" {
                "value"
            } else if table == "used_nonces" {
                "nonce_hash"
            } else {
                "after_json"
            }
        ))
        .bind(format!("%{value}%"))
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
        assert_eq!(rows.first().map(|r| r.0.as_str()), Some("0"), "{table}");
    }
}

#[tokio::test]
async fn the_same_form_sent_twice_says_the_answers_were_sent() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let body = form_body(&form["form_nonce"], &form);
    let first = app.send(form_post(&token, body.clone(), None)).await;
    assert_status!(first, 303);
    // A double tap, or the back button and "send" again, without the first reply's cookie.
    let second = app.send(form_post(&token, body, None)).await;
    assert_status!(second, 409);
    assert!(second.text.contains("ท่านส่งคำตอบแล้ว"), "{}", second.text);
    assert!(!second.text.contains("ส่งคำตอบไม่ได้"), "{}", second.text);
    let status = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency),
            Some(&app.token("agency-admin").await),
        )
        .await;
    assert_eq!(status.json()["iit"]["responses"], 1, "counted once");
}
