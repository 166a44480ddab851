//! Publication rules: no results go out on unfinished OIT scores until the confirmation window
//! has closed, and no final score is given to answers the executive has not approved.

use crate::{
    assert_status,
    oit::{at, base, with_oit_calendar},
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
