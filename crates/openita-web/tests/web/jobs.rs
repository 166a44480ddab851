//! The page import runs as a background job whose progress page shows the result.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_testing::TestApp;

fn multipart(file: &str) -> (String, String) {
    let boundary = "XopenitaBoundary".to_string();
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    (boundary, body)
}

#[tokio::test]
async fn an_uploaded_file_is_imported_in_the_background_with_a_progress_page() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let (boundary, body) = multipart(
        "code,name_th,type,province\n6360999,อบต.ใหม่,sao,ชัยภูมิ\n6360998,อบต.ผิด,castle,ชัยภูมิ\n",
    );
    let request = Request::post("/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 303);
    let location = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(location.starts_with("/jobs/"), "{location}");
    let waiting = app.get(&location, Some(&token)).await;
    assert!(
        waiting.text.contains("http-equiv=\"refresh\""),
        "a queued job's page refreshes itself"
    );
    assert!(waiting.text.contains("<progress"));
    assert_eq!(app.run_jobs().await, 1);
    let done = app.get(&location, Some(&token)).await;
    assert_status!(done, 200);
    assert!(!done.text.contains("http-equiv=\"refresh\""));
    assert!(
        done.text.contains("ผลการนำเข้า") && done.text.contains("ประเภทหน่วยงานไม่ถูกต้อง"),
        "{}",
        done.text
    );
    let api = app
        .get(&location.replace("/jobs/", "/api/v1/jobs/"), Some(&token))
        .await;
    assert_eq!(api.json()["status"], "done");
    assert_eq!(api.json()["result"]["created"], 1);
    assert_eq!(api.json()["done"], 1);
    // Another user cannot watch someone else's job.
    let other = app.token("agency-admin").await;
    assert_status!(app.get(&location, Some(&other)).await, 404);
}

#[tokio::test]
async fn an_unreadable_file_is_refused_at_once_and_queues_nothing() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let (boundary, body) = multipart("just,some,columns\n1,2,3\n");
    let request = Request::post("/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(r.text.contains("ไม่พบคอลัมน์ที่จำเป็น"));
    assert_eq!(app.run_jobs().await, 0);
}

