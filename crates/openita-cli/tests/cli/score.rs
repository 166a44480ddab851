//! `openita score`: scores a cycle into the results table, and with `--verify` refuses to when
//! the running sums disagree with the raw responses. Runs on the engine under test (SQLite, or
//! PostgreSQL with TEST_DATABASE_URL).

use super::{openita, text};
use openita_testing::TestApp;

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db().pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn score_and_verify(app: &TestApp, dir: &std::path::Path) -> std::process::Output {
    let args = [
        "score",
        "--db",
        app.database_url(),
        "--year",
        "2568",
        "--verify",
    ];
    openita(&args, None, dir)
}

#[tokio::test]
async fn score_stores_a_result_for_every_agency() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let agencies = count(&app, "SELECT COUNT(*) FROM agencies").await;
    assert!(agencies > 0);
    let out = score_and_verify(&app, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains(&format!("scored {agencies} agencies of 2568")),
        "{printed}"
    );
    assert!(printed.contains("the running sums equal"), "{printed}");
    assert!(printed.contains("คำนวณผลปี 2568"), "{printed}");
    let stored = count(
        &app,
        "SELECT COUNT(*) FROM results r JOIN cycles c ON c.id = r.cycle_id WHERE c.year = 2568",
    )
    .await;
    assert_eq!(stored, agencies);
    // The compute is in the audit log like the NACC admin's.
    let audited = count(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'results.compute'",
    )
    .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn verify_refuses_to_score_running_sums_that_differ_from_the_responses() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // A tally with no response behind it, as a bug or a hand edit would leave.
    sqlx::query(
        "INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses, levels) \
         SELECT c.id, a.id, 'IIT', 0, 'i1_1:4:1' FROM cycles c, agencies a \
         WHERE c.year = 2568 AND a.code = '6360201' \
         ON CONFLICT (cycle_id, agency_id, instrument) \
         DO UPDATE SET levels = survey_counts.levels || ',i1_1:4:1'",
    )
    .execute(app.db().pool())
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let out = score_and_verify(&app, dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let last = err.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with(
            "openita: the running sums differ from the raw responses for 1 agency (6360201)"
        ),
        "{err}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM results").await, 0);
}

#[tokio::test]
async fn an_unknown_year_is_one_clear_line() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = openita(
        &["score", "--db", app.database_url(), "--year", "2590"],
        None,
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "openita: ไม่พบรอบการประเมินปีงบประมาณ 2590 / No assessment cycle for fiscal year 2590."
        ),
        "{}",
        text(&out.stderr)
    );
}
