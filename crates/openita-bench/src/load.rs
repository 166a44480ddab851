//! The clients: closed loop, each with its own keep-alive connection and one request in
//! flight. A survey iteration is a form fetch (a fresh nonce) then a full, valid answer set;
//! a 429 or 503 is counted and the client goes on with its next iteration.

use crate::{
    SurveysArgs,
    stats::{Cpu, Latencies},
};
use anyhow::{Context, Result, ensure};
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::{
    collections::BTreeMap,
    sync::{
        Arc,
        atomic::{AtomicU8, Ordering},
    },
    time::{Duration, Instant},
};

const WARMUP: u8 = 0;
const MEASURE: u8 = 1;
const STOP: u8 = 2;

/// Status code 0 stands for a transport error (connection refused, reset, timeout).
pub type Statuses = BTreeMap<u16, u64>;

fn count(map: &mut Statuses, status: u16) {
    *map.entry(status).or_default() += 1;
}

fn merge(into: &mut Statuses, from: &Statuses) {
    for (status, n) in from {
        *into.entry(*status).or_default() += n;
    }
}

#[derive(Default)]
pub struct Tally {
    pub form: Statuses,
    pub post: Statuses,
}

impl Tally {
    fn merge(&mut self, other: &Tally) {
        merge(&mut self.form, &other.form);
        merge(&mut self.post, &other.post);
    }
}

pub struct Report {
    pub questions: usize,
    pub form_bytes: usize,
    pub survey_seconds: f64,
    /// 201s completed within the measured window.
    pub submitted: u64,
    pub post_latency: Latencies,
    pub iteration_latency: Latencies,
    /// Statuses within the measured window, and over the whole survey run (warm-up too).
    pub measured: Tally,
    pub whole: Tally,
    /// Every 201 of the run: what must be stored.
    pub acknowledged_total: u64,
    pub survey_cpu: Cpu,
    pub healthz_seconds: f64,
    pub healthz_ok: u64,
    pub healthz_latency: Latencies,
    pub healthz_statuses: Statuses,
    pub healthz_cpu: Cpu,
}

#[derive(Deserialize)]
struct FormNonce {
    form_nonce: String,
}

#[derive(Deserialize)]
struct Form {
    form_nonce: String,
    questions: Vec<Question>,
}

#[derive(Deserialize)]
struct Question {
    id: String,
    scale: String,
    options: Vec<Value>,
}

/// Four different full answer sets (as JSON objects), built from the form's questions.
async fn answer_sets(
    http: &reqwest::Client,
    base: &str,
    token: &str,
) -> Result<(Vec<String>, usize, usize)> {
    let response = http
        .get(format!("{base}/api/v1/surveys/{token}"))
        .send()
        .await?;
    ensure!(
        response.status() == 200,
        "the form did not open: {}",
        response.status()
    );
    let text = response.text().await?;
    let form: Form = serde_json::from_str(&text).context("reading the form")?;
    ensure!(!form.form_nonce.is_empty(), "the form has no nonce");
    let sets = (0..4)
        .map(|variant| {
            let answers: Map<String, Value> = form
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let value = if q.scale == "yesno" {
                        Value::Bool((i + variant) % 2 == 0)
                    } else {
                        Value::from(1 + (i + variant) % q.options.len().max(1))
                    };
                    (q.id.clone(), value)
                })
                .collect();
            Value::Object(answers).to_string()
        })
        .collect();
    Ok((sets, form.questions.len(), text.len()))
}

#[derive(Default)]
struct SurveyClient {
    measured: Tally,
    whole: Tally,
    submitted: u64,
    acknowledged: u64,
    post_latency_us: Vec<u32>,
    iteration_latency_us: Vec<u32>,
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

struct Shared {
    base: String,
    tokens: Vec<String>,
    answer_sets: Vec<String>,
    phase: AtomicU8,
}

/// The address a client stands for (10.x.y.z, one per client): a server that trusts the
/// bench as its reverse proxy counts each client's limits apart; one that does not ignores it.
fn address(index: usize) -> String {
    format!(
        "10.{}.{}.{}",
        (index >> 16) & 0xff,
        (index >> 8) & 0xff,
        (index & 0xff).max(1)
    )
}

/// The link a client's `k`-th submission goes to. Each client walks through every link in
/// turn, starting at its own: all links get the same share and no client loops over one link
/// (the server holds one address on one link to 300 an hour; with as many clients as links,
/// `index + k * clients` sent each client to the same link forever and half the requests of a
/// 200-client run were refused, session 9).
fn link_of(index: usize, k: usize, links: usize) -> usize {
    (index + k) % links
}

async fn survey_client(index: usize, http: reqwest::Client, shared: Arc<Shared>) -> SurveyClient {
    let mut s = SurveyClient::default();
    let base = &shared.base;
    for k in 0usize.. {
        if shared.phase.load(Ordering::Acquire) == STOP {
            break;
        }
        let token = &shared.tokens[link_of(index, k, shared.tokens.len())];
        let answers = &shared.answer_sets[k % shared.answer_sets.len()];
        let started = Instant::now();
        let (form_status, nonce) = match http
            .get(format!("{base}/api/v1/surveys/{token}"))
            .header("x-forwarded-for", address(index))
            .send()
            .await
        {
            Ok(r) if r.status() == 200 => match r.json::<FormNonce>().await {
                Ok(form) => (200, Some(form.form_nonce)),
                Err(_) => (0, None),
            },
            Ok(r) => {
                let status = r.status().as_u16();
                let _ = r.bytes().await;
                (status, None)
            }
            Err(_) => (0, None),
        };
        count(&mut s.whole.form, form_status);
        if shared.phase.load(Ordering::Acquire) == MEASURE {
            count(&mut s.measured.form, form_status);
        }
        let Some(nonce) = nonce else {
            continue;
        };
        let body = format!(
            "{{\"form_nonce\":{},\"answers\":{answers}}}",
            Value::String(nonce)
        );
        let posted = Instant::now();
        let status = match http
            .post(format!("{base}/api/v1/surveys/{token}/responses"))
            .header(CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", address(index))
            .body(body)
            .send()
            .await
        {
            Ok(r) => {
                let status = r.status().as_u16();
                let _ = r.bytes().await;
                status
            }
            Err(_) => 0,
        };
        let done = Instant::now();
        count(&mut s.whole.post, status);
        if status == 201 {
            s.acknowledged += 1;
        }
        if shared.phase.load(Ordering::Acquire) == MEASURE {
            count(&mut s.measured.post, status);
            if status == 201 {
                s.submitted += 1;
                s.post_latency_us.push(micros(done - posted));
                s.iteration_latency_us.push(micros(done - started));
            }
        }
    }
    s
}

#[derive(Default)]
struct HealthClient {
    ok: u64,
    statuses: Statuses,
    latency_us: Vec<u32>,
}

async fn healthz_client(http: reqwest::Client, shared: Arc<Shared>) -> HealthClient {
    let mut h = HealthClient::default();
    let url = format!("{}/healthz", shared.base);
    while shared.phase.load(Ordering::Acquire) != STOP {
        let started = Instant::now();
        let status = match http.get(&url).send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                match r.bytes().await {
                    Ok(b) if status == 200 && &b[..] == b"ok" => 200,
                    Ok(_) => status,
                    Err(_) => 0,
                }
            }
            Err(_) => 0,
        };
        if shared.phase.load(Ordering::Acquire) == MEASURE {
            count(&mut h.statuses, status);
            if status == 200 {
                h.ok += 1;
                h.latency_us.push(micros(started.elapsed()));
            }
        }
    }
    h
}

