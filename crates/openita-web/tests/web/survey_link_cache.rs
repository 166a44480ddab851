//! What a survey token leads to is kept in memory for a few seconds (the hot path of deadline
//! weeks): every change to it is seen at once by the next form fetch or answer.

use crate::{
    assert_status,
    surveys::{answers, open_link, submit},
};
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::json;

#[tokio::test]
async fn a_calendar_change_closes_a_followed_link_at_once() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    assert_eq!(form["questions"].as_array().map(Vec::len), Some(25));
    let admin = app.token("admin").await;
    let closed = json!({"iit": {"start": "2025-01-01", "end": "2025-02-28"}});
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2568/calendar",
            Some(&admin),
            Some(closed),
        )
        .await;
    assert_status!(r, 200);
    let again = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(again, 409);
    let sent = submit(&app, &token, &form["form_nonce"], answers(&form)).await;
    assert_status!(sent, 409);
}

#[tokio::test]
async fn a_renamed_agency_shows_its_new_name_on_a_followed_link_at_once() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    assert_eq!(form["agency"]["code"], app.fixture.agency.as_str());
    let admin = app.token("admin").await;
    let path = format!("/api/v1/agencies/{}", app.fixture.agency);
    let current = app.get(&path, Some(&admin)).await.json();
    let mut renamed = current.clone();
    renamed["name_th"] = json!("องค์การบริหารส่วนตำบลบ้านเขว้าใหม่");
    let r = app
        .call(Method::PUT, &path, Some(&admin), Some(renamed))
        .await;
    assert_status!(r, 200);
    let again = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(again, 200);
    assert_eq!(
        again.json()["agency"]["name_th"],
        "องค์การบริหารส่วนตำบลบ้านเขว้าใหม่"
    );
}

#[tokio::test]
async fn the_form_document_keeps_its_shape_and_a_fresh_nonce_each_time() {
    let app = TestApp::new().await;
    let (token, first) = open_link(&app, "iit").await;
    let second = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(second, 200);
    assert_eq!(
        second.headers["content-type"].to_str().unwrap_or_default(),
        "application/json"
    );
    let second = second.json();
    let keys = |v: &serde_json::Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let mut fields = keys(&second);
    fields.sort();
    assert_eq!(fields, ["agency", "form_nonce", "instrument", "questions"]);
    assert_eq!(first["questions"], second["questions"]);
    assert_ne!(first["form_nonce"], second["form_nonce"]);
    assert_eq!(second["instrument"], "IIT");
}
