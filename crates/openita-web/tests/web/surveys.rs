//! Survey links and the anonymous form and its write path (headcount: `headcount.rs`; QR,
//! posters and exports: `survey_files.rs`).

use crate::assert_status;
use axum::{
    body::Body,
    http::{Method, Request, header},
};
use openita_testing::TestApp;
use serde_json::{Map, Value, json};

/// Opens the fixture agency's IIT or EIT link and returns (token, form JSON).
pub(crate) async fn open_link(app: &TestApp, instrument: &str) -> (String, Value) {
    let admin = app.token("agency-admin").await;
    let links = app
        .get(
            &format!(
                "/api/v1/cycles/2568/agencies/{}/survey-links",
                app.fixture.agency
            ),
            Some(&admin),
        )
        .await;
    assert_status!(links, 200);
    let url = links.json()[instrument]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let token = url.rsplit('/').next().unwrap_or_default().to_string();
    let form = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    (token, form.json())
}

/// A full set of answers: the highest level everywhere (true for yes/no).
pub(crate) fn answers(form: &Value) -> Map<String, Value> {
    answers_at(form, 4)
}

/// A full set of answers at `level` everywhere (yes/no: yes above level 2).
pub(crate) fn answers_at(form: &Value, level: i64) -> Map<String, Value> {
    form["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            let id = q["id"].as_str().unwrap_or_default().to_string();
            let v = if q["scale"] == "yesno" {
                json!(level > 2)
            } else {
                json!(level)
            };
            (id, v)
        })
        .collect()
}

pub(crate) async fn submit(
    app: &TestApp,
    token: &str,
    nonce: &Value,
    answers: Map<String, Value>,
) -> openita_testing::TestResponse {
    let body = json!({"form_nonce": nonce, "answers": answers});
    app.call(
        Method::POST,
        &format!("/api/v1/surveys/{token}/responses"),
        None,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn the_form_lists_the_instruments_questions_with_their_options() {
    let app = TestApp::new().await;
    let (_, form) = open_link(&app, "iit").await;
    assert_eq!(form["instrument"], "IIT");
    assert_eq!(form["agency"]["code"], app.fixture.agency.as_str());
    let questions = form["questions"].as_array().cloned().unwrap_or_default();
    assert!(questions.len() >= 15, "{}", questions.len());
    assert!(
        questions
            .iter()
            .all(|q| (1..=5).contains(&q["indicator"].as_i64().unwrap_or(0))),
        "IIT has indicators 1-5 only"
    );
    let four = questions
        .iter()
        .find(|q| q["scale"] == "four_level")
        .cloned()
        .unwrap_or_default();
    assert_eq!(four["options"].as_array().map(Vec::len), Some(4));
    assert_eq!(four["options"][0]["level"], 1);
    assert!(form["form_nonce"].as_str().is_some_and(|n| n.len() > 20));
}

#[tokio::test]
async fn a_response_counts_once_and_a_replay_gets_409() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let first = submit(&app, &token, &form["form_nonce"], answers(&form)).await;
    assert_status!(first, 201);
    let replay = submit(&app, &token, &form["form_nonce"], answers(&form)).await;
    assert_status!(replay, 409);
    let admin = app.token("agency-admin").await;
    let status = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert_eq!(status.json()["iit"]["responses"], 1);
    assert_eq!(status.json()["eit"]["responses"], 0);
}

#[tokio::test]
async fn invalid_answers_get_422_listing_them_and_keep_the_nonce_usable() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let mut bad = answers(&form);
    let first_id = form["questions"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    bad.remove(&first_id);
    bad.insert("not_a_question".into(), json!(1));
    let r = submit(&app, &token, &form["form_nonce"], bad).await;
    assert_status!(r, 422);
    let body = r.json();
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains(&first_id.as_str()) && fields.contains(&"not_a_question"),
        "{fields:?}"
    );
    let good = submit(&app, &token, &form["form_nonce"], answers(&form)).await;
    assert_status!(good, 201);
}

