//! Stages (c) and (d) from outside: the national downloads and the public pages asked of
//! `openita serve` running as its own process on the generated database (published), so
//! that the server's memory is its own and not the bench's (the bench holds the dataset and
//! stage (a)'s scores). Each read gets a fresh server: its first request is cold (the
//! server reads the cycle's results into memory then), the next `reads` are timed for p50
//! and p95, and the server's peak RSS (VmHWM) is read at the end. Then one server takes
//! everything at once: four clients reading every route while its worker exports all the
//! raw responses as CSV and the export is downloaded.

use super::{YEAR, base::ADMIN};
use crate::{server_process::ServerProcess, stats::Latencies};
use anyhow::{Context, Result, ensure};
use std::time::{Duration, Instant};

/// One read: which route, and for the per-agency routes a different agency each time.
#[derive(Clone)]
pub struct Route {
    pub what: &'static str,
    path: String,
    /// `{code}` in `path` is replaced by a different agency's code on each request.
    per_agency: bool,
}

impl Route {
    fn path(&self, codes: &[String], i: usize) -> String {
        if !self.per_agency {
            return self.path.clone();
        }
        // A stride through the list: neighbouring requests ask for unrelated agencies.
        let code = codes
            .get(i * 7919 % codes.len().max(1))
            .map_or("", String::as_str);
        self.path.replace("{code}", code)
    }

    /// What the report prints for the path.
    pub fn shown(&self) -> String {
        self.path.replace("{code}", "<each agency>")
    }
}

pub fn routes(first_code: &str, province: &str) -> Vec<Route> {
    let fixed = |what, path: String| Route {
        what,
        path,
        per_agency: false,
    };
    let each = |what, path: String| Route {
        what,
        path,
        per_agency: true,
    };
    let api = format!("/api/v1/cycles/{YEAR}");
    vec![
        fixed("results.xlsx (the nation)", format!("{api}/results.xlsx")),
        fixed("results.csv (the nation)", format!("{api}/results.csv")),
        fixed("results list, JSON (the nation)", format!("{api}/results")),
        fixed("summary API (the nation)", format!("{api}/summary")),
        fixed("portal page (the nation)", format!("/results/{YEAR}")),
        fixed(
            "portal page (one province)",
            format!("/results/{YEAR}?province={province}"),
        ),
        fixed(
            "agency report page (one agency)",
            format!("/results/{YEAR}/agencies/{first_code}"),
        ),
        each(
            "agency report page (a different agency each time)",
            format!("/results/{YEAR}/agencies/{{code}}"),
        ),
        fixed(
            "agency report PDF (one agency)",
            format!("{api}/agencies/{first_code}/report.pdf"),
        ),
        each(
            "agency report PDF (a different agency each time)",
            format!("{api}/agencies/{{code}}/report.pdf"),
        ),
    ]
}

pub struct ReadLine {
    pub route: Route,
    pub first: Duration,
    pub warm: Latencies,
    pub bytes: u64,
    /// The server's RSS once started and its peak while serving this route (KiB).
    pub rss_start_kib: u64,
    pub peak_kib: u64,
}

/// Everything at once on one server.
pub struct Together {
    pub clients: usize,
    pub requests: usize,
    pub seconds: f64,
    /// The raw-response CSV export: job (queued to done) and download, and its size.
    pub export_job: Duration,
    pub export_download: Duration,
    pub export_bytes: u64,
    pub peak_kib: u64,
}

pub struct PublicReads {
    pub reads: usize,
    pub lines: Vec<ReadLine>,
    pub together: Together,
}

/// GETs `url` and reads the body chunk by chunk (the bench keeps none of it).
async fn get(client: &reqwest::Client, url: &str, token: Option<&str>) -> Result<u64> {
    let mut request = client.get(url);
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let mut response = request.send().await?;
    ensure!(
        response.status().is_success(),
        "GET {url}: {}",
        response.status()
    );
    let mut bytes = 0;
    while let Some(chunk) = response.chunk().await? {
        bytes += chunk.len() as u64;
    }
    Ok(bytes)
}

pub async fn measure(
    db_url: &str,
    export_dir: &std::path::Path,
    codes: &[String],
    routes: &[Route],
    reads: usize,
) -> Result<PublicReads> {
    let export_dir = export_dir.to_string_lossy().to_string();
    let env = [("OPENITA_EXPORT_DIR", export_dir.as_str())];
    let client = reqwest::Client::new();
    let mut lines = Vec::new();
    for route in routes {
        let server = ServerProcess::start_with(db_url, &env).await?;
        let rss_start_kib = server.status_kib("VmRSS:");
        let t = Instant::now();
        let bytes = get(
            &client,
            &format!("{}{}", server.base, route.path(codes, 0)),
            None,
        )
        .await?;
        let first = t.elapsed();
        let mut warm = Vec::with_capacity(reads);
        for i in 1..=reads {
            let url = format!("{}{}", server.base, route.path(codes, i));
            let t = Instant::now();
            get(&client, &url, None).await?;
            warm.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
        }
        let peak_kib = server.status_kib("VmHWM:");
        server.kill()?;
        lines.push(ReadLine {
            route: route.clone(),
            first,
            warm: Latencies::new(warm),
            bytes,
            rss_start_kib,
            peak_kib,
        });
    }
    let together = all_at_once(db_url, &env, codes, routes, reads).await?;
    Ok(PublicReads {
        reads,
        lines,
        together,
    })
}

const CLIENTS: usize = 4;

