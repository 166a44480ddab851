//! Cycles, their framework and calendar through the API; calendar windows in the core.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;
use openita_types::{FiscalYear, Phase};
use serde_json::json;

#[tokio::test]
async fn a_cycle_is_created_with_a_shipped_framework_once() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/cycles",
            Some(&token),
            Some(json!({"year": 2569, "framework": "ita-2568"})),
        )
        .await;
    assert_status!(r, 201);
    assert_eq!(r.json()["year"], 2569);
    assert_eq!(r.json()["opened"], false);
    let again = app
        .call(
            Method::POST,
            "/api/v1/cycles",
            Some(&token),
            Some(json!({"year": 2569, "framework": "ita-2568"})),
        )
        .await;
    assert_status!(again, 409);
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/cycles",
            Some(&token),
            Some(json!({"year": 2570, "framework": "ita-1999"})),
        )
        .await;
    assert_status!(unknown, 422);
    let ce_year = app
        .call(
            Method::POST,
            "/api/v1/cycles",
            Some(&token),
            Some(json!({"year": 2025, "framework": "ita-2568"})),
        )
        .await;
    assert_status!(ce_year, 422);
}

#[tokio::test]
async fn the_framework_has_the_contract_shape_and_round_trips() {
    let app = TestApp::new().await;
    let token = app.token("agency-admin").await;
    let r = app.get("/api/v1/cycles/2568/framework", Some(&token)).await;
    assert_status!(r, 200);
    let fw = r.json();
    assert_eq!(fw["year"], 2568);
    assert_eq!(fw["pass_mark"], 85);
    assert_eq!(fw["weights"], json!({"IIT": 30, "EIT": 30, "OIT": 40}));
    assert_eq!(fw["instruments"].as_array().map(Vec::len), Some(3));
    let oit_items: usize = fw["instruments"][2]["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["items"].as_array().map(Vec::len).unwrap_or(0))
        .sum();
    assert_eq!(oit_items, 28);
    let q = &fw["instruments"][0]["indicators"][0]["questions"][0];
    for key in [
        "id", "text_th", "text_en", "scale", "reverse", "optional", "weight",
    ] {
        assert!(!q[key].is_null(), "question lacks {key}: {q}");
    }
    assert!(fw["levels"].is_array() && fw["rating_rules"].is_array());
    assert_eq!(fw["sample_policy"], "flag");

    // What GET gives, PUT takes back before a cycle opens (2568's windows have started).
    let admin = app.token("admin").await;
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2568/framework",
            Some(&admin),
            Some(fw.clone()),
        )
        .await;
    assert_status!(r, 409);
    app.create_cycle(2569, "ita-2568").await;
    let mut for_2569 = fw.clone();
    for_2569["year"] = json!(2569);
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2569/framework",
            Some(&admin),
            Some(for_2569.clone()),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(r.json(), for_2569);
    let wrong_year = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2569/framework",
            Some(&admin),
            Some(fw),
        )
        .await;
    assert_status!(wrong_year, 422);
}

#[tokio::test]
async fn a_bad_framework_upload_names_the_place_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2569, "ita-2568").await;
    let before =
        app.get("/api/v1/cycles/2569", Some(&admin)).await.json()["framework_fingerprint"].clone();
    let mut fw = app
        .get("/api/v1/cycles/2569/framework", Some(&admin))
        .await
        .json();
    fw["weights"]["OIT"] = json!(30);
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2569/framework",
            Some(&admin),
            Some(fw),
        )
        .await;
    assert_status!(r, 422);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("weights"),
        "{}",
        r.text
    );
    let request = Request::put("/api/v1/cycles/2569/framework")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .body(Body::from("{\"year\": 2568,\n  \"pass_mark\": }"))
        .unwrap_or_default();
    let syntax = app.send(request).await;
    assert_status!(syntax, 422);
    assert!(
        syntax.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("line 2"),
        "{}",
        syntax.text
    );
    let after =
        app.get("/api/v1/cycles/2569", Some(&admin)).await.json()["framework_fingerprint"].clone();
    assert_eq!(before, after);
}

