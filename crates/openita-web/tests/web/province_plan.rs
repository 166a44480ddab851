//! A province's plan and deadlines: written by its coordinators only, read by them and the
//! NACC admin (deadlines by its agencies too); another province's coordinator gets 404, the
//! agency roles 403; bad input 422 in Thai; XLSX and PDF copies; every write audited.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::{PASSWORD, TestApp};
use serde_json::{Value, json};

pub(crate) const PLAN: &str = "/api/v1/cycles/2568/provinces/36/plan";

pub(crate) fn activity(title: &str, start: &str, end: &str, status: &str) -> Value {
    json!({
        "title": title,
        "start": start,
        "end": end,
        "responsible": "สำนักงานจังหวัดชัยภูมิ, อำเภอทุกอำเภอ",
        "status": status,
        "note": "ตามหนังสือจังหวัด",
    })
}

/// A coordinator of Krabi (81), made through the API.
pub(crate) async fn krabi_coordinator(app: &TestApp) -> String {
    let admin = app.token("admin").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(
                json!({"username": "krabi-coordinator", "password": PASSWORD,
                        "role": "province-coordinator", "province": "กระบี่"}),
            ),
        )
        .await;
    assert_status!(r, 201);
    app.token("krabi-coordinator").await
}

pub(crate) async fn audit_actions(app: &TestApp, object_type: &str) -> Vec<(String, Value, Value)> {
    let admin = app.token("admin").await;
    let r = app
        .get(
            &format!("/api/v1/audit?object_type={object_type}"),
            Some(&admin),
        )
        .await;
    assert_status!(r, 200);
    r.json()["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or_default().to_string(),
                e["before"].clone(),
                e["after"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_province_coordinator_adds_lists_updates_and_deletes_plan_activities_with_audit() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&token),
            Some(activity(
                "ประชุมชี้แจงหน่วยงาน",
                "2025-01-10",
                "2025-01-10",
                "planned",
            )),
        )
        .await;
    assert_status!(r, 201);
    let id = r.json()["id"].as_i64().unwrap_or_default();
    assert!(id > 0);
    assert_eq!(r.json()["status"], "planned");
    assert_eq!(r.json()["province"], "36");
    let r = app
        .call(
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
    assert_status!(r, 201);
    // By Thai name too, and in date order.
    let list = app
        .get("/api/v1/cycles/2568/provinces/ชัยภูมิ/plan", Some(&token))
        .await;
    assert_status!(list, 200);
    assert_eq!(list.json().as_array().map(Vec::len), Some(2));
    assert_eq!(list.json()[0]["title"], "ประชุมชี้แจงหน่วยงาน");

    let r = app
        .call(
            Method::PUT,
            &format!("{PLAN}/{id}"),
            Some(&token),
            Some(activity(
                "ประชุมชี้แจงหน่วยงาน",
                "2025-01-10",
                "2025-01-12",
                "done",
            )),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(r.json()["status"], "done");
    assert_eq!(r.json()["end"], "2025-01-12");

    let admin = app.token("admin").await;
    let as_admin = app.get(PLAN, Some(&admin)).await;
    assert_status!(as_admin, 200);
    assert_eq!(as_admin.json().as_array().map(Vec::len), Some(2));

    let r = app
        .call(Method::DELETE, &format!("{PLAN}/{id}"), Some(&token), None)
        .await;
    assert_status!(r, 204);
    let r = app
        .call(Method::DELETE, &format!("{PLAN}/{id}"), Some(&token), None)
        .await;
    assert_status!(r, 404);
    assert_eq!(
        app.get(PLAN, Some(&token))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let audit = audit_actions(&app, "province_plan").await;
    let actions: Vec<&str> = audit.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "province_plan.add")
            .count(),
        2,
        "{actions:?}"
    );
    let update = audit.iter().find(|(a, _, _)| a == "province_plan.update");
    let Some((_, before, after)) = update else {
        panic!("no update in the audit log: {actions:?}");
    };
    assert_eq!(before["status"], "planned");
    assert_eq!(after["status"], "done");
    let delete = audit.iter().find(|(a, _, _)| a == "province_plan.delete");
    assert!(
        delete.is_some_and(|(_, b, a)| b["title"] == "ประชุมชี้แจงหน่วยงาน" && a.is_null()),
        "{audit:?}"
    );
}

#[tokio::test]
async fn another_provinces_coordinator_gets_404_and_agency_roles_get_403() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&token),
            Some(activity("ก", "2025-01-01", "2025-01-02", "planned")),
        )
        .await;
    assert_status!(r, 201);
    let id = r.json()["id"].as_i64().unwrap_or_default();

    let krabi = krabi_coordinator(&app).await;
    for (method, path, body) in [
        (Method::GET, PLAN.to_string(), None),
        (
            Method::POST,
            PLAN.to_string(),
            Some(activity("ข", "2025-01-01", "2025-01-02", "planned")),
        ),
        (
            Method::PUT,
            format!("{PLAN}/{id}"),
            Some(activity("ข", "2025-01-01", "2025-01-02", "planned")),
        ),
        (Method::DELETE, format!("{PLAN}/{id}"), None),
        (Method::GET, format!("{PLAN}.xlsx"), None),
        (Method::GET, format!("{PLAN}.pdf"), None),
        (
            Method::GET,
            "/api/v1/cycles/2568/provinces/36/deadlines".to_string(),
            None,
        ),
    ] {
        let r = app.call(method.clone(), &path, Some(&krabi), body).await;
        assert_status!(r, 404);
    }
    // Chaiyaphum's coordinator cannot see Krabi's either.
    let r = app
        .get("/api/v1/cycles/2568/provinces/กระบี่/plan", Some(&token))
        .await;
    assert_status!(r, 404);
    // An activity id of Chaiyaphum under Krabi's path is no activity of Krabi's.
    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/cycles/2568/provinces/81/plan/{id}"),
            Some(&krabi),
            None,
        )
        .await;
    assert_status!(r, 404);

    for user in ["agency-admin", "agency-executive", "assessor"] {
        let t = app.token(user).await;
        assert_status!(app.get(PLAN, Some(&t)).await, 403);
        let r = app
            .call(
                Method::POST,
                PLAN,
                Some(&t),
                Some(activity("ค", "2025-01-01", "2025-01-02", "planned")),
            )
            .await;
        assert_status!(r, 403);
    }
    // The NACC admin reads but does not write.
    let admin = app.token("admin").await;
    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&admin),
            Some(activity("ง", "2025-01-01", "2025-01-02", "planned")),
        )
        .await;
    assert_status!(r, 403);
}

