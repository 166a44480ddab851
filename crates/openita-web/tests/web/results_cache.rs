//! Each instance keeps a cycle's results in memory under the version the database gives them
//! (issue 14): reads after the first are served from memory; a computation, a publication, a
//! reopening or an agency's edit made by another instance on the same database shows on the
//! next request here; unpublished results never reach the public; a bounded number of cycles
//! is kept.

use crate::{
    assert_status,
    results::{answer_iit, compute, compute_year, our_result_row, publish},
};
use axum::http::Method;
use openita_testing::{OtherInstance, TestApp};
use serde_json::{Value, json};

/// Every public results route of 2568 for the fixture's agency.
fn public_paths(app: &TestApp) -> Vec<String> {
    let code = &app.fixture.agency;
    vec![
        "/api/v1/cycles/2568/summary".into(),
        "/api/v1/cycles/2568/results".into(),
        "/api/v1/cycles/2568/results.csv".into(),
        "/api/v1/cycles/2568/results.xlsx".into(),
        "/results/2568".into(),
        format!("/results/2568/agencies/{code}"),
        format!("/api/v1/cycles/2568/agencies/{code}/report.pdf"),
    ]
}

/// The fixture agency's row of the public list.
async fn reopen(other: &OtherInstance, admin: &str) {
    let body = json!({"reason": "แก้คะแนนตามคำชี้แจงของหน่วยงาน"});
    let path = "/api/v1/cycles/2568/results/reopen";
    assert_status!(
        other
            .call(Method::POST, path, Some(admin), Some(body))
            .await,
        204
    );
}

async fn compute_on(other: &OtherInstance, admin: &str) {
    let path = "/api/v1/cycles/2568/results/compute";
    assert_status!(other.call(Method::POST, path, Some(admin), None).await, 202);
    assert!(other.run_jobs().await >= 1);
}

#[tokio::test]
async fn reads_after_the_first_are_served_from_memory_until_the_results_change() {
    let app = TestApp::new().await;
    answer_iit(&app, 3, 4).await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    publish(&app, &admin, 2568).await;
    let builds = app.core().result_set_builds();
    let mut first = Vec::new();
    for path in public_paths(&app) {
        let r = app.get(&path, None).await;
        assert_status!(r, 200);
        first.push(r.body);
    }
    assert_eq!(
        app.core().result_set_builds(),
        builds + 1,
        "one read of 2568"
    );
    for (path, before) in public_paths(&app).iter().zip(&first) {
        let again = app.get(path, None).await;
        assert_status!(again, 200);
        // The nation's files are made once per version (the XLSX carries the time it was
        // written: the same file comes again); a PDF is made on each request.
        if !path.ends_with(".pdf") {
            assert_eq!(&again.body, before, "{path}");
        }
    }
    assert_eq!(app.core().result_set_builds(), builds + 1, "no read again");
    // Another instance reopens: the next read here sees the new version.
    reopen(&app.other_instance().await, &admin).await;
    assert_status!(app.get("/results/2568", Some(&admin)).await, 200);
    assert_eq!(app.core().result_set_builds(), builds + 2);
}

#[tokio::test]
async fn a_recompute_published_by_another_instance_shows_here_at_once() {
    let app = TestApp::new().await;
    answer_iit(&app, 3, 4).await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    publish(&app, &admin, 2568).await;
    let before = our_result_row(&app, None).await;
    let summary = app.get("/api/v1/cycles/2568/summary", None).await.json();
    let page_path = format!("/results/2568/agencies/{}", app.fixture.agency);
    let page = app.get(&page_path, None).await;
    let total = before["total"].as_f64().unwrap_or_default();
    assert!(page.text.contains(&format!("{total:.2}")), "{}", page.text);

    let other = app.other_instance().await;
    reopen(&other, &admin).await;
    // Reopened elsewhere: this instance's copy must not reach the public, nor other roles.
    let agency_admin = app.token("agency-admin").await;
    for path in public_paths(&app) {
        assert_status!(app.get(&path, None).await, 404);
        assert_status!(app.get(&path, Some(&agency_admin)).await, 404);
    }
    // The NACC admin reads the reopened results here (kept in memory at this version).
    let draft = app.get("/results/2568", Some(&admin)).await;
    assert!(draft.text.contains("ยังไม่ประกาศผล"), "{}", draft.text);
    assert_status!(app.get(&page_path, Some(&admin)).await, 200);

    // Weak answers lower the agency's IIT; the other instance computes: the NACC admin here
    // sees the new figures before publication, then everyone after it.
    answer_iit(&app, 6, 1).await;
    compute_on(&other, &admin).await;
    let admin_row = our_result_row(&app, Some(&admin)).await;
    assert_eq!(admin_row["responses"]["iit"], 9, "{admin_row}");
    assert_status!(app.get(&page_path, None).await, 404);
    let path = "/api/v1/cycles/2568/results/publish";
    assert_status!(
        other.call(Method::POST, path, Some(&admin), None).await,
        204
    );
    let after = our_result_row(&app, None).await;
    assert_eq!(after["responses"]["iit"], 9, "{after}");
    let lower = after["total"].as_f64().unwrap_or_default();
    assert!(lower < total, "{lower} after {total}");
    let summary_now = app.get("/api/v1/cycles/2568/summary", None).await.json();
    assert_ne!(summary_now["mean"], summary["mean"]);
    let page = app.get(&page_path, None).await;
    assert_status!(page, 200);
    assert!(page.text.contains(&format!("{lower:.2}")), "{}", page.text);
    let portal = app.get("/results/2568", None).await;
    assert!(!portal.text.contains("ยังไม่ประกาศผล"));
    assert!(portal.text.contains(&format!("{lower:.2}")));
}