#[tokio::test]
async fn rotated_and_unknown_links_are_404_and_answers_are_kept() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    assert_status!(
        submit(&app, &token, &form["form_nonce"], answers(&form)).await,
        201
    );
    let admin = app.token("agency-admin").await;
    let rotated = app
        .call(
            Method::POST,
            &format!(
                "/api/v1/cycles/2568/agencies/{}/survey-links/rotate",
                app.fixture.agency
            ),
            Some(&admin),
            None,
        )
        .await;
    assert_status!(rotated, 200);
    let old = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    assert_status!(old, 404);
    // The old link says it was replaced, by whom, and where the new one is.
    assert!(
        old.text.contains("ลิงก์นี้เปลี่ยนแล้ว") && old.text.contains("องค์การบริหารส่วนตำบล"),
        "{}",
        old.text
    );
    let page = app.get(&format!("/s/{token}"), None).await;
    assert_status!(page, 404);
    assert!(page.text.contains("ลิงก์นี้เปลี่ยนแล้ว"), "{}", page.text);
    let unknown = app.get("/api/v1/surveys/nope", None).await;
    assert_status!(unknown, 404);
    assert!(
        !unknown.text.contains("ลิงก์นี้เปลี่ยนแล้ว"),
        "an unknown link is not 'replaced'"
    );
    let (new_token, _) = open_link(&app, "iit").await;
    assert_ne!(new_token, token);
    let status = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert_eq!(
        status.json()["iit"]["responses"],
        1,
        "answers survive a rotation"
    );
}

#[tokio::test]
async fn outside_its_window_a_survey_is_closed_with_409() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let (eit_token, eit) = open_link(&app, "eit").await;
    assert_eq!(
        eit["error"]["code"], "outside_window",
        "the fixture has no EIT window"
    );
    assert_status!(
        app.get(&format!("/api/v1/surveys/{eit_token}"), None).await,
        409
    );
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2025-06-01T00:00:00+07:00")
            .map(|t| t.to_utc())
            .unwrap_or_default(),
    );
    let late = submit(&app, &token, &form["form_nonce"], answers(&form)).await;
    assert_status!(late, 409);
    let page = app.get(&format!("/s/{token}"), None).await;
    assert_status!(page, 409);
    assert!(
        page.text.contains("31 พ.ค. 2568"),
        "the closed page names the window"
    );
}

