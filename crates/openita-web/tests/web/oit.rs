//! The OIT workflow from draft to final, its windows, locks and who may do what.

use crate::assert_status;
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::{Value, json};

pub(crate) fn at(app: &TestApp, when: &str) {
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339(when)
            .map(|t| t.to_utc())
            .unwrap_or_default(),
    );
}

pub(crate) async fn with_oit_calendar(app: &TestApp) {
    let cal = json!({
        "oit_answer": {"start": "2025-01-06", "end": "2025-04-30"},
        "oit_review": {"start": "2025-05-01", "end": "2025-05-31"},
        "clarification": {"start": "2025-06-01", "end": "2025-06-16T17:00:00+07:00"},
        "confirmation": {"start": "2025-06-17", "end": "2025-06-30"}
    });
    app.set_calendar(cal).await;
}

pub(crate) fn base(app: &TestApp) -> String {
    format!("/api/v1/cycles/2568/agencies/{}/oit", app.fixture.agency)
}

pub(crate) async fn item_codes(app: &TestApp, token: &str) -> Vec<String> {
    app.get(&base(app), Some(token)).await.json()["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["code"].as_str().map(String::from))
        .collect()
}

pub(crate) async fn answer_all(app: &TestApp, token: &str) {
    for code in item_codes(app, token).await {
        let body = json!({"published": true, "urls": [format!("https://6360201.example.go.th/{code}")], "note": ""});
        assert_status!(
            app.call(
                Method::PUT,
                &format!("{}/{code}", base(app)),
                Some(token),
                Some(body)
            )
            .await,
            200
        );
    }
}

/// The fixture agency's OIT answered in full, submitted by its admin and approved by its
/// executive (inside the answer window).
pub(crate) async fn answered_and_approved(app: &TestApp) {
    let admin = app.token("agency-admin").await;
    answer_all(app, &admin).await;
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/submit", base(app)),
            Some(&admin),
            None
        )
        .await,
        200
    );
    let exec = app.token("agency-executive").await;
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/approve", base(app)),
            Some(&exec),
            None
        )
        .await,
        200
    );
}