/// Warm-up, then the measured window; returns the measured seconds and CPU.
async fn phases(shared: &Shared, warmup: Duration, measure: Duration) -> (f64, Cpu) {
    tokio::time::sleep(warmup).await;
    shared.phase.store(MEASURE, Ordering::Release);
    let (cpu0, t0) = (Cpu::now(), Instant::now());
    tokio::time::sleep(measure).await;
    shared.phase.store(STOP, Ordering::Release);
    (t0.elapsed().as_secs_f64(), Cpu::now().since(&cpu0))
}

pub async fn run(args: &SurveysArgs, base: &str, tokens: &[String]) -> Result<Report> {
    ensure!(!tokens.is_empty(), "no survey links");
    let clients: Vec<reqwest::Client> = (0..args.clients)
        .map(|_| {
            reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .pool_max_idle_per_host(1)
                .build()
        })
        .collect::<Result<_, _>>()?;
    let (answer_sets, questions, form_bytes) = answer_sets(&clients[0], base, &tokens[0]).await?;
    let shared = Arc::new(Shared {
        base: base.to_string(),
        tokens: tokens.to_vec(),
        answer_sets,
        phase: AtomicU8::new(WARMUP),
    });

    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, http)| tokio::spawn(survey_client(i, http.clone(), shared.clone())))
        .collect();
    let (survey_seconds, survey_cpu) = phases(
        &shared,
        Duration::from_secs(args.warmup),
        Duration::from_secs(args.seconds),
    )
    .await;
    let mut measured = Tally::default();
    let mut whole = Tally::default();
    let (mut submitted, mut acknowledged_total) = (0, 0);
    let (mut post_us, mut iteration_us) = (Vec::new(), Vec::new());
    for task in tasks {
        let s = task.await?;
        measured.merge(&s.measured);
        whole.merge(&s.whole);
        submitted += s.submitted;
        acknowledged_total += s.acknowledged;
        post_us.extend(s.post_latency_us);
        iteration_us.extend(s.iteration_latency_us);
    }

    let shared = Arc::new(Shared {
        phase: AtomicU8::new(WARMUP),
        ..Arc::try_unwrap(shared).map_err(|_| anyhow::anyhow!("clients still running"))?
    });
    let tasks: Vec<_> = clients
        .iter()
        .map(|http| tokio::spawn(healthz_client(http.clone(), shared.clone())))
        .collect();
    let (healthz_seconds, healthz_cpu) = phases(
        &shared,
        Duration::from_secs(1),
        Duration::from_secs(args.healthz_seconds.max(1)),
    )
    .await;
    let (mut healthz_ok, mut healthz_statuses, mut healthz_us) = (0, Statuses::new(), Vec::new());
    for task in tasks {
        let h = task.await?;
        healthz_ok += h.ok;
        merge(&mut healthz_statuses, &h.statuses);
        healthz_us.extend(h.latency_us);
    }

    Ok(Report {
        questions,
        form_bytes,
        survey_seconds,
        submitted,
        post_latency: Latencies::new(post_us),
        iteration_latency: Latencies::new(iteration_us),
        measured,
        whole,
        acknowledged_total,
        survey_cpu,
        healthz_seconds,
        healthz_ok,
        healthz_latency: Latencies::new(healthz_us),
        healthz_statuses,
        healthz_cpu,
    })
}

#[cfg(test)]
mod link_tests {
    use super::link_of;
    use std::collections::HashSet;

    #[test]
    fn every_client_walks_through_every_link_whatever_the_number_of_clients() {
        for (clients, links) in [(64, 200), (200, 200), (128, 200), (400, 200)] {
            for index in 0..clients {
                let seen: HashSet<usize> = (0..links).map(|k| link_of(index, k, links)).collect();
                assert_eq!(seen.len(), links, "client {index} of {clients}");
            }
        }
    }
}
