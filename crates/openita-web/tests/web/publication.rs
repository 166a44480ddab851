//! Publication rules: no results go out on unfinished OIT scores until the confirmation window
//! has closed, and no final score is given to answers the executive has not approved.

use crate::{
    assert_status,
    oit::{at, base, with_oit_calendar},
    post_form,
    results::compute,
};
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::json;

async fn publish(app: &TestApp, token: &str) -> openita_testing::TestResponse {
    app.call(
        Method::POST,
        "/api/v1/cycles/2568/results/publish",
        Some(token),
        None,
    )
    .await
}

#[tokio::test]
async fn publishing_waits_for_final_oit_scores_until_the_confirmation_window_has_closed() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    app.set_calendar(json!({"announcement": {"start": "2025-02-01", "end": "2025-12-31"}}))
        .await;
    // No item of the three agencies is final (28 each), and no confirmation window is set.
    let refused = publish(&app, &admin).await;
    assert_status!(refused, 409);
    assert_eq!(refused.json()["error"]["code"], "oit_not_final");
    let message = refused.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("3 หน่วยงาน") && message.contains("84 ข้อ"),
        "{message}"
    );
    // The confirmation window is open: still not.
    app.set_calendar(
        json!({"confirmation": {"start": "2025-02-01", "end": "2025-06-30T17:00:00+07:00"}}),
    )
    .await;
    assert_status!(publish(&app, &admin).await, 409);
    // A minute after it closes, silence accepts: provisional scores stand, missing ones are 0.
    at(&app, "2025-06-30T17:01:00+07:00");
    let admin = app.token("admin").await;
    assert_status!(publish(&app, &admin).await, 204);
    let rows = app.get("/api/v1/cycles/2568/results", None).await.json();
    assert!(
        rows.as_array().into_iter().flatten().all(|r| r["flags"]
            .as_array()
            .is_some_and(|f| f.contains(&json!("oit_not_final")))),
        "{rows}"
    );
}

#[tokio::test]
async fn an_assessor_cannot_give_a_final_score_to_answers_not_approved() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    // The agency's answers are in draft; the confirmation window is open.
    at(&app, "2025-06-20T09:00:00+07:00");
    let assessor = app.token("assessor").await;
    let r = app
        .call(
            Method::PUT,
            &format!("{}/O1/final", base(&app)),
            Some(&assessor),
            Some(json!({"score": 100, "reason": "ครบถ้วน"})),
        )
        .await;
    assert_status!(r, 409);
    assert_eq!(r.json()["error"]["code"], "not_approved");
    let confirm = app
        .call(
            Method::POST,
            &format!("{}/confirm", base(&app)),
            Some(&assessor),
            None,
        )
        .await;
    assert!(
        confirm.status.as_u16() == 409,
        "confirming unapproved answers: {}",
        confirm.text
    );
}

#[tokio::test]
async fn results_go_public_only_from_the_announcement_window() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    // Every OIT item may stand as it is: the confirmation window has closed.
    app.set_calendar(json!({"confirmation": {"start": "2025-01-01", "end": "2025-01-31"}}))
        .await;
    let none = publish(&app, &admin).await;
    assert_status!(none, 409);
    assert_eq!(none.json()["error"]["code"], "no_announcement_window");
    app.set_calendar(json!({"announcement": {"start": "2025-08-01", "end": "2025-08-31"}}))
        .await;
    let early = publish(&app, &admin).await;
    assert_status!(early, 409);
    assert_eq!(early.json()["error"]["code"], "before_announcement");
    assert!(early.text.contains("1 สิงหาคม 2568"), "{}", early.text);
    // Nothing went public.
    let listed = app.get("/api/v1/cycles/2568/results", None).await;
    assert_status!(listed, 404);
    at(&app, "2025-08-01T08:00:00+07:00");
    let admin = app.token("admin").await;
    assert_status!(publish(&app, &admin).await, 204);
}

#[tokio::test]
async fn the_pages_ask_before_publishing_and_reopen_with_a_reason() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    app.set_calendar(json!({
        "confirmation": {"start": "2025-01-01", "end": "2025-01-31"},
        "announcement": {"start": "2025-08-01", "end": "2025-08-31"}
    }))
    .await;
    // The cycle page links to a confirmation page, not a one-tap button.
    let cycle = app.get("/cycles/2568", Some(&admin)).await;
    assert!(cycle.text.contains("href=\"/cycles/2568/results/publish\""));
    assert!(
        !cycle
            .text
            .contains("action=\"/cycles/2568/results/publish\"")
    );
    // Before the announcement window: the page says why and offers no button.
    let early = app.get("/cycles/2568/results/publish", Some(&admin)).await;
    assert_status!(early, 200);
    assert!(early.text.contains("data-refusal") && early.text.contains("1 สิงหาคม 2568"));
    assert!(!early.text.contains("ยืนยันประกาศผล"));
    let forced = post_form(&app, &admin, "/cycles/2568/results/publish", &[]).await;
    assert_status!(forced, 409);
    // In the window: what becomes public, then the button.
    at(&app, "2025-08-02T09:00:00+07:00");
    let admin = app.token("admin").await;
    let ready = app.get("/cycles/2568/results/publish", Some(&admin)).await;
    assert!(ready.text.contains("เปิดเผยต่อสาธารณะ") && ready.text.contains("ยืนยันประกาศผล"));
    let done = post_form(&app, &admin, "/cycles/2568/results/publish", &[]).await;
    assert_status!(done, 303);
    assert_status!(app.get("/api/v1/cycles/2568/results", None).await, 200);
    // Reopening from the page needs a reason, and is audited with it.
    let cycle = app.get("/cycles/2568", Some(&admin)).await;
    assert!(
        cycle
            .text
            .contains("action=\"/cycles/2568/results/reopen\"")
    );
    let no_reason = post_form(
        &app,
        &admin,
        "/cycles/2568/results/reopen",
        &[("reason", "")],
    )
    .await;
    assert_status!(no_reason, 422);
    // Three Thai letters are nine bytes: still too short, said beside the box, text kept.
    let short = post_form(
        &app,
        &admin,
        "/cycles/2568/results/reopen",
        &[("reason", "แก้")],
    )
    .await;
    assert_status!(short, 422);
    assert!(
        short.text.contains("id=\"reopen-reason-error\""),
        "{}",
        short.text
    );
    assert!(short.text.contains(">แก้</textarea>"));
    assert_status!(app.get("/api/v1/cycles/2568/results", None).await, 200);
    let reason = "แก้คะแนน OIT ข้อ O5 ของ อบต.บ้านเขว้า ตามคำชี้แจง";
    let reopened = post_form(
        &app,
        &admin,
        "/cycles/2568/results/reopen",
        &[("reason", reason)],
    )
    .await;
    assert_status!(reopened, 303);
    assert_status!(app.get("/api/v1/cycles/2568/results", None).await, 404);
    let audit = app
        .get("/api/v1/audit?action=results.reopen", Some(&admin))
        .await;
    assert!(audit.text.contains(reason), "{}", audit.text);
}