#[tokio::test]
async fn one_agency_goes_from_draft_to_final() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;

    // Submitting with items unanswered lists them.
    let r = app
        .call(
            Method::POST,
            &format!("{}/submit", base(&app)),
            Some(&admin),
            None,
        )
        .await;
    assert_status!(r, 422);
    assert_eq!(
        r.json()["error"]["fields"].as_array().map(Vec::len),
        Some(28)
    );
    // Bad URLs are refused.
    let bad = json!({"published": true, "urls": ["ftp://x", "javascript:alert(1)"], "note": ""});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O1", base(&app)),
            Some(&admin),
            Some(bad)
        )
        .await,
        422
    );
    let no_link = json!({"published": true, "urls": [], "note": ""});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O1", base(&app)),
            Some(&admin),
            Some(no_link)
        )
        .await,
        422
    );
    answer_all(&app, &admin).await;
    // Assessors cannot score before approval.
    at(&app, "2025-05-02T09:00:00+07:00");
    let assessor = app.token("assessor").await;
    let early = app
        .call(
            Method::PUT,
            &format!("{}/O1/review", base(&app)),
            Some(&assessor),
            Some(json!({"score": 100, "reason": "ok"})),
        )
        .await;
    assert_status!(early, 409);
    at(&app, "2025-04-20T09:00:00+07:00");
    let (admin, exec, _) = (
        app.token("agency-admin").await,
        app.token("agency-executive").await,
        assessor,
    );
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/submit", base(&app)),
            Some(&admin),
            None
        )
        .await,
        200
    );
    // Submitted answers no longer change; the executive can send them back.
    let change = json!({"published": false, "urls": [], "note": "x"});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O3", base(&app)),
            Some(&admin),
            Some(change.clone())
        )
        .await,
        409
    );
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/return", base(&app)),
            Some(&exec),
            None
        )
        .await,
        200
    );
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O3", base(&app)),
            Some(&admin),
            Some(change)
        )
        .await,
        200
    );
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/submit", base(&app)),
            Some(&admin),
            None
        )
        .await,
        200
    );
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/approve", base(&app)),
            Some(&admin),
            None
        )
        .await,
        403
    );
    let approved = app
        .call(
            Method::POST,
            &format!("{}/approve", base(&app)),
            Some(&exec),
            None,
        )
        .await;
    assert_status!(approved, 200);
    assert_eq!(approved.json()["state"], "approved");

    // Review window: provisional scores, only allowed values, reasons required.
    at(&app, "2025-05-10T09:00:00+07:00");
    let (admin, assessor) = (app.token("agency-admin").await, app.token("assessor").await);
    let half = app
        .call(
            Method::PUT,
            &format!("{}/O1/review", base(&app)),
            Some(&assessor),
            Some(json!({"score": 50, "reason": "partly"})),
        )
        .await;
    assert_status!(half, 422);
    let codes = item_codes(&app, &assessor).await;
    for code in &codes {
        let score = if code == "O2" || code == "O3" { 0 } else { 100 };
        let body = json!({"score": score, "reason": format!("ตรวจแล้ว {code}")});
        assert_status!(
            app.call(
                Method::PUT,
                &format!("{}/{code}/review", base(&app)),
                Some(&assessor),
                Some(body)
            )
            .await,
            200
        );
    }
    let view = app.get(&base(&app), Some(&assessor)).await.json();
    assert_eq!(view["state"], "reviewed");
    // The agency does not see provisional scores before the clarification window.
    let hidden = app.get(&base(&app), Some(&admin)).await.json();
    assert!(
        hidden["items"][0]["provisional"].is_null(),
        "{}",
        hidden["items"][0]
    );

    // Clarification: only on chosen items, pointing at links already given.
    at(&app, "2025-06-05T09:00:00+07:00");
    let admin = app.token("agency-admin").await;
    let seen = app.get(&base(&app), Some(&admin)).await.json();
    let o2 = seen["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["code"] == "O2")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(o2["provisional"]["score"], 0.0);
    let new_link = json!({"text": "ดูเพิ่มเติมที่ https://elsewhere.example/new"});
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/O2/clarification", base(&app)),
            Some(&admin),
            Some(new_link)
        )
        .await,
        422
    );
    let ok = json!({"text": "ข้อมูลอยู่ในหน้าเดิม https://6360201.example.go.th/O2 ย่อหน้าที่ 2"});
    assert_status!(
        app.call(
            Method::POST,
            &format!("{}/O2/clarification", base(&app)),
            Some(&admin),
            Some(ok)
        )
        .await,
        200
    );

    // Confirmation: the objection is answered, the rest confirmed; finals lock.
    at(&app, "2025-06-20T09:00:00+07:00");
    let assessor = app.token("assessor").await;
    let fin = json!({"score": 100, "reason": "คำชี้แจงถูกต้อง ข้อมูลครบ"});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O2/final", base(&app)),
            Some(&assessor),
            Some(fin.clone())
        )
        .await,
        200
    );
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O2/final", base(&app)),
            Some(&assessor),
            Some(fin)
        )
        .await,
        409
    );
    let done = app
        .call(
            Method::POST,
            &format!("{}/confirm", base(&app)),
            Some(&assessor),
            None,
        )
        .await;
    assert_status!(done, 200);
    let done = done.json();
    assert_eq!(done["state"], "final");
    let finals: Vec<(String, f64)> = done["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["code"].as_str().unwrap_or("").to_string(),
                i["final"]["score"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(finals.len(), 28);
    for (code, score) in finals {
        // O3 was not published and nobody objected: silence accepts its provisional 0.
        assert_eq!(score, if code == "O3" { 0.0 } else { 100.0 }, "{code}");
    }
    let again = app
        .call(
            Method::PUT,
            &format!("{}/O1/review", base(&app)),
            Some(&assessor),
            Some(json!({"score": 0, "reason": "late"})),
        )
        .await;
    assert!(again.status == 409, "{}", again.text);

    // Every decision is in the audit log with the evidence it was made on.
    let nacc = app.token("admin").await;
    let log = app
        .get(
            "/api/v1/audit?action=oit.final_score&object_id=6360201/2568/O2",
            Some(&nacc),
        )
        .await
        .json();
    assert_eq!(log["total"], 1);
    assert_eq!(
        log["entries"][0]["before"]["clarification"],
        "ข้อมูลอยู่ในหน้าเดิม https://6360201.example.go.th/O2 ย่อหน้าที่ 2"
    );
    assert_eq!(
        log["entries"][0]["after"]["evidence"]["urls"][0],
        "https://6360201.example.go.th/O2"
    );
}

#[tokio::test]
async fn other_agencies_and_unassigned_assessors_cannot_see_or_touch_an_oit() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    let far = app.token("far-agency-admin").await;
    let idle = app.token("idle-assessor").await;
    assert_status!(app.get(&base(&app), Some(&far)).await, 404);
    assert_status!(app.get(&base(&app), Some(&idle)).await, 404);
    let body = json!({"published": true, "urls": ["https://x.example/"], "note": ""});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{}/O1", base(&app)),
            Some(&far),
            Some(body)
        )
        .await,
        404
    );
    let queue = app
        .get("/api/v1/cycles/2568/assessor/queue", Some(&idle))
        .await;
    assert_eq!(queue.json().as_array().map(Vec::len), Some(0));
    let assigned = app.token("assessor").await;
    let queue = app
        .get("/api/v1/cycles/2568/assessor/queue", Some(&assigned))
        .await;
    assert_eq!(queue.json()[0]["code"], app.fixture.agency.as_str());
}

