//! Thai where people read: dates in the Buddhist era with Thai month names, the checker's
//! findings and the agency types in words rather than codes, the NACC's own terms, and a
//! sign-in page that says who really issues accounts.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_core::oit_review::LinkFinding;
use openita_db::queries::agencies;
use openita_testing::{TestApp, TestResponse};
use openita_types::{FiscalYear, LinkOutcome};

async fn page(app: &TestApp, username: &str, path: &str, lang: &str) -> TestResponse {
    let token = app.token(username).await;
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("openita_lang={lang}"))
        .body(Body::empty())
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 200);
    r
}

#[tokio::test]
async fn the_agency_page_gives_the_reference_date_in_thai_words_and_the_buddhist_era() {
    let app = TestApp::new().await;
    let path = format!("/cycles/2568/agencies/{}", app.fixture.agency);
    let thai = page(&app, "agency-admin", &path, "th").await;
    assert!(thai.text.contains("นับถึงวันที่ 1 มกราคม 2568"), "{}", thai.text);
    assert!(
        !thai.text.contains("2025-01-01"),
        "no ISO date on the Thai page"
    );
    let english = page(&app, "agency-admin", &path, "en").await;
    assert!(
        english.text.contains("as of 1 January 2025"),
        "{}",
        english.text
    );
}

fn check(agency_id: i64, item: &str, url: &str, outcome: &str, detail: &str) -> LinkFinding {
    let outcome = LinkOutcome::ALL
        .into_iter()
        .find(|o| o.code() == outcome)
        .unwrap_or_else(|| panic!("no outcome {outcome}"));
    LinkFinding {
        agency_id: openita_types::AgencyId::new(agency_id),
        item_code: item.into(),
        url: url.into(),
        outcome,
        http_status: (outcome.code() == "dead").then_some(404),
        final_url: None,
        content_type: None,
        size_bytes: None,
        redirects: Vec::new(),
        login_wall: outcome.code() == "login_required",
        year_found: false,
        detail: detail.into(),
    }
}

#[tokio::test]
async fn the_oit_page_names_each_finding_in_thai_words_not_codes() {
    let app = TestApp::new().await;
    let mut conn = app.conn().await;
    let agency_id = agencies::by_code(&mut conn, &app.fixture.agency)
        .await
        .ok()
        .flatten()
        .map(|a| a.id)
        .unwrap_or_default();
    drop(conn);
    let site = "https://6360201.example.go.th";
    let found = [
        check(agency_id, "O1", &format!("{site}/o1"), "dead", "HTTP 404"),
        check(
            agency_id,
            "O2",
            &format!("{site}/o2"),
            "wrong_year",
            "no 2568 in the text",
        ),
        check(
            agency_id,
            "O3",
            &format!("{site}/o3"),
            "login_required",
            "sign-in form",
        ),
        check(
            agency_id,
            "O4",
            &format!("{site}/o4"),
            "refused",
            "private address",
        ),
    ];
    openita_core::oit_review::save_link_checks(app.core(), FiscalYear::of(2568), &found)
        .await
        .unwrap_or_else(|e| panic!("saving the findings: {e}"));
    let path = format!("/cycles/2568/agencies/{}/oit", app.fixture.agency);
    // The list says which items have a failing link; each item's page says how it fails.
    let list = page(&app, "agency-admin", &path, "th").await;
    for item in ["O1", "O2", "O3", "O4"] {
        assert!(
            list.text
                .contains(&format!("id=\"{item}\" data-item-state=\"failing\"")),
            "{item}: {}",
            list.text
        );
    }
    let mut text = String::new();
    for item in ["O1", "O2", "O3", "O4"] {
        text.push_str(
            &page(&app, "agency-admin", &format!("{path}/{item}"), "th")
                .await
                .text,
        );
    }
    let thai = openita_testing::TestResponse { text, ..list };
    for words in [
        "ลิงก์เสีย เปิดไม่ได้",
        "ไม่พบปีงบประมาณที่กำหนด",
        "ต้องเข้าสู่ระบบก่อนจึงจะเปิดได้",
        "ลิงก์ไม่ถูกต้องหรือไม่อนุญาตให้ตรวจ",
    ] {
        assert!(thai.text.contains(words), "{words}: {}", thai.text);
    }
    for code in ["dead", "wrong_year", "login_required", "refused"] {
        assert!(
            !thai.text.contains(&format!("<strong>{code}</strong>")),
            "the code {code} is shown raw"
        );
        assert!(
            thai.text.contains(&format!("data-outcome=\"{code}\"")),
            "the code stays for machines"
        );
    }
    assert!(
        thai.text.contains("<span lang=\"en\">HTTP 404</span>"),
        "the checker's English detail is marked as English"
    );
    let english = page(&app, "agency-admin", &format!("{path}/O1"), "en").await;
    assert!(english.text.contains("<strong>Dead link</strong>"));
}

