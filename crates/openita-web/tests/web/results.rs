//! Computing, publishing and reading results; the files; reproducibility from raw responses.

use crate::{
    assert_status,
    surveys::{answers_at, open_link, submit},
};
use axum::http::Method;
use openita_testing::TestApp;
use openita_types::FiscalYear;
use serde_json::{Value, json};

/// `n` IIT responses from the fixture agency's staff, every answer at `level`.
/// The fixture agency's row of the 2568 results list, as `token` (or the public) sees it.
pub(crate) async fn our_result_row(app: &TestApp, token: Option<&str>) -> Value {
    let rows = app.get("/api/v1/cycles/2568/results", token).await.json();
    rows.as_array()
        .into_iter()
        .flatten()
        .find(|r| r["agency"]["code"] == app.fixture.agency.as_str())
        .cloned()
        .unwrap_or(Value::Null)
}

pub(crate) async fn answer_iit(app: &TestApp, n: usize, level: i64) {
    for _ in 0..n {
        let (token, form) = open_link(app, "iit").await;
        let r = submit(app, &token, &form["form_nonce"], answers_at(&form, level)).await;
        assert_status!(r, 201);
    }
}

/// Publishes a cycle's results as the NACC admin.
/// Publishes a cycle's results as the NACC admin, after closing its confirmation window (the
/// fixture's OIT items are not final: once the window has closed, provisional scores stand).
pub(crate) async fn publish(app: &TestApp, admin: &str, year: i64) {
    let closed = json!({
        "confirmation": {"start": "2025-01-01", "end": "2025-01-31"},
        "announcement": {"start": "2025-02-01", "end": "2025-12-31"}
    });
    let calendar = format!("/api/v1/cycles/{year}/calendar");
    assert_status!(
        app.call(Method::PUT, &calendar, Some(admin), Some(closed))
            .await,
        200
    );
    let path = format!("/api/v1/cycles/{year}/results/publish");
    assert_status!(app.call(Method::POST, &path, Some(admin), None).await, 204);
}

/// Computes through the API as the job it is: 202 with the job, the worker runs it, the job's
/// row tells the outcome.
pub(crate) async fn compute(app: &TestApp, admin: &str) -> Value {
    compute_year(app, admin, 2568).await
}

pub(crate) async fn compute_year(app: &TestApp, admin: &str, year: i64) -> Value {
    let queued = app
        .call(
            Method::POST,
            &format!("/api/v1/cycles/{year}/results/compute"),
            Some(admin),
            None,
        )
        .await;
    assert_status!(queued, 202);
    let location = queued
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(location, format!("/api/v1/jobs/{}", queued.json()["id"]));
    assert_eq!(queued.json()["status"], "queued");
    assert!(app.run_jobs().await >= 1);
    let job = app.get(&location, Some(admin)).await.json();
    assert_eq!(job["status"], "done", "{job}");
    job
}

