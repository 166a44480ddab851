//! An agency reports where it published its survey links (`PUT .../publicity`): its admin
//! writes, its roles, its province's coordinators and the NACC admin read.

use crate::{assert_status, province_plan::krabi_coordinator};
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::json;

const PATH: &str = "/api/v1/cycles/2568/agencies/6360201/publicity";

#[tokio::test]
async fn the_agency_admin_reports_publicity_channels_that_the_province_reads() {
    let app = TestApp::new().await;
    let admin = app.token("agency-admin").await;
    let r = app.get(PATH, Some(&admin)).await;
    assert_status!(r, 200);
    assert_eq!(r.json()["channels"], json!([]));
    let body = json!({"channels": [
        {"kind": "website", "url": "https://6360201.example.go.th/ita"},
        {"kind": "facebook", "url": "https://facebook.com/abt.bankhwao", "note": "โพสต์ปักหมุด"},
        {"kind": "poster", "note": "บอร์ดหน้าที่ทำการ"},
        {"kind": "line"},
    ]});
    let r = app.call(Method::PUT, PATH, Some(&admin), Some(body)).await;
    assert_status!(r, 200);
    assert_eq!(r.json()["channels"].as_array().map(Vec::len), Some(4));
    assert_eq!(r.json()["updated_by"], "agency-admin");

    for user in ["agency-executive", "coordinator", "admin"] {
        let t = app.token(user).await;
        let r = app.get(PATH, Some(&t)).await;
        assert_status!(r, 200);
        assert_eq!(r.json()["channels"][1]["note"], "โพสต์ปักหมุด", "{user}");
        assert_eq!(r.json()["channels"][2]["kind"], "poster", "{user}");
    }
    let far = app.token("far-agency-admin").await;
    assert_status!(app.get(PATH, Some(&far)).await, 404);
    let krabi = krabi_coordinator(&app).await;
    assert_status!(app.get(PATH, Some(&krabi)).await, 404);
    let exec = app.token("agency-executive").await;
    assert_status!(
        app.call(
            Method::PUT,
            PATH,
            Some(&exec),
            Some(json!({"channels": []}))
        )
        .await,
        403
    );
    let coordinator = app.token("coordinator").await;
    assert_status!(
        app.call(
            Method::PUT,
            PATH,
            Some(&coordinator),
            Some(json!({"channels": []}))
        )
        .await,
        403
    );
    let far_put = app
        .call(Method::PUT, PATH, Some(&far), Some(json!({"channels": []})))
        .await;
    assert_status!(far_put, 404);

    // Audited with before and after.
    let nacc = app.token("admin").await;
    let audit = app
        .get("/api/v1/audit?action=publicity.set", Some(&nacc))
        .await
        .json();
    let entry = &audit["entries"][0];
    assert_eq!(entry["object_id"], "6360201");
    assert_eq!(entry["before"]["channels"], json!([]));
    assert_eq!(
        entry["after"]["channels"][0]["url"],
        "https://6360201.example.go.th/ita"
    );

    // The agency's page shows them and has the form for the admin.
    let page = app
        .get("/cycles/2568/agencies/6360201/publicity", Some(&admin))
        .await;
    assert_status!(page, 200);
    assert!(
        page.text.contains("https://facebook.com/abt.bankhwao")
            && page.text.contains("name=\"kind_0\"")
    );
    let cycle_page = app.get("/cycles/2568/agencies/6360201", Some(&admin)).await;
    assert!(
        cycle_page
            .text
            .contains("/cycles/2568/agencies/6360201/publicity")
    );
}

#[tokio::test]
async fn publicity_channels_are_checked() {
    let app = TestApp::new().await;
    let admin = app.token("agency-admin").await;
    for (channels, expected) in [
        (json!([{"kind": "website"}]), "โปรดระบุที่อยู่ (URL) ของเว็บไซต์"),
        (
            json!([{"kind": "facebook", "url": "  "}]),
            "โปรดระบุที่อยู่ (URL)",
        ),
        (
            json!([{"kind": "website", "url": "ftp://x.go.th"}]),
            "http:// หรือ https://",
        ),
        (
            json!([{"kind": "line", "url": "javascript:alert(1)"}]),
            "http:// หรือ https://",
        ),
        (json!([{"kind": "tiktok"}]), "ช่องทางต้องเป็น"),
    ] {
        let r = app
            .call(
                Method::PUT,
                PATH,
                Some(&admin),
                Some(json!({"channels": channels})),
            )
            .await;
        assert_status!(r, 422);
        assert!(r.text.contains(expected), "{expected}: {}", r.text);
    }
    let many: Vec<_> = (0..21).map(|_| json!({"kind": "poster"})).collect();
    let r = app
        .call(
            Method::PUT,
            PATH,
            Some(&admin),
            Some(json!({"channels": many})),
        )
        .await;
    assert_status!(r, 422);
    assert_eq!(
        app.get(PATH, Some(&admin)).await.json()["channels"],
        json!([])
    );

    // The page form: an unused row is dropped, a bad row comes back with the error.
    let request = axum::http::Request::post("/cycles/2568/agencies/6360201/publicity")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(axum::body::Body::from(
            "kind_0=website&url_0=&note_0=&kind_1=&url_1=&note_1=",
        ))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(r.text.contains("โปรดระบุที่อยู่ (URL) ของเว็บไซต์"));
    let request = axum::http::Request::post("/cycles/2568/agencies/6360201/publicity")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("kind_0=poster&url_0=&note_0=%E0%B8%9A%E0%B8%AD%E0%B8%A3%E0%B9%8C%E0%B8%94&kind_1=&url_1=&note_1="))
        .unwrap_or_default();
    assert_status!(app.send(request).await, 303);
    let got = app.get(PATH, Some(&admin)).await.json();
    assert_eq!(
        got["channels"],
        json!([{"kind": "poster", "url": null, "note": "บอร์ด"}])
    );
}
