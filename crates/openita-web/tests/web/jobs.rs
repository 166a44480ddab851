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
