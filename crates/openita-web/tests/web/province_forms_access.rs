//! Who gets a province's report forms: a district coordinator's list only its district;
//! outsiders, another province and unknown forms are refused; the forms page links them all.

use crate::province_forms::*;
use crate::{assert_status, province_plan::krabi_coordinator, year_on_year::pdf_text};
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_testing::TestApp;

#[tokio::test]
async fn a_district_coordinators_forms_list_only_its_district() {
    let app = TestApp::new().await;
    let token = app.token("district-coordinator").await;
    for (slug, _) in ALL {
        let r = app.get(&format!("{FORMS}/{slug}.xlsx"), Some(&token)).await;
        assert_status!(r, 200);
        let rows = sheet(&r);
        assert!(
            rows[0][0].contains("อำเภอบ้านเขว้า จังหวัดชัยภูมิ"),
            "{slug}: {}",
            rows[0][0]
        );
        if slug != "quarterly" {
            assert_eq!(codes(&rows), ["6360201"], "{slug}");
        }
        assert!(has(&rows, "(district-coordinator)"), "{slug}");
        assert!(
            has(&rows, "ตำแหน่ง ผู้ประสานงานอำเภอ (District coordinator)"),
            "{slug}: {rows:?}"
        );
    }
    let r = app
        .get(&format!("{FORMS}/stakeholders.pdf"), Some(&token))
        .await;
    assert_status!(r, 200);
    assert_pdf_has(
        &r,
        &[
            "อำเภอบ้านเขว้า",
            "6360201",
            "(district-coordinator)",
            "ผู้ประสานงานอำเภอ",
        ],
    );
    assert!(!pdf_text(&r.body).contains("5360101"));
    // Another district of the province is not theirs.
    let r = app
        .get(
            &format!("{FORMS}/stakeholders.xlsx?district=เมืองชัยภูมิ"),
            Some(&token),
        )
        .await;
    assert_status!(r, 404);
    // A province coordinator may narrow its forms to one district.
    let coordinator = app.token("coordinator").await;
    let r = app
        .get(
            &format!("{FORMS}/stakeholders.xlsx?district=บ้านเขว้า"),
            Some(&coordinator),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(codes(&sheet(&r)), ["6360201"]);
}

#[tokio::test]
async fn outsiders_another_province_and_unknown_forms_are_refused() {
    let app = TestApp::new().await;
    for user in ["far-agency-admin", "agency-admin", "agency-executive"] {
        let t = app.token(user).await;
        assert_status!(
            app.get(&format!("{FORMS}/stakeholders.xlsx"), Some(&t))
                .await,
            403
        );
    }
    assert_status!(
        app.get(&format!("{FORMS}/stakeholders.pdf"), None).await,
        401
    );
    let coordinator = app.token("coordinator").await;
    for path in [
        "/api/v1/cycles/2568/provinces/81/forms/stakeholders.xlsx",
        "/api/v1/cycles/2568/provinces/กระบี่/forms/quarterly.pdf",
    ] {
        assert_status!(app.get(path, Some(&coordinator)).await, 404);
    }
    // Krabi's own coordinator reads Krabi's forms, not Chaiyaphum's.
    let krabi = krabi_coordinator(&app).await;
    assert_status!(
        app.get(&format!("{FORMS}/stakeholders.xlsx"), Some(&krabi))
            .await,
        404
    );
    let r = app
        .get(
            "/api/v1/cycles/2568/provinces/81/forms/stakeholders.xlsx",
            Some(&krabi),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(codes(&sheet(&r)), ["6810101"]);

    // An unknown form (or format) is a 404 in Thai, or in English when asked.
    for file in ["budget.xlsx", "stakeholders.csv", "stakeholders"] {
        let r = app
            .get(&format!("{FORMS}/{file}"), Some(&coordinator))
            .await;
        assert_status!(r, 404);
        assert_eq!(r.json()["error"]["code"], "not_found", "{}", r.text);
        let message = r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains("ไม่มีแบบรายงาน"), "{message}");
        assert!(message.contains("survey-progress"), "{message}");
    }
    let request = Request::get(format!("{FORMS}/budget.pdf"))
        .header(header::AUTHORIZATION, format!("Bearer {coordinator}"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = app.send(request).await;
    assert_status!(r, 404);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("No report form \"budget.pdf\"")),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn the_forms_page_links_every_form_and_is_linked_from_the_drive_and_the_plan() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let page = app
        .get("/cycles/2568/provinces/36/forms", Some(&token))
        .await;
    assert_status!(page, 200);
    assert!(
        page.text
            .contains("แบบรายงาน จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568")
    );
    for (slug, name) in ALL {
        assert!(page.text.contains(name), "{name}");
        for ext in ["xlsx", "pdf"] {
            let link = format!("{FORMS}/{slug}.{ext}");
            assert!(page.text.contains(&format!("href=\"{link}\"")), "{link}");
        }
    }
    // Narrowed to a district: the links carry it.
    let page = app
        .get(
            "/cycles/2568/provinces/36/forms?district=บ้านเขว้า",
            Some(&token),
        )
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("อำเภอบ้านเขว้า จังหวัดชัยภูมิ"));
    assert!(page.text.contains("/forms/stakeholders.pdf?district="));

    for from in [
        "/cycles/2568/provinces/36",
        "/cycles/2568/provinces/36/plan",
    ] {
        let r = app.get(from, Some(&token)).await;
        assert_status!(r, 200);
        assert!(
            r.text.contains("/cycles/2568/provinces/36/forms"),
            "{from} does not link the forms"
        );
    }
    // A district coordinator's page: its district, no district to choose.
    let district = app.token("district-coordinator").await;
    let page = app
        .get("/cycles/2568/provinces/36/forms", Some(&district))
        .await;
    assert_status!(page, 200);
    assert!(page.text.contains("อำเภอบ้านเขว้า จังหวัดชัยภูมิ"));
    assert!(!page.text.contains("<select id=\"district\""));
    let agency = app.token("agency-admin").await;
    assert_status!(
        app.get("/cycles/2568/provinces/36/forms", Some(&agency))
            .await,
        403
    );
}