#[tokio::test]
async fn answers_are_refused_outside_the_answer_window() {
    let app = TestApp::new().await;
    let admin = app.token("agency-admin").await;
    let body = json!({"published": true, "urls": ["https://x.example/"], "note": ""});
    let r = app
        .call(
            Method::PUT,
            &format!("{}/O1", base(&app)),
            Some(&admin),
            Some(body),
        )
        .await;
    assert_status!(r, 409);
    assert_eq!(r.json()["error"]["code"], "outside_window");
}

/// The OIT comes with what its reader may do now, decided by the core from the role, the
/// state and the calendar (the page used to work it out from state strings itself).
#[tokio::test]
async fn the_oit_says_what_its_reader_may_do_now() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    at(&app, "2025-04-20T09:00:00+07:00");
    let actions = |token: String| {
        let app = &app;
        async move {
            let r = app.get(&base(app), Some(&token)).await;
            assert_status!(r, 200);
            r.json()["actions"].clone()
        }
    };
    let admin = app.token("agency-admin").await;
    let exec = app.token("agency-executive").await;
    let assessor = app.token("assessor").await;
    let draft = actions(admin.clone()).await;
    assert_eq!(
        app.get(&base(&app), Some(&admin)).await.json()["state"],
        "draft"
    );
    assert_eq!(draft["answer"], true, "{draft}");
    assert_eq!(draft["submit"], true);
    assert_eq!(draft["clarify"], false, "clarification is not open yet");
    assert_eq!(
        actions(exec.clone()).await["decide"],
        false,
        "nothing submitted"
    );
    answer_all(&app, &admin).await;
    let submit = format!("{}/submit", base(&app));
    assert_status!(
        app.call(Method::POST, &submit, Some(&admin), None).await,
        200
    );
    assert_eq!(actions(admin.clone()).await["answer"], false, "submitted");
    assert_eq!(actions(exec.clone()).await["decide"], true);
    let approve = format!("{}/approve", base(&app));
    assert_status!(
        app.call(Method::POST, &approve, Some(&exec), None).await,
        200
    );
    assert_eq!(
        actions(assessor.clone()).await["review"],
        false,
        "review not open yet"
    );
    at(&app, "2025-05-02T09:00:00+07:00");
    let review = actions(assessor.clone()).await;
    assert_eq!(review["review"], true, "{review}");
    assert_eq!(review["finalize"], false, "confirmation not open yet");
    assert_eq!(actions(admin).await["answer"], false, "answering closed");
}
