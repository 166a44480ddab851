//! A province's plan as files (the XLSX with Thai headings, the PDF titled and dated in
//! Thai), its deadlines shown on the agency page, and the plan page that asks before deleting.

use crate::province_plan::*;
use crate::{assert_status, year_on_year::pdf_text};
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;
use serde_json::json;

#[tokio::test]
async fn the_plan_xlsx_opens_with_thai_headings_and_the_activities() {
    use calamine::{Data, Reader};
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    app.call(
        Method::POST,
        PLAN,
        Some(&token),
        Some(activity(
            "นำข้อมูล OIT ขึ้นเว็บไซต์",
            "2025-03-01",
            "2025-03-31",
            "in_progress",
        )),
    )
    .await;
    let r = app.get(&format!("{PLAN}.xlsx"), Some(&token)).await;
    assert_status!(r, 200);
    let disposition = r
        .headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("plan-36-2568.xlsx"),
        "{disposition}"
    );
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(r.body))
        .unwrap_or_else(|e| panic!("not an XLSX: {e}"));
    let sheet = book.sheet_names().first().cloned().unwrap_or_default();
    let range = book
        .worksheet_range(&sheet)
        .unwrap_or_else(|e| panic!("{e}"));
    let cell = |row: u32, col: u32| match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(cell(0, 1), "กิจกรรม (Activity)");
    assert_eq!(cell(0, 4), "ผู้รับผิดชอบ (Responsible)");
    assert_eq!(cell(1, 0), "1");
    assert_eq!(cell(1, 1), "นำข้อมูล OIT ขึ้นเว็บไซต์");
    assert_eq!(cell(1, 2), "1 มีนาคม 2568");
    assert_eq!(cell(1, 3), "31 มีนาคม 2568");
    assert_eq!(cell(1, 5), "กำลังดำเนินการ (In progress)");
    // The NACC admin may download it too.
    let admin = app.token("admin").await;
    assert_status!(app.get(&format!("{PLAN}.xlsx"), Some(&admin)).await, 200);
}

#[tokio::test]
async fn the_plan_pdf_is_titled_and_dated_in_thai() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    app.call(
        Method::POST,
        PLAN,
        Some(&token),
        Some(activity(
            "ประชุมคณะทำงาน ITA จังหวัด",
            "2025-01-15",
            "2025-01-15",
            "done",
        )),
    )
    .await;
    let r = app.get(&format!("{PLAN}.pdf"), Some(&token)).await;
    assert_status!(r, 200);
    assert!(r.body.starts_with(b"%PDF"));
    let text = pdf_text(&r.body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "แผนการขับเคลื่อนการประเมิน ITA จังหวัดชัยภูมิ",
        "ปีงบประมาณ พ.ศ. 2568",
        "1 มีนาคม 2568",
        "ประชุมคณะทำงาน ITA จังหวัด",
        "coordinator",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in: {flat}");
    }
}

#[tokio::test]
async fn province_deadlines_are_replaced_by_the_coordinator_and_shown_on_the_agency_page() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let path = "/api/v1/cycles/2568/provinces/36/deadlines";
    let r = app
        .call(
            Method::PUT,
            path,
            Some(&token),
            Some(json!([
                {"label_th": "ส่งรายงานช่องทางเผยแพร่", "label_en": "Publicity report", "date": "2025-06-01"},
                {"label_th": "นำข้อมูล OIT ขึ้นเว็บไซต์", "date": "2025-03-31"},
            ])),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(r.json()[0]["date"], "2025-03-31", "date order: {}", r.text);

    // The province's agencies read them; Krabi's agency does not.
    let agency = app.token("agency-admin").await;
    let r = app.get(path, Some(&agency)).await;
    assert_status!(r, 200);
    assert_eq!(r.json().as_array().map(Vec::len), Some(2));
    let far = app.token("far-agency-admin").await;
    assert_status!(app.get(path, Some(&far)).await, 404);
    assert_status!(
        app.call(Method::PUT, path, Some(&agency), Some(json!([])))
            .await,
        403
    );

    let page = app
        .get("/cycles/2568/agencies/6360201", Some(&agency))
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("กำหนดการของจังหวัด"), "{}", page.text);
    assert!(
        page.text
            .contains("นำข้อมูล OIT ขึ้นเว็บไซต์: <strong>31 มีนาคม 2568</strong>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("ปฏิทินการประเมินระดับประเทศ"));
    // Krabi's agency page does not show Chaiyaphum's deadlines.
    let far_page = app.get("/cycles/2568/agencies/6810101", Some(&far)).await;
    assert_status!(far_page, 200);
    assert!(!far_page.text.contains("นำข้อมูล OIT ขึ้นเว็บไซต์"));

    let bad = app
        .call(
            Method::PUT,
            path,
            Some(&token),
            Some(json!([{"label_th": "", "date": "2025-13-01"}])),
        )
        .await;
    assert_status!(bad, 422);
    assert!(bad.text.contains("โปรดระบุชื่อกำหนดการ"), "{}", bad.text);

    let audit = audit_actions(&app, "province_deadlines").await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].0, "province_deadlines.replace");
    assert_eq!(audit[0].2.as_array().map(Vec::len), Some(2));
}

