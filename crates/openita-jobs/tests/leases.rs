//! Several workers on one database: a job is its worker's while the worker renews its lease;
//! a restart of another instance (or of one with the same name) leaves it alone; a job whose
//! worker died is queued again once its lease has run out, and runs once. The core's clock is
//! moved instead of sleeping.

use openita_core::{Actor, Clock, background};
use openita_db::queries::jobs::{JobRow, by_id};
use openita_jobs::Worker;
use openita_testing::TestApp;
use openita_types::JobId;

const FILE: &[u8] = "code,name_th,type,province\n6360999,อบต.ใหม่,sao,ชัยภูมิ\n".as_bytes();

/// Moves the app's clock `seconds` ahead.
fn later(app: &TestApp, seconds: i64) {
    app.clock
        .set(app.clock.now() + chrono::Duration::seconds(seconds));
}

async fn job(app: &TestApp, id: JobId) -> JobRow {
    let mut conn = app.conn().await;
    by_id(&mut conn, id.get())
        .await
        .unwrap_or_else(|e| panic!("job row: {e}"))
        .unwrap_or_else(|| panic!("no job {id}"))
}

/// Queues an agency import and lets `worker` claim it (the worker then "runs" it until the
/// test says otherwise).
async fn claimed_by(app: &TestApp, worker: &str) -> JobId {
    let queued = background::enqueue_agency_import(app.core(), &Actor::system("test"), FILE)
        .await
        .unwrap_or_else(|e| panic!("enqueue: {e}"));
    let (claimed, _) = background::claim_next(app.core(), worker)
        .await
        .unwrap_or_else(|e| panic!("claim: {e}"))
        .unwrap_or_else(|| panic!("nothing to claim"));
    assert_eq!(claimed.id, queued.id);
    claimed.id
}

#[tokio::test]
async fn a_restart_of_another_instance_leaves_a_live_workers_job_alone() {
    let app = TestApp::new().await;
    let id = claimed_by(&app, "serve@host-a:100:aaaa").await;
    assert_eq!(job(&app, id).await.status, "running");
    // Instance A keeps renewing its lease while the job runs.
    later(&app, 90);
    assert!(
        background::renew_lease(app.core(), id, "serve@host-a:100:aaaa")
            .await
            .unwrap_or(false)
    );
    later(&app, 90);
    // Instance B (re)starts: another name, and then even A's own name (as every instance
    // was called "main" before): neither takes A's job away.
    let b = Worker::new(app.core().clone(), "serve@host-b:200:bbbb");
    assert_eq!(b.requeue_expired().await, 0);
    let same_name = Worker::new(app.core().clone(), "serve@host-a:100:aaaa");
    assert_eq!(same_name.requeue_expired().await, 0);
    assert!(!b.run_one().await.unwrap_or(true), "nothing for B to run");
    let row = job(&app, id).await;
    assert_eq!(row.status, "running");
    assert_eq!(row.claimed_by.as_deref(), Some("serve@host-a:100:aaaa"));
    // A finishes its job and records it.
    assert!(
        background::finish(
            app.core(),
            id,
            "serve@host-a:100:aaaa",
            Ok(serde_json::json!({"created": 1}))
        )
        .await
        .unwrap_or(false)
    );
    assert_eq!(job(&app, id).await.status, "done");
}

#[tokio::test]
async fn a_job_whose_worker_died_is_queued_again_when_its_lease_runs_out_and_runs_once() {
    let app = TestApp::new().await;
    let id = claimed_by(&app, "worker@gone:300:dead").await;
    let b = Worker::new(app.core().clone(), "worker@host-b:400:beef");
    // Within the lease: the job may still be running somewhere.
    later(&app, 60);
    assert_eq!(b.requeue_expired().await, 0);
    assert_eq!(job(&app, id).await.status, "running");
    // Past the lease without a renewal: its worker is gone.
    later(&app, 61);
    assert_eq!(b.requeue_expired().await, 1);
    let row = job(&app, id).await;
    assert_eq!(row.status, "queued");
    assert_eq!(row.claimed_by, None);
    assert!(b.run_one().await.unwrap_or(false), "B runs the job");
    let row = job(&app, id).await;
    assert_eq!(row.status, "done");
    assert_eq!(row.claimed_by.as_deref(), Some("worker@host-b:400:beef"));
    let result: serde_json::Value =
        serde_json::from_str(row.result.as_deref().unwrap_or("null")).unwrap_or_default();
    assert_eq!(result["created"], 1, "{result}");
    // Once: nothing is queued again, nothing left to run.
    later(&app, 600);
    assert_eq!(b.requeue_expired().await, 0);
    assert!(!b.run_one().await.unwrap_or(true));
    // The dead worker, had it only been paused, cannot overwrite the real outcome.
    let late = background::finish(
        app.core(),
        id,
        "worker@gone:300:dead",
        Err("too late".into()),
    )
    .await
    .unwrap_or(true);
    assert!(!late);
    let row = job(&app, id).await;
    assert_eq!(row.status, "done");
    assert_eq!(row.error, None);
}

#[tokio::test]
async fn a_renewal_keeps_the_lease_and_a_lost_lease_is_not_renewed() {
    let app = TestApp::new().await;
    let id = claimed_by(&app, "serve@a:1:1").await;
    let first = job(&app, id).await.lease_until.unwrap_or_default();
    later(&app, 100);
    assert!(
        background::renew_lease(app.core(), id, "serve@a:1:1")
            .await
            .unwrap_or(false)
    );
    let renewed = job(&app, id).await.lease_until.unwrap_or_default();
    assert!(renewed > first, "{renewed} after {first}");
    later(&app, 100);
    let other = Worker::new(app.core().clone(), "serve@b:2:2");
    assert_eq!(other.requeue_expired().await, 0, "renewed 100 s ago");
    later(&app, 100);
    assert_eq!(other.requeue_expired().await, 1, "not renewed for 200 s");
    assert!(
        !background::renew_lease(app.core(), id, "serve@a:1:1")
            .await
            .unwrap_or(true),
        "a worker that lost its lease is told so"
    );
}

#[test]
fn default_worker_names_differ() {
    let a = openita_jobs::unique_worker_name("serve");
    let b = openita_jobs::unique_worker_name("serve");
    assert_ne!(a, b);
    assert!(a.starts_with("serve@"), "{a}");
    assert!(a.contains(&format!(":{}:", std::process::id())), "{a}");
}
