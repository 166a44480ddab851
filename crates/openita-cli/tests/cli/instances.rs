//! Two `openita serve` processes on one database, as behind a load balancer: survey answers
//! through both count once each, background jobs queued at either run once, and a file one
//! instance made downloads from the other (the export folder is shared).

use crate::served::{self, Server};
use openita_types::FiscalYear;
use std::time::{Duration, Instant};

const CLIENTS: usize = 12;
const EXPORTS: usize = 4;

/// Queues a raw-response CSV export at `base` as the NACC admin; returns the job id.
async fn queue_export(http: &reqwest::Client, base: &str, year: FiscalYear, admin: &str) -> i64 {
    let r = http
        .post(format!("{base}/cycles/{year}/exports/responses"))
        .bearer_auth(admin)
        .form(&[("format", "csv")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.status().as_u16(),
        303,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    location
        .trim_start_matches("/jobs/")
        .parse()
        .unwrap_or_else(|_| panic!("no job in {location}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_count_every_response_once_and_run_every_job_once() {
    let p = served::prepare().await;
    let exports = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shared = exports.path().join("exports");
    let a = Server::start_sharing(&p.db.url, Some(&shared)).await;
    let b = Server::start_sharing(&p.db.url, Some(&shared)).await;

    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let base = if c % 2 == 0 { &a.base } else { &b.base };
            tokio::spawn(served::survey_client(base.clone(), p.tokens.clone(), c, 60))
        })
        .collect();
    let mut attempts = Vec::new();
    for client in clients {
        attempts.extend(client.await.unwrap_or_else(|e| panic!("{e}")));
    }
    assert_eq!(attempts.len(), CLIENTS * 60);
    assert!(attempts.iter().all(|a| a.acknowledged));
    // A replay at the other instance is refused: the nonce is spent for both.
    for attempt in attempts.iter().take(20) {
        assert_eq!(served::resubmit(&a.base, attempt).await, 409);
        assert_eq!(served::resubmit(&b.base, attempt).await, 409);
    }
    assert_eq!(
        served::stored_responses(&p.db.db).await,
        i64::try_from(attempts.len()).unwrap_or(-1)
    );
    served::assert_running_sums_agree(&p.core, p.year).await;

    // Exports queued at both instances; each job runs once, at either.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut jobs = Vec::new();
    for i in 0..EXPORTS {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        jobs.push(queue_export(&http, base, p.year, &p.admin).await);
    }
    let started = Instant::now();
    for id in &jobs {
        loop {
            let view = served::get_json(&b.base, &format!("/api/v1/jobs/{id}"), &p.admin).await;
            if view["status"] == "done" {
                break;
            }
            assert!(
                view["status"] == "queued" || view["status"] == "running",
                "job {id}: {view}"
            );
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "job {id}: {view}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let files = std::fs::read_dir(&shared).map_or(0, |d| d.count());
    assert_eq!(files, EXPORTS, "one file per export job");
    // Whichever instance ran it, both serve the file.
    for (i, id) in jobs.iter().enumerate() {
        let base = if i % 2 == 0 { &b.base } else { &a.base };
        let r = http
            .get(format!("{base}/jobs/{id}/download"))
            .bearer_auth(&p.admin)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status().as_u16(), 200);
        let csv = r.text().await.unwrap_or_default();
        assert_eq!(
            csv.lines().count(),
            attempts.len() + 1,
            "a header and every response"
        );
    }
    a.kill_9();
    b.kill_9();
}
