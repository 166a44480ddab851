//! The reminders page: sends now, sets the weekly schedule, lists what was sent; the account
//! page opts out.

use crate::assert_status;
use crate::reminders::*;
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_testing::TestApp;

fn form_post(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

#[tokio::test]
async fn the_reminders_page_sends_sets_the_schedule_and_lists_and_the_account_opts_out() {
    let app = TestApp::new().await;
    with_windows(&app).await;
    let token = app.token("coordinator").await;
    let board = app.get("/cycles/2568/provinces/36", Some(&token)).await;
    assert_status!(board, 200);
    assert!(
        board
            .text
            .contains("href=\"/cycles/2568/provinces/36/reminders\"")
    );

    let page = app
        .get("/cycles/2568/provinces/36/reminders", Some(&token))
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("ส่งการแจ้งเตือนตอนนี้"));
    assert!(page.text.contains("name=\"_csrf\""));
    assert!(page.text.contains("ยังไม่มีการแจ้งเตือน"));

    let sent = app
        .send(form_post("/cycles/2568/provinces/36/reminders", &token, ""))
        .await;
    assert_status!(sent, 303);
    let location = sent
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        location,
        "/cycles/2568/provinces/36/reminders?queued=2&agencies=1"
    );
    let after = app.get(&location, Some(&token)).await;
    assert!(
        after.text.contains("ส่งเข้าคิวแล้ว 2 ฉบับ ถึง 1 หน่วยงาน"),
        "{}",
        after.text
    );
    assert!(after.text.contains("agency-admin@example.go.th"));
    let twice = app
        .send(form_post("/cycles/2568/provinces/36/reminders", &token, ""))
        .await;
    assert_status!(twice, 409);
    assert!(twice.text.contains("ส่งได้อีกครั้งหลัง"));

    let saved = app
        .send(form_post(
            "/cycles/2568/provinces/36/reminders/schedule",
            &token,
            "weekday=5&hour=14",
        ))
        .await;
    assert_status!(saved, 303);
    let page = app
        .get("/cycles/2568/provinces/36/reminders", Some(&token))
        .await;
    assert!(page.text.contains("ทุกวันศุกร์ เวลา 14:00 น."), "{}", page.text);

    // The account page: the checkbox, unticked and saved, opts out.
    let executive = app.token("agency-executive").await;
    let account = app.get("/account", Some(&executive)).await;
    assert!(
        account
            .text
            .contains("name=\"reminders\" value=\"on\" checked")
    );
    let saved = app
        .send(form_post("/account/notifications", &executive, ""))
        .await;
    assert_status!(saved, 303);
    let account = app.get("/account", Some(&executive)).await;
    assert!(!account.text.contains("value=\"on\" checked"));
    assert_eq!(
        app.get("/api/v1/users/me/notifications", Some(&executive))
            .await
            .json()["reminders"],
        false
    );
}
