//! HTTP hygiene: nothing private is cached, https deployments get HSTS and Secure cookies,
//! `?next=` never leaves the site, every 503 says when to come back, and the readiness probe
//! follows the database.

use crate::{assert_status, surveys::open_link};
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::{PASSWORD, TestApp, TestResponse};
use openita_web::{WebConfig, route_specs};
use serde_json::json;

fn cache_control(r: &TestResponse) -> &str {
    r.headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn location(r: &TestResponse) -> &str {
    r.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn set_cookies(r: &TestResponse) -> Vec<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect()
}

/// A GET with the given `Cookie` header.
async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> TestResponse {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap_or_default();
    app.send(request).await
}

/// The sign-in form's hidden CSRF value and its cookie, then a form POST to /login.
async fn sign_in_by_form(app: &TestApp, next: &str) -> TestResponse {
    let page = app.get("/login", None).await;
    let cookie = set_cookies(&page)
        .into_iter()
        .find(|c| c.starts_with("openita_login_csrf="))
        .unwrap_or_default();
    let pair = cookie.split(';').next().unwrap_or_default().to_string();
    let token = pair.split_once('=').map(|(_, v)| v).unwrap_or_default();
    let body = serde_urlencoded::to_string([
        ("username", "admin"),
        ("password", PASSWORD),
        ("_csrf", token),
        ("next", next),
    ])
    .unwrap_or_default();
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, pair)
        .body(Body::from(body))
        .unwrap_or_default();
    app.send(request).await
}

fn https() -> WebConfig {
    WebConfig {
        public_base_url: "https://ita.example.go.th".into(),
        ..WebConfig::default()
    }
}

#[tokio::test]
async fn private_answers_are_never_stored_by_caches_and_static_files_still_are() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let year = app.fixture.year;
    // Signed in: pages and the API, by bearer token or by the browser's session cookie.
    for path in [
        "/".to_string(),
        "/agencies".to_string(),
        format!("/cycles/{year}"),
        "/api/v1/agencies".to_string(),
        format!("/api/v1/cycles/{year}/framework"),
        "/api/v1/session".to_string(),
        "/api/v1/nope".to_string(),
    ] {
        let r = app.get(&path, Some(&admin)).await;
        assert_eq!(cache_control(&r), "no-store", "GET {path} as admin");
    }
    let browser = sign_in_by_form(&app, "/").await;
    let session = set_cookies(&browser)
        .into_iter()
        .find(|c| c.starts_with("openita_session="))
        .and_then(|c| c.split(';').next().map(str::to_string))
        .unwrap_or_default();
    assert!(!session.is_empty(), "signed in by the form");
    assert_eq!(cache_control(&browser), "no-store", "the sign-in answer");
    let page = get_with_cookie(&app, "/agencies", &session).await;
    assert_status!(page, 200);
    assert_eq!(cache_control(&page), "no-store", "a page by cookie");

    // Answers that carry a token or a nonce, whoever asks.
    let session_token = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "admin", "password": PASSWORD})),
        )
        .await;
    assert_status!(session_token, 200);
    assert_eq!(cache_control(&session_token), "no-store", "a new API token");
    let login = app.get("/login", None).await;
    assert_eq!(cache_control(&login), "no-store", "the sign-in form");
    let (token, _) = open_link(&app, "iit").await;
    let form = app.get(&format!("/s/{token}"), None).await;
    assert_status!(form, 200);
    assert_eq!(cache_control(&form), "no-store", "the survey form page");
    let api_form = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(api_form, 200);
    assert_eq!(cache_control(&api_form), "no-store", "the survey form JSON");
    let lang = app.get("/lang/en?next=/", None).await;
    assert_eq!(
        cache_control(&lang),
        "no-store",
        "a response setting a cookie"
    );

    // Static files keep their caching, even for a signed-in browser.
    for path in ["/static/style.css", "/static/survey.css", "/static/app.js"] {
        let r = get_with_cookie(&app, path, &session).await;
        assert_status!(r, 200);
        assert!(
            cache_control(&r).starts_with("public, max-age="),
            "{path}: {}",
            cache_control(&r)
        );
    }
    // A public answer to nobody is left to the caches.
    let health = app.get("/healthz", None).await;
    assert_eq!(cache_control(&health), "", "/healthz");
}