#[tokio::test]
async fn an_activity_of_another_year_is_404() {
    let app = TestApp::new().await;
    app.create_cycle(2569, "ita-2568").await;
    let token = app.token("coordinator").await;
    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&token),
            Some(activity("ก", "2025-01-01", "2025-01-02", "planned")),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let other_year = format!("/api/v1/cycles/2569/provinces/36/plan/{id}");
    let r = app
        .call(
            Method::PUT,
            &other_year,
            Some(&token),
            Some(activity("ข", "2025-01-01", "2025-01-02", "done")),
        )
        .await;
    assert_status!(r, 404);
    assert_status!(
        app.call(Method::DELETE, &other_year, Some(&token), None)
            .await,
        404
    );
    assert_status!(
        app.get("/api/v1/cycles/2570/provinces/36/plan", Some(&token))
            .await,
        404
    );
    assert_status!(
        app.get("/api/v1/cycles/2568/provinces/99/plan", Some(&token))
            .await,
        404
    );
}

#[tokio::test]
async fn invalid_dates_status_and_empty_text_get_422_with_thai_messages() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&token),
            Some(activity("ก", "2025-03-31", "2025-03-01", "planned")),
        )
        .await;
    assert_status!(r, 422);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"),
        "{}",
        r.text
    );

    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&token),
            Some(activity("ก", "03/31/2025", "2025-03-01", "finished")),
        )
        .await;
    assert_status!(r, 422);
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("อ่านวันที่ \"03/31/2025\" ไม่ได้ ใช้ วัน/เดือน/ปี พ.ศ."),
        "month first is no date: {message}"
    );
    assert!(message.contains("สถานะต้องเป็น"), "{message}");

    let mut empty = activity("   ", "2025-03-01", "2025-03-02", "planned");
    empty["responsible"] = json!("");
    let r = app
        .call(Method::POST, PLAN, Some(&token), Some(empty))
        .await;
    assert_status!(r, 422);
    assert!(
        r.text.contains("โปรดระบุชื่อกิจกรรม") && r.text.contains("โปรดระบุผู้รับผิดชอบ"),
        "{}",
        r.text
    );

    let long = "ก".repeat(301);
    let r = app
        .call(
            Method::POST,
            PLAN,
            Some(&token),
            Some(activity(&long, "2025-03-01", "2025-03-02", "planned")),
        )
        .await;
    assert_status!(r, 422);
    // English on request.
    let request = Request::post(PLAN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from(
            activity("ก", "2025-03-31", "2025-03-01", "planned").to_string(),
        ))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(r.text.contains("end date may not be before"), "{}", r.text);
    assert_eq!(
        app.get(PLAN, Some(&token))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}
