//! The coordinators' drive: the province dashboard (what each agency is missing, its predicted
//! score), targets, contacts and the national view, through the API and the pages.

use crate::{assert_status, headcount::approved_headcount};
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::{Value, json};

fn line<'a>(board: &'a Value, code: &str) -> &'a Value {
    board["agencies"]
        .as_array()
        .and_then(|a| a.iter().find(|l| l["agency"]["code"] == code))
        .unwrap_or(&Value::Null)
}

fn missing(line: &Value) -> Vec<String> {
    line["missing"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_dashboard_names_what_each_agency_is_missing() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = app
        .get("/api/v1/cycles/2568/provinces/36/dashboard", Some(&token))
        .await;
    assert_status!(r, 200);
    let board = r.json();
    assert_eq!(board["province"]["name_th"], "ชัยภูมิ");
    assert_eq!(board["agencies"].as_array().map(Vec::len), Some(2));
    // 6360201 has users, no headcount; 5360101 has no users at all.
    let ours = line(&board, "6360201");
    let m = missing(ours);
    assert!(!m.contains(&"not_registered".to_string()), "{m:?}");
    assert!(m.contains(&"headcount_not_entered".to_string()), "{m:?}");
    assert!(m.contains(&"oit_unanswered".to_string()), "{m:?}");
    assert!(m.contains(&"predicted_below_pass".to_string()), "{m:?}");
    assert_eq!(ours["iit"]["minimum"], Value::Null);
    assert_eq!(ours["iit"]["short_by"], Value::Null);
    assert_eq!(ours["at_risk"], true);
    assert!(missing(line(&board, "5360101")).contains(&"not_registered".to_string()));
    // Nothing answered: the prediction is a number, and low.
    assert!(
        ours["predicted"]["total"]
            .as_f64()
            .is_some_and(|t| t < 85.0),
        "{ours}"
    );

    // Once the headcount is approved, the minimum and the shortfall appear.
    approved_headcount(&app, 40).await;
    let board = app
        .get("/api/v1/cycles/2568/provinces/ชัยภูมิ/dashboard", Some(&token))
        .await
        .json();
    let ours = line(&board, "6360201");
    let minimum = ours["iit"]["minimum"].as_i64().unwrap_or(0);
    assert!(minimum > 0, "{ours}");
    assert_eq!(ours["iit"]["short_by"].as_i64(), Some(minimum));
    let m = missing(ours);
    assert!(m.contains(&"iit_below_minimum".to_string()), "{m:?}");
    assert!(!m.iter().any(|r| r.starts_with("headcount")), "{m:?}");
    assert_eq!(ours["headcount"], json!({"staff": 40, "approved": true}));

    // Filters: by reason, by district; a reason that does not exist is a 422.
    let only = app
        .get(
            "/api/v1/cycles/2568/provinces/36/dashboard?missing=not_registered",
            Some(&token),
        )
        .await
        .json();
    assert_eq!(only["agencies"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        only["summary"]["agencies"], 2,
        "the counts are of the whole area"
    );
    let district = app
        .get(
            "/api/v1/cycles/2568/provinces/36/dashboard?district=เมืองชัยภูมิ",
            Some(&token),
        )
        .await
        .json();
    assert_eq!(district["agencies"][0]["agency"]["code"], "5360101");
    let bad = app
        .get(
            "/api/v1/cycles/2568/provinces/36/dashboard?missing=everything",
            Some(&token),
        )
        .await;
    assert_status!(bad, 422);
}

#[tokio::test]
async fn an_answered_item_with_passing_links_counts_in_the_prediction() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let before = app
        .get("/api/v1/cycles/2568/provinces/36/dashboard", Some(&token))
        .await
        .json();
    let before_total = line(&before, "6360201")["predicted"]["total"]
        .as_f64()
        .unwrap_or(-1.0);
    // One item answered with a link that passed the evidence check.
    let conn_item = {
        let mut conn = app.conn().await;
        let cycle: i64 = sqlx::query_scalar("SELECT id FROM cycles WHERE year = 2568")
            .fetch_one(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("cycle: {e}"));
        let agency: i64 = sqlx::query_scalar("SELECT id FROM agencies WHERE code = '6360201'")
            .fetch_one(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("agency: {e}"));
        let url = "https://example.go.th/o1";
        sqlx::query(
            "INSERT INTO oit_answers (cycle_id, agency_id, item_code, published, urls, note, \
             updated_by, updated_at) VALUES ($1, $2, 'O1', 1, $3, '', 'test', 'now')",
        )
        .bind(cycle)
        .bind(agency)
        .bind(json!([url]).to_string())
        .execute(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("answer: {e}"));
        (cycle, agency, url)
    };
    let answered = app
        .get("/api/v1/cycles/2568/provinces/36/dashboard", Some(&token))
        .await
        .json();
    let unchecked = line(&answered, "6360201");
    assert_eq!(unchecked["oit"]["answered"], 1);
    assert_eq!(
        unchecked["predicted"]["total"].as_f64(),
        Some(before_total),
        "a link not yet checked counts zero"
    );
    let (cycle, agency, url) = conn_item;
    let mut conn = app.conn().await;
    sqlx::query(
        "INSERT INTO oit_link_checks (cycle_id, agency_id, item_code, url, checked_at, outcome, \
         redirects, login_wall, year_found) VALUES ($1, $2, 'O1', $3, 'now', 'ok', '[]', 0, 1)",
    )
    .bind(cycle)
    .bind(agency)
    .bind(url)
    .execute(&mut *conn)
    .await
    .unwrap_or_else(|e| panic!("check: {e}"));
    drop(conn);
    let checked = app
        .get("/api/v1/cycles/2568/provinces/36/dashboard", Some(&token))
        .await
        .json();
    let after = line(&checked, "6360201")["predicted"]["total"]
        .as_f64()
        .unwrap_or(-1.0);
    assert!(after > before_total, "{before_total} -> {after}");
    assert_eq!(line(&checked, "6360201")["oit"]["failing_links"], 0);
}

#[tokio::test]
async fn areas_are_watched_by_their_coordinators_only() {
    let app = TestApp::new().await;
    let path = "/api/v1/cycles/2568/provinces/36/dashboard";
    let krabi = "/api/v1/cycles/2568/provinces/81/dashboard";
    let district = app.token("district-coordinator").await;
    let own = app.get(path, Some(&district)).await;
    assert_status!(own, 200);
    let board = own.json();
    assert_eq!(
        board["district"]["name_th"], "บ้านเขว้า",
        "its own district by default"
    );
    assert_eq!(board["agencies"].as_array().map(Vec::len), Some(1));
    let other = app
        .get(&format!("{path}?district=เมืองชัยภูมิ"), Some(&district))
        .await;
    assert_status!(other, 404);
    let coordinator = app.token("coordinator").await;
    assert_status!(app.get(krabi, Some(&coordinator)).await, 404);
    assert_status!(
        app.get(
            "/api/v1/cycles/2568/provinces/nowhere/dashboard",
            Some(&coordinator)
        )
        .await,
        404
    );
    let agency = app.token("agency-admin").await;
    assert_status!(app.get(path, Some(&agency)).await, 403);
    let admin = app.token("admin").await;
    assert_status!(app.get(krabi, Some(&admin)).await, 200);

    // The national view: the coordinator's own province only; the admin every one.
    let rows = app
        .get("/api/v1/cycles/2568/provinces", Some(&coordinator))
        .await
        .json();
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(rows[0]["province"]["code"], "36");
    let all = app
        .get("/api/v1/cycles/2568/provinces", Some(&admin))
        .await
        .json();
    let codes: Vec<&str> = all
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["province"]["code"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(codes.len(), 2, "{all}");
    assert!(codes.contains(&"81") && codes.contains(&"36"));
    assert_eq!(all[0]["rank"], 1);
    assert!(all[0]["mean"].is_null(), "no mean before publication");
}

#[tokio::test]
async fn a_province_sets_its_targets_and_sees_the_prediction_against_them() {
    let app = TestApp::new().await;
    let path = "/api/v1/cycles/2568/provinces/36/targets";
    let coordinator = app.token("coordinator").await;
    for bad in [
        json!({"mean": 101}),
        json!({"pass_rate": 85.555}),
        json!({"mean": "x"}),
    ] {
        let r = app
            .call(Method::PUT, path, Some(&coordinator), Some(bad.clone()))
            .await;
        assert!(r.status.as_u16() == 422, "{bad}: {} {}", r.status, r.text);
    }
    let r = app
        .call(
            Method::PUT,
            path,
            Some(&coordinator),
            Some(json!({"pass_rate": 100, "mean": 89})),
        )
        .await;
    assert_status!(r, 200);
    let t = r.json();
    assert_eq!(t["pass_rate"].as_f64(), Some(100.0));
    assert_eq!(t["mean"].as_f64(), Some(89.0));
    assert_eq!(t["mean_met"], false, "nothing answered yet: below 89");
    // A district coordinator and another province's agency may not set them.
    let district = app.token("district-coordinator").await;
    let r = app
        .call(
            Method::PUT,
            path,
            Some(&district),
            Some(json!({"mean": 50})),
        )
        .await;
    assert_status!(r, 403);
    let read = app.get(path, Some(&district)).await;
    assert_status!(read, 200);
    assert_eq!(read.json()["mean"].as_f64(), Some(89.0));
    let audit = app
        .get(
            "/api/v1/audit?action=province.targets",
            Some(&app.token("admin").await),
        )
        .await;
    assert!(audit.text.contains("province.targets"), "{}", audit.text);
}

#[tokio::test]
async fn an_agency_admin_names_its_contact_and_the_coordinator_sees_it() {
    let app = TestApp::new().await;
    let path = format!("/api/v1/agencies/{}/contact", app.fixture.agency);
    let admin = app.token("agency-admin").await;
    let bad = app
        .call(
            Method::PUT,
            &path,
            Some(&admin),
            Some(json!({"name": "", "phone": "abc"})),
        )
        .await;
    assert_status!(bad, 422);
    assert!(bad.text.contains("เบอร์โทรศัพท์ไม่ถูกต้อง"), "{}", bad.text);
    let ok = app
        .call(
            Method::PUT,
            &path,
            Some(&admin),
            Some(json!({"name": "นางสาวสมใจ ใจดี", "phone": "044 811 234"})),
        )
        .await;
    assert_status!(ok, 200);
    let exec = app.token("agency-executive").await;
    let r = app
        .call(
            Method::PUT,
            &path,
            Some(&exec),
            Some(json!({"name": "x", "phone": "044 811 234"})),
        )
        .await;
    assert_status!(r, 403);
    let far = app.token("far-agency-admin").await;
    let r = app
        .call(
            Method::PUT,
            &path,
            Some(&far),
            Some(json!({"name": "x", "phone": "044 811 234"})),
        )
        .await;
    assert_status!(r, 404);
    let coordinator = app.token("coordinator").await;
    let board = app
        .get(
            "/api/v1/cycles/2568/provinces/36/dashboard",
            Some(&coordinator),
        )
        .await
        .json();
    assert_eq!(line(&board, "6360201")["contact"]["phone"], "044 811 234");
    let page = app
        .get("/cycles/2568/provinces/36", Some(&coordinator))
        .await;
    assert_status!(page, 200);
    assert!(
        page.text.contains("tel:044811234"),
        "a phone link on the dashboard"
    );
}

#[tokio::test]
async fn the_pages_show_the_dashboard_and_the_national_view_in_thai() {
    let app = TestApp::new().await;
    let coordinator = app.token("coordinator").await;
    let home = app.get("/cycles/2568/drive", Some(&coordinator)).await;
    assert_status!(home, 303);
    let page = app
        .get("/cycles/2568/provinces/36", Some(&coordinator))
        .await;
    assert_status!(page, 200);
    for text in [
        "ติดตามการประเมิน",
        "ชัยภูมิ",
        "ยังไม่ลงทะเบียนผู้ใช้",
        "<svg",
        "เป้าหมายของจังหวัด",
    ] {
        assert!(page.text.contains(text), "{text}");
    }
    let filtered = app
        .get(
            "/cycles/2568/provinces/36?missing=not_registered&type=&district=",
            Some(&coordinator),
        )
        .await;
    assert_status!(filtered, 200);
    assert!(filtered.text.contains("5360101") && !filtered.text.contains("/agencies/6360201\""));
    let admin = app.token("admin").await;
    let national = app.get("/cycles/2568/provinces", Some(&admin)).await;
    assert_status!(national, 200);
    assert!(national.text.contains("ภาพรวมทั้งประเทศ") && national.text.contains("กระบี่"));
}

#[tokio::test]
async fn after_publication_the_area_shows_its_outcome_and_the_nation_marks_low_provinces() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    crate::results::answer_iit(&app, 3, 4).await;
    crate::results::compute(&app, &admin).await;
    // Before publication: no outcome, and no province is marked on a prediction.
    let coordinator = app.token("coordinator").await;
    let before = app
        .get(
            "/api/v1/cycles/2568/provinces/36/dashboard",
            Some(&coordinator),
        )
        .await
        .json();
    assert!(before["outcome"].is_null());
    let nation = app
        .get("/api/v1/cycles/2568/provinces", Some(&admin))
        .await
        .json();
    assert!(
        nation
            .as_array()
            .is_some_and(|a| a.iter().all(|r| r["mark"].is_null())),
        "{nation}"
    );

    crate::results::publish(&app, &admin, 2568).await;
    let after = app
        .get(
            "/api/v1/cycles/2568/provinces/36/dashboard",
            Some(&coordinator),
        )
        .await
        .json();
    let outcome = &after["outcome"];
    assert_eq!(outcome["summary"]["agencies"], 2, "{outcome}");
    let mean = outcome["summary"]["mean"].as_f64().unwrap_or(100.0);
    assert!(mean < 85.0, "little answered: a low mean ({mean})");
    assert_eq!(
        outcome["weakest_indicators"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(after["targets"]["outcome_mean"].as_f64(), Some(mean));
    let nation = app
        .get("/api/v1/cycles/2568/provinces", Some(&admin))
        .await
        .json();
    let chaiyaphum = nation
        .as_array()
        .and_then(|a| a.iter().find(|r| r["province"]["code"] == "36"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(chaiyaphum["mean"].as_f64(), Some(mean));
    assert_eq!(chaiyaphum["mark"], "dark_red");
    let page = app
        .get("/cycles/2568/provinces/36", Some(&coordinator))
        .await;
    assert!(page.text.contains("ผลการประเมินที่ประกาศแล้ว"));
}

#[tokio::test]
async fn a_stale_snapshot_is_served_at_once_and_rebuilt_behind() {
    // A time to live short enough to pass in a test.
    let app =
        TestApp::with_core(|core| core.with_dashboard_ttl(std::time::Duration::from_secs(2))).await;
    let coordinator = app.token("coordinator").await;
    let path = "/api/v1/cycles/2568/provinces/36/dashboard";
    let contact = |board: &Value| line(board, "6360201")["contact"].clone();
    assert!(contact(&app.get(path, Some(&coordinator)).await.json()).is_null());
    let admin = app.token("agency-admin").await;
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/agencies/{}/contact", app.fixture.agency),
            Some(&admin),
            Some(json!({"name": "สมใจ", "phone": "044 811 234"})),
        )
        .await;
    assert_status!(r, 200);
    // Within its time to live the kept snapshot is served.
    assert!(contact(&app.get(path, Some(&coordinator)).await.json()).is_null());
    // Once stale, the old one is still served at once, and the rebuilt one soon after.
    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    let stale = app.get(path, Some(&coordinator)).await.json();
    assert!(contact(&stale).is_null(), "served stale, not waited for");
    let mut seen = Value::Null;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        seen = contact(&app.get(path, Some(&coordinator)).await.json());
        if !seen.is_null() {
            break;
        }
    }
    assert_eq!(seen["name"], "สมใจ", "the rebuild arrived");
}
