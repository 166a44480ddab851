//! Signing in and out through the API, password changes, new users. Throttling:
//! `sign_in_throttle.rs`.

use crate::assert_status;
use axum::http::Method;
use openita_testing::{PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn sign_in_returns_a_token_and_the_user() {
    let app = TestApp::new().await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "agency-admin", "password": PASSWORD})),
        )
        .await;
    assert_status!(r, 200);
    let body = r.json();
    assert_eq!(
        body["user"],
        json!({"username": "agency-admin", "role": "agency-admin", "agency": app.fixture.agency})
    );
    let token = body["token"].as_str().unwrap_or_default().to_string();
    assert!(token.len() >= 40);
    let me = app.get("/api/v1/session", Some(&token)).await;
    assert_eq!(me.json()["username"], "agency-admin");
    let coord = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "coordinator", "password": PASSWORD})),
        )
        .await;
    assert_eq!(coord.json()["user"]["province"], "ชัยภูมิ");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_401() {
    let app = TestApp::new().await;
    let wrong = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "admin", "password": "nope"})),
        )
        .await;
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "ghost", "password": "nope"})),
        )
        .await;
    assert_status!(wrong, 401);
    assert_status!(unknown, 401);
    assert_eq!(wrong.json(), unknown.json());
}

#[tokio::test]
async fn signing_out_ends_the_token() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    assert_status!(
        app.call(Method::DELETE, "/api/v1/session", Some(&token), None)
            .await,
        204
    );
    assert_status!(app.get("/api/v1/session", Some(&token)).await, 401);
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::new().await;
    let phone = app.token("agency-admin").await;
    let laptop = app.token("agency-admin").await;
    let wrong = json!({"current_password": "not it", "new_password": "a brand new passphrase"});
    assert_status!(
        app.call(
            Method::PUT,
            "/api/v1/users/me/password",
            Some(&laptop),
            Some(wrong)
        )
        .await,
        422
    );
    let short = json!({"current_password": PASSWORD, "new_password": "short"});
    assert_status!(
        app.call(
            Method::PUT,
            "/api/v1/users/me/password",
            Some(&laptop),
            Some(short)
        )
        .await,
        422
    );
    let good = json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"});
    assert_status!(
        app.call(
            Method::PUT,
            "/api/v1/users/me/password",
            Some(&laptop),
            Some(good)
        )
        .await,
        204
    );
    assert_status!(app.get("/api/v1/session", Some(&laptop)).await, 200);
    assert_status!(app.get("/api/v1/session", Some(&phone)).await, 401);
    let old = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "agency-admin", "password": PASSWORD})),
        )
        .await;
    assert_status!(old, 401);
    let new = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "agency-admin", "password": "a brand new passphrase"})),
        )
        .await;
    assert_status!(new, 200);
}

#[tokio::test]
async fn users_are_created_with_valid_roles_and_scopes_only() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let cases = [
        (
            json!({"username": "x1", "password": "long enough pw", "role": "agency-admin"}),
            "agency",
        ),
        (
            json!({"username": "x2", "password": "long enough pw", "role": "province-coordinator"}),
            "province",
        ),
        (
            json!({"username": "x3", "password": "long enough pw", "role": "king"}),
            "role",
        ),
        (
            json!({"username": "admin", "password": "long enough pw", "role": "assessor"}),
            "username",
        ),
        (
            json!({"username": "x4", "password": "short", "role": "assessor"}),
            "password",
        ),
        (
            json!({"username": "x5", "password": "long enough pw", "role": "assessor", "agency": "6360201"}),
            "agency",
        ),
    ];
    for (body, field) in cases {
        let r = app
            .call(
                Method::POST,
                "/api/v1/users",
                Some(&admin),
                Some(body.clone()),
            )
            .await;
        assert_status!(r, 422);
        let json = r.json();
        let fields: Vec<&str> = json["error"]["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{body}: {fields:?}");
    }
    let ok = json!({"username": "coord.krabi", "password": "long enough pw", "role": "province-coordinator", "province": "Krabi"});
    let r = app
        .call(Method::POST, "/api/v1/users", Some(&admin), Some(ok))
        .await;
    assert_status!(r, 201);
    assert_eq!(r.json()["province"], "กระบี่");
}
