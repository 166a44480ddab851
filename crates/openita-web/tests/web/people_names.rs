//! Pages name people by their names, not their user names: the header, the users' list, who
//! approved a headcount or sent OIT answers back. The records (and the audit log) keep the
//! user name; the API gives both.

use crate::{assert_status, post_form};
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::json;

const EXEC_NAME: &str = "นายก อบต. วีระ ศรีสุข";

/// A second executive of the fixture agency, with a name, signed in.
async fn named_executive(app: &TestApp) -> String {
    let admin = app.token("admin").await;
    let body = json!({"username": "weera.exec", "password": "a long enough secret",
        "role": "agency-executive", "agency": app.fixture.agency,
        "name": format!("  {EXEC_NAME} ")});
    let made = app
        .call(Method::POST, "/api/v1/users", Some(&admin), Some(body))
        .await;
    assert_status!(made, 201);
    assert_eq!(made.json()["name"], EXEC_NAME, "trimmed");
    let session = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "weera.exec", "password": "a long enough secret"})),
        )
        .await;
    // The session's user stays as API.md fixes it: {username, role, agency?, province?}.
    assert!(session.json()["user"]["name"].is_null());
    session.json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_pages_show_who_acted_by_name() {
    let app = TestApp::new().await;
    let exec = named_executive(&app).await;
    let home = app.get("/", Some(&exec)).await;
    assert!(
        home.text
            .contains(&format!("<span data-signed-in>{EXEC_NAME} ·")),
        "{}",
        home.text
    );
    assert!(
        !home.text.contains("weera.exec"),
        "no user name in the header"
    );

    // The headcount approved by this executive: the agency's page names them.
    app.set_calendar(json!({"headcount": {"start": "2025-01-06", "end": "2025-03-31"}}))
        .await;
    let admin = app.token("agency-admin").await;
    let api = format!(
        "/api/v1/cycles/2568/agencies/{}/headcount",
        app.fixture.agency
    );
    let put = app
        .call(
            Method::PUT,
            &api,
            Some(&admin),
            Some(json!({"internal_staff": 40})),
        )
        .await;
    assert_status!(put, 200);
    let approved = app
        .call(Method::POST, &format!("{api}/approve"), Some(&exec), None)
        .await;
    assert_status!(approved, 200);
    assert_eq!(approved.json()["approved_by"], "weera.exec");
    assert_eq!(approved.json()["approved_by_name"], EXEC_NAME);
    let page = app
        .get(
            &format!("/cycles/2568/agencies/{}", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert!(page.text.contains(EXEC_NAME), "{}", page.text);

    // OIT answers sent back: the agency's admin reads who sent them back, by name.
    crate::oit::with_oit_calendar(&app).await;
    crate::oit::answer_all(&app, &admin).await;
    let base = crate::oit::base(&app);
    assert_status!(
        app.call(Method::POST, &format!("{base}/submit"), Some(&admin), None)
            .await,
        200
    );
    let path = format!("/cycles/2568/agencies/{}/oit/return", app.fixture.agency);
    let back = post_form(
        &app,
        &exec,
        &path,
        &[("confirm", "yes"), ("reason", "โปรดแนบแผนฉบับปัจจุบัน")],
    )
    .await;
    assert_status!(back, 303);
    let oit = app
        .get(
            &format!("/cycles/2568/agencies/{}/oit", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert!(oit.text.contains(&format!("({EXEC_NAME})")), "{}", oit.text);

    // The users' list shows names, with the user name beside for the administrator.
    let nacc = app.token("admin").await;
    let users = app.get("/users", Some(&nacc)).await;
    assert!(users.text.contains(&format!(
        "{EXEC_NAME} <span class=\"muted\">(weera.exec)</span>"
    )));
}

#[tokio::test]
async fn a_name_too_long_or_with_control_characters_is_refused() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    for name in ["ก".repeat(121), "สมใจ\u{0007}".to_string()] {
        let body = json!({"username": "x.exec", "password": "a long enough secret",
            "role": "agency-executive", "agency": app.fixture.agency, "name": name});
        let r = app
            .call(Method::POST, "/api/v1/users", Some(&admin), Some(body))
            .await;
        assert_status!(r, 422);
        assert!(r.text.contains("ชื่อ-นามสกุล"), "{}", r.text);
    }
}
