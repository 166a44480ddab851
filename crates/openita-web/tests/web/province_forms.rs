//! A province's report forms (`/api/v1/cycles/{year}/provinces/{province}/forms/{form}.xlsx`
//! and `.pdf`) from live data: Thai headings, the fixture agencies' figures, dated in the
//! Buddhist era and signed with the coordinator's name and role; a district coordinator's
//! forms list its district only; outsiders are refused; the forms page links them all.

use crate::{assert_status, headcount::approved_headcount, year_on_year::pdf_text};
use axum::http::{Method, header};
use openita_testing::{TestApp, TestResponse};
use serde_json::{Value, json};

pub(crate) const FORMS: &str = "/api/v1/cycles/2568/provinces/36/forms";

pub(crate) const ALL: [(&str, &str); 5] = [
    ("stakeholders", "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย"),
    ("survey-progress", "แบบรายงานผลการตอบแบบวัด IIT และ EIT"),
    ("publicity", "แบบรายงานช่องทางการเผยแพร่ลิงก์แบบวัด IIT และ EIT"),
    ("oit-progress", "แบบรายงานความก้าวหน้าการตอบแบบวัด OIT"),
    ("quarterly", "แบบรายงานผลการดำเนินงานการประเมิน ITA รายไตรมาส"),
];

/// The only sheet of an XLSX as text, row by row (numbers as `40`, empty cells as "").
pub(crate) fn sheet(r: &TestResponse) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(r.body.clone()))
        .unwrap_or_else(|e| panic!("not an XLSX: {e}; {}", r.text));
    let names = book.sheet_names();
    assert_eq!(names.len(), 1, "{names:?}");
    let range = book
        .worksheet_range(&names[0])
        .unwrap_or_else(|e| panic!("{e}"));
    // calamine's range starts at the first used cell: the title is in A1, so it is (0, 0).
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The value under `heading` (a column heading such as "หน่วยงาน (Agency)") in the row whose
/// second cell is `code`.
pub(crate) fn cell(rows: &[Vec<String>], code: &str, heading: &str) -> String {
    let header = rows
        .iter()
        .find(|r| r.iter().any(|c| c == heading))
        .unwrap_or_else(|| panic!("no heading {heading:?} in {rows:?}"));
    let col = header.iter().position(|c| c == heading).unwrap_or_default();
    let row = rows
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == code))
        .unwrap_or_else(|| panic!("no row for {code} in {rows:?}"));
    row.get(col).cloned().unwrap_or_default()
}

pub(crate) fn codes(rows: &[Vec<String>]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r.get(1))
        .filter(|c| c.len() == 7 && c.chars().all(|ch| ch.is_ascii_digit()))
        .cloned()
        .collect()
}

pub(crate) fn has(rows: &[Vec<String>], text: &str) -> bool {
    rows.iter().flatten().any(|c| c == text)
}

/// Text without any whitespace: PDF lines may wrap anywhere in Thai.
pub(crate) fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(crate) fn assert_pdf_has(r: &TestResponse, expected: &[&str]) {
    assert!(r.body.starts_with(b"%PDF"), "{}", r.text);
    let text = squash(&pdf_text(&r.body));
    for e in expected {
        assert!(text.contains(&squash(e)), "{e:?} not in: {text}");
    }
}