/// An upload larger than any framework is refused before it is parsed: a few megabytes of
/// numbers that are no simple fraction once held the request for minutes of CPU.
#[tokio::test]
async fn a_framework_upload_larger_than_a_megabyte_is_refused_unread() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2569, "ita-2568").await;
    let mut fw = app
        .get("/api/v1/cycles/2569/framework", Some(&admin))
        .await
        .json();
    let numbers: Vec<f64> = (0..120_000)
        .map(|i| 0.123_456_789 + f64::from(i) * 1e-9)
        .collect();
    fw["scales"]["yesno"] = json!(numbers);
    for (lang, expected) in [
        ("en", "more than the 1024 KB an upload may be"),
        ("th", "เกิน 1024 KB ที่อัปโหลดได้"),
    ] {
        let started = std::time::Instant::now();
        let request = Request::put("/api/v1/cycles/2569/framework")
            .header(header::AUTHORIZATION, format!("Bearer {admin}"))
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(fw.to_string()))
            .unwrap_or_default();
        let r = app.send(request).await;
        assert_status!(r, 422);
        let message = r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(expected), "{lang}: {message}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn the_framework_is_fixed_once_the_cycle_opens() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2569, "ita-2568").await;
    let replace = json!({"framework": "ita-2568"});
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2569/framework",
            Some(&admin),
            Some(replace.clone()),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(
        r.json()["year"],
        2569,
        "a shipped framework takes the cycle's year"
    );
    let r = app
        .call(Method::POST, "/api/v1/cycles/2569/open", Some(&admin), None)
        .await;
    assert_status!(r, 200);
    assert_eq!(r.json()["opened"], true);
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2569/framework",
            Some(&admin),
            Some(replace),
        )
        .await;
    assert_status!(r, 409);
    assert_eq!(r.json()["error"]["code"], "cycle_open");
}

#[tokio::test]
async fn a_calendar_put_sets_the_named_phases_and_keeps_the_others() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let body = json!({"oit_answer": {"start": "2025-01-06", "end": "2025-04-30T17:00:00+07:00"},
                      "clarification": {"start": "2568-06-01", "end": "2568-06-16"}});
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2568/calendar",
            Some(&admin),
            Some(body),
        )
        .await;
    assert_status!(r, 200);
    let cal = app
        .get("/api/v1/cycles/2568/calendar", Some(&admin))
        .await
        .json();
    assert_eq!(
        cal["iit"]["start"], "2025-02-01T00:00:00+07:00",
        "kept: {cal}"
    );
    assert_eq!(cal["oit_answer"]["end"], "2025-04-30T17:00:00+07:00");
    assert_eq!(cal["clarification"]["end"], "2025-06-16T23:59:59+07:00");
    let bad = json!({"voting": {"start": "2025-01-01", "end": "2025-01-02"},
                     "iit": {"start": "2025-05-01", "end": "2025-01-01"}});
    let r = app
        .call(
            Method::PUT,
            "/api/v1/cycles/2568/calendar",
            Some(&admin),
            Some(bad),
        )
        .await;
    assert_status!(r, 422);
    let unchanged = app
        .get("/api/v1/cycles/2568/calendar", Some(&admin))
        .await
        .json();
    assert_eq!(unchanged["iit"], cal["iit"]);
}

#[tokio::test]
async fn the_window_check_follows_the_clock_and_names_the_window() {
    let app = TestApp::new().await;
    let core = app.core();
    assert!(
        openita_core::cycles::require_window(core, FiscalYear::of(2568), Phase::Iit)
            .await
            .is_ok()
    );
    assert!(
        openita_core::cycles::require_window(core, FiscalYear::of(2568), Phase::Eit)
            .await
            .is_err(),
        "EIT has no window"
    );
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2025-06-01T00:00:00+07:00")
            .map(|t| t.to_utc())
            .unwrap_or_default(),
    );
    let err = openita_core::cycles::require_window(core, FiscalYear::of(2568), Phase::Iit)
        .await
        .err();
    let text = err.map(|e| e.text().th).unwrap_or_default();
    assert!(
        text.contains("ปิดแล้ว") && text.contains("31 พ.ค. 2568"),
        "{text}"
    );
}

