//! The province committee's OIT pre-check: coordinators of the agency's area mark answers
//! item by item before the executive approves; the agency sees the mark and the note.

use crate::{
    assert_status,
    oit::{answer_all, base, with_oit_calendar},
};
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::{Value, json};

fn item<'a>(oit: &'a Value, code: &str) -> &'a Value {
    oit["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["code"] == code))
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn the_committee_marks_an_answer_and_the_agency_sees_the_note() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    answer_all(&app, &admin).await;
    let coordinator = app.token("coordinator").await;
    let mark = format!("{}/O1/precheck", base(&app));

    // The table of O1 lists both Chaiyaphum agencies, ours answered, with its link.
    let table = app
        .get(
            "/api/v1/cycles/2568/provinces/36/oit-precheck?item=O1",
            Some(&coordinator),
        )
        .await;
    assert_status!(table, 200);
    let t = table.json();
    assert_eq!(t["item"]["code"], "O1");
    assert_eq!(t["agencies"].as_array().map(Vec::len), Some(2));
    assert_eq!(t["answered"], 1);

    for (body, word) in [
        (json!({"status": "needs_work", "note": ""}), "ต้องแก้ไขอะไร"),
        (json!({"status": "maybe", "note": "x"}), "ตรวจแล้ว"),
    ] {
        let r = app
            .call(Method::PUT, &mark, Some(&coordinator), Some(body))
            .await;
        assert_status!(r, 422);
        assert!(r.text.contains(word), "{}", r.text);
    }
    let note = "ลิงก์ต้องชี้ไปที่โครงสร้างหน่วยงานปี 2568";
    let r = app
        .call(
            Method::PUT,
            &mark,
            Some(&coordinator),
            Some(json!({"status": "needs_work", "note": note})),
        )
        .await;
    assert_status!(r, 200);

    let oit = app.get(&base(&app), Some(&admin)).await.json();
    assert_eq!(item(&oit, "O1")["precheck"]["status"], "needs_work");
    assert_eq!(item(&oit, "O1")["precheck"]["note"], note);
    assert!(item(&oit, "O2")["precheck"].is_null());
    let page = app
        .get(
            &format!("/cycles/2568/agencies/{}/oit/O1", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert!(
        page.text.contains(note),
        "the agency's page of the item shows the note"
    );
    // Nothing the agency entered changed.
    assert_eq!(item(&oit, "O1")["published"], true);

    let table = app
        .get(
            "/api/v1/cycles/2568/provinces/36/oit-precheck?item=O1",
            Some(&coordinator),
        )
        .await
        .json();
    assert_eq!(table["needs_work"], 1);
    let audit = app
        .get(
            "/api/v1/audit?action=oit.precheck",
            Some(&app.token("admin").await),
        )
        .await;
    assert!(audit.text.contains("oit.precheck"), "{}", audit.text);
}

#[tokio::test]
async fn only_the_areas_coordinators_mark_and_only_before_approval() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    let body = json!({"status": "checked", "note": ""});
    let mark = |code: &str| format!("/api/v1/cycles/2568/agencies/{code}/oit/O1/precheck");
    for user in ["agency-admin", "agency-executive", "admin", "assessor"] {
        let token = app.token(user).await;
        let r = app
            .call(
                Method::PUT,
                &mark("6360201"),
                Some(&token),
                Some(body.clone()),
            )
            .await;
        assert_status!(r, 403);
    }
    let district = app.token("district-coordinator").await;
    let r = app
        .call(
            Method::PUT,
            &mark("5360101"),
            Some(&district),
            Some(body.clone()),
        )
        .await;
    assert_status!(r, 404);
    let r = app
        .call(
            Method::PUT,
            &mark("6360201"),
            Some(&district),
            Some(body.clone()),
        )
        .await;
    assert_status!(r, 200);
    let coordinator = app.token("coordinator").await;
    let r = app
        .call(
            Method::PUT,
            &mark("6810101"),
            Some(&coordinator),
            Some(body.clone()),
        )
        .await;
    assert_status!(r, 404);
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2568/agencies/6360201/oit/O99/precheck",
            Some(&coordinator),
            Some(body.clone()),
        )
        .await;
    assert_status!(r, 404);

    // Approved by the executive: closed.
    crate::oit::answered_and_approved(&app).await;
    let r = app
        .call(
            Method::PUT,
            &mark("6360201"),
            Some(&coordinator),
            Some(body),
        )
        .await;
    assert_status!(r, 409);
    let page = app
        .get(
            "/cycles/2568/provinces/36/oit-precheck?item=O1",
            Some(&coordinator),
        )
        .await;
    assert_status!(page, 200);
    assert!(
        page.text.contains("ตรวจทานล่วงหน้าไม่ได้อีก"),
        "the closed row says so"
    );
}

#[tokio::test]
async fn the_precheck_page_marks_through_a_form() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    let coordinator = app.token("coordinator").await;
    let page = app
        .get(
            "/cycles/2568/provinces/36/oit-precheck?item=O2",
            Some(&coordinator),
        )
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("ตรวจทานคำตอบ OIT ล่วงหน้า"));
    assert!(
        page.text
            .contains("/cycles/2568/agencies/6360201/oit/O2/precheck")
    );
    let one_district = app
        .get(
            "/cycles/2568/provinces/36/oit-precheck?item=O2&district=เมืองชัยภูมิ",
            Some(&coordinator),
        )
        .await;
    assert_status!(one_district, 200);
    assert!(one_district.text.contains("id=\"a-5360101\""));
    assert!(
        !one_district.text.contains("id=\"a-6360201\""),
        "the other district is left out"
    );
    let missing_item = app
        .get(
            "/cycles/2568/provinces/36/oit-precheck?item=ZZ",
            Some(&coordinator),
        )
        .await;
    assert_status!(missing_item, 404);
}
