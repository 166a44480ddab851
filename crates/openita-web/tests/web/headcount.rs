//! Headcount: entered by the agency admin, approved by the executive only, inside its window.

use crate::assert_status;
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::{Value, json};

/// The fixture agency's headcount, entered and approved inside a headcount window.
pub(crate) async fn approved_headcount(app: &TestApp, staff: i64) {
    app.set_calendar(json!({"headcount": {"start": "2025-01-06", "end": "2025-03-31"}}))
        .await;
    let path = format!(
        "/api/v1/cycles/2568/agencies/{}/headcount",
        app.fixture.agency
    );
    let admin = app.token("agency-admin").await;
    let body = json!({ "internal_staff": staff });
    assert_status!(
        app.call(Method::PUT, &path, Some(&admin), Some(body)).await,
        200
    );
    let exec = app.token("agency-executive").await;
    let approve = format!("{path}/approve");
    assert_status!(
        app.call(Method::POST, &approve, Some(&exec), None).await,
        200
    );
}

#[tokio::test]
async fn headcount_is_entered_by_the_admin_and_approved_by_the_executive_only() {
    let app = TestApp::new().await;
    // The fixture's headcount window is not open: give it one.
    let cal = json!({"headcount": {"start": "2025-01-06", "end": "2025-03-31"}});
    app.set_calendar(cal).await;
    let path = format!(
        "/api/v1/cycles/2568/agencies/{}/headcount",
        app.fixture.agency
    );
    let agency_admin = app.token("agency-admin").await;
    let exec = app.token("agency-executive").await;
    let far = app.token("far-agency-admin").await;
    assert_status!(
        app.call(
            Method::PUT,
            &path,
            Some(&far),
            Some(json!({"internal_staff": 40}))
        )
        .await,
        404
    );
    assert_status!(
        app.call(
            Method::PUT,
            &path,
            Some(&agency_admin),
            Some(json!({"internal_staff": -1}))
        )
        .await,
        422
    );
    assert_status!(
        app.call(Method::POST, &format!("{path}/approve"), Some(&exec), None)
            .await,
        409
    );
    assert_status!(
        app.call(
            Method::PUT,
            &path,
            Some(&agency_admin),
            Some(json!({"internal_staff": 40}))
        )
        .await,
        200
    );
    let status_path = format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency);
    assert_eq!(
        app.get(&status_path, Some(&agency_admin)).await.json()["iit"]["minimum"],
        Value::Null,
        "no minimum before approval"
    );
    assert_status!(
        app.call(
            Method::POST,
            &format!("{path}/approve"),
            Some(&agency_admin),
            None
        )
        .await,
        403
    );
    assert_status!(
        app.call(Method::POST, &format!("{path}/approve"), Some(&exec), None)
            .await,
        200
    );
    let status = app.get(&status_path, Some(&agency_admin)).await.json();
    assert_eq!(status["headcount"], 40);
    assert_eq!(status["headcount_approved"], true);
    assert!(
        status["iit"]["minimum"]
            .as_i64()
            .is_some_and(|m| m > 0 && m <= 40),
        "{status}"
    );
    // A change after approval needs a new approval.
    assert_status!(
        app.call(
            Method::PUT,
            &path,
            Some(&agency_admin),
            Some(json!({"internal_staff": 45}))
        )
        .await,
        200
    );
    assert_eq!(
        app.get(&status_path, Some(&agency_admin)).await.json()["headcount_approved"],
        false
    );
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2025-04-02T00:00:00+07:00")
            .map(|t| t.to_utc())
            .unwrap_or_default(),
    );
    let agency_admin = app.token("agency-admin").await;
    let late = app
        .call(
            Method::PUT,
            &path,
            Some(&agency_admin),
            Some(json!({"internal_staff": 46})),
        )
        .await;
    assert_status!(late, 409);
    assert_eq!(late.json()["error"]["code"], "outside_window");
}

#[tokio::test]
async fn the_headcount_form_reads_thai_digits_refuses_zero_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    app.set_calendar(json!({"headcount": {"start": "2025-01-06", "end": "2025-03-31"}}))
        .await;
    let admin = app.token("agency-admin").await;
    let form = format!("/cycles/2568/agencies/{}/headcount", app.fixture.agency);
    let api = format!("/api/v1{form}");
    for (typed, refused_with) in [
        ("0", "ตั้งแต่ 1 ถึง"),
        ("๐", "ตั้งแต่ 1 ถึง"),
        ("หกสิบเอ็ด", "เป็นตัวเลข"),
        ("-5", "เป็นตัวเลข"),
    ] {
        let r = crate::post_form(&app, &admin, &form, &[("internal_staff", typed)]).await;
        assert_status!(r, 422);
        let field = r
            .text
            .split("id=\"internal_staff-error\"")
            .nth(1)
            .unwrap_or_default();
        assert!(
            field.contains(refused_with),
            "{typed}: the message stands beside the field: {}",
            r.text
        );
        assert!(
            field.contains(&format!("value=\"{typed}\"")),
            "{typed}: kept in the field"
        );
    }
    assert!(app.get(&api, Some(&admin)).await.json()["internal_staff"].is_null());
    // Thai digits are digits; a thousands comma is no mistake.
    let r = crate::post_form(&app, &admin, &form, &[("internal_staff", "๖๑")]).await;
    assert_status!(r, 303);
    assert_eq!(
        app.get(&api, Some(&admin)).await.json()["internal_staff"],
        61
    );
    let r = crate::post_form(&app, &admin, &form, &[("internal_staff", "1,250")]).await;
    assert_status!(r, 303);
    assert_eq!(
        app.get(&api, Some(&admin)).await.json()["internal_staff"],
        1250
    );
    // The API refuses 0 as well.
    let zero = app
        .call(
            Method::PUT,
            &api,
            Some(&admin),
            Some(json!({"internal_staff": 0})),
        )
        .await;
    assert_status!(zero, 422);
}