#[tokio::test]
async fn results_are_computed_hidden_until_published_and_then_public() {
    let app = TestApp::new().await;
    answer_iit(&app, 4, 4).await;
    answer_iit(&app, 1, 2).await;
    let admin = app.token("admin").await;
    let computed = compute(&app, &admin).await;
    assert_eq!(computed["result"]["agencies"], 3);
    assert_eq!(
        (computed["done"].as_i64(), computed["total"].as_i64()),
        (Some(3), Some(3))
    );
    // Before publication: nobody but the NACC admin.
    assert_status!(app.get("/api/v1/cycles/2568/results", None).await, 404);
    let agency_admin = app.token("agency-admin").await;
    assert_status!(
        app.get("/api/v1/cycles/2568/results", Some(&agency_admin))
            .await,
        404
    );
    assert_status!(app.get("/results/2568", None).await, 404);
    let ours = our_result_row(&app, Some(&admin)).await;
    for key in [
        "total",
        "level",
        "tier",
        "pass",
        "instruments",
        "indicators",
        "responses",
        "flags",
    ] {
        assert!(!ours[key].is_null(), "{key} missing: {ours}");
    }
    assert_eq!(ours["responses"]["iit"], 5);
    assert!(
        ours["instruments"]["IIT"]
            .as_f64()
            .is_some_and(|v| v > 50.0 && v < 100.0),
        "{ours}"
    );
    assert_eq!(ours["instruments"]["EIT"], 0.0, "no EIT responses score 0");
    assert!(
        ours["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "no_responses_eit")),
        "{ours}"
    );
    assert_eq!(ours["pass"], false);

    publish(&app, &admin, 2568).await;
    // Published results are locked: a recompute needs an explicit, audited reopening.
    assert_status!(
        app.call(
            Method::POST,
            "/api/v1/cycles/2568/results/compute",
            Some(&admin),
            None
        )
        .await,
        409
    );
    let public = app
        .get("/api/v1/cycles/2568/results?province=ชัยภูมิ", None)
        .await;
    assert_status!(public, 200);
    assert_eq!(public.json().as_array().map(Vec::len), Some(2));
    // The same filter rules as the agency list: a district in the province narrows the list,
    // an unknown one is refused with the field named rather than ignored.
    let district = app
        .get(
            "/api/v1/cycles/2568/results?province=ชัยภูมิ&district=เมืองชัยภูมิ",
            None,
        )
        .await;
    assert_status!(district, 200);
    assert_eq!(district.json().as_array().map(Vec::len), Some(1));
    for path in [
        "/api/v1/cycles/2568/results?province=ชัยภูมิ&district=Atlantis",
        "/api/v1/cycles/2568/summary?province=ชัยภูมิ&district=Atlantis",
    ] {
        let unknown = app.get(path, None).await;
        assert_status!(unknown, 422);
        assert!(unknown.text.contains("district"), "{}", unknown.text);
    }
    let page = app
        .get("/results/2568?province=ชัยภูมิ&district=Atlantis", None)
        .await;
    assert_status!(page, 422);
    assert!(page.text.contains("ไม่พบอำเภอ"), "{}", page.text);
    let summary = app.get("/api/v1/cycles/2568/summary", None).await.json();
    assert_eq!(summary["agencies"], 3);
    assert_eq!(summary["passed"], 0);
    assert_eq!(summary["pass_rate"], 0.0);
    let portal = app.get("/results/2568", None).await;
    assert_status!(portal, 200);
    assert!(portal.text.contains("องค์การบริหารส่วนตำบลบ้านเขว้า"));
    let page = app
        .get(
            &format!("/results/2568/agencies/{}", app.fixture.agency),
            None,
        )
        .await;
    assert_status!(page, 200);
    assert!(
        page.text.contains("เส้นทางสู่ 85") && page.text.contains("<svg"),
        "the report page has the path to 85 and a chart"
    );
    // The national and provincial means stand beside each indicator on phones too (columns
    // marked `opt` are hidden on narrow screens).
    assert!(
        page.text.contains("<th>เฉลี่ยประเทศ</th><th>เฉลี่ยจังหวัด</th>"),
        "{}",
        page.text
    );
    let csv = app.get("/api/v1/cycles/2568/results.csv", None).await;
    assert!(
        csv.text.starts_with('\u{feff}'),
        "CSV starts with a BOM for Excel"
    );
    assert!(csv.text.contains("คะแนนรวม"));
    let xlsx = app.get("/api/v1/cycles/2568/results.xlsx", None).await;
    assert_status!(xlsx, 200);
    {
        use calamine::{Data, Reader};
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.body))
            .unwrap_or_else(|e| panic!("the XLSX opens: {e}"));
        let sheet = book
            .worksheet_range_at(0)
            .and_then(Result::ok)
            .unwrap_or_default();
        let rows: Vec<&[Data]> = sheet.rows().collect();
        assert_eq!(rows.len(), 4, "a header and the three agencies");
        assert_eq!(rows[0][0].to_string(), "รหัสหน่วยงาน");
        assert!(
            rows[1..].iter().all(|r| matches!(r[4], Data::Float(_))),
            "totals are numbers a spreadsheet can sum"
        );
    }
    let pdf = app
        .get(
            &format!(
                "/api/v1/cycles/2568/agencies/{}/report.pdf",
                app.fixture.agency
            ),
            None,
        )
        .await;
    assert_status!(pdf, 200);
    assert!(pdf.text.starts_with("%PDF"));
    let reopen = app
        .call(
            Method::POST,
            "/api/v1/cycles/2568/results/reopen",
            Some(&admin),
            Some(json!({"reason": "แก้ไขคะแนน OIT ตามคำวินิจฉัย"})),
        )
        .await;
    assert_status!(reopen, 204);
    assert_eq!(compute(&app, &admin).await["status"], "done");
    let log = app
        .get("/api/v1/audit?action=results.reopen", Some(&admin))
        .await
        .json();
    assert_eq!(log["total"], 1);
}

