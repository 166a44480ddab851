//! Every state change leaves an audit entry with who, when, what and before/after; the log
//! cannot be changed, not even with SQL.

use crate::assert_status;
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::json;

#[tokio::test]
async fn changes_are_logged_with_before_and_after() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let code = app.fixture.agency.clone();
    let body = json!({"code": code, "name_th": "อบต.ชื่อใหม่", "type": "sao", "province": "ชัยภูมิ"});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("/api/v1/agencies/{code}"),
            Some(&admin),
            Some(body)
        )
        .await,
        200
    );
    let r = app
        .get(
            &format!("/api/v1/audit?action=agency.update&object_id={code}"),
            Some(&admin),
        )
        .await;
    assert_status!(r, 200);
    let page = r.json();
    assert_eq!(page["total"], 1, "{page}");
    let entry = &page["entries"][0];
    assert_eq!(entry["actor"], "admin");
    assert_eq!(entry["before"]["name_th"], "องค์การบริหารส่วนตำบลบ้านเขว้า");
    assert_eq!(entry["after"]["name_th"], "อบต.ชื่อใหม่");
    assert!(
        entry["at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2025-03-01")),
        "{entry}"
    );
}

#[tokio::test]
async fn user_creation_is_logged_without_the_password() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let body = json!({"username": "new.exec", "password": "a long enough secret", "role": "agency-executive", "agency": app.fixture.agency});
    assert_status!(
        app.call(Method::POST, "/api/v1/users", Some(&admin), Some(body))
            .await,
        201
    );
    let r = app
        .get("/api/v1/audit?action=user.create", Some(&admin))
        .await;
    assert!(r.text.contains("new.exec"));
    assert!(
        !r.text.contains("a long enough secret") && !r.text.contains("argon2"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_audit_entries() {
    let app = TestApp::new().await;
    let pool = app.db().pool();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap_or(0);
    assert!(before > 0);
    let update = sqlx::query("UPDATE audit_log SET actor_name = 'someone else'")
        .execute(pool)
        .await;
    assert!(update.is_err(), "an UPDATE of the audit log went through");
    let delete = sqlx::query("DELETE FROM audit_log").execute(pool).await;
    assert!(delete.is_err(), "a DELETE of the audit log went through");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap_or(0);
    assert_eq!(before, after);
}

#[tokio::test]
async fn the_log_filters_by_actor_and_day() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let all = app.get("/api/v1/audit", Some(&admin)).await.json();
    let by_system = app
        .get("/api/v1/audit?actor=system:test", Some(&admin))
        .await
        .json();
    assert_eq!(
        all["total"], by_system["total"],
        "the fixture was built by system:test"
    );
    let that_day = app
        .get(
            "/api/v1/audit?from=2025-03-01&until=2025-03-01",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(that_day["total"], all["total"]);
    let next_day = app
        .get("/api/v1/audit?from=2568-03-02", Some(&admin))
        .await
        .json();
    assert_eq!(next_day["total"], 0);
}