pub(crate) async fn dashboard_line(app: &TestApp, token: &str, code: &str) -> Value {
    let board = app
        .get("/api/v1/cycles/2568/provinces/36/dashboard", Some(token))
        .await
        .json();
    board["agencies"]
        .as_array()
        .and_then(|a| a.iter().find(|l| l["agency"]["code"] == code))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn the_stakeholders_form_shows_the_approved_headcount_and_the_minimums() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    approved_headcount(&app, 40).await;
    let line = dashboard_line(&app, &token, "6360201").await;
    let iit_minimum = line["iit"]["minimum"].as_i64().unwrap_or_default();
    assert!(iit_minimum > 0, "{line}");

    // By the province's Thai name too.
    let r = app
        .get(
            "/api/v1/cycles/2568/provinces/ชัยภูมิ/forms/stakeholders.xlsx",
            Some(&token),
        )
        .await;
    assert_status!(r, 200);
    let disposition = r
        .headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("stakeholders-36-2568.xlsx"),
        "{disposition}"
    );
    let rows = sheet(&r);
    assert_eq!(
        rows[0][0],
        "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568"
    );
    assert!(has(&rows, "ข้อมูล ณ วันที่ 1 มีนาคม 2568"), "{rows:?}");
    assert!(has(&rows, "หน่วยงาน (Agency)"), "{rows:?}");
    assert_eq!(
        cell(&rows, "6360201", "จำนวนบุคลากรภายใน (Internal staff)"),
        "40"
    );
    assert_eq!(
        cell(&rows, "6360201", "สถานะการอนุมัติ (Approval)"),
        "อนุมัติแล้ว (Approved)"
    );
    assert_eq!(
        cell(&rows, "6360201", "ผู้ตอบ IIT ขั้นต่ำ (IIT minimum)"),
        iit_minimum.to_string()
    );
    match line["eit"]["minimum"].as_i64() {
        Some(m) => assert_eq!(
            cell(&rows, "6360201", "ผู้ตอบ EIT ขั้นต่ำ (EIT minimum)"),
            m.to_string()
        ),
        None => assert_eq!(cell(&rows, "6360201", "ผู้ตอบ EIT ขั้นต่ำ (EIT minimum)"), ""),
    }
    // The neighbour has entered nothing: listed, empty.
    assert_eq!(
        cell(&rows, "5360101", "จำนวนบุคลากรภายใน (Internal staff)"),
        ""
    );
    assert_eq!(
        cell(&rows, "5360101", "สถานะการอนุมัติ (Approval)"),
        "ยังไม่กรอก (Not entered)"
    );
    // By district (บ้านเขว้า before เมืองชัยภูมิ), then code.
    assert_eq!(codes(&rows), ["6360201", "5360101"]);
    // Signed below the table.
    assert!(has(&rows, "(coordinator)"), "{rows:?}");
    assert!(
        has(&rows, "ตำแหน่ง ผู้ประสานงานจังหวัด (Province coordinator)"),
        "{rows:?}"
    );
    assert!(has(&rows, "จังหวัดชัยภูมิ"), "{rows:?}");

    let r = app
        .get(&format!("{FORMS}/stakeholders.pdf"), Some(&token))
        .await;
    assert_status!(r, 200);
    assert_pdf_has(
        &r,
        &[
            "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย จังหวัดชัยภูมิ",
            "ปีงบประมาณ พ.ศ. 2568",
            "ข้อมูล ณ วันที่ 1 มีนาคม 2568",
            "จำนวนบุคลากรภายใน",
            "6360201",
            "(coordinator)",
            "ผู้ประสานงานจังหวัด",
        ],
    );
}

#[tokio::test]
async fn every_form_opens_as_xlsx_and_pdf_titled_dated_and_signed() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    for (slug, name) in ALL {
        let r = app.get(&format!("{FORMS}/{slug}.xlsx"), Some(&admin)).await;
        assert_status!(r, 200);
        assert_eq!(
            r.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        let rows = sheet(&r);
        assert_eq!(
            rows[0][0],
            format!("{name} จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568"),
            "{slug}"
        );
        assert!(has(&rows, "ข้อมูล ณ วันที่ 1 มีนาคม 2568"), "{slug}");
        assert!(has(&rows, "(admin)"), "{slug}: {rows:?}");
        let r = app.get(&format!("{FORMS}/{slug}.pdf"), Some(&admin)).await;
        assert_status!(r, 200);
        assert_eq!(
            r.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/pdf")
        );
        assert_pdf_has(
            &r,
            &[
                name,
                "จังหวัดชัยภูมิ",
                "ปีงบประมาณ พ.ศ. 2568",
                "ข้อมูล ณ วันที่ 1 มีนาคม 2568",
                "(admin)",
                "ผู้ดูแลระบบ สำนักงาน ป.ป.ช.",
            ],
        );
    }
}

