//! Registering, editing, listing and importing agencies through the API.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;
use serde_json::json;

fn agency(code: &str) -> serde_json::Value {
    json!({"code": code, "name_th": "องค์การบริหารส่วนตำบลทดสอบ", "type": "sao",
           "province": "ชัยภูมิ", "district": "คอนสวรรค์", "website": "https://test.go.th"})
}

#[tokio::test]
async fn an_agency_is_created_read_back_and_edited() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/agencies",
            Some(&token),
            Some(agency("6360301")),
        )
        .await;
    assert_status!(r, 201);
    let created = r.json();
    assert_eq!(created["province"], "ชัยภูมิ");
    assert_eq!(created["district"], "คอนสวรรค์");
    assert_eq!(created["type"], "sao");
    let mut changed = agency("6360301");
    changed["name_th"] = json!("เทศบาลตำบลทดสอบ");
    changed["type"] = json!("subdistrict_municipality");
    let r = app
        .call(
            Method::PUT,
            "/api/v1/agencies/6360301",
            Some(&token),
            Some(changed),
        )
        .await;
    assert_status!(r, 200);
    let r = app.get("/api/v1/agencies/6360301", Some(&token)).await;
    assert_eq!(r.json()["name_th"], "เทศบาลตำบลทดสอบ");
    assert_eq!(r.json()["type"], "subdistrict_municipality");
}

#[tokio::test]
async fn a_duplicate_code_is_refused_and_the_first_agency_is_kept() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let mut dup = agency(&app.fixture.agency);
    dup["name_th"] = json!("ชื่อใหม่ที่ไม่ควรถูกบันทึก");
    let r = app
        .call(Method::POST, "/api/v1/agencies", Some(&token), Some(dup))
        .await;
    assert_status!(r, 422);
    let kept = app
        .get(
            &format!("/api/v1/agencies/{}", app.fixture.agency),
            Some(&token),
        )
        .await;
    assert_eq!(kept.json()["name_th"], "องค์การบริหารส่วนตำบลบ้านเขว้า");
}

#[tokio::test]
async fn the_list_filters_by_province_district_and_type() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let count = |path: String| {
        let app = &app;
        let token = token.clone();
        async move {
            app.get(&path, Some(&token))
                .await
                .json()
                .as_array()
                .map(Vec::len)
                .unwrap_or(99)
        }
    };
    assert_eq!(count("/api/v1/agencies".into()).await, 3);
    assert_eq!(count("/api/v1/agencies?province=ชัยภูมิ".into()).await, 2);
    assert_eq!(count("/api/v1/agencies?province=Krabi".into()).await, 1);
    assert_eq!(
        count("/api/v1/agencies?province=ชัยภูมิ&type=sao".into()).await,
        1
    );
    assert_eq!(
        count("/api/v1/agencies?province=ชัยภูมิ&district=เมืองชัยภูมิ".into()).await,
        1
    );
    let bad = app.get("/api/v1/agencies?type=castle", Some(&token)).await;
    assert_status!(bad, 422);
    let page = app
        .get("/api/v1/agencies?per_page=2&page=2", Some(&token))
        .await;
    assert_eq!(page.json().as_array().map(Vec::len), Some(1));
    assert_eq!(
        page.headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok()),
        Some("3")
    );
}

#[tokio::test]
async fn an_import_saves_good_rows_names_bad_ones_and_updates_existing_codes() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let csv = format!(
        "\u{feff}code,name_th,type,province,district,website\n\
         6360401,อบต.หนึ่ง,sao,ชัยภูมิ,จัตุรัส,\n\
         6360402,อบต.สอง,castle,ชัยภูมิ,,\n\
         {},อบต.บ้านเขว้า (ชื่อใหม่),sao,ชัยภูมิ,บ้านเขว้า,\n\
         6360403,อบต.สาม,sao,ชัยภูมิ,ไม่มีอำเภอนี้,\n\
         6360401,อบต.หนึ่งซ้ำ,sao,ชัยภูมิ,,\n",
        app.fixture.agency
    );
    let request = Request::post("/api/v1/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from(csv))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 200);
    let report = r.json();
    assert_eq!(report["created"], 1);
    assert_eq!(report["updated"], 1);
    let rows: Vec<i64> = report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["row"].as_i64())
        .collect();
    assert_eq!(rows, [3, 5, 6]);
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("agency type"),
        "{report}"
    );
    let updated = app
        .get(
            &format!("/api/v1/agencies/{}", app.fixture.agency),
            Some(&token),
        )
        .await;
    assert_eq!(updated.json()["name_th"], "อบต.บ้านเขว้า (ชื่อใหม่)");
    let bad = app.get("/api/v1/agencies/6360402", Some(&token)).await;
    assert_status!(bad, 404);
}