#[tokio::test]
async fn recomputing_from_raw_responses_equals_the_running_sums() {
    let app = TestApp::new().await;
    answer_iit(&app, 3, 3).await;
    answer_iit(&app, 2, 1).await;
    let core = app.core();
    let cycle = openita_core::cycles::get_cycle(core, FiscalYear::of(2568))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let fw = openita_core::cycles::cycle_framework(core, FiscalYear::of(2568))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut running = openita_core::results::inputs_from_running_sums(core, &cycle, &fw)
        .await
        .unwrap_or_default();
    let raw = openita_core::results::inputs_from_raw_responses(core, &cycle, &fw, &|_, _| {})
        .await
        .unwrap_or_default();
    for inputs in running.values_mut() {
        inputs
            .iit
            .questions
            .sort_by(|a, b| a.question.cmp(&b.question));
        inputs
            .eit
            .questions
            .sort_by(|a, b| a.question.cmp(&b.question));
    }
    assert_eq!(running.len(), 3);
    assert_eq!(running, raw);
    let ours = running
        .values()
        .find(|i| i.iit.responses > 0)
        .cloned()
        .unwrap_or_else(|| panic!("no responses"));
    assert_eq!(ours.iit.responses, 5);
    let a = openita_scoring::score(&fw, &ours).map(|s| s.total_rounded.to_string());
    let b = openita_scoring::score(
        &fw,
        raw.values().find(|i| i.iit.responses > 0).unwrap_or(&ours),
    )
    .map(|s| s.total_rounded.to_string());
    assert_eq!(a.ok(), b.ok());
}

/// The scoring reads run side by side on several connections; with a pool of one they must
/// take turns, not wait for each other forever.
#[tokio::test]
async fn the_scoring_reads_work_with_a_pool_of_one_connection() {
    let app = TestApp::new().await;
    answer_iit(&app, 2, 4).await;
    let core = app.core_with_pool_of(1).await;
    let cycle = openita_core::cycles::get_cycle(&core, FiscalYear::of(2568))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let fw = openita_core::cycles::cycle_framework(&core, FiscalYear::of(2568))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let both = async {
        let sums = openita_core::results::inputs_from_running_sums(&core, &cycle, &fw).await;
        let raw =
            openita_core::results::inputs_from_raw_responses(&core, &cycle, &fw, &|_, _| {}).await;
        (sums, raw)
    };
    let (sums, raw) = tokio::time::timeout(std::time::Duration::from_secs(20), both)
        .await
        .unwrap_or_else(|_| panic!("the reads waited for each other"));
    let sums = sums.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sums.values().map(|i| i.iit.responses).sum::<u64>(), 2);
    assert_eq!(Some(sums), raw.ok());
}

/// Summaries and reports read each result's small digest; results stored before digests
/// existed (no digest) are summarised from their breakdown, with the same figures.
#[tokio::test]
async fn summaries_read_digests_and_fall_back_to_breakdowns_without_them() {
    let app = TestApp::new().await;
    answer_iit(&app, 3, 4).await;
    answer_iit(&app, 2, 2).await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    let pool = app.db().pool().clone();
    let digests: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM results WHERE digest_json LIKE '{%'")
            .fetch_one(&pool)
            .await
            .unwrap_or(-1);
    assert_eq!(digests, 3, "every computed result stores its digest");
    let report = format!("/results/2568/agencies/{}", app.fixture.agency);
    let paths = [
        "/api/v1/cycles/2568/summary",
        "/api/v1/cycles/2568/summary?province=ชัยภูมิ",
        report.as_str(),
    ];
    let mut with = Vec::new();
    for p in paths {
        let r = app.get(p, Some(&admin)).await;
        assert_status!(r, 200);
        with.push(r.text);
    }
    sqlx::query("UPDATE results SET digest_json = NULL")
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // This instance keeps what it read; a fresh one reads the rows without digests.
    let fresh = app.other_instance().await;
    for (p, expected) in paths.iter().zip(&with) {
        assert_eq!(&fresh.get(p, Some(&admin)).await.text, expected, "{p}");
    }
    let national: Value = serde_json::from_str(&with[0]).unwrap_or_default();
    assert!(national["mean"].is_number(), "{national}");
    assert!(
        with[2].contains("เฉลี่ยประเทศ"),
        "the report shows the national mean"
    );
}
