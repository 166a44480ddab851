//! The review forms offer the scores the framework allows, not a fixed 100/0.

use crate::assert_status;
use axum::http::Method;
use openita_testing::TestApp;
use serde_json::json;

const BASE: &str = "/api/v1/cycles/2569/agencies/6360201/oit";

/// A 2569 cycle on the 2568 framework in which item O1 may also score 50, with the whole
/// OIT calendar in 2025, the fixture's assessor assigned, and the agency's answers approved.
async fn cycle_with_half_points(app: &TestApp) {
    let admin = app.token("admin").await;
    app.create_cycle(2569, "ita-2568").await;
    let path = "/api/v1/cycles/2569/framework";
    let mut fw = app.get(path, Some(&admin)).await.json();
    for instrument in fw["instruments"].as_array_mut().into_iter().flatten() {
        for indicator in instrument["indicators"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            for item in indicator["items"].as_array_mut().into_iter().flatten() {
                if item["code"] == "O1" {
                    item["allowed_scores"] = json!([0, 50, 100]);
                }
            }
        }
    }
    assert_status!(
        app.call(Method::PUT, path, Some(&admin), Some(fw)).await,
        200
    );
    let calendar = json!({
        "oit_answer": {"start": "2025-01-06", "end": "2025-04-30"},
        "oit_review": {"start": "2025-03-01", "end": "2025-05-31"}
    });
    assert_status!(
        app.call(
            Method::PUT,
            "/api/v1/cycles/2569/calendar",
            Some(&admin),
            Some(calendar)
        )
        .await,
        200
    );
    let assign = json!({"assessor": "assessor", "agencies": ["6360201"]});
    assert_status!(
        app.call(
            Method::POST,
            "/api/v1/cycles/2569/assignments",
            Some(&admin),
            Some(assign)
        )
        .await,
        200
    );
    let agency = app.token("agency-admin").await;
    let items = app.get(BASE, Some(&agency)).await.json();
    for code in items["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["code"].as_str())
    {
        let body = json!({"published": true, "urls": [format!("https://6360201.example.go.th/{code}")], "note": ""});
        assert_status!(
            app.call(
                Method::PUT,
                &format!("{BASE}/{code}"),
                Some(&agency),
                Some(body)
            )
            .await,
            200
        );
    }
    assert_status!(
        app.call(Method::POST, &format!("{BASE}/submit"), Some(&agency), None)
            .await,
        200
    );
    let exec = app.token("agency-executive").await;
    assert_status!(
        app.call(Method::POST, &format!("{BASE}/approve"), Some(&exec), None)
            .await,
        200
    );
}

#[tokio::test]
async fn the_review_form_offers_the_scores_the_framework_allows() {
    let app = TestApp::new().await;
    cycle_with_half_points(&app).await;
    let assessor = app.token("assessor").await;
    // The API lists them, highest first.
    let oit = app.get(BASE, Some(&assessor)).await.json();
    let allowed = |code: &str| -> Vec<String> {
        oit["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| i["code"] == code)
            .and_then(|i| i["allowed_scores"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c["value"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(allowed("O1"), ["100", "50", "0"]);
    assert_eq!(allowed("O2"), ["100", "0"]);
    // The page's review form for O1 offers 50.
    let page = app
        .get("/cycles/2569/agencies/6360201/oit/O1", Some(&assessor))
        .await;
    assert_status!(page, 200);
    let form = page
        .text
        .split("id=\"score-O1\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .unwrap_or_default()
        .to_string();
    assert!(form.contains("<option value=\"50\""), "{form}");
    assert!(form.contains("<option value=\"100\"") && form.contains("<option value=\"0\""));
    // And the score is accepted.
    let half = json!({"score": "50", "reason": "เผยแพร่ครึ่งหนึ่งขององค์ประกอบ"});
    assert_status!(
        app.call(
            Method::PUT,
            &format!("{BASE}/O1/review"),
            Some(&assessor),
            Some(half)
        )
        .await,
        200
    );
}

#[tokio::test]
async fn an_assessor_is_told_why_it_cannot_score_and_chooses_every_score_itself() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    crate::oit::answer_all(&app, &admin).await;
    let base = crate::oit::base(&app);
    assert_status!(
        app.call(Method::POST, &format!("{base}/submit"), Some(&admin), None)
            .await,
        200
    );
    let exec = app.token("agency-executive").await;
    assert_status!(
        app.call(Method::POST, &format!("{base}/approve"), Some(&exec), None)
            .await,
        200
    );
    // Before the review window (it opens on 1 May): the page says when.
    let assessor = app.token("assessor").await;
    let page = format!("/cycles/2568/agencies/{}/oit", app.fixture.agency);
    let early = app.get(&page, Some(&assessor)).await;
    assert!(early.text.contains("data-assessor-wait"), "{}", early.text);
    assert!(early.text.contains("ยังไม่ถึงช่วงตรวจ OIT") && early.text.contains("พ.ค. 2568"));
    // In the window: no score is chosen in advance.
    crate::oit::at(&app, "2025-05-02T09:00:00+07:00");
    let assessor = app.token("assessor").await;
    let open = app.get(&format!("{page}/O1"), Some(&assessor)).await;
    assert!(!open.text.contains("data-assessor-wait"));
    assert!(
        open.text
            .contains("<option value=\"\">— เลือกคะแนน —</option>")
    );
    assert!(
        !open.text.contains("selected>100</option>"),
        "full marks are not pre-set"
    );
    // A reason is needed below full marks only.
    let review = |item: &str| format!("{base}/{item}/review");
    let full = app
        .call(
            Method::PUT,
            &review("O1"),
            Some(&assessor),
            Some(json!({"score": 100, "reason": ""})),
        )
        .await;
    assert_status!(full, 200);
    let zero = app
        .call(
            Method::PUT,
            &review("O2"),
            Some(&assessor),
            Some(json!({"score": 0, "reason": " "})),
        )
        .await;
    assert_status!(zero, 422);
    assert!(zero.text.contains("ต่ำกว่าคะแนนเต็ม"), "{}", zero.text);
}

#[tokio::test]
async fn the_assessors_queue_puts_work_ready_now_first_with_codes_and_districts() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let assessor = app.token("assessor").await;
    let queue = app
        .get("/api/v1/cycles/2568/assessor/queue", Some(&assessor))
        .await
        .json();
    let first = &queue[0];
    assert!(queue.as_array().is_some_and(|q| !q.is_empty()), "{queue}");
    assert_eq!(first["code"], "6360201");
    assert_eq!(first["district"], "บ้านเขว้า");
    assert_eq!(first["ready"], false, "nothing approved yet");
    let page = app
        .get("/cycles/2568/queue?show=ready", Some(&assessor))
        .await;
    assert_status!(page, 200);
    assert!(
        !page.text.contains("data-ready"),
        "none ready: the filtered list is empty"
    );
    // Approved answers make it ready.
    let admin = app.token("agency-admin").await;
    crate::oit::answer_all(&app, &admin).await;
    let base = crate::oit::base(&app);
    assert_status!(
        app.call(Method::POST, &format!("{base}/submit"), Some(&admin), None)
            .await,
        200
    );
    let exec = app.token("agency-executive").await;
    assert_status!(
        app.call(Method::POST, &format!("{base}/approve"), Some(&exec), None)
            .await,
        200
    );
    // Approved, but the review window opens on 1 May: not ready yet; inside it, ready.
    let queue = app
        .get("/api/v1/cycles/2568/assessor/queue", Some(&assessor))
        .await
        .json();
    assert_eq!(queue[0]["ready"], false, "{queue}");
    crate::oit::at(&app, "2025-05-02T09:00:00+07:00");
    let assessor = app.token("assessor").await;
    let queue = app
        .get("/api/v1/cycles/2568/assessor/queue", Some(&assessor))
        .await
        .json();
    assert_eq!(queue[0]["ready"], true, "{queue}");
    let page = app
        .get("/cycles/2568/queue?show=ready", Some(&assessor))
        .await;
    assert!(page.text.contains("data-ready") && page.text.contains("6360201 · บ้านเขว้า"));
}
