//! Documents a province sends its agencies: uploaded by its coordinators (PDF, XLSX or DOCX,
//! told by content), listed and downloaded by the province's agencies, hidden from others.

use crate::{assert_status, province_plan::krabi_coordinator};
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;

const DOCS: &str = "/api/v1/cycles/2568/provinces/36/documents";

fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn xlsx_bytes() -> Vec<u8> {
    let mut t = openita_reports::xlsx::TableWriter::new("แบบฟอร์ม", &["หน่วยงาน", "จำนวน"])
        .unwrap_or_else(|e| panic!("{e}"));
    t.row(&[
        openita_reports::xlsx::Cell::from("อบต."),
        openita_reports::xlsx::Cell::from(3),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    t.finish().unwrap_or_else(|e| panic!("{e}"))
}

async fn upload(
    app: &TestApp,
    token: &str,
    query: &str,
    bytes: Vec<u8>,
) -> openita_testing::TestResponse {
    let request = Request::post(format!("{DOCS}?{query}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap_or_default();
    app.send(request).await
}

#[tokio::test]
async fn a_province_document_is_uploaded_by_its_coordinator_and_downloaded_by_its_agencies_only() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = upload(
        &app,
        &token,
        "title=%E0%B8%84%E0%B8%B9%E0%B9%88%E0%B8%A1%E0%B8%B7%E0%B8%AD%20ITA&filename=..%2F..%2F%E0%B8%84%E0%B8%B9%E0%B9%88%E0%B8%A1%E0%B8%B7%E0%B8%AD%22.exe",
        pdf_bytes(),
    )
    .await;
    assert_status!(r, 201);
    let doc = r.json();
    assert_eq!(doc["title"], "คู่มือ ITA");
    assert_eq!(
        doc["filename"], "คู่มือ_.pdf",
        "no folders, no quotes, the content's extension"
    );
    assert_eq!(doc["content_type"], "application/pdf");
    let id = doc["id"].as_i64().unwrap_or_default();
    let r = upload(&app, &token, "filename=form.xlsx", xlsx_bytes()).await;
    assert_status!(r, 201);
    assert_eq!(r.json()["title"], "form.xlsx");

    for user in ["agency-admin", "agency-executive", "admin", "coordinator"] {
        let t = app.token(user).await;
        let list = app.get(DOCS, Some(&t)).await;
        assert_status!(list, 200);
        assert_eq!(list.json().as_array().map(Vec::len), Some(2), "{user}");
        let file = app.get(&format!("{DOCS}/{id}"), Some(&t)).await;
        assert_status!(file, 200);
        assert_eq!(file.body, pdf_bytes(), "{user}");
        let disposition = file
            .headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            disposition.starts_with("attachment; filename=\""),
            "{disposition}"
        );
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
        assert_eq!(
            file.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/pdf")
        );
    }
    // Krabi's agency and Krabi's coordinator see nothing of Chaiyaphum's.
    let far = app.token("far-agency-admin").await;
    assert_status!(app.get(DOCS, Some(&far)).await, 404);
    assert_status!(app.get(&format!("{DOCS}/{id}"), Some(&far)).await, 404);
    let krabi = krabi_coordinator(&app).await;
    assert_status!(app.get(&format!("{DOCS}/{id}"), Some(&krabi)).await, 404);
    assert_status!(
        app.get(
            &format!("/api/v1/cycles/2568/provinces/81/documents/{id}"),
            Some(&krabi)
        )
        .await,
        404
    );
    // The assessor is not among the readers.
    let assessor = app.token("assessor").await;
    assert_status!(app.get(DOCS, Some(&assessor)).await, 403);

    // The documents page lists them for the agency, without the upload form.
    let agency = app.token("agency-admin").await;
    let page = app
        .get("/cycles/2568/provinces/36/documents", Some(&agency))
        .await;
    assert_status!(page, 200);
    assert!(
        page.text.contains("คู่มือ ITA") && !page.text.contains("enctype=\"multipart/form-data\"")
    );

    // Delete, audited.
    assert_status!(
        app.call(Method::DELETE, &format!("{DOCS}/{id}"), Some(&agency), None)
            .await,
        403
    );
    assert_status!(
        app.call(Method::DELETE, &format!("{DOCS}/{id}"), Some(&token), None)
            .await,
        204
    );
    assert_status!(app.get(&format!("{DOCS}/{id}"), Some(&agency)).await, 404);
    let admin = app.token("admin").await;
    let audit = app
        .get("/api/v1/audit?object_type=province_document", Some(&admin))
        .await
        .json();
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "province_document.upload")
            .count(),
        2,
        "{actions:?}"
    );
    assert!(actions.contains(&"province_document.delete"), "{actions:?}");
}

#[tokio::test]
async fn a_province_document_must_be_a_pdf_xlsx_or_docx_by_content_and_not_too_large() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = upload(
        &app,
        &token,
        "filename=manual.pdf",
        b"MZ\x90\x00 this is a program".to_vec(),
    )
    .await;
    assert_status!(r, 422);
    assert!(
        r.text.contains("รับเฉพาะไฟล์ PDF, XLSX หรือ DOCX"),
        "{}",
        r.text
    );
    let r = upload(&app, &token, "filename=empty.pdf", Vec::new()).await;
    assert_status!(r, 422);
    let mut big = pdf_bytes();
    big.resize(openita_core::provinces::MAX_DOCUMENT_BYTES + 1, b' ');
    let r = upload(&app, &token, "filename=big.pdf", big).await;
    assert!(
        r.status == 413 || r.status == 422,
        "{} {}",
        r.status,
        r.text
    );
    let agency = app.token("agency-admin").await;
    assert_status!(
        upload(&app, &agency, "filename=a.pdf", pdf_bytes()).await,
        403
    );
    assert_eq!(
        app.get(DOCS, Some(&token))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn the_province_documents_page_uploads_a_file_and_deletes_after_confirmation() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let boundary = "XyZ";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nปฏิทิน ITA\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"calendar.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
    body.extend_from_slice(&pdf_bytes());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post("/cycles/2568/provinces/36/documents")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 303);
    let list = app.get(DOCS, Some(&token)).await.json();
    assert_eq!(list[0]["title"], "ปฏิทิน ITA");
    assert_eq!(list[0]["filename"], "calendar.pdf");
    let id = list[0]["id"].as_i64().unwrap_or_default();
    let confirm = format!("/cycles/2568/provinces/36/documents/{id}/delete");
    let page = app.get(&confirm, Some(&token)).await;
    assert_status!(page, 200);
    assert!(page.text.contains("ต้องการลบเอกสารนี้ใช่หรือไม่"));
    let request = Request::post(&confirm)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap_or_default();
    assert_status!(app.send(request).await, 303);
    assert_eq!(
        app.get(DOCS, Some(&token))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}
