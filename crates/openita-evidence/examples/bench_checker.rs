//! Throughput benchmark of the evidence checker against loopback servers.
//!
//! ```text
//! cargo run --release -p openita-evidence --example bench_checker -- [URLS] [HOSTS] [PER_HOST] [TOTAL]
//! ```
//!
//! Defaults: 10000 distinct URLs spread over 4 "hosts" (axum servers on
//! 127.0.0.1 with different ports, in this process), 16 checks per host, 64
//! in total. Two passes over fresh URLs: "cur" items (a year to verify: one
//! GET per URL) and "now" items (no year: HEAD, then GET because the page is
//! HTML). Prints URLs/s, p50/p99 per check and peak RSS (VmHWM). The servers
//! share the machine's cores with the checker, so the figures are a lower
//! bound for the checker alone.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::response::Html;
use axum::routing::get;
use openita_evidence::{Checker, CheckerConfig, Outcome};

type BoxError = Box<dyn std::error::Error>;

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

async fn page(Path(id): Path<u64>) -> Html<String> {
    let filler = "ข้อมูลการจัดซื้อจัดจ้างของหน่วยงาน รายการที่เผยแพร่ตามเกณฑ์การประเมิน ITA ".repeat(20);
    Html(format!(
        "<!doctype html><html><head><title>เอกสาร {id}</title><style>p{{margin:0}}</style></head><body>\
         <nav><a href=\"/\">หน้าแรก</a> <a href=\"/ita\">ITA</a></nav>\
         <h1>รายการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568 (เลขที่ {id})</h1><p>{filler}</p></body></html>"
    ))
}

async fn start_server() -> Result<SocketAddr, BoxError> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let app = Router::new().route("/doc/{id}", get(page));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(addr)
}

fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

async fn pass(
    checker: &Checker,
    name: &str,
    hosts: &[SocketAddr],
    urls: usize,
    offset: usize,
    year: Option<u16>,
) -> Result<(), BoxError> {
    let items: Vec<(usize, String, Option<u16>)> = (0..urls)
        .map(|i| {
            let host = hosts[i % hosts.len()];
            (i, format!("http://{host}/doc/{}", offset + i), year)
        })
        .collect();
    let started = Instant::now();
    let results = checker.check_all(items, |_, _| {}).await;
    let wall = started.elapsed();
    let mut ms: Vec<f64> = results.iter().map(|(_, f)| f.elapsed_ms).collect();
    ms.sort_by(f64::total_cmp);
    let ok = results
        .iter()
        .filter(|(_, f)| f.outcome == Outcome::Ok)
        .count();
    if ok != results.len() {
        let bad = results.iter().find(|(_, f)| f.outcome != Outcome::Ok);
        if let Some((_, f)) = bad {
            eprintln!("first non-ok: {:?} {}", f.outcome, f.detail);
        }
    }
    let label = if year.is_some() {
        "URLs/s, year expected (one GET each)"
    } else {
        "URLs/s, no year (HEAD, then GET)"
    };
    record_figure(label, urls as f64 / wall.as_secs_f64(), "/s", Some(2_000.0))?;
    println!(
        "{name:>4}: {urls} URLs in {:.2} s = {:.0} URLs/s; per check p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; ok {ok}/{}",
        wall.as_secs_f64(),
        urls as f64 / wall.as_secs_f64(),
        percentile(&ms, 0.50),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(0.0),
        results.len(),
    );
    if ok != results.len() {
        return Err(format!("{} checks were not ok", results.len() - ok).into());
    }
    Ok(())
}

/// One JSON line for `scripts/bench-all` (see openita-bench's figures.rs), when
/// `OPENITA_BENCH_FIGURES` names the file to append to.
fn record_figure(
    name: &str,
    value: f64,
    unit: &str,
    at_least: Option<f64>,
) -> Result<(), BoxError> {
    use std::io::Write;
    let Some(path) = std::env::var_os("OPENITA_BENCH_FIGURES").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let line = serde_json::json!({
        "bench": "OIT evidence checker, 10,000 URLs, 4 loopback hosts",
        "name": name, "value": value, "unit": unit, "at_least": at_least,
    });
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "{line}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let urls = arg(1, 10_000);
    let n_hosts = arg(2, 4).max(1);
    let per_host = arg(3, 16).max(1);
    let total = arg(4, 64).max(1);
    let mut hosts = Vec::new();
    for _ in 0..n_hosts {
        hosts.push(start_server().await?);
    }
    let checker = Checker::new(CheckerConfig {
        timeout: Duration::from_secs(10),
        per_host_concurrency: per_host,
        total_concurrency: total,
        allowed_addrs: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
        ..CheckerConfig::default()
    })?;
    println!(
        "bench_checker: {urls} distinct URLs per pass over {n_hosts} loopback hosts, per-host {per_host}, total {total}, {} CPUs",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    pass(&checker, "cur", &hosts, urls, 0, Some(2568)).await?;
    pass(&checker, "now", &hosts, urls, urls, None).await?;
    match vm_hwm_kb() {
        Some(kb) => {
            record_figure("peak RSS", kb as f64 / 1024.0, "MiB", None)?;
            println!("peak RSS (VmHWM): {:.1} MB", kb as f64 / 1024.0)
        }
        None => println!("peak RSS: unavailable"),
    }
    Ok(())
}