#[tokio::test]
async fn a_file_without_the_required_columns_is_422_and_saves_nothing() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let request = Request::post("/api/v1/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from("name,colour\nx,blue\n"))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    let all = app.get("/api/v1/agencies", Some(&token)).await;
    assert_eq!(all.json().as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn an_xlsx_file_imports_like_a_csv() -> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in ["รหัส", "ชื่อหน่วยงาน", "ประเภท", "จังหวัด", "อำเภอ"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h)?;
    }
    for (row, (code, name)) in [(8130101.0, "อบต.ปากน้ำ"), (8130102.0, "อบต.ไสไทย")]
        .iter()
        .enumerate()
    {
        let r = row as u32 + 1;
        sheet.write_number(r, 0, *code)?;
        sheet.write_string(r, 1, *name)?;
        sheet.write_string(r, 2, "sao")?;
        sheet.write_string(r, 3, "กระบี่")?;
        sheet.write_string(r, 4, "เมืองกระบี่")?;
    }
    let request = Request::post("/api/v1/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(book.save_to_buffer()?))?;
    let r = app.send(request).await;
    assert_status!(r, 200);
    assert_eq!(r.json()["created"], 2, "{}", r.text);
    let got = app.get("/api/v1/agencies/8130101", Some(&token)).await;
    assert_eq!(got.json()["district"], "เมืองกระบี่");
    Ok(())
}

/// A 1.5 KB sheet that claims A1:XFD1048576 and has a value in that far corner once aborted
/// the whole process (a dense range of 17 billion cells). Now it is refused like any bad
/// file, the server goes on, and nothing of it is saved.
#[tokio::test]
async fn an_xlsx_with_a_cell_at_xfd1048576_is_refused_in_thai_and_english_and_the_server_lives_on()
{
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let file = openita_testing::spreadsheets::xlsx_with_a_far_cell();
    assert!(file.len() < 2_000, "{} bytes", file.len());
    for (lang, expected) in [
        ("th", "แถว 1048576 คอลัมน์ XFD"),
        ("en", "Row 1048576, column XFD has data beyond column 50"),
    ] {
        let request = Request::post("/api/v1/agencies/import")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(file.clone()))
            .unwrap_or_default();
        let r = app.send(request).await;
        assert_status!(r, 422);
        let message = r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(expected), "{lang}: {message}");
    }
    assert_status!(app.get("/api/v1/agencies/6360777", Some(&token)).await, 404);
    assert_status!(app.get("/api/v1/agencies", Some(&token)).await, 200);
}

#[tokio::test]
async fn an_agency_file_of_several_megabytes_is_read_and_a_larger_body_is_refused_in_both_languages()
 {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    // 3 MB: over axum's default of 2 MB, which once answered a bare English 413.
    let mut csv = String::from("code,name_th,type,province\n");
    while csv.len() < 3 * 1024 * 1024 {
        csv.push_str("1,2,3,4\n");
    }
    let request = Request::post("/api/v1/agencies/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from(csv))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(r.text.contains("more than 20000 rows"), "{}", r.text);
    // Past the 20 MB the importer reads: 413 in the API's shape and the reader's language.
    for (lang, expected) in [("th", "ใหญ่เกิน"), ("en", "larger than this address accepts")]
    {
        let request = Request::post("/api/v1/agencies/import")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(vec![b'x'; 21 * 1024 * 1024]))
            .unwrap_or_default();
        let r = app.send(request).await;
        assert_status!(r, 413);
        assert_eq!(r.json()["error"]["code"], "payload_too_large", "{}", r.text);
        let message = r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(expected), "{lang}: {message}");
    }
}
