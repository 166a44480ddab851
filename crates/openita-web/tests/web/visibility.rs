//! The one visibility rule, seen from outside: a district coordinator reads its district's
//! agencies only and changes nothing; an assessor reaches an agency's OIT only in the cycle it
//! is assigned in. The fixture's district coordinator watches บ้านเขว้า (6360201); 5360101 is
//! in เมืองชัยภูมิ, 6810101 in Krabi.

use crate::assert_status;
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::{Value, json};

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_district_coordinator_sees_its_district_and_nothing_else() {
    let app = TestApp::new().await;
    let token = app.token("district-coordinator").await;
    let list = app.get("/api/v1/agencies", Some(&token)).await;
    assert_status!(list, 200);
    assert_eq!(codes(&list.json()), vec!["6360201".to_string()]);

    // Asking for the province's other district, or another province, is refused.
    for query in ["?province=36&district=เมืองชัยภูมิ", "?province=กระบี่"]
    {
        let r = app
            .get(&format!("/api/v1/agencies{query}"), Some(&token))
            .await;
        assert_status!(r, 403);
    }

    // Its own agency's pages and cycle data: yes. The same province's other district: 404.
    for (code, want) in [("6360201", 200), ("5360101", 404), ("6810101", 404)] {
        for path in [
            format!("/api/v1/agencies/{code}"),
            format!("/api/v1/cycles/2568/agencies/{code}/status"),
            format!("/api/v1/cycles/2568/agencies/{code}/oit"),
            format!("/cycles/2568/agencies/{code}"),
        ] {
            let r = app.get(&path, Some(&token)).await;
            assert_eq!(r.status.as_u16(), want, "{path}: {}", r.text);
        }
    }

    // The progress list is the district's.
    let progress = app.get("/api/v1/cycles/2568/progress", Some(&token)).await;
    assert_status!(progress, 200);
    assert_eq!(codes(&progress.json()), vec!["6360201".to_string()]);
    // The province coordinator's is the whole province.
    let province = app.token("coordinator").await;
    let all = app
        .get("/api/v1/cycles/2568/progress", Some(&province))
        .await;
    let mut got = codes(&all.json());
    got.sort();
    assert_eq!(got, vec!["5360101".to_string(), "6360201".to_string()]);
}

#[tokio::test]
async fn coordinators_read_but_never_change_agency_data() {
    let app = TestApp::new().await;
    app.set_calendar(json!({"headcount": {"start": "2025-01-06", "end": "2025-03-31"}}))
        .await;
    let base = format!("/api/v1/cycles/2568/agencies/{}", app.fixture.agency);
    for user in ["coordinator", "district-coordinator"] {
        let token = app.token(user).await;
        for (method, path, body) in [
            (
                Method::PUT,
                format!("{base}/headcount"),
                Some(json!({"internal_staff": 40})),
            ),
            (Method::POST, format!("{base}/headcount/approve"), None),
            (Method::POST, format!("{base}/survey-links/rotate"), None),
            (
                Method::PUT,
                format!("{base}/oit/O1"),
                Some(json!({"published": true, "urls": ["https://example.go.th/"], "note": ""})),
            ),
            (Method::POST, format!("{base}/oit/submit"), None),
            (
                Method::PUT,
                format!("/api/v1/agencies/{}", app.fixture.agency),
                Some(json!({"name_th": "x"})),
            ),
        ] {
            let r = app.call(method.clone(), &path, Some(&token), body).await;
            assert_status!(r, 403);
        }
        let status = app.get(&format!("{base}/status"), Some(&token)).await;
        assert_eq!(
            status.json()["headcount"],
            Value::Null,
            "{user} changed nothing"
        );
    }
}