fn form_post(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

#[tokio::test]
async fn the_province_plan_page_adds_edits_and_deletes_only_after_a_confirmation() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let progress = app.get("/cycles/2568/progress", Some(&token)).await;
    assert_status!(progress, 200);
    assert!(
        progress
            .text
            .contains("href=\"/cycles/2568/provinces/36/plan\""),
        "the progress page links to the plan"
    );

    let page = app
        .get("/cycles/2568/provinces/36/plan", Some(&token))
        .await;
    assert_status!(page, 200);
    assert!(
        page.text
            .contains("แผนการขับเคลื่อนการประเมิน ITA จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568")
    );
    assert!(page.text.contains("plan.pdf") && page.text.contains("plan.xlsx"));
    assert!(page.text.contains("name=\"_csrf\""));

    let bad = app
        .send(form_post(
            "/cycles/2568/provinces/36/plan",
            &token,
            "title=%E0%B8%81&start=2025-03-02&end=2025-03-01&responsible=x&status=planned&note=",
        ))
        .await;
    assert_status!(bad, 422);
    assert!(bad.text.contains("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"));
    assert!(
        bad.text.contains("value=\"2025-03-02\""),
        "the typed values come back"
    );

    let ok = app
        .send(form_post("/cycles/2568/provinces/36/plan", &token, "title=%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1&start=2025-03-01&end=2025-03-02&responsible=%E0%B8%AA%E0%B8%99%E0%B8%87.&status=planned&note="))
        .await;
    assert_status!(ok, 303);
    let list = app.get(PLAN, Some(&token)).await.json();
    let id = list[0]["id"].as_i64().unwrap_or_default();
    assert_eq!(list[0]["title"], "ประชุม");
    assert!(list[0]["note"].is_null(), "an empty note is no note");

    let edit = app
        .get(
            &format!("/cycles/2568/provinces/36/plan/{id}"),
            Some(&token),
        )
        .await;
    assert_status!(edit, 200);
    assert!(edit.text.contains("value=\"ประชุม\""));
    let saved = app
        .send(form_post(
            &format!("/cycles/2568/provinces/36/plan/{id}"),
            &token,
            "title=x&start=2025-03-01&end=2025-03-02&responsible=y&status=done&note=z",
        ))
        .await;
    assert_status!(saved, 303);
    assert_eq!(
        app.get(PLAN, Some(&token)).await.json()[0]["status"],
        "done"
    );

    // Delete: the link leads to a confirmation page; only its form deletes.
    let page = app
        .get("/cycles/2568/provinces/36/plan", Some(&token))
        .await;
    let confirm_path = format!("/cycles/2568/provinces/36/plan/{id}/delete");
    assert!(page.text.contains(&format!("href=\"{confirm_path}\"")));
    let confirm = app.get(&confirm_path, Some(&token)).await;
    assert_status!(confirm, 200);
    assert!(confirm.text.contains("ต้องการลบกิจกรรมนี้ออกจากแผนใช่หรือไม่"));
    assert!(confirm.text.contains(&format!("action=\"{confirm_path}\"")));
    assert_eq!(
        app.get(PLAN, Some(&token))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1),
        "showing the confirmation deletes nothing"
    );
    let deleted = app.send(form_post(&confirm_path, &token, "")).await;
    assert_status!(deleted, 303);
    assert_eq!(
        app.get(PLAN, Some(&token))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    // Deadlines from the page's editor.
    let saved = app
        .send(form_post(
            "/cycles/2568/provinces/36/deadlines",
            &token,
            "label_th_0=OIT&label_en_0=&date_0=2025-03-31&label_th_1=&label_en_1=&date_1=",
        ))
        .await;
    assert_status!(saved, 303);
    let d = app
        .get("/api/v1/cycles/2568/provinces/36/deadlines", Some(&token))
        .await
        .json();
    assert_eq!(
        d,
        json!([{"label_th": "OIT", "label_en": null, "date": "2025-03-31"}])
    );

    // The NACC admin sees the page without the forms; an agency admin is refused.
    let admin = app.token("admin").await;
    let as_admin = app
        .get("/cycles/2568/provinces/ชัยภูมิ/plan", Some(&admin))
        .await;
    assert_status!(as_admin, 200);
    assert!(
        !as_admin
            .text
            .contains("action=\"/cycles/2568/provinces/36/plan\"")
    );
    let agency = app.token("agency-admin").await;
    assert_status!(
        app.get("/cycles/2568/provinces/36/plan", Some(&agency))
            .await,
        403
    );
}
