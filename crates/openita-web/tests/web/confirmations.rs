//! Nothing destructive in one tap: the pages ask before replacing survey links and before
//! changing an approved headcount, saying what will happen; a bare POST (an old form, a
//! double tap) gets the question, not the change.

use crate::{assert_status, headcount::approved_headcount, post_form};
use openita_testing::TestApp;

async fn iit_url(app: &TestApp, token: &str) -> String {
    let links = app
        .get(
            &format!(
                "/api/v1/cycles/2568/agencies/{}/survey-links",
                app.fixture.agency
            ),
            Some(token),
        )
        .await
        .json();
    links["iit"]["url"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn replacing_survey_links_is_asked_first() {
    let app = TestApp::new().await;
    let admin = app.token("agency-admin").await;
    let before = iit_url(&app, &admin).await;
    let page = format!("/cycles/2568/agencies/{}", app.fixture.agency);
    let shown = app.get(&page, Some(&admin)).await;
    assert!(
        !shown
            .text
            .contains("action=\"/cycles/2568/agencies/6360201/survey-links/rotate\"")
    );
    let rotate = format!("{page}/survey-links/rotate");
    let asked = app.get(&rotate, Some(&admin)).await;
    assert_status!(asked, 200);
    assert!(asked.text.contains("data-confirm") && asked.text.contains("โปสเตอร์"));
    // A bare POST asks again and changes nothing.
    let bare = post_form(&app, &admin, &rotate, &[]).await;
    assert_status!(bare, 200);
    assert!(bare.text.contains("data-confirm"));
    assert_eq!(iit_url(&app, &admin).await, before);
    let done = post_form(&app, &admin, &rotate, &[("confirm", "yes")]).await;
    assert_status!(done, 303);
    assert_ne!(
        iit_url(&app, &admin).await,
        before,
        "replaced after the confirmation"
    );
}

#[tokio::test]
async fn changing_an_approved_headcount_is_asked_first() {
    let app = TestApp::new().await;
    approved_headcount(&app, 40).await;
    let admin = app.token("agency-admin").await;
    let path = format!("/cycles/2568/agencies/{}/headcount", app.fixture.agency);
    let asked = post_form(&app, &admin, &path, &[("internal_staff", "45")]).await;
    assert_status!(asked, 200);
    assert!(asked.text.contains("data-confirm") && asked.text.contains("40 → 45"));
    assert!(asked.text.contains("การอนุมัติของผู้บริหารจะถูกยกเลิก"));
    let api = format!(
        "/api/v1/cycles/2568/agencies/{}/headcount",
        app.fixture.agency
    );
    let kept = app.get(&api, Some(&admin)).await.json();
    assert_eq!(
        (kept["internal_staff"].as_i64(), kept["approved"].as_bool()),
        (Some(40), Some(true))
    );
    // The same number again needs no question (nothing is withdrawn).
    let same = post_form(&app, &admin, &path, &[("internal_staff", "40")]).await;
    assert_status!(same, 303);
    let done = post_form(
        &app,
        &admin,
        &path,
        &[("internal_staff", "45"), ("confirm", "yes")],
    )
    .await;
    assert_status!(done, 303);
    let changed = app.get(&api, Some(&admin)).await.json();
    assert_eq!(
        (
            changed["internal_staff"].as_i64(),
            changed["approved"].as_bool()
        ),
        (Some(45), Some(false))
    );
}

async fn submitted(app: &TestApp) {
    crate::oit::with_oit_calendar(app).await;
    let admin = app.token("agency-admin").await;
    crate::oit::answer_all(app, &admin).await;
    let r = app
        .call(
            axum::http::Method::POST,
            &format!("{}/submit", crate::oit::base(app)),
            Some(&admin),
            None,
        )
        .await;
    assert_status!(r, 200);
}

async fn oit_state(app: &TestApp) -> serde_json::Value {
    let admin = app.token("agency-admin").await;
    app.get(&crate::oit::base(app), Some(&admin)).await.json()
}

#[tokio::test]
async fn sending_oit_back_takes_a_reason_the_agency_reads() {
    let app = TestApp::new().await;
    submitted(&app).await;
    let exec = app.token("agency-executive").await;
    let path = format!("/cycles/2568/agencies/{}/oit/return", app.fixture.agency);
    let asked = app.get(&path, Some(&exec)).await;
    assert_status!(asked, 200);
    assert!(asked.text.contains("name=\"reason\""));
    let bare = post_form(&app, &exec, &path, &[]).await;
    assert_status!(bare, 200);
    let empty = post_form(&app, &exec, &path, &[("confirm", "yes"), ("reason", " ")]).await;
    assert_status!(empty, 422);
    assert_eq!(
        oit_state(&app).await["state"],
        "submitted",
        "nothing changed yet"
    );
    let reason = "ข้อ O5 แผนพัฒนายังเป็นฉบับปี 2561 โปรดแนบฉบับปัจจุบัน";
    let done = post_form(
        &app,
        &exec,
        &path,
        &[("confirm", "yes"), ("reason", reason)],
    )
    .await;
    assert_status!(done, 303);
    let oit = oit_state(&app).await;
    assert_eq!(oit["state"], "draft");
    assert_eq!(oit["returned"]["text"], reason);
    let admin = app.token("agency-admin").await;
    let page = app
        .get(
            &format!("/cycles/2568/agencies/{}/oit", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert!(page.text.contains(reason), "the agency's admin reads why");
    // Submitted again, the old reason is no longer shown.
    let r = app
        .call(
            axum::http::Method::POST,
            &format!("{}/submit", crate::oit::base(&app)),
            Some(&admin),
            None,
        )
        .await;
    assert_status!(r, 200);
    assert!(oit_state(&app).await["returned"].is_null());
}

#[tokio::test]
async fn approving_with_failing_links_is_asked_first() {
    let app = TestApp::new().await;
    submitted(&app).await;
    let mut conn = app.conn().await;
    sqlx::query(
        "INSERT INTO oit_link_checks (cycle_id, agency_id, item_code, url, checked_at, outcome, \
         http_status, redirects, login_wall, year_found) \
         SELECT c.id, a.id, 'O1', 'https://6360201.example.go.th/O1', '2025-03-01T03:00:00.000000Z', 'dead', 404, '[]', 0, 0 \
         FROM cycles c, agencies a WHERE c.year = 2568 AND a.code = '6360201'",
    )
    .execute(&mut *conn)
    .await
    .unwrap_or_else(|e| panic!("check: {e}"));
    drop(conn);
    let exec = app.token("agency-executive").await;
    let path = format!("/cycles/2568/agencies/{}/oit/approve", app.fixture.agency);
    let asked = post_form(&app, &exec, &path, &[]).await;
    assert_status!(asked, 200);
    assert!(
        asked.text.contains("data-confirm")
            && asked.text.contains("https://6360201.example.go.th/O1")
    );
    assert_eq!(oit_state(&app).await["state"], "submitted");
    let done = post_form(&app, &exec, &path, &[("confirm", "yes")]).await;
    assert_status!(done, 303);
    assert_eq!(oit_state(&app).await["state"], "approved");
}

#[tokio::test]
async fn the_home_page_lists_what_waits_for_the_agencys_people() {
    let app = TestApp::new().await;
    let admin = app.token("agency-admin").await;
    let home = app.get("/", Some(&admin)).await;
    assert!(home.text.contains("data-waiting"), "{}", home.text);
    assert!(home.text.contains("ยังไม่ได้กรอกจำนวนบุคลากร"));
    assert!(home.text.contains("OIT ตอบแล้ว 0 จาก 28 ข้อ"));
    // Entered: the executive sees it waiting, and after approving it no longer.
    app.set_calendar(
        serde_json::json!({"headcount": {"start": "2025-01-06", "end": "2025-03-31"}}),
    )
    .await;
    let api = format!(
        "/api/v1/cycles/2568/agencies/{}/headcount",
        app.fixture.agency
    );
    let r = app
        .call(
            axum::http::Method::PUT,
            &api,
            Some(&admin),
            Some(serde_json::json!({"internal_staff": 40})),
        )
        .await;
    assert_status!(r, 200);
    let exec = app.token("agency-executive").await;
    let waiting = app.get("/", Some(&exec)).await;
    assert!(
        waiting.text.contains("จำนวนบุคลากร 40 คน รอท่านอนุมัติ"),
        "{}",
        waiting.text
    );
    let r = app
        .call(
            axum::http::Method::POST,
            &format!("{api}/approve"),
            Some(&exec),
            None,
        )
        .await;
    assert_status!(r, 200);
    let done = app.get("/", Some(&exec)).await;
    assert!(done.text.contains("ไม่มีงานค้าง"), "{}", done.text);
}

#[tokio::test]
async fn a_refused_return_reason_stands_beside_its_box_and_keeps_the_text() {
    let app = TestApp::new().await;
    submitted(&app).await;
    let exec = app.token("agency-executive").await;
    let path = format!("/cycles/2568/agencies/{}/oit/return", app.fixture.agency);
    let short = post_form(&app, &exec, &path, &[("confirm", "yes"), ("reason", "แก้")]).await;
    assert_status!(short, 422);
    assert!(short.text.contains("id=\"reason-error\""), "{}", short.text);
    assert!(
        short.text.contains(">แก้</textarea>"),
        "the typed text is kept"
    );
    assert!(short.text.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn another_agencys_executive_learns_nothing_from_a_return() {
    let app = TestApp::new().await;
    submitted(&app).await;
    let admin = app.token("admin").await;
    let body = serde_json::json!({"username": "far.exec", "password": "a long enough secret",
        "role": "agency-executive", "agency": app.fixture.far_agency});
    let made = app
        .call(
            axum::http::Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(body),
        )
        .await;
    assert_status!(made, 201);
    let far = openita_core::accounts::sign_in(
        app.core(),
        "far.exec",
        "a long enough secret",
        openita_core::accounts::SessionKind::Api,
        std::net::Ipv4Addr::LOCALHOST.into(),
    )
    .await
    .map(|s| s.token)
    .unwrap_or_else(|e| panic!("sign-in: {e}"));
    // A reason too long would be refused (422) to the agency's own executive; an outsider
    // is told the agency is not there before anything about the reason.
    let api = format!("{}/return", crate::oit::base(&app));
    let long = "ก".repeat(1500);
    let r = app
        .call(
            axum::http::Method::POST,
            &api,
            Some(&far),
            Some(serde_json::json!({"reason": long})),
        )
        .await;
    assert_status!(r, 404);
    let page = format!("/cycles/2568/agencies/{}/oit/return", app.fixture.agency);
    let r = post_form(&app, &far, &page, &[("confirm", "yes"), ("reason", &long)]).await;
    assert_status!(r, 404);
    assert_eq!(oit_state(&app).await["state"], "submitted");
}

#[tokio::test]
async fn the_placeholder_minimum_notice_is_for_the_nacc_admin_only() {
    let app = TestApp::new().await;
    let page = format!("/cycles/2568/agencies/{}", app.fixture.agency);
    let admin = app.token("admin").await;
    let theirs = app.get(&page, Some(&admin)).await;
    assert_status!(theirs, 200);
    assert!(
        theirs.text.contains("data-placeholder-notice") && theirs.text.contains("ท่านแก้ไขได้"),
        "{}",
        theirs.text
    );
    for user in ["agency-admin", "agency-executive", "coordinator"] {
        let token = app.token(user).await;
        let r = app.get(&page, Some(&token)).await;
        assert_status!(r, 200);
        assert!(!r.text.contains("data-placeholder-notice"), "{user}");
        assert!(!r.text.contains("ค่าตัวอย่าง"), "{user}");
    }
}
