//! How results are shown: the tier as NACC names it everywhere (report page, PDF, portal,
//! files, API), and the AA-F band only where the framework shows bands (before 2566).

use crate::{
    assert_status,
    results::{compute_year, publish},
};
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;
use serde_json::json;

/// A 2565 cycle whose framework shows the bands, as NACC's did until 2565, computed.
async fn cycle_2565(app: &TestApp, admin: &str) {
    app.create_cycle(2565, "ita-2568").await;
    let path = "/api/v1/cycles/2565/framework";
    let mut fw = app.get(path, Some(admin)).await.json();
    assert_eq!(fw["show_levels"], false, "the 2568 file says so");
    fw["show_levels"] = json!(true);
    assert_status!(
        app.call(Method::PUT, path, Some(admin), Some(fw)).await,
        200
    );
    compute_year(app, admin, 2565).await;
}

fn csv_header(text: &str) -> Vec<String> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn from_2566_the_tier_is_shown_and_the_band_is_not() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute_year(&app, &admin, 2568).await;
    publish(&app, &admin, 2568).await;
    let code = &app.fixture.agency;
    // The API gives the tier's code and its names (and the band, as the contract says).
    let rows = app.get("/api/v1/cycles/2568/results", None).await.json();
    let row = rows
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["agency"]["code"] == code.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(row["tier"], "fail", "no responses: below the pass mark");
    assert_eq!(row["tier_name"]["th"], "ไม่ผ่าน");
    assert!(row["level"].is_string());
    // The report page: the tier, no band.
    let page = app
        .get(&format!("/results/2568/agencies/{code}"), None)
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("data-tier=\"ไม่ผ่าน\""), "{}", page.text);
    assert!(!page.text.contains(">ระดับ<"), "no band on the page");
    // The files: the tier's Thai name, no band column.
    let csv = app.get("/api/v1/cycles/2568/results.csv", None).await;
    assert_status!(csv, 200);
    let header = csv_header(&csv.text);
    assert!(!header.contains(&"ระดับ".to_string()), "{header:?}");
    assert!(csv.text.contains(",ไม่ผ่าน,"), "{}", csv.text);
    // The PDF: the tier in its headline.
    let pdf = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{code}/report.pdf"),
            None,
        )
        .await;
    assert_status!(pdf, 200);
    let text = crate::year_on_year::pdf_text(&pdf.body);
    assert!(text.contains("ไม่ผ่าน"), "{text}");
}

#[tokio::test]
async fn before_2566_the_band_is_shown_beside_the_tier() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    cycle_2565(&app, &admin).await;
    let code = &app.fixture.agency;
    let page = app
        .get(&format!("/results/2565/agencies/{code}"), Some(&admin))
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains(">ระดับ<"), "{}", page.text);
    let portal = app.get("/results/2565", Some(&admin)).await;
    assert!(portal.text.contains("จำนวนหน่วยงานในแต่ละระดับ"));
    let csv = app
        .get("/api/v1/cycles/2565/results.csv", Some(&admin))
        .await;
    assert!(csv_header(&csv.text).contains(&"ระดับ".to_string()));
}

#[tokio::test]
async fn the_report_pdf_draws_its_chart_labels_as_thai_text() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    compute_year(&app, &admin, 2568).await;
    publish(&app, &admin, 2568).await;
    let code = &app.fixture.agency;
    let pdf = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{code}/report.pdf"),
            None,
        )
        .await;
    assert_status!(pdf, 200);
    let text = crate::year_on_year::pdf_text(&pdf.body);
    // The chart's labels are the document's own shaped text (an embedded SVG's were drawn by
    // the SVG renderer as outlines, with ำ over the next letter), so each indicator's name is
    // read twice: beside its bar and in the table.
    for name in ["การใช้อำนาจ", "การดำเนินงาน"] {
        assert!(
            text.matches(name).count() >= 2,
            "{name} in the chart and the table:\n{text}"
        );
    }
    assert!(
        text.contains("คะแนนรายตัวชี้วัด (เส้นดำ = ค่าเฉลี่ยประเทศ)"),
        "{text}"
    );
    if let Ok(dir) = std::env::var("OPENITA_KEEP_PDF") {
        let _ = std::fs::write(format!("{dir}/report.pdf"), &pdf.body);
    }
}

/// The report's "path to the pass mark" names the cycle's own pass mark (it said 85 whatever
/// the framework said), on the page in both languages and in the PDF's text.
#[tokio::test]
async fn the_report_names_the_frameworks_pass_mark() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2565, "ita-2568").await;
    let path = "/api/v1/cycles/2565/framework";
    let mut fw = app.get(path, Some(&admin)).await.json();
    fw["pass_mark"] = json!(80);
    let put = app.call(Method::PUT, path, Some(&admin), Some(fw)).await;
    assert_status!(put, 200);
    compute_year(&app, &admin, 2565).await;
    let code = &app.fixture.agency;
    let page = app
        .get(&format!("/results/2565/agencies/{code}"), Some(&admin))
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("เส้นทางสู่ 80 คะแนน"), "{}", page.text);
    assert!(!page.text.contains("เส้นทางสู่ 85"), "{}", page.text);
    let english = app
        .send(
            Request::get(format!("/results/2565/agencies/{code}"))
                .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                .header(header::COOKIE, "openita_lang=en")
                .body(Body::empty())
                .unwrap_or_default(),
        )
        .await;
    assert_status!(english, 200);
    assert!(english.text.contains("Path to 80"), "{}", english.text);
}