/// Four clients read every route `reads / 4` times each while the worker exports every raw
/// response as CSV, which is then downloaded.
async fn all_at_once(
    db_url: &str,
    env: &[(&str, &str)],
    codes: &[String],
    routes: &[Route],
    reads: usize,
) -> Result<Together> {
    let server = ServerProcess::start_with(db_url, env).await?;
    server.reset_peak();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let started = Instant::now();
    let token = sign_in(&client, &server.base).await?;
    let job = start_export(&client, &server.base, &token).await?;
    let rounds = (reads / CLIENTS).max(1);
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..CLIENTS {
        let (client, base, codes, routes) = (
            client.clone(),
            server.base.clone(),
            codes.to_vec(),
            routes.to_vec(),
        );
        tasks.spawn(async move {
            let mut n = 0;
            for round in 0..rounds {
                for route in &routes {
                    let url = format!("{base}{}", route.path(&codes, round * CLIENTS + c));
                    get(&client, &url, None).await?;
                    n += 1;
                }
            }
            anyhow::Ok(n)
        });
    }
    let export_job = wait_for(&client, &server.base, &token, job).await?;
    let t = Instant::now();
    let export_bytes = get(
        &client,
        &format!("{}/jobs/{job}/download", server.base),
        Some(&token),
    )
    .await?;
    let export_download = t.elapsed();
    let mut requests = 0;
    while let Some(done) = tasks.join_next().await {
        requests += done??;
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak_kib = server.status_kib("VmHWM:");
    server.kill()?;
    Ok(Together {
        clients: CLIENTS,
        requests,
        seconds,
        export_job,
        export_download,
        export_bytes,
        peak_kib,
    })
}

async fn sign_in(client: &reqwest::Client, base: &str) -> Result<String> {
    let body = serde_json::json!({"username": ADMIN, "password": "openita-bench-password"});
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&body)
        .send()
        .await?;
    ensure!(r.status().is_success(), "sign-in: {}", r.status());
    let v: serde_json::Value = r.json().await?;
    v["token"]
        .as_str()
        .map(str::to_string)
        .context("no token in the sign-in answer")
}

/// Queues the raw-response CSV export as the NACC admin (the page's form, with a bearer
/// token): the answer redirects to the job's page.
async fn start_export(client: &reqwest::Client, base: &str, token: &str) -> Result<i64> {
    let r = client
        .post(format!("{base}/cycles/{YEAR}/exports/responses"))
        .bearer_auth(token)
        .form(&[("format", "csv")])
        .send()
        .await?;
    let location = r
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    location
        .strip_prefix("/jobs/")
        .and_then(|id| id.parse().ok())
        .with_context(|| format!("starting the export: {} {location}", r.status()))
}

/// Polls the job until done; the time from now.
async fn wait_for(client: &reqwest::Client, base: &str, token: &str, job: i64) -> Result<Duration> {
    let started = Instant::now();
    loop {
        let v: serde_json::Value = client
            .get(format!("{base}/api/v1/jobs/{job}"))
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        match v["status"].as_str() {
            Some("done") => return Ok(started.elapsed()),
            Some("failed") => anyhow::bail!("the export failed: {}", v["error"]),
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
        ensure!(
            started.elapsed() < Duration::from_secs(600),
            "the export did not finish in 10 minutes"
        );
    }
}

/// Routes with issue 14's latency target (p95 < 50 ms); the downloads have issue 5's (< 5 s
/// for the XLSX).
fn target(what: &str) -> Option<Duration> {
    let public_page = ["summary", "portal page (the nation)", "agency report"];
    if what.starts_with("results.xlsx") {
        Some(Duration::from_secs(5))
    } else if public_page.iter().any(|p| what.starts_with(p)) {
        Some(Duration::from_millis(50))
    } else {
        None
    }
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// Peak memory target of the server while it serves these reads (issue 14).
const PEAK_TARGET_KIB: u64 = 200 * 1024;

pub fn print(p: &PublicReads) {
    println!();
    println!(
        "### (c)/(d) from outside: `openita serve` as its own process, a fresh server per read \
         ({} requests after the first)",
        p.reads
    );
    println!();
    println!(
        "| read | bytes | first (cold) | p50 | p95 | max | target (p95) | server RSS start / peak |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for l in &p.lines {
        let p95 = l.warm.ms(0.95);
        let verdict = match target(l.route.what) {
            Some(t) if p95 < t.as_secs_f64() * 1000.0 => format!("< {} ms: met", t.as_millis()),
            Some(t) => format!("< {} ms: **not met**", t.as_millis()),
            None => String::new(),
        };
        println!(
            "| {} `{}` | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {verdict} | {} / {} |",
            l.route.what,
            l.route.shown(),
            l.bytes,
            l.first.as_secs_f64() * 1000.0,
            l.warm.ms(0.50),
            p95,
            l.warm.ms(1.0),
            mib(l.rss_start_kib),
            mib(l.peak_kib),
        );
    }
    let t = &p.together;
    let worst = p
        .lines
        .iter()
        .map(|l| l.peak_kib)
        .max()
        .unwrap_or(0)
        .max(t.peak_kib);
    println!();
    println!(
        "one server, everything at once: {} clients, {} reads of the routes above in {:.1} s, \
         while its worker exported every raw response as CSV ({:.1} s, {:.0} MiB) that was \
         then downloaded ({:.1} s): server peak RSS {}",
        t.clients,
        t.requests,
        t.seconds,
        t.export_job.as_secs_f64(),
        t.export_bytes as f64 / 1_048_576.0,
        t.export_download.as_secs_f64(),
        mib(t.peak_kib)
    );
    println!(
        "server peak RSS, worst of all: {} (target < {}: {})",
        mib(worst),
        mib(PEAK_TARGET_KIB),
        if worst < PEAK_TARGET_KIB {
            "met"
        } else {
            "**not met**"
        }
    );
}