#[tokio::test]
async fn unpublished_results_read_by_the_nacc_admin_stay_hidden_from_everyone_else() {
    let app = TestApp::new().await;
    answer_iit(&app, 2, 4).await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    // The NACC admin's reads put the unpublished results in memory.
    for path in public_paths(&app) {
        assert_status!(app.get(&path, Some(&admin)).await, 200);
    }
    assert_eq!(app.core().kept_result_sets(), 1);
    for user in ["agency-admin", "assessor", "coordinator"] {
        let token = app.token(user).await;
        for path in public_paths(&app) {
            assert_status!(app.get(&path, Some(&token)).await, 404);
        }
    }
    for path in public_paths(&app) {
        assert_status!(app.get(&path, None).await, 404);
    }
    // Refused as unpublished before any filter is looked at.
    let filtered = "/api/v1/cycles/2568/results?province=ไม่มีจังหวัดนี้";
    assert_status!(app.get(filtered, None).await, 404);
}

#[tokio::test]
async fn an_agency_renamed_on_another_instance_shows_its_new_name_in_the_results() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    publish(&app, &admin, 2568).await;
    let old = "องค์การบริหารส่วนตำบลบ้านเขว้า";
    let new = "องค์การบริหารส่วนตำบลบ้านเขว้าใหม่";
    assert!(app.get("/results/2568", None).await.text.contains(old));
    let other = app.other_instance().await;
    let path = format!("/api/v1/agencies/{}", app.fixture.agency);
    let mut renamed = other.get(&path, Some(&admin)).await.json();
    renamed["name_th"] = json!(new);
    assert_status!(
        other
            .call(Method::PUT, &path, Some(&admin), Some(renamed))
            .await,
        200
    );
    assert_eq!(our_result_row(&app, None).await["agency"]["name_th"], new);
    assert!(app.get("/results/2568", None).await.text.contains(new));
    let page_path = format!("/results/2568/agencies/{}", app.fixture.agency);
    assert!(app.get(&page_path, None).await.text.contains(new));
}

#[tokio::test]
async fn filters_pick_from_memory_the_agencies_the_query_picks() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    publish(&app, &admin, 2568).await;
    let codes = |v: Value| {
        let mut c: Vec<String> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["agency"]["code"].as_str().map(str::to_string))
            .collect();
        c.sort();
        c
    };
    let cases: [(&str, &[&str]); 7] = [
        ("", &["5360101", "6360201", "6810101"]),
        ("?type=sao", &["6360201", "6810101"]),
        ("?province=36", &["5360101", "6360201"]),
        ("?province=ชัยภูมิ&district=บ้านเขว้า", &["6360201"]),
        ("?district=บ้านเขว้า", &["5360101", "6360201", "6810101"]),
        ("?q=ไสไทย", &["6810101"]),
        ("?q=536&type=subdistrict_municipality", &["5360101"]),
    ];
    for (query, expected) in cases {
        let list = app
            .get(&format!("/api/v1/cycles/2568/results{query}"), None)
            .await;
        assert_status!(list, 200);
        assert_eq!(codes(list.json()), expected, "{query}");
        let summary = app
            .get(&format!("/api/v1/cycles/2568/summary{query}"), None)
            .await
            .json();
        assert_eq!(summary["agencies"], expected.len(), "{query}");
    }
    let unknown = app
        .get("/api/v1/cycles/2568/results?province=ไม่มีจังหวัดนี้", None)
        .await;
    assert_eq!(unknown.json()["error"]["fields"][0]["field"], "province");
    let unknown = app
        .get("/api/v1/cycles/2568/summary?type=castle", None)
        .await;
    assert_eq!(unknown.json()["error"]["fields"][0]["field"], "type");
}

#[tokio::test]
async fn an_instance_keeps_at_most_its_number_of_cycles() {
    let app = TestApp::with_core(|core| core.with_result_sets(2)).await;
    let admin = app.token("admin").await;
    app.create_cycle(2566, "ita-2568").await;
    app.create_cycle(2567, "ita-2568").await;
    for year in [2566, 2567, 2568] {
        compute_year(&app, &admin, year).await;
    }
    for round in 0..2 {
        for year in [2566, 2567, 2568] {
            let summary = app
                .get(&format!("/api/v1/cycles/{year}/summary"), Some(&admin))
                .await;
            assert_status!(summary, 200);
            assert_eq!(summary.json()["agencies"], 3, "{year}, round {round}");
            assert!(app.core().kept_result_sets() <= 2);
        }
    }
    assert_eq!(app.core().kept_result_sets(), 2);
}
