//! The agency report beside its earlier cycles: the page and the PDF show each earlier year
//! with the change, and an earlier year appears to the public only once it is published.

use crate::{
    assert_status,
    results::{answer_iit, compute_year, publish},
};
use openita_testing::TestApp;
use std::process::Command;

pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (apt-get install poppler-utils): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn the_report_compares_this_year_with_the_published_earlier_ones() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2567, "ita-2568").await;
    // 2567: nothing answered, every score 0; computed but not yet published.
    compute_year(&app, &admin, 2567).await;
    answer_iit(&app, 4, 4).await;
    compute_year(&app, &admin, 2568).await;
    let page_path = format!("/results/2568/agencies/{}", app.fixture.agency);
    let as_admin = app.get(&page_path, Some(&admin)).await;
    assert_status!(as_admin, 200);
    assert!(
        as_admin.text.contains("เปรียบเทียบกับปีก่อน") && as_admin.text.contains("<td>2567</td>"),
        "the NACC admin sees the unpublished earlier year: {}",
        as_admin.text
    );
    let this_year: serde_json::Value = app
        .get("/api/v1/cycles/2568/results", Some(&admin))
        .await
        .json()
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["agency"]["code"] == app.fixture.agency.as_str())
                .cloned()
        })
        .unwrap_or_default();
    let total = this_year["total"].as_f64().unwrap_or(0.0);
    assert!(total > 0.0, "IIT answers give 2568 a score");

    publish(&app, &admin, 2568).await;
    let public = app.get(&page_path, None).await;
    assert_status!(public, 200);
    assert!(
        !public.text.contains("<td>2567</td>"),
        "an unpublished year stays hidden from the public"
    );

    publish(&app, &admin, 2567).await;
    let public = app.get(&page_path, None).await;
    let change = format!("<td>+{total:.2}</td>");
    assert!(
        public.text.contains("<td>2567</td>") && public.text.contains(&change),
        "published: the earlier year and the change ({change}) are shown"
    );
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
    let text = pdf_text(pdf.body.as_ref());
    assert!(text.contains("เปรียบเทียบกับปีก่อน"), "{text}");
    assert!(text.contains(&format!("+{total:.2}")), "{text}");
}