#[tokio::test]
async fn behind_https_every_response_has_hsts_and_every_cookie_is_secure() {
    let app = TestApp::with_config(https()).await;
    let admin = app.token("admin").await;
    let mut cookies: Vec<String> = Vec::new();
    let mut checked = 0;
    // Every GET route of the table, by nobody and by a signed-in user.
    let specs = route_specs(&app.state);
    for spec in specs.iter().filter(|s| s.method == Method::GET) {
        let path = spec
            .path
            .replace("{code}", &app.fixture.agency)
            .replace("{year}", &app.fixture.year.to_string())
            .replace("{id}", "1")
            .replace("{token}", "no-such-link");
        let path = if spec.path == "/lang/{code}" {
            "/lang/en?next=/agencies".to_string()
        } else {
            path
        };
        let by_nobody = app.get(&path, None).await;
        let signed_in = app.get(&path, Some(&admin)).await;
        for r in [&by_nobody, &signed_in] {
            assert_eq!(
                r.headers
                    .get(header::STRICT_TRANSPORT_SECURITY)
                    .and_then(|v| v.to_str().ok()),
                Some("max-age=31536000"),
                "HSTS on GET {path} ({})",
                r.status
            );
            cookies.extend(set_cookies(r));
            checked += 1;
        }
    }
    // The routes that set cookies by POST: signing in (the session) and out (clearing it).
    let signed_in = sign_in_by_form(&app, "/").await;
    assert_status!(signed_in, 303);
    let session_pair = set_cookies(&signed_in)
        .into_iter()
        .find(|c| c.starts_with("openita_session="))
        .and_then(|c| c.split(';').next().map(str::to_string))
        .unwrap_or_default();
    cookies.extend(set_cookies(&signed_in));
    let session_csrf = {
        let page = get_with_cookie(&app, "/", &session_pair).await;
        page.text
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        !session_csrf.is_empty(),
        "the page's sign-out form has a CSRF token"
    );
    let logout = Request::post("/logout")
        .header(header::COOKIE, &session_pair)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("_csrf={session_csrf}")))
        .unwrap_or_default();
    let out = app.send(logout).await;
    assert_status!(out, 303);
    cookies.extend(set_cookies(&out));

    assert!(checked > 50, "only {checked} responses checked");
    for name in ["openita_login_csrf=", "openita_session=", "openita_lang="] {
        assert!(
            cookies.iter().any(|c| c.starts_with(name)),
            "no route set {name}: {cookies:?}"
        );
    }
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("openita_session=;") || c.starts_with("openita_session=; ")),
        "signing out clears the session: {cookies:?}"
    );
    for cookie in &cookies {
        assert!(
            cookie
                .split(';')
                .skip(1)
                .any(|a| a.trim().eq_ignore_ascii_case("secure")),
            "a cookie without Secure behind https: {cookie}"
        );
    }
}

#[tokio::test]
async fn over_plain_http_there_is_no_hsts_and_cookies_are_not_forced_secure() {
    let app = TestApp::new().await;
    let login = app.get("/login", None).await;
    assert!(
        login
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    let cookies = set_cookies(&login);
    assert!(!cookies.is_empty());
    assert!(cookies.iter().all(|c| !c.contains("Secure")), "{cookies:?}");
    // The operator can still ask for Secure cookies (TLS in front, http public URL).
    let forced = TestApp::with_config(WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    })
    .await;
    let login = forced.get("/lang/en", None).await;
    assert!(
        login
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    assert!(
        set_cookies(&login).iter().all(|c| c.ends_with("; Secure")),
        "{:?}",
        set_cookies(&login)
    );
}

#[tokio::test]
async fn next_never_leads_off_the_site() {
    let app = TestApp::new().await;
    let r = app.get("/lang/en?next=/%09/evil.example", None).await;
    assert_status!(r, 303);
    assert_eq!(location(&r), "/");
    for evil in [
        "/%0A/evil.example",
        "/%0D%0A/evil.example",
        "/%20/evil.example",
        "/%5Cevil.example",
        "//evil.example",
        "/%2509/evil.example",
        "https://evil.example",
    ] {
        let r = app.get(&format!("/lang/en?next={evil}"), None).await;
        assert_eq!(location(&r), "/", "/lang/en?next={evil}");
    }
    let kept = app.get("/lang/th?next=/agencies%3Fpage%3D2", None).await;
    assert_eq!(location(&kept), "/agencies?page=2");
    // The sign-in form neither keeps nor follows such a target.
    let form = app.get("/login?next=/%09/evil.example", None).await;
    assert!(
        form.text.contains("name=\"next\" value=\"/\""),
        "{}",
        form.text
    );
    let signed_in = sign_in_by_form(&app, "/\t/evil.example").await;
    assert_status!(signed_in, 303);
    assert_eq!(location(&signed_in), "/");
}

#[tokio::test]
async fn the_readiness_probe_follows_the_database_and_the_health_check_does_not() {
    let app = TestApp::new().await;
    let ready = app.get("/readyz", None).await;
    assert_status!(ready, 200);
    assert_eq!(ready.text, "ok");
    app.db().close().await;
    let gone = app.get("/readyz", None).await;
    assert_status!(gone, 503);
    assert!(gone.headers.contains_key(header::RETRY_AFTER));
    assert!(gone.text.contains("database"), "{}", gone.text);
    let health = app.get("/healthz", None).await;
    assert_status!(health, 200);
    assert_eq!(health.text, "ok");
}

#[tokio::test]
async fn a_database_that_does_not_answer_is_a_503_with_retry_after_on_the_api_and_on_pages() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.db().close().await;
    let api = app.get("/api/v1/agencies", Some(&admin)).await;
    assert_status!(api, 503);
    assert_eq!(api.json()["error"]["code"], "busy");
    assert_eq!(
        api.headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
    let page = app.get("/agencies", Some(&admin)).await;
    assert_status!(page, 503);
    assert!(page.text.contains("ฐานข้อมูล"), "{}", page.text);
    assert!(page.headers.contains_key(header::RETRY_AFTER));
    // A public page that reads the database, without any credentials.
    let portal = app
        .get(&format!("/results/{}", app.fixture.year), None)
        .await;
    assert_status!(portal, 503);
    assert!(portal.headers.contains_key(header::RETRY_AFTER));
}
