//! The nightly evidence check: queued once a night, after 01:00 Bangkok time, for each cycle
//! whose OIT work is under way, by whichever worker claims the night first.

use openita_core::{Actor, background, cycles};
use openita_jobs::Worker;
use openita_testing::TestApp;
use openita_types::FiscalYear;
use std::collections::BTreeMap;

fn at(app: &TestApp, when: &str) {
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339(when)
            .map(|t| t.to_utc())
            .unwrap_or_default(),
    );
}

async fn with_oit_calendar(app: &TestApp) {
    let window = |start: &str, end: &str| cycles::PhaseWindowInput {
        start: start.into(),
        end: end.into(),
    };
    let calendar = BTreeMap::from([
        ("oit_answer".to_string(), window("2025-01-06", "2025-04-30")),
        ("oit_review".to_string(), window("2025-05-01", "2025-05-31")),
        (
            "confirmation".to_string(),
            window("2025-06-17", "2025-06-30"),
        ),
    ]);
    cycles::set_calendar(
        app.core(),
        &Actor::system("test"),
        FiscalYear::of(2568),
        &calendar,
    )
    .await
    .unwrap_or_else(|e| panic!("calendar: {e}"));
}

async fn queue(app: &TestApp, worker: &str) -> usize {
    background::queue_nightly_link_checks(app.core(), worker)
        .await
        .unwrap_or_else(|e| panic!("nightly: {e}"))
        .len()
}

#[tokio::test]
async fn the_nightly_check_is_queued_once_a_night_while_oit_is_under_way() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    // 00:30 Bangkok: not yet.
    at(&app, "2025-03-10T00:30:00+07:00");
    assert_eq!(queue(&app, "a").await, 0);
    // 01:05: worker a claims the night; b, and a again, do nothing.
    at(&app, "2025-03-10T01:05:00+07:00");
    assert_eq!(queue(&app, "a").await, 1);
    assert_eq!(queue(&app, "b").await, 0);
    at(&app, "2025-03-10T13:00:00+07:00");
    assert_eq!(queue(&app, "a").await, 0);
    // The next night, again; and the job runs (no links yet: nothing to fetch).
    at(&app, "2025-03-11T01:00:00+07:00");
    assert_eq!(queue(&app, "b").await, 1);
    assert_eq!(openita_jobs::run_until_idle(app.core()).await.ok(), Some(2));
    // After the confirmation window nothing can change: no more checks.
    at(&app, "2025-07-02T02:00:00+07:00");
    assert_eq!(queue(&app, "a").await, 0);
    // Before the answer window opens, none either.
    at(&app, "2025-01-02T02:00:00+07:00");
    assert_eq!(queue(&app, "a").await, 0);
}

#[tokio::test]
async fn an_idle_worker_queues_the_night_and_can_be_told_not_to() {
    let app = TestApp::new().await;
    with_oit_calendar(&app).await;
    at(&app, "2025-03-10T03:00:00+07:00");
    Worker::new(app.core().clone(), "quiet")
        .with_nightly(false)
        .idle_duties()
        .await;
    assert_eq!(background::unfinished(app.core()).await.ok(), Some(0));
    Worker::new(app.core().clone(), "main").idle_duties().await;
    assert_eq!(background::unfinished(app.core()).await.ok(), Some(1));
}
