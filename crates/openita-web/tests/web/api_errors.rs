//! Bad input gets the documented status and `{"error": {"code", "message"}}` in the client's
//! language, never a 500.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_400_and_wrongly_shaped_json_is_422() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let request = Request::post("/api/v1/agencies")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"code\": "))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 400);
    assert_eq!(r.json()["error"]["code"], "malformed_json");
    let r = app
        .call(
            Method::POST,
            "/api/v1/agencies",
            Some(&token),
            Some(json!({"code": 5})),
        )
        .await;
    assert_status!(r, 422);
    assert_eq!(r.json()["error"]["code"], "invalid_input");
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let english = Request::get("/api/v1/cycles/2999")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::empty())
        .unwrap_or_default();
    let r = app.send(english).await;
    assert_status!(r, 404);
    assert_eq!(
        r.json()["error"]["message"],
        "No assessment cycle for fiscal year 2999."
    );
    let thai = app.get("/api/v1/cycles/2999", Some(&token)).await;
    assert_eq!(
        thai.json()["error"]["message"],
        "ไม่พบรอบการประเมินปีงบประมาณ 2999"
    );
}

#[tokio::test]
async fn invalid_fields_are_listed_one_by_one() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let body =
        json!({"code": "bad code!", "name_th": "", "type": "castle", "province": "Atlantis"});
    let r = app
        .call(Method::POST, "/api/v1/agencies", Some(&token), Some(body))
        .await;
    assert_status!(r, 422);
    let json = r.json();
    let fields: Vec<&str> = json["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["code", "name_th", "type", "province"]);
}

#[tokio::test]
async fn unknown_endpoints_and_bad_path_values_are_json_404s_and_wrong_methods_405s() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    for (method, path, status) in [
        (Method::GET, "/api/v1/nothing-here", 404),
        (Method::DELETE, "/api/v1/agencies", 405),
        (Method::TRACE, "/api/v1/cycles", 405),
        (Method::GET, "/api/v1/cycles/not-a-year", 404),
    ] {
        let r = app.call(method.clone(), path, Some(&token), None).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.text);
        if status == 405 {
            // The methods the path does take, as HTTP asks of a 405.
            let allow = r.headers.get("allow").and_then(|v| v.to_str().ok());
            assert!(
                allow.is_some_and(|a| a.contains("GET") && a.contains("POST")),
                "{method} {path}: Allow {allow:?}"
            );
        }
        assert!(
            r.json()["error"]["code"].is_string(),
            "{method} {path}: {}",
            r.text
        );
    }
}

#[tokio::test]
async fn a_wrong_content_type_is_415_with_the_error_shape() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let request = Request::post("/api/v1/cycles")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("year=2569"))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 415);
    assert_eq!(r.json()["error"]["code"], "unsupported_media_type");
}

/// The users list names an unknown role as a mistake (it used to answer an empty list, as if
/// no such users existed); a known role still filters.
#[tokio::test]
async fn the_users_list_refuses_an_unknown_role_and_filters_by_a_known_one() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let r = app.get("/api/v1/users?role=superuser", Some(&admin)).await;
    assert_status!(r, 422);
    assert_eq!(
        r.json()["error"]["fields"][0]["field"],
        "role",
        "{}",
        r.text
    );
    let assessors = app.get("/api/v1/users?role=assessor", Some(&admin)).await;
    assert_status!(assessors, 200);
    let list = assessors.json();
    let roles: Vec<&str> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["role"].as_str())
        .collect();
    assert!(
        !roles.is_empty() && roles.iter().all(|r| *r == "assessor"),
        "{roles:?}"
    );
    assert_status!(app.get("/api/v1/users?role=", Some(&admin)).await, 200);
    // A parameter given twice: the Thai sentence names it, without serde's English words.
    let twice = app
        .get("/api/v1/users?role=assessor&role=nacc-admin", Some(&admin))
        .await;
    assert_status!(twice, 422);
    let body = twice.json();
    assert_eq!(
        body["error"]["fields"][0]["field"], "role",
        "{}",
        twice.text
    );
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("role") && !message.contains("Failed"),
        "{message}"
    );
}

/// Found by the schema fuzzer: a page number this large overflowed the offset and the
/// connection ended without an answer (the panic in a debug build; a wrapped, negative offset
/// in a release one). A page past the end is an empty page.
#[tokio::test]
async fn a_page_far_past_the_end_is_empty_not_a_crash() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    for path in [
        "/api/v1/audit?page=92233720368547760",
        "/api/v1/audit?page=9223372036854775807&per_page=500",
        "/api/v1/agencies?page=92233720368547760&per_page=500",
        "/audit?page=92233720368547760",
        "/agencies?page=92233720368547760",
    ] {
        let r = app.get(path, Some(&token)).await;
        assert_status!(r, 200);
        if path.starts_with("/api/v1/audit") {
            assert_eq!(r.json()["entries"], json!([]), "{path}");
            assert!(r.json()["total"].as_i64().unwrap_or(0) > 0, "{path}");
        } else if path.starts_with("/api/") {
            assert_eq!(r.json(), json!([]), "{path}");
        } else {
            // The clerk who typed the address is shown the way back.
            assert!(r.text.contains("ไปหน้าแรก"), "{}", r.text);
            assert!(r.text.contains("page=1"), "{}", r.text);
        }
    }
}

/// The return's body is optional: none, `null` (the document allows it; found by the schema
/// fuzzer, it was a 422) or `{"reason"}`. Not JSON at all is a 400, JSON of the wrong shape a
/// 422, as for the bodies that are required.
#[tokio::test]
async fn a_return_takes_no_body_null_or_a_reason_and_names_the_bodies_that_do_not_read() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let exec = app.token("agency-executive").await;
    let path = format!("{}/return", crate::oit::base(&app));
    for (body, status, code) in [
        ("null", 409, "wrong_state"),
        ("", 409, "wrong_state"),
        (
            r#"{"reason": "ข้อ O5 ลิงก์ยังเป็นของปีที่แล้ว"}"#,
            409,
            "wrong_state",
        ),
        ("{", 400, "malformed_json"),
        ("[1, 2]", 422, "invalid_input"),
    ] {
        let request = axum::http::Request::post(path.as_str())
            .header("authorization", format!("Bearer {exec}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap_or_default();
        let r = app.send(request).await;
        // A draft cannot go back: the body was read, and the state answered.
        assert_eq!(r.status.as_u16(), status, "{body:?}: {}", r.text);
        assert_eq!(r.json()["error"]["code"], code, "{body:?}");
    }
}