fn multipart_bytes(file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "XopenitaBoundary".to_string();
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

/// The page import checks the file before queueing: the sheet with a value at XFD1048576
/// (which once aborted the process) is refused on the form, in Thai, and queues nothing.
#[tokio::test]
async fn an_xlsx_with_a_cell_at_xfd1048576_is_refused_on_the_page_and_queues_nothing() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let (boundary, body) = multipart_bytes(&openita_testing::spreadsheets::xlsx_with_a_far_cell());
    let request = Request::post("/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(r.text.contains("แถว 1048576 คอลัมน์ XFD"), "{}", r.text);
    assert_eq!(app.run_jobs().await, 0);
}

/// A job whose file was queued before the checks existed (or by another version) fails on
/// its own with the reason in Thai and English; the worker lives on and runs the next job.
#[tokio::test]
async fn a_queued_import_of_such_a_file_fails_alone_with_the_reason_in_both_languages()
-> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let file = openita_testing::spreadsheets::xlsx_with_a_far_cell();
    let core = app.core();
    let mut tx = app.db().begin_write().await?;
    let job = openita_db::queries::jobs::enqueue(
        tx.conn(),
        openita_core::background::IMPORT_AGENCIES,
        "{}",
        Some(&file),
        "admin",
        None,
        &openita_types::thai_time::to_db_text(core.now()),
    )
    .await?;
    tx.commit().await?;
    let (boundary, body) = multipart("code,name_th,type,province\n6360999,อบต.ใหม่,sao,ชัยภูมิ\n");
    let request = Request::post("/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap_or_default();
    assert_status!(app.send(request).await, 303);
    assert_eq!(
        app.run_jobs().await,
        2,
        "the bad job does not stop the worker"
    );
    let failed = app
        .get(&format!("/api/v1/jobs/{}", job.id), Some(&token))
        .await;
    assert_eq!(failed.json()["status"], "failed", "{}", failed.text);
    let error = failed.json()["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        error.contains("แถว 1048576 คอลัมน์ XFD") && error.contains("Row 1048576, column XFD"),
        "{error}"
    );
    assert_status!(app.get("/api/v1/agencies/6360999", Some(&token)).await, 200);
    assert_status!(app.get("/api/v1/agencies/6360777", Some(&token)).await, 404);
    Ok(())
}

/// A job that fails on our side (here a payload no version could read) says so on its page
/// and in the API in both languages with a reference, never the cause ("expected value at
/// line 1 ...", "database error: ..."), which goes to the log under the same reference.
#[tokio::test]
async fn a_job_failing_on_our_side_shows_a_reference_not_the_cause()
-> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let core = app.core();
    let mut jobs = Vec::new();
    for kind in [
        openita_core::background::COMPUTE_RESULTS,
        openita_core::background::EXPORT_RESPONSES,
        openita_core::background::CHECK_OIT_LINKS,
        "no_such_kind",
    ] {
        let mut tx = app.db().begin_write().await?;
        let job = openita_db::queries::jobs::enqueue(
            tx.conn(),
            kind,
            "{not json",
            None,
            "admin",
            None,
            &openita_types::thai_time::to_db_text(core.now()),
        )
        .await?;
        tx.commit().await?;
        jobs.push(job.id);
    }
    assert_eq!(app.run_jobs().await, 4);
    for id in jobs {
        let api = app.get(&format!("/api/v1/jobs/{id}"), Some(&token)).await;
        assert_eq!(api.json()["status"], "failed", "{}", api.text);
        let error = api.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(
            error.contains("ระบบขัดข้อง") && error.contains("reference"),
            "{error}"
        );
        for cause in [
            "expected",
            "line 1",
            "json",
            "no_such_kind",
            "internal error",
        ] {
            assert!(!error.contains(cause), "the cause leaked: {error}");
        }
        let page = app.get(&format!("/jobs/{id}"), Some(&token)).await;
        assert_status!(page, 200);
        assert!(page.text.contains("รหัสอ้างอิง"), "{}", page.text);
        assert!(!page.text.contains("line 1"), "{}", page.text);
    }
    Ok(())
}

/// A job acts as the user who queued it, loaded when it runs: an account deactivated in
/// between does not act through its queued job (it used to be rebuilt from the payload's role).
#[tokio::test]
async fn a_job_of_an_account_deactivated_since_does_not_run()
-> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let agency = app.token("agency-admin").await;
    let queued = app
        .call(
            axum::http::Method::POST,
            &format!(
                "/api/v1/cycles/{}/agencies/{}/oit/check",
                app.fixture.year, app.fixture.agency
            ),
            Some(&agency),
            None,
        )
        .await;
    assert_status!(queued, 202);
    let id = queued.json()["id"].as_i64().unwrap_or_default();
    // Kept by id, not rebuilt from a role string.
    let (by, user): (Option<i64>, i64) = sqlx::query_as(
        "SELECT jobs.created_by_id, users.id FROM jobs, users \
         WHERE jobs.id = $1 AND users.username = 'agency-admin'",
    )
    .bind(id)
    .fetch_one(app.db().pool())
    .await?;
    assert_eq!(by, Some(user));
    sqlx::query("UPDATE users SET active = 0 WHERE username = 'agency-admin'")
        .execute(app.db().pool())
        .await?;
    assert_eq!(app.run_jobs().await, 1);
    let admin = app.token("admin").await;
    let job = app
        .get(&format!("/api/v1/jobs/{id}"), Some(&admin))
        .await
        .json();
    assert_eq!(job["status"], "failed", "{job}");
    let error = job["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("ถูกปิดใช้งาน") && error.contains("deactivated"),
        "{error}"
    );
    Ok(())
}
