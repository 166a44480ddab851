//! The files around a survey: each link's QR code and Thai poster, and the raw-response export.

use crate::{
    assert_status,
    surveys::{answers, open_link, submit},
};
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_testing::TestApp;
use serde_json::Value;
use tower::ServiceExt;

#[tokio::test]
async fn links_come_with_a_qr_code_and_a_thai_poster() {
    let app = TestApp::new().await;
    let admin = app.token("agency-executive").await;
    let links = app
        .get(
            &format!(
                "/api/v1/cycles/2568/agencies/{}/survey-links",
                app.fixture.agency
            ),
            Some(&admin),
        )
        .await
        .json();
    for key in ["url", "qr_svg", "qr_png", "poster_pdf"] {
        assert!(
            links["eit"][key]
                .as_str()
                .is_some_and(|u| u.starts_with("http://")),
            "{key}: {links}"
        );
    }
    let path = |u: &Value| {
        u.as_str()
            .unwrap_or_default()
            .replacen("http://127.0.0.1:8080", "", 1)
    };
    let svg = app.get(&path(&links["iit"]["qr_svg"]), Some(&admin)).await;
    assert_status!(svg, 200);
    assert!(svg.text.contains("<svg"));
    let pdf = app
        .get(&path(&links["iit"]["poster_pdf"]), Some(&admin))
        .await;
    assert_status!(pdf, 200);
    assert_eq!(
        pdf.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let far = app.token("far-agency-admin").await;
    assert_status!(
        app.get(&path(&links["iit"]["poster_pdf"]), Some(&far))
            .await,
        404
    );
}

#[tokio::test]
async fn raw_responses_export_to_xlsx_with_thai_labels() -> Result<(), Box<dyn std::error::Error>> {
    use calamine::Reader;
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    for _ in 0..3 {
        let f = app
            .get(&format!("/api/v1/surveys/{token}"), None)
            .await
            .json();
        assert_status!(
            submit(&app, &token, &f["form_nonce"], answers(&form)).await,
            201
        );
    }
    let admin = app.token("admin").await;
    let request = Request::post("/cycles/2568/exports/responses")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("format=xlsx"))?;
    let r = app.send(request).await;
    assert_status!(r, 303);
    let job = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(app.run_jobs().await, 1);
    let page = app.get(&job, Some(&admin)).await;
    assert!(page.text.contains("/download"), "{}", page.text);
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(format!("{job}/download"))
                .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                .body(Body::empty())?,
        )
        .await?;
    assert_eq!(response.status(), 200);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await?
        .to_bytes();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))?;
    let sheet = book.worksheet_range_at(0).ok_or("no sheet")??;
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 4, "header and three responses");
    assert_eq!(rows[0][0], "รหัสหน่วยงาน");
    assert_eq!(rows[1][0], app.fixture.agency);
    assert!(
        rows[1].iter().any(|c| c == "มากที่สุด"),
        "answers carry Thai labels: {:?}",
        rows[1]
    );
    let other = app.token("agency-admin").await;
    assert_status!(app.get(&format!("{job}/download"), Some(&other)).await, 404);
    Ok(())
}

/// Queues a raw-response export as the NACC admin and runs it; returns the job's page path.
async fn export_responses(app: &TestApp, admin: &str, format: &str) -> String {
    let request = Request::post("/cycles/2568/exports/responses")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("format={format}")))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 303);
    assert_eq!(app.run_jobs().await, 1);
    r.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn an_export_is_a_private_file_and_its_job_shows_a_download_url_not_a_path()
-> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let f = app
        .get(&format!("/api/v1/surveys/{token}"), None)
        .await
        .json();
    assert_status!(
        submit(&app, &token, &f["form_nonce"], answers(&form)).await,
        201
    );
    let admin = app.token("admin").await;
    let job = export_responses(&app, &admin, "csv").await;
    let again = export_responses(&app, &admin, "csv").await;
    let api = app
        .get(&job.replace("/jobs/", "/api/v1/jobs/"), Some(&admin))
        .await;
    assert_status!(api, 200);
    let folder = app.export_dir();
    let root = app.exports.path().to_string_lossy().into_owned();
    let page = app.get(&job, Some(&admin)).await;
    for (what, text) in [("job JSON", &api.text), ("job page", &page.text)] {
        assert!(
            !text.contains(&root) && !text.contains("openita-exports"),
            "the {what} names a server path: {text}"
        );
    }
    assert_eq!(api.json()["result"]["rows"], 1);
    assert_eq!(
        api.json()["result"].as_object().map(|o| o.len()),
        Some(1),
        "the result says how many rows and nothing about the file: {}",
        api.text
    );
    let download = api.json()["download"].as_str().unwrap_or("").to_string();
    assert_eq!(download, format!("http://127.0.0.1:8080{job}/download"));
    let file = app
        .get(
            download.trim_start_matches("http://127.0.0.1:8080"),
            Some(&admin),
        )
        .await;
    assert_status!(file, 200);
    assert!(file.text.contains(&app.fixture.agency), "{}", file.text);
    assert_eq!(
        file.headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok()),
        Some("attachment; filename=\"responses-2568.csv\"")
    );
    // Two exports, two files with names nobody can guess, in a folder only we may enter.
    let names: Vec<String> = std::fs::read_dir(&folder)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("responses-2568-") && n.len() > 40),
        "{names:?}"
    );
    assert_ne!(job, again);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(mode(&folder), 0o700, "the export folder");
        for name in &names {
            assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
        }
    }
    // Another job's page is no download.
    let other = app.token("agency-admin").await;
    assert_status!(
        app.get(&format!("{again}/download"), Some(&other)).await,
        404
    );
    Ok(())
}