#[tokio::test]
async fn the_survey_progress_form_counts_responses_against_the_minimum() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    approved_headcount(&app, 40).await;
    let line = dashboard_line(&app, &token, "6360201").await;
    let minimum = line["iit"]["minimum"].as_i64().unwrap_or_default();
    let r = app
        .get(&format!("{FORMS}/survey-progress.xlsx"), Some(&token))
        .await;
    assert_status!(r, 200);
    let rows = sheet(&r);
    assert!(rows[0][0].starts_with("แบบรายงานผลการตอบแบบวัด IIT และ EIT จังหวัดชัยภูมิ"));
    assert_eq!(cell(&rows, "6360201", "IIT ผู้ตอบ (IIT responses)"), "0");
    assert_eq!(
        cell(&rows, "6360201", "IIT ขั้นต่ำ (IIT minimum)"),
        minimum.to_string()
    );
    assert_eq!(
        cell(&rows, "6360201", "IIT ขาดอีก (IIT short by)"),
        minimum.to_string()
    );
    // No minimum yet for the neighbour: nothing to be short of.
    assert_eq!(cell(&rows, "5360101", "IIT ขั้นต่ำ (IIT minimum)"), "");
    assert!(has(&rows, "รวม (Total)"), "{rows:?}");
}

#[tokio::test]
async fn the_publicity_form_lists_each_channel_and_agencies_that_reported_nothing() {
    let app = TestApp::new().await;
    let agency_admin = app.token("agency-admin").await;
    let body = json!({"channels": [
        {"kind": "website", "url": "https://6360201.example.go.th/ita"},
        {"kind": "poster", "note": "บอร์ดหน้าที่ทำการ"},
        {"kind": "line"},
    ]});
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2568/agencies/6360201/publicity",
            Some(&agency_admin),
            Some(body),
        )
        .await;
    assert_status!(r, 200);
    let token = app.token("coordinator").await;
    let r = app
        .get(&format!("{FORMS}/publicity.xlsx"), Some(&token))
        .await;
    assert_status!(r, 200);
    let rows = sheet(&r);
    assert_eq!(
        cell(&rows, "6360201", "เว็บไซต์ (Website)"),
        "https://6360201.example.go.th/ita"
    );
    assert_eq!(
        cell(
            &rows,
            "6360201",
            "โปสเตอร์/บอร์ดประชาสัมพันธ์ (Poster / notice board)"
        ),
        "บอร์ดหน้าที่ทำการ"
    );
    assert_eq!(cell(&rows, "6360201", "ไลน์ (LINE)"), "มี (Yes)");
    assert_eq!(cell(&rows, "6360201", "เฟซบุ๊ก (Facebook)"), "");
    assert_eq!(cell(&rows, "6360201", "จำนวนช่องทาง (Channels)"), "3");
    assert_eq!(
        cell(&rows, "6360201", "สถานะ (Status)"),
        "รายงานแล้ว (Reported)"
    );
    assert_eq!(
        cell(&rows, "5360101", "สถานะ (Status)"),
        "ยังไม่รายงาน (Not reported)"
    );
    assert_eq!(cell(&rows, "5360101", "จำนวนช่องทาง (Channels)"), "0");
    let r = app
        .get(&format!("{FORMS}/publicity.pdf"), Some(&token))
        .await;
    assert_status!(r, 200);
    assert_pdf_has(
        &r,
        &[
            "แบบรายงานช่องทางการเผยแพร่ลิงก์แบบวัด IIT และ EIT",
            // pdftotext reads a wrapped cell line by line: the host, not the whole URL.
            "6360201.example.go.th",
            "(Not reported)",
            "(Reported)",
        ],
    );
}

