//! Several OIT answers or scores given at once (the demo and imports give a whole agency's in
//! one call): saved together or not at all, each with its own audit entry.

use crate::oit::{answered_and_approved, at, with_oit_calendar};
use openita_core::{
    CoreError, accounts,
    oit_review::{self, ItemAnswerInput, ScoreInput},
};
use openita_testing::TestApp;
use openita_types::FiscalYear;

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(app.db().pool())
        .await
        .unwrap_or(-1)
}

fn answer(item: &str, url: &str) -> (String, ItemAnswerInput) {
    let input = ItemAnswerInput {
        published: true,
        urls: vec![url.to_string()],
        note: String::new(),
    };
    (item.to_string(), input)
}

#[tokio::test]
async fn answers_given_together_are_saved_together_or_not_at_all() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    let core = app.core();
    let code =
        openita_types::AgencyCode::parse(&app.fixture.agency).unwrap_or_else(|e| panic!("{e}"));
    let admin = accounts::active_actor(core, None, "agency-admin")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no agency admin"));
    let site = "https://6360201.example.go.th";
    let with_a_bad_link = [
        answer("O1", &format!("{site}/o1")),
        answer("O2", "ftp://not-a-web-page"),
        answer("O3", &format!("{site}/o3")),
    ];
    let refused =
        oit_review::save_answers(core, &admin, FiscalYear::of(2568), &code, &with_a_bad_link).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))), "{refused:?}");
    let oit = oit_review::oit_of(core, &admin, FiscalYear::of(2568), &code)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        oit.items.iter().all(|i| i.published.is_none()),
        "an answer of a refused batch was kept"
    );
    assert_eq!(audit_count(&app, "oit.answer").await, 0);

    let good = [
        answer("O1", &format!("{site}/o1")),
        answer("O3", &format!("{site}/o3")),
    ];
    let saved = oit_review::save_answers(core, &admin, FiscalYear::of(2568), &code, &good)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let answered: Vec<&str> = saved
        .items
        .iter()
        .filter(|i| i.published == Some(true))
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(answered, ["O1", "O3"]);
    assert_eq!(
        audit_count(&app, "oit.answer").await,
        2,
        "one entry per answer"
    );
}

#[tokio::test]
async fn scores_given_together_are_saved_together_or_not_at_all() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    answered_and_approved(&app).await;
    at(&app, "2025-05-10T09:00:00+07:00");
    let core = app.core();
    let code =
        openita_types::AgencyCode::parse(&app.fixture.agency).unwrap_or_else(|e| panic!("{e}"));
    let assessor = accounts::active_actor(core, None, "assessor")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no assessor"));
    let oit = oit_review::oit_of(core, &assessor, FiscalYear::of(2568), &code)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let score = |item: &str, score: i64, reason: &str| {
        let input = ScoreInput {
            score: serde_json::json!(score),
            reason: reason.into(),
        };
        (item.to_string(), input)
    };
    // The last one is below full marks without a reason: nothing is kept.
    let mut scores: Vec<_> = oit.items.iter().map(|i| score(&i.code, 100, "")).collect();
    if let Some(last) = scores.last_mut() {
        last.1.score = serde_json::json!(0);
    }
    let refused =
        oit_review::set_provisional_scores(core, &assessor, FiscalYear::of(2568), &code, &scores)
            .await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))), "{refused:?}");
    let unchanged = oit_review::oit_of(core, &assessor, FiscalYear::of(2568), &code)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(unchanged.items.iter().all(|i| i.provisional.is_none()));
    assert_eq!(audit_count(&app, "oit.provisional_score").await, 0);

    if let Some(last) = scores.last_mut() {
        last.1.reason = "ไม่พบข้อมูลบนเว็บไซต์".into();
    }
    let reviewed =
        oit_review::set_provisional_scores(core, &assessor, FiscalYear::of(2568), &code, &scores)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        reviewed.state.to_string(),
        "reviewed",
        "every item has a score"
    );
    assert_eq!(
        audit_count(&app, "oit.provisional_score").await,
        i64::try_from(scores.len()).unwrap_or_default()
    );
}