#[tokio::test]
async fn the_sign_in_page_says_the_nacc_administrator_issues_accounts() {
    let app = TestApp::new().await;
    for (lang, truth, claim) in [
        ("th", "ผู้ดูแลระบบ สำนักงาน ป.ป.ช.", "ผู้ประสานงานจังหวัด"),
        ("en", "NACC administrator", "coordinator"),
    ] {
        let request = Request::get("/login")
            .header(header::COOKIE, format!("openita_lang={lang}"))
            .body(Body::empty())
            .unwrap_or_default();
        let r = app.send(request).await;
        assert_status!(r, 200);
        assert!(r.text.contains(truth), "{lang}: {}", r.text);
        assert!(
            !r.text.contains(claim),
            "{lang}: coordinators cannot create accounts in this system"
        );
    }
}

#[tokio::test]
async fn the_instruments_are_called_by_the_nacc_word_for_them() {
    let app = TestApp::new().await;
    let path = format!("/cycles/2568/agencies/{}", app.fixture.agency);
    let agency = page(&app, "agency-admin", &path, "th").await;
    assert!(
        agency.text.contains("ลิงก์และ QR code แบบวัด"),
        "{}",
        agency.text
    );
    assert!(!agency.text.contains("แบบสอบถาม"));
}

#[tokio::test]
async fn a_province_office_is_listed_as_a_province() {
    let app = TestApp::new().await;
    let r = page(&app, "admin", "/agencies/new", "th").await;
    assert!(
        r.text.contains(">จังหวัด</option>") && !r.text.contains("ศาลากลางจังหวัด"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn provinces_are_offered_in_thai_dictionary_order() {
    let app = TestApp::new().await;
    let page = page(&app, "admin", "/agencies", "th").await;
    let at = |name: &str| {
        page.text
            .find(&format!(">{name}</option>"))
            .unwrap_or_else(|| panic!("{name} is offered"))
    };
    // Code-point order put every เ/แ/โ name after อ and อุบลราชธานี before อ่างทอง.
    assert!(at("อ่างทอง") < at("อุบลราชธานี"));
    assert!(at("ชัยภูมิ") < at("เชียงราย") && at("เชียงราย") < at("ตรัง"));
    assert!(at("พะเยา") < at("แพร่") && at("แพร่") < at("ภูเก็ต"));
    assert!(at("กระบี่") < at("อ่างทอง"));
}

#[tokio::test]
async fn thai_messages_carry_no_english_codes() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    crate::oit::answer_all(&app, &admin).await;
    let submit = format!("{}/submit", crate::oit::base(&app));
    let post = |token: String, path: String| {
        let app = &app;
        async move {
            app.call(axum::http::Method::POST, &path, Some(&token), None)
                .await
        }
    };
    assert_status!(post(admin.clone(), submit.clone()).await, 200);
    let again = post(admin.clone(), submit).await;
    assert_status!(again, 409);
    let message = again.json()["error"]["message"].to_string();
    assert!(
        message.contains("สถานะปัจจุบัน: ส่งแล้ว รอผู้บริหารอนุมัติ") && !message.contains("submitted"),
        "{message}"
    );
    // Computing published results: said in Thai, without "(reopen)".
    let nacc = app.token("admin").await;
    crate::results::compute(&app, &nacc).await;
    crate::results::publish(&app, &nacc, 2568).await;
    let r = post(nacc, "/api/v1/cycles/2568/results/compute".into()).await;
    let text = r.text;
    assert!(text.contains("เปิดทบทวนผล"), "{text}");
    assert!(!text.contains("reopen"), "{text}");
}
