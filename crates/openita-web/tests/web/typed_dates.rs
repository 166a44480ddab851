//! Dates as Thai readers type and read them: day first in the Buddhist era ("31/03/2568"),
//! Thai digits as digits; no browser date picker (they show the Western calendar, month
//! first, whatever the page's language).

use crate::{assert_status, post_form};
use openita_testing::TestApp;

const PLAN_PAGE: &str = "/cycles/2568/provinces/36/plan";
const PLAN_API: &str = "/api/v1/cycles/2568/provinces/36/plan";

#[tokio::test]
async fn a_plan_activity_takes_buddhist_era_dates_and_shows_them_back_so() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let page = app.get(PLAN_PAGE, Some(&token)).await;
    assert_status!(page, 200);
    assert!(
        !page.text.contains("type=\"date\""),
        "no Western date picker"
    );
    assert!(
        page.text
            .contains("placeholder=\"วว/ดด/ปปปป (พ.ศ.) เช่น 31/03/2568\"")
    );
    let added = post_form(
        &app,
        &token,
        PLAN_PAGE,
        &[
            ("title", "ประชุมชี้แจง"),
            ("start", "๐๑/๐๓/๒๕๖๘"),
            ("end", "31/3/2568"),
            ("responsible", "สนจ."),
            ("status", "planned"),
        ],
    )
    .await;
    assert_status!(added, 303);
    let list = app.get(PLAN_API, Some(&token)).await.json();
    assert_eq!(list[0]["start"], "2025-03-01");
    assert_eq!(list[0]["end"], "2025-03-31");
    let id = list[0]["id"].as_i64().unwrap_or_default();
    let edit = app.get(&format!("{PLAN_PAGE}/{id}"), Some(&token)).await;
    assert!(edit.text.contains("value=\"01/03/2568\""), "{}", edit.text);
    assert!(edit.text.contains("value=\"31/03/2568\""));

    // Month first (as a Western picker writes it) is refused beside the form, text kept.
    let refused = post_form(
        &app,
        &token,
        PLAN_PAGE,
        &[
            ("title", "ก"),
            ("start", "03/31/2025"),
            ("end", "31/03/2568"),
            ("responsible", "x"),
            ("status", "planned"),
        ],
    )
    .await;
    assert_status!(refused, 422);
    assert!(refused.text.contains("ใช้ วัน/เดือน/ปี พ.ศ. เช่น 31/03/2568"));
    assert!(refused.text.contains("value=\"03/31/2025\""));
}

#[tokio::test]
async fn the_audit_filter_takes_a_buddhist_era_day() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let page = app.get("/audit", Some(&admin)).await;
    assert!(!page.text.contains("type=\"date\""));
    // The fixture's entries (its cycle, calendar, assignment) are of 1 March 2025 (2568).
    let same_day = app
        .get(
            "/api/v1/audit?from=01/03/2568&until=01/03/2568",
            Some(&admin),
        )
        .await;
    assert_status!(same_day, 200);
    let iso = app
        .get(
            "/api/v1/audit?from=2025-03-01&until=2025-03-01",
            Some(&admin),
        )
        .await;
    let total = same_day.json()["total"].as_i64().unwrap_or_default();
    assert!(total > 0, "{}", same_day.text);
    assert_eq!(iso.json()["total"], total);
    let next_day = app.get("/api/v1/audit?from=02/03/2568", Some(&admin)).await;
    assert_eq!(next_day.json()["total"], 0);
}