#[tokio::test]
async fn the_oit_progress_form_shows_items_state_and_links() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let line = dashboard_line(&app, &token, "6360201").await;
    let total = line["oit"]["total"].as_i64().unwrap_or_default();
    assert!(total > 0, "{line}");
    let r = app
        .get(&format!("{FORMS}/oit-progress.xlsx"), Some(&token))
        .await;
    assert_status!(r, 200);
    let rows = sheet(&r);
    assert_eq!(cell(&rows, "6360201", "ตอบแล้ว (ข้อ) (Answered)"), "0");
    assert_eq!(cell(&rows, "6360201", "อนุมัติแล้ว (ข้อ) (Approved)"), "0");
    assert_eq!(
        cell(&rows, "6360201", "ทั้งหมด (ข้อ) (Items)"),
        total.to_string()
    );
    assert_eq!(cell(&rows, "6360201", "เสียคะแนน (ข้อ) (Items lost)"), "0");
    assert_eq!(
        cell(&rows, "6360201", "สถานะ (State)"),
        format!(
            "{}",
            match line["oit"]["state"].as_str() {
                Some("draft") => "ฉบับร่าง (Draft)",
                other => panic!("unexpected fixture state {other:?}"),
            }
        )
    );
    assert_eq!(cell(&rows, "6360201", "ลิงก์ใช้ไม่ได้ (Failing links)"), "0");
}

#[tokio::test]
async fn the_quarterly_form_lists_the_plan_and_the_counts() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/cycles/2568/provinces/36/plan",
            Some(&token),
            Some(json!({
                "title": "ติดตามหน่วยงานที่ตอบ IIT ไม่ครบ",
                "start": "2025-02-01",
                "end": "2025-03-31",
                "responsible": "สำนักงานจังหวัดชัยภูมิ",
                "status": "in_progress",
            })),
        )
        .await;
    assert_status!(r, 201);
    approved_headcount(&app, 40).await;
    let r = app
        .get(&format!("{FORMS}/quarterly.xlsx"), Some(&token))
        .await;
    assert_status!(r, 200);
    let rows = sheet(&r);
    assert!(
        has(
            &rows,
            "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2568 (1 มกราคม 2568 – 31 มีนาคม 2568)"
        ),
        "{rows:?}"
    );
    let figure = |label: &str| {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| c == label))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_else(|| panic!("no {label:?} in {rows:?}"))
    };
    assert_eq!(figure("หน่วยงานที่รับการประเมิน (Agencies assessed)"), "2");
    assert_eq!(figure("ลงทะเบียนผู้ใช้แล้ว (Registered)"), "1");
    assert_eq!(figure("อนุมัติจำนวนบุคลากรแล้ว (Headcount approved)"), "1");
    assert_eq!(figure("IIT ยังไม่ถึงจำนวนขั้นต่ำ (IIT below the minimum)"), "1");
    assert_eq!(figure("เสี่ยงไม่ผ่านเกณฑ์ (At risk of not passing)"), "2");
    let activity = rows
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == "ติดตามหน่วยงานที่ตอบ IIT ไม่ครบ"))
        .unwrap_or_else(|| panic!("no activity in {rows:?}"));
    assert_eq!(activity[2], "1 กุมภาพันธ์ 2568 – 31 มีนาคม 2568");
    assert_eq!(activity[4], "กำลังดำเนินการ (In progress)");
    let r = app
        .get(&format!("{FORMS}/quarterly.pdf"), Some(&token))
        .await;
    assert_status!(r, 200);
    assert_pdf_has(
        &r,
        &[
            "แบบรายงานผลการดำเนินงานการประเมิน ITA รายไตรมาส",
            "ไตรมาสที่ 2",
            "ติดตามหน่วยงานที่ตอบ IIT ไม่ครบ",
            "กำลังดำเนินการ",
            "(coordinator)",
        ],
    );
}