#[tokio::test]
async fn an_assessor_reaches_an_agencys_oit_only_in_the_cycle_it_is_assigned_in() {
    let app = TestApp::new().await;
    app.create_cycle(2569, "ita-2568").await;
    let token = app.token("assessor").await;
    let oit = |year: i64| format!("/api/v1/cycles/{year}/agencies/6360201/oit");
    assert_status!(app.get(&oit(2568), Some(&token)).await, 200);
    assert_status!(app.get(&oit(2569), Some(&token)).await, 404);
    // Master data: the agencies assigned in any cycle.
    let list = app.get("/api/v1/agencies", Some(&token)).await;
    assert_eq!(codes(&list.json()), vec!["6360201".to_string()]);
    assert_status!(app.get("/api/v1/agencies/5360101", Some(&token)).await, 404);
    let idle = app.token("idle-assessor").await;
    assert_eq!(
        codes(&app.get("/api/v1/agencies", Some(&idle)).await.json()),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn a_district_coordinator_is_created_with_a_district_of_its_province() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let create = |body: Value| {
        let admin = admin.clone();
        let app = &app;
        async move {
            app.call(Method::POST, "/api/v1/users", Some(&admin), Some(body))
                .await
        }
    };
    let base = json!({"username": "khwao.coord", "password": "a long password 1",
        "role": "district-coordinator", "province": "ชัยภูมิ"});
    let mut missing = base.clone();
    let r = create(missing.clone()).await;
    assert_status!(r, 422);
    assert!(r.text.contains("ผู้ประสานงานอำเภอต้องระบุอำเภอ"), "{}", r.text);
    missing["district"] = json!("เมืองกระบี่");
    let r = create(missing).await;
    assert_status!(r, 422);
    assert!(r.text.contains("ไม่พบอำเภอ"), "{}", r.text);
    let mut wrong_role = base.clone();
    wrong_role["role"] = json!("province-coordinator");
    wrong_role["district"] = json!("บ้านเขว้า");
    assert_status!(create(wrong_role).await, 422);

    let mut ok = base.clone();
    ok["district"] = json!("บ้านเขว้า");
    let r = create(ok).await;
    assert_status!(r, 201);
    assert_eq!(r.json()["district"], "บ้านเขว้า");
    let session = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": "khwao.coord", "password": "a long password 1"})),
        )
        .await;
    assert_status!(session, 200);
    let body = session.json();
    assert_eq!(body["user"]["role"], "district-coordinator");
    assert_eq!(body["user"]["district"], "บ้านเขว้า");
    let token = body["token"].as_str().unwrap_or_default().to_string();
    let list = app.get("/api/v1/agencies", Some(&token)).await;
    assert_eq!(codes(&list.json()), vec!["6360201".to_string()]);
}

#[tokio::test]
async fn a_coordinator_looking_at_an_agency_issues_no_survey_links() {
    let app = TestApp::new().await;
    let count = || async {
        let mut conn = app.conn().await;
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM survey_links")
            .fetch_one(&mut *conn)
            .await
            .unwrap_or(-1)
    };
    let before = count().await;
    for user in ["coordinator", "district-coordinator"] {
        let token = app.token(user).await;
        let page = app
            .get(
                &format!("/cycles/2568/agencies/{}", app.fixture.agency),
                Some(&token),
            )
            .await;
        assert_status!(page, 200);
        assert!(page.text.contains("data-links=\"not-opened\""), "{user}");
        let api = app
            .get(
                &format!(
                    "/api/v1/cycles/2568/agencies/{}/survey-links",
                    app.fixture.agency
                ),
                Some(&token),
            )
            .await;
        assert_status!(api, 404);
    }
    assert_eq!(count().await, before, "nothing was issued by looking");
    // The agency's own admin opening the page issues them; then the coordinator sees them.
    let admin = app.token("agency-admin").await;
    let page = app
        .get(
            &format!("/cycles/2568/agencies/{}", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert_status!(page, 200);
    assert_eq!(count().await, before + 2);
    let coordinator = app.token("coordinator").await;
    let api = app
        .get(
            &format!(
                "/api/v1/cycles/2568/agencies/{}/survey-links",
                app.fixture.agency
            ),
            Some(&coordinator),
        )
        .await;
    assert_status!(api, 200);
}
