//! The calendar form on a cycle's page: deadlines to the minute, Thai dates typed and shown,
//! and a save that moves only what the person changed.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_core::cycles::{self, PhaseWindow};
use openita_testing::TestApp;
use openita_types::FiscalYear;
use serde_json::json;

/// Windows as precise as the API allows: seconds and microseconds a form cannot show.
async fn with_a_fine_grained_calendar(app: &TestApp) {
    app.set_calendar(json!({
        "headcount": {"start": "2025-01-06T08:30:15.123456+07:00", "end": "2025-01-31"},
        "oit_answer": {"start": "2025-01-06", "end": "2025-04-30T17:00:00+07:00"},
        "clarification": {"start": "2025-06-09", "end": "2025-06-16T17:00:30+07:00"},
    }))
    .await;
}

async fn windows(app: &TestApp) -> Vec<PhaseWindow> {
    cycles::get_calendar(app.core(), FiscalYear::of(2568))
        .await
        .unwrap_or_default()
}

async fn cycle_page(app: &TestApp, token: &str, lang: &str) -> String {
    let request = Request::get("/cycles/2568")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("openita_lang={lang}"))
        .body(Body::empty())
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 200);
    r.text
}

/// The calendar inputs of a page, name and value, in page order.
fn calendar_inputs(html: &str) -> Vec<(String, String)> {
    let unescape = |v: &str| {
        v.replace("&#x2f;", "/")
            .replace("&#47;", "/")
            .replace("&#34;", "\"")
            .replace("&#38;", "&")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    html.split("<input ")
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.split('>').next().unwrap_or("");
            let attr = |name: &str| {
                tag.split(&format!(" {name}=\""))
                    .nth(1)
                    .or_else(|| tag.strip_prefix(&format!("{name}=\"")))
                    .and_then(|rest| rest.split('"').next())
                    .map(unescape)
            };
            let name = attr("name")?;
            (name.ends_with("_start") || name.ends_with("_end"))
                .then(|| (name, attr("value").unwrap_or_default()))
        })
        .collect()
}

async fn post_calendar(
    app: &TestApp,
    token: &str,
    lang: &str,
    fields: &[(String, String)],
) -> openita_testing::TestResponse {
    let body = serde_urlencoded::to_string(fields).unwrap_or_default();
    let request = Request::post("/cycles/2568/calendar")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("openita_lang={lang}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap_or_default();
    app.send(request).await
}

fn location(r: &openita_testing::TestResponse) -> &str {
    r.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    for (n, v) in fields.iter_mut() {
        if n == name {
            *v = value.to_string();
        }
    }
}

#[tokio::test]
async fn the_form_shows_each_window_in_thai_to_the_minute() {
    let app = TestApp::new().await;
    with_a_fine_grained_calendar(&app).await;
    let admin = app.token("admin").await;
    let inputs = calendar_inputs(&cycle_page(&app, &admin, "th").await);
    let value = |name: &str| {
        inputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        value("oit_answer_end"),
        Some("30/04/2568 17:00"),
        "{inputs:?}"
    );
    assert_eq!(value("registration_end"), Some("28/02/2568 23:59"));
    assert_eq!(value("headcount_start"), Some("06/01/2568 08:30"));
    assert_eq!(
        value("eit_start"),
        Some(""),
        "a phase without a window is empty"
    );
    assert_eq!(
        inputs.len(),
        18,
        "a start and an end for each of the 9 phases"
    );
    let english = calendar_inputs(&cycle_page(&app, &admin, "en").await);
    assert!(english.contains(&("oit_answer_end".into(), "2025-04-30 17:00".into())));
}

#[tokio::test]
async fn saving_the_page_with_one_change_moves_no_other_window() {
    let app = TestApp::new().await;
    with_a_fine_grained_calendar(&app).await;
    let admin = app.token("admin").await;
    let before = windows(&app).await;
    let mut fields = calendar_inputs(&cycle_page(&app, &admin, "th").await);
    // A phase not set yet, typed as the old date-only form would have sent it.
    set(&mut fields, "confirmation_start", "2025-06-17");
    set(&mut fields, "confirmation_end", "2025-06-30");
    let r = post_calendar(&app, &admin, "th", &fields).await;
    assert_status!(r, 303);
    let after = windows(&app).await;
    let others: Vec<&PhaseWindow> = after
        .iter()
        .filter(|w| w.phase != openita_types::Phase::Confirmation)
        .collect();
    assert_eq!(others, before.iter().collect::<Vec<_>>(), "a window moved");
    assert_eq!(after.len(), before.len() + 1);
}

#[tokio::test]
async fn the_seeds_objection_deadline_is_typed_as_a_thai_letter_writes_it() {
    let app = TestApp::new().await;
    with_a_fine_grained_calendar(&app).await;
    let admin = app.token("admin").await;
    let before = windows(&app).await;
    let mut fields = calendar_inputs(&cycle_page(&app, &admin, "th").await);
    // The seeds' objection deadline, typed as a Thai letter writes it.
    set(&mut fields, "clarification_end", "16/06/2568 17.00 น.");
    let r = post_calendar(&app, &admin, "th", &fields).await;
    assert_status!(r, 303);
    assert_eq!(location(&r), "/cycles/2568?done=cycles.calendar_saved");
    let after = windows(&app).await;
    assert_eq!(after.len(), before.len());
    for (old, new) in before.iter().zip(&after) {
        if old.phase == openita_types::Phase::Clarification {
            assert_eq!(new.start, old.start, "the untouched start stays");
            assert_eq!(
                openita_types::thai_time::to_db_text(new.end),
                "2025-06-16T10:00:00.000000Z",
                "the end is 17:00 Bangkok time, to the second"
            );
        } else {
            assert_eq!(new, old, "{:?} moved", old.phase);
        }
    }
}

#[tokio::test]
async fn saving_the_page_as_shown_changes_nothing_in_either_language() {
    let app = TestApp::new().await;
    with_a_fine_grained_calendar(&app).await;
    let admin = app.token("admin").await;
    let before = windows(&app).await;
    let saves = || async {
        app.get("/api/v1/audit?action=cycle.calendar_set", Some(&admin))
            .await
            .json()["entries"]
            .as_array()
            .map(Vec::len)
    };
    let saves_before = saves().await;
    for lang in ["th", "en"] {
        let fields = calendar_inputs(&cycle_page(&app, &admin, lang).await);
        let r = post_calendar(&app, &admin, lang, &fields).await;
        assert_status!(r, 303);
        assert_eq!(location(&r), "/cycles/2568?done=cycles.calendar_unchanged");
        assert_eq!(windows(&app).await, before, "{lang}");
    }
    assert_eq!(saves().await, saves_before, "no save is logged");
}

#[tokio::test]
async fn a_thai_date_without_a_time_opens_and_closes_with_the_day() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let mut fields = calendar_inputs(&cycle_page(&app, &admin, "th").await);
    set(&mut fields, "eit_start", "01/02/2568");
    set(&mut fields, "eit_end", "31/05/2568");
    let r = post_calendar(&app, &admin, "th", &fields).await;
    assert_status!(r, 303);
    let eit = windows(&app)
        .await
        .into_iter()
        .find(|w| w.phase == openita_types::Phase::Eit)
        .map(|w| {
            (
                openita_types::thai_time::to_db_text(w.start),
                openita_types::thai_time::to_db_text(w.end),
            )
        });
    assert_eq!(
        eit,
        Some((
            "2025-01-31T17:00:00.000000Z".to_string(),
            "2025-05-31T16:59:59.000000Z".to_string()
        ))
    );
}