#[tokio::test]
async fn many_parallel_submissions_are_all_counted_exactly() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let (token, _) = open_link(&app, "iit").await;
    let mut tasks = Vec::new();
    for _ in 0..60 {
        let app = app.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let form = app
                .get(&format!("/api/v1/surveys/{token}"), None)
                .await
                .json();
            submit(&app, &token, &form["form_nonce"], answers(&form))
                .await
                .status
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap_or(0));
    }
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let admin = app.token("agency-admin").await;
    let status = app
        .get(
            &format!("/api/v1/cycles/2568/agencies/{}/status", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert_eq!(status.json()["iit"]["responses"], 60);
    let pool = app.db().pool();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses")
        .fetch_one(pool)
        .await
        .unwrap_or(0);
    // The tallies as scoring reads them: the counts rows with the batches not yet folded.
    let cycle: i64 = sqlx::query_scalar("SELECT id FROM cycles WHERE year = 2568")
        .fetch_one(pool)
        .await
        .unwrap_or(0);
    let mut conn = app.conn().await;
    let packed = openita_db::queries::scoring_inputs::tallies(&mut conn, cycle)
        .await
        .unwrap_or_default();
    let entries: Vec<(String, i64)> = packed
        .iter()
        .flat_map(|p| p.entries())
        .filter_map(Result::ok)
        .map(|e| (e.question_id.to_string(), e.answers))
        .collect();
    let first = entries.iter().map(|(q, _)| q).min().cloned();
    let tally: i64 = entries
        .iter()
        .filter(|(q, _)| Some(q) == first.as_ref())
        .map(|(_, n)| n)
        .sum();
    assert_eq!((stored, tally), (60, 60));
}

#[tokio::test]
async fn responses_hold_nothing_that_identifies_or_orders_respondents() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let request = Request::post(format!("/api/v1/surveys/{token}/responses"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::USER_AGENT,
            "Mozilla/5.0 (Linux; Android 14) UniqueAgent/7.7",
        )
        .header("x-forwarded-for", "198.51.100.23")
        .body(Body::from(
            json!({"form_nonce": form["form_nonce"], "answers": answers(&form)}).to_string(),
        ))
        .unwrap_or_default();
    assert_status!(app.send(request).await, 201);
    let pool = app.db().pool();
    let columns: Vec<String> = match openita_testing::backend_under_test() {
        openita_db::Backend::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('survey_responses') ORDER BY cid").fetch_all(pool).await.unwrap_or_default(),
        openita_db::Backend::Postgres => sqlx::query_scalar("SELECT column_name::text FROM information_schema.columns WHERE table_name = 'survey_responses' ORDER BY ordinal_position").fetch_all(pool).await.unwrap_or_default(),
    };
    assert_eq!(
        columns,
        [
            "id",
            "cycle_id",
            "agency_id",
            "instrument",
            "answers",
            "received_on"
        ]
    );
    let row: (String, String, String) =
        sqlx::query_as("SELECT id, answers, received_on FROM survey_responses")
            .fetch_one(pool)
            .await
            .unwrap_or_default();
    for text in [&row.0, &row.1, &row.2] {
        assert!(
            !text.contains("198.51.100.23")
                && !text.contains("UniqueAgent")
                && !text.contains(&token),
            "{text}"
        );
    }
    assert_eq!(row.2, "2025-03-01", "only the day is kept");
    assert_eq!(row.0.len(), 32, "a random key, not a sequence");
    let nonce_columns: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM used_nonces")
        .fetch_one(pool)
        .await
        .unwrap_or(0);
    assert_eq!(nonce_columns, 1);
}

#[tokio::test]
async fn the_html_form_works_without_javascript_and_re_renders_what_was_chosen() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let page = app.get(&format!("/s/{token}"), None).await;
    assert_status!(page, 200);
    assert!(
        page.text.len() < 50_000,
        "the survey page weighs {} bytes",
        page.text.len()
    );
    assert!(page.text.contains("<html lang=\"th\">") && page.text.contains("ส่วนที่ 1 จาก"));
    assert!(!page.text.contains("<script"), "no JavaScript needed");
    let nonce = page
        .text
        .split("name=\"form_nonce\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string();
    let first = form["questions"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = form["questions"][1]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let partial = format!("form_nonce={nonce}&{first}=3");
    let request = Request::post(format!("/s/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(partial))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(
        r.text
            .contains(&format!("name=\"{first}\" value=\"3\" checked")),
        "the chosen answer is kept"
    );
    assert!(
        r.text
            .contains(&format!("id=\"q-{second}\" aria-invalid=\"true\"")),
        "the missing answer is marked"
    );
    let mut full: Vec<String> = answers(&form)
        .into_iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                if v == json!(true) {
                    "2".to_string()
                } else {
                    v.to_string()
                }
            )
        })
        .collect();
    full.push(format!("form_nonce={nonce}"));
    let request = Request::post(format!("/s/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(full.join("&")))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 303);
    let thanks = app.get("/s/thanks", None).await;
    assert!(thanks.text.contains("ขอบคุณ"));
    let english = app.get(&format!("/s/{token}?lang=en"), None).await;
    assert!(english.text.contains("<html lang=\"en\">") && english.text.contains("Part 1 of"));
}

/// The unverified mark on the answer options is for administrators (the framework viewer):
/// a respondent can do nothing about it, and a warning on the form would only cast doubt on a
/// survey whose answers count all the same. The form shows the options alone.
#[tokio::test]
async fn the_public_form_shows_the_options_without_the_administrators_unverified_mark() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let page = app.get(&format!("/s/{token}"), None).await;
    assert_status!(page, 200);
    assert!(
        page.text.contains("น้อยที่สุดหรือไม่มีเลย"),
        "the options are there"
    );
    for mark in ["ยังไม่ได้ตรวจสอบ", "สุพรรณบุรี", "2564"]
    {
        assert!(!page.text.contains(mark), "the form says `{mark}`");
    }
    let english = app.get(&format!("/s/{token}?lang=en"), None).await;
    assert!(!english.text.contains("Not checked") && !english.text.contains("Suphanburi"));
    assert!(
        !form.to_string().contains("unverified"),
        "nor does the form's JSON"
    );
}

#[tokio::test]
async fn the_honeypot_thanks_a_bot_and_stores_nothing() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let nonce = form["form_nonce"].as_str().unwrap_or_default();
    let request = Request::post(format!("/s/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "form_nonce={nonce}&website=http://spam.example"
        )))
        .unwrap_or_default();
    assert_status!(app.send(request).await, 303);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses")
        .fetch_one(app.db().pool())
        .await
        .unwrap_or(-1);
    assert_eq!(stored, 0);
}

/// The public may post to a survey link hundreds of times: a body is held to what an answer
/// needs (64 KB), since each is parsed whole. Bigger ones get 413, in the API's shape or as
/// the error page, and count nothing.
#[tokio::test]
async fn a_survey_post_larger_than_an_answer_needs_is_refused_with_413() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let mut answers = answers(&form);
    answers.insert("padding".into(), json!(vec![0; 100_000]));
    let body = json!({"form_nonce": form["form_nonce"], "answers": answers});
    let request = Request::post(format!("/api/v1/surveys/{token}/responses"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from(body.to_string()))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 413);
    assert_eq!(r.json()["error"]["code"], "payload_too_large", "{}", r.text);
    let form_post = Request::post(format!("/s/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("x={}", "a".repeat(100_000))))
        .unwrap_or_default();
    let page = app.send(form_post).await;
    assert_status!(page, 413);
    assert!(page.text.contains("ใหญ่เกิน"), "{}", page.text);
    // A real answer still counts.
    let ok = submit(
        &app,
        &token,
        &form["form_nonce"],
        super::surveys::answers(&form),
    )
    .await;
    assert_status!(ok, 201);
}