#[tokio::test]
async fn assessors_are_assigned_to_existing_agencies_only() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let body = json!({"assessor": "idle-assessor", "agencies": [app.fixture.neighbour, app.fixture.far_agency]});
    let r = app
        .call(
            Method::POST,
            "/api/v1/cycles/2568/assignments",
            Some(&admin),
            Some(body),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(r.json()["assigned"].as_array().map(Vec::len), Some(2));
    let idle = app.token("idle-assessor").await;
    assert_eq!(
        app.get("/api/v1/agencies", Some(&idle))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let wrong = json!({"assessor": "agency-admin", "agencies": ["nope"]});
    let r = app
        .call(
            Method::POST,
            "/api/v1/cycles/2568/assignments",
            Some(&admin),
            Some(wrong),
        )
        .await;
    assert_status!(r, 422);
    assert_eq!(
        r.json()["error"]["fields"].as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn assessors_are_assigned_in_bulk_by_province_and_type() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let assign = |body: serde_json::Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.call(
                Method::POST,
                "/api/v1/cycles/2568/assignments",
                Some(&admin),
                Some(body),
            )
            .await
        }
    };
    // Chaiyaphum holds a SAO and a subdistrict municipality; only the SAO is of type `sao`.
    let r = assign(json!({"assessor": "idle-assessor", "province": "ชัยภูมิ", "type": "sao"})).await;
    assert_status!(r, 200);
    assert_eq!(r.json()["assigned"], json!([app.fixture.agency]));
    // The whole province by its code: the SAO is already there, the municipality is new.
    let r = assign(json!({"assessor": "idle-assessor", "province": "36"})).await;
    assert_status!(r, 200);
    assert_eq!(r.json()["assigned"], json!([app.fixture.neighbour]));
    assert_eq!(r.json()["already_assigned"], json!([app.fixture.agency]));
    // Every SAO in the country: Krabi's is added; codes and filters combine as a union.
    let r = assign(
        json!({"assessor": "idle-assessor", "type": "sao", "agencies": [app.fixture.neighbour]}),
    )
    .await;
    assert_status!(r, 200);
    assert_eq!(r.json()["assigned"], json!([app.fixture.far_agency]));
    // An unknown province or type is a field error in Thai, and nothing is assigned.
    let r = assign(json!({"assessor": "assessor", "province": "แอตแลนติส", "type": "castle"})).await;
    assert_status!(r, 422);
    let fields: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str().map(str::to_string))
        .collect();
    assert_eq!(fields, ["province", "type"]);
    // A filter matching nothing is refused rather than silently doing nothing.
    let r = assign(json!({"assessor": "assessor", "province": "กระบี่", "type": "pao"})).await;
    assert_status!(r, 422);
    let assessor = app.token("assessor").await;
    assert_eq!(
        app.get("/api/v1/agencies", Some(&assessor))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1),
        "the failed bulk requests assigned nothing"
    );
}

#[tokio::test]
async fn a_framework_carried_over_to_another_year_is_titled_for_that_year_and_says_so() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2570, "ita-2568").await;
    let fw = app
        .get("/api/v1/cycles/2570/framework", Some(&admin))
        .await
        .json();
    assert_eq!(fw["year"], 2570);
    let (th, en) = (
        fw["title_th"].as_str().unwrap_or_default(),
        fw["title_en"].as_str().unwrap_or_default(),
    );
    assert!(th.contains("พ.ศ. 2570") && !th.contains("2568"), "{th}");
    assert!(en.contains("2570 (2027)") && !en.contains("2568"), "{en}");
    assert!(
        fw["notes"][0]["th"]
            .as_str()
            .is_some_and(|n| n.contains("ใช้เกณฑ์ของปี 2568 สำหรับปี 2570")),
        "{}",
        fw["notes"]
    );
}