#[tokio::test]
async fn a_date_that_cannot_be_read_comes_back_named_with_what_was_typed() {
    let app = TestApp::new().await;
    with_a_fine_grained_calendar(&app).await;
    let admin = app.token("admin").await;
    let before = windows(&app).await;
    let mut fields = calendar_inputs(&cycle_page(&app, &admin, "th").await);
    set(&mut fields, "iit_end", "31/05/68");
    set(&mut fields, "eit_start", "ก่อนสงกรานต์");
    set(&mut fields, "eit_end", "31/05/2568");
    let r = post_calendar(&app, &admin, "th", &fields).await;
    assert_status!(r, 422);
    assert!(
        r.text.contains("เก็บข้อมูลแบบวัด IIT วันเวลาสิ้นสุด: อ่าน") && r.text.contains("href=\"#iit_end\""),
        "the Thai error names the phase and the field: {}",
        r.text
    );
    assert!(r.text.contains("เก็บข้อมูลแบบวัด EIT วันเวลาเริ่มต้น"));
    let shown = calendar_inputs(&r.text);
    assert!(
        shown.contains(&("iit_end".into(), "31/05/68".into())),
        "{shown:?}"
    );
    assert!(shown.contains(&("eit_start".into(), "ก่อนสงกรานต์".into())));
    assert!(
        shown.contains(&("eit_end".into(), "31/05/2568".into())),
        "what was typed right is kept too"
    );
    assert!(r.text.contains("aria-invalid=\"true\""));
    assert_eq!(windows(&app).await, before, "nothing is saved");
    let r = post_calendar(&app, &admin, "en", &fields).await;
    assert_status!(r, 422);
    assert!(
        r.text.contains("IIT survey collection, end:"),
        "the English page says it in English: {}",
        r.text
    );
}

#[tokio::test]
async fn a_survey_that_closes_in_the_afternoon_says_the_hour_in_thai() {
    let app = TestApp::new().await;
    let (token, _) = crate::surveys::open_link(&app, "iit").await;
    let form = app.get(&format!("/s/{token}"), None).await;
    assert_status!(form, 200);
    assert!(
        form.text.contains("เปิดตอบถึง 31 พ.ค. 2568 · "),
        "a window to the end of a day shows the date alone: {}",
        form.text
    );
    app.set_calendar(json!({"iit": {"start": "2025-02-01", "end": "2025-05-31T16:30:00+07:00"}}))
        .await;
    let form = app.get(&format!("/s/{token}"), None).await;
    assert!(
        form.text.contains("เปิดตอบถึง 31 พ.ค. 2568 16:30 น."),
        "{}",
        form.text
    );
}
