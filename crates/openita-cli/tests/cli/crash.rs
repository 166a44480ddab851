//! kill -9 of `openita serve` in the middle of survey submissions and OIT saves, on the engine
//! under test: every acknowledged write is there after the crash, a batch is never half
//! stored (running sums = raw responses), and sending again whatever was not acknowledged
//! counts each submission exactly once.

use crate::served::{self, AGENCIES, Attempt, Server};
use openita_types::FiscalYear;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const SURVEY_CLIENTS: usize = 16;
const OIT_ITEMS: usize = 3;

/// One item's saves: (counter, acknowledged), in the order sent.
type Saves = Vec<(usize, bool)>;

fn oit_url(item: &str, n: usize) -> String {
    format!("https://{}.example.go.th/{item}/doc-{n}", AGENCIES[0])
}

/// Saves `item` again and again with a new link each time, until the server stops answering.
async fn oit_saver(base: String, year: FiscalYear, token: String, item: String) -> (String, Saves) {
    let http = reqwest::Client::new();
    let url = format!(
        "{base}/api/v1/cycles/{year}/agencies/{}/oit/{item}",
        AGENCIES[0]
    );
    let mut saves = Vec::new();
    for n in 0..100_000 {
        let body = json!({"published": true, "urls": [oit_url(&item, n)], "note": ""});
        match http.put(&url).bearer_auth(&token).json(&body).send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                assert!(
                    status == 200 || status == 503,
                    "an OIT save was answered {status}: {}",
                    r.text().await.unwrap_or_default()
                );
                saves.push((n, status == 200));
            }
            Err(_) => {
                saves.push((n, false));
                break;
            }
        }
    }
    (item, saves)
}

async fn oit_items(base: &str, year: FiscalYear, token: &str) -> Value {
    let path = format!("/api/v1/cycles/{year}/agencies/{}/oit", AGENCIES[0]);
    served::get_json(base, &path, token).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_under_load_loses_no_acknowledged_write_and_counts_nothing_twice() {
    let p = served::prepare().await;
    let server = Server::start(&p.db.url).await;
    let base = server.base.clone();
    let items: Vec<String> = oit_items(&base, p.year, &p.agency_admin).await["items"]
        .as_array()
        .into_iter()
        .flatten()
        .take(OIT_ITEMS)
        .filter_map(|i| i["code"].as_str().map(String::from))
        .collect();
    assert_eq!(items.len(), OIT_ITEMS);

    let surveys: Vec<_> = (0..SURVEY_CLIENTS)
        .map(|c| {
            tokio::spawn(served::survey_client(
                base.clone(),
                p.tokens.clone(),
                c,
                1_000,
            ))
        })
        .collect();
    let savers: Vec<_> = items
        .iter()
        .map(|item| {
            tokio::spawn(oit_saver(
                base.clone(),
                p.year,
                p.agency_admin.clone(),
                item.clone(),
            ))
        })
        .collect();
    // Killed in full flight: after some hundreds of responses are in.
    let started = Instant::now();
    while served::stored_responses(&p.db.db).await < 400 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the load did not get going: {}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill_9();

    let mut attempts: Vec<Attempt> = Vec::new();
    for client in surveys {
        attempts.extend(
            client
                .await
                .unwrap_or_else(|e| panic!("survey client: {e}")),
        );
    }
    let mut saves = Vec::new();
    for saver in savers {
        saves.push(saver.await.unwrap_or_else(|e| panic!("OIT saver: {e}")));
    }
    let acknowledged = attempts.iter().filter(|a| a.acknowledged).count();
    let unanswered = attempts.len() - acknowledged;
    let after_crash = usize::try_from(served::stored_responses(&p.db.db).await).unwrap_or(0);
    assert!(
        acknowledged <= after_crash && after_crash <= attempts.len(),
        "{acknowledged} acknowledged, {unanswered} not, {after_crash} stored after the crash"
    );
    // 400 were stored before the kill; a few of those (at most one per client) may have been
    // committed without their acknowledgement reaching the client.
    assert!(
        acknowledged >= 400 - SURVEY_CLIENTS,
        "only {acknowledged} acknowledged"
    );
    eprintln!(
        "killed: {acknowledged} acknowledged, {unanswered} sent and not answered, {after_crash} stored"
    );

    // Back up, as the server would be after a crash; nothing to repair by hand. The tallies
    // of the last batches, left waiting by the kill, are folded as it starts.
    let server = Server::start(&p.db.url).await;
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_level_deltas")
        .fetch_one(p.db.db.pool())
        .await
        .unwrap_or(-1);
    assert_eq!(waiting, 0, "tallies left waiting after the restart");
    for attempt in &attempts {
        let status = served::resubmit(&server.base, attempt).await;
        if attempt.acknowledged {
            assert_eq!(status, 409, "an acknowledged nonce was accepted again");
        } else {
            assert!(status == 201 || status == 409, "resubmitted: {status}");
        }
    }
    assert_eq!(
        served::stored_responses(&p.db.db).await,
        i64::try_from(attempts.len()).unwrap_or(-1),
        "every submission counts once: {acknowledged} acknowledged, {unanswered} sent again"
    );
    served::assert_running_sums_agree(&p.core, p.year).await;

    // Each OIT item holds its last acknowledged link, or the one in flight after it.
    let stored = oit_items(&server.base, p.year, &p.agency_admin).await;
    for (item, item_saves) in &saves {
        let last_acked = item_saves.iter().rposition(|(_, ok)| *ok);
        let allowed: Vec<String> = item_saves[last_acked.unwrap_or(0)..]
            .iter()
            .map(|(n, _)| oit_url(item, *n))
            .collect();
        let found = stored["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| i["code"] == item.as_str())
            .map(|i| i["urls"][0].as_str().unwrap_or_default().to_string())
            .unwrap_or_default();
        assert!(
            last_acked.is_some(),
            "{item}: no save was acknowledged before the kill"
        );
        assert!(
            allowed.contains(&found),
            "{item}: stored {found}, expected one of {allowed:?}"
        );
    }
    server.kill_9();
}
