//! Survey integrity flags: responses above the approved headcount, an hour busier than the
//! agency's staff, identical or all-best answer sets far above the peers; in the results and
//! on the agency's page for the NACC admin and the province's coordinator only.

use crate::{
    assert_status,
    headcount::approved_headcount,
    results::compute,
    surveys::{answers_at, open_link},
};
use openita_core::{
    Actor,
    agencies::{self, AgencyInput},
    survey_links, survey_responses,
};
use openita_testing::TestApp;
use openita_types::FiscalYear;
use serde_json::{Map, Value, json};

/// `n` IIT responses to `code`'s link through the write path, each from `answers(i)`.
async fn respond(
    app: &TestApp,
    code: &str,
    n: usize,
    answers: impl Fn(usize) -> Map<String, Value>,
) {
    let links = survey_links::survey_links(
        app.core(),
        &Actor::system("test"),
        FiscalYear::of(2568),
        &openita_types::AgencyCode::parse(code).unwrap_or_else(|e| panic!("{e}")),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    for i in 0..n {
        let form = survey_responses::open_form(app.core(), &links.iit_token, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        survey_responses::submit_response(
            app.core(),
            &links.iit_token,
            None,
            &form.form_nonce,
            &answers(i),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Varied answers: response `i` answers the first questions by the digits of `i` in base 4,
/// the rest at level 3, so no two of the first 64 are alike and none is all-best.
fn varied(form: &Value) -> impl Fn(usize) -> Map<String, Value> + '_ {
    move |i| {
        let mut answers = answers_at(form, 3);
        let mut rest = i;
        for q in form["questions"].as_array().into_iter().flatten() {
            if q["scale"] == "yesno" {
                continue;
            }
            let id = q["id"].as_str().unwrap_or_default().to_string();
            answers.insert(id, json!((rest % 4) as i64 + 1));
            rest /= 4;
            if rest == 0 {
                break;
            }
        }
        answers
    }
}

/// The best answer to every IIT question of the shipped 2568 framework (level 1 for a
/// reverse question, the top level otherwise).
fn best_answers() -> Map<String, Value> {
    let fw = openita_framework::shipped::load("ita-2568").unwrap_or_else(|e| panic!("{e}"));
    fw.questions(openita_framework::InstrumentCode::Iit)
        .map(|(_, q)| {
            let top = fw.scale(&q.scale).map_or(1, <[_]>::len) as i64;
            (q.id.clone(), json!(if q.reverse { 1 } else { top }))
        })
        .collect()
}

async fn add_sao(app: &TestApp, code: &str) {
    agencies::create_agency(
        app.core(),
        &Actor::system("test"),
        &AgencyInput {
            code: code.into(),
            name_th: format!("องค์การบริหารส่วนตำบลทดสอบ {code}"),
            name_en: None,
            agency_type: "sao".into(),
            province: "ชัยภูมิ".into(),
            district: Some("บ้านเขว้า".into()),
            website: None,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

fn flags_of(rows: &Value, code: &str) -> Vec<String> {
    rows.as_array()
        .into_iter()
        .flatten()
        .find(|r| r["agency"]["code"] == code)
        .and_then(|r| r["flags"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn one_agency_whose_answers_are_all_alike_is_flagged_and_its_peers_are_not() {
    let app = TestApp::new().await;
    let (_, form) = open_link(&app, "iit").await;
    let peers = ["6360290", "6360291", "6360292", "6360293", "6360294"];
    for code in peers {
        add_sao(&app, code).await;
        respond(&app, code, 24, varied(&form)).await;
    }
    // The fixture SAO: the same best answers, 24 times.
    respond(&app, &app.fixture.agency, 24, |_| best_answers()).await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    let rows = app
        .get("/api/v1/cycles/2568/results", Some(&admin))
        .await
        .json();
    let stuffed = flags_of(&rows, &app.fixture.agency);
    assert!(
        stuffed.contains(&"integrity_identical_iit".to_string()),
        "{stuffed:?}"
    );
    for code in peers {
        let flags = flags_of(&rows, code);
        assert!(
            !flags.iter().any(|f| f.starts_with("integrity_")),
            "{code}: {flags:?}"
        );
    }
    // On the agency's page: the NACC admin and the province's coordinator read why.
    let page = format!("/cycles/2568/agencies/{}", app.fixture.agency);
    for who in ["admin", "coordinator"] {
        let r = app.get(&page, Some(&app.token(who).await)).await;
        assert_status!(r, 200);
        assert!(
            r.text.contains("data-flag=\"integrity_identical_iit\""),
            "{who}"
        );
        assert!(r.text.contains("ร้อยละ 100"), "{who}: {}", r.text);
    }
    // The agency itself does not see the section.
    let own = app.get(&page, Some(&app.token("agency-admin").await)).await;
    assert_status!(own, 200);
    assert!(!own.text.contains("data-flag="));
    assert!(!own.text.contains("id=\"integrity\""));
}

#[tokio::test]
async fn more_responses_than_the_approved_headcount_in_one_hour_are_flagged() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    approved_headcount(&app, 12).await;
    let (_, form) = open_link(&app, "iit").await;
    // The test clock stands still: every response arrives in the same hour.
    respond(&app, &app.fixture.agency, 21, varied(&form)).await;
    compute(&app, &admin).await;
    let rows = app
        .get("/api/v1/cycles/2568/results", Some(&admin))
        .await
        .json();
    let flags = flags_of(&rows, &app.fixture.agency);
    assert!(
        flags.contains(&"integrity_above_headcount_iit".to_string())
            && flags.contains(&"integrity_burst_iit".to_string()),
        "{flags:?}"
    );
    let page = app
        .get(
            &format!("/cycles/2568/agencies/{}", app.fixture.agency),
            Some(&admin),
        )
        .await;
    assert!(
        page.text
            .contains("มีผู้ตอบ IIT 21 คน มากกว่าจำนวนบุคลากรที่อนุมัติ 12 คน"),
        "{}",
        page.text
    );
}

#[tokio::test]
async fn the_running_integrity_counts_equal_a_recount_and_a_pending_rebuild_restores_them() {
    let app = TestApp::new().await;
    let (_, form) = open_link(&app, "iit").await;
    respond(&app, &app.fixture.agency, 6, varied(&form)).await;
    respond(&app, &app.fixture.agency, 5, |_| best_answers()).await;
    respond(&app, &app.fixture.agency, 3, |_| answers_at(&form, 2)).await;
    let counts = || async {
        let mut conn = app.conn().await;
        openita_db::queries::survey_integrity::counts(&mut conn, 1)
            .await
            .unwrap_or_default()
    };
    let running = counts().await;
    let row = running
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("no counts"));
    // Repeated: the three identical level-2 sets (all-best sets are counted apart).
    assert_eq!((row.responses, row.repeated, row.all_best), (14, 3, 5));
    assert_eq!(row.peak_hour, 14);
    // As after the migration on a database that had responses: counts zeroed, rebuild pending.
    {
        let mut conn = app.conn().await;
        for sql in [
            "UPDATE survey_counts SET repeated = 0, all_best = 0",
            "DELETE FROM survey_answer_sets",
            "INSERT INTO settings (name, value) VALUES ('survey_integrity_backfill', 'pending')",
        ] {
            sqlx::query(sql)
                .execute(&mut *conn)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let verified = openita_core::results::verify_running_sums(
        app.core(),
        &Actor::system("test"),
        FiscalYear::of(2568),
        &|_, _| {},
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(verified.differing.is_empty(), "{:?}", verified.differing);
    assert_eq!(counts().await, running);
    // A new response after the rebuild still counts on top.
    respond(&app, &app.fixture.agency, 1, |_| answers_at(&form, 2)).await;
    let after = counts().await;
    assert_eq!(
        after.first().map(|r| (r.responses, r.repeated)),
        Some((15, 4))
    );
}
