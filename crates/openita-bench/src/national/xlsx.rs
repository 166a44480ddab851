//! The nation's results as the public reads them: `GET /api/v1/cycles/{year}/results.xlsx`
//! of the real web application, served in this process on 127.0.0.1 (the handler is
//! `openita-web` `routes::api::v1::results::xlsx`: `list_results`, then one XLSX row per
//! agency with `openita-reports`' `TableWriter`). Its two halves are timed apart: the core's
//! `list_results`, and the sheet writing (`openita_web::results_files::results_xlsx`, which
//! the handler calls). Then, on the same server, the other public reads of a published
//! cycle: the national summary, the portal page and one agency's report page and PDF.

use super::measure::Runs;
use crate::stats;
use anyhow::{Context, Result, ensure};
use openita_core::{Actor, Core, results};
use openita_scoring::ResultFields;
use openita_web::{AppState, WebConfig};
use std::{collections::HashMap, path::PathBuf, time::Instant};

#[derive(Debug, Default)]
pub struct Xlsx {
    /// The whole HTTP request, first byte sent to last byte received.
    pub http: Runs,
    pub list: Runs,
    pub write: Runs,
    pub bytes: usize,
    pub rows: usize,
    pub path: PathBuf,
    /// RSS when the downloads started and VmHWM during them (KiB).
    pub rss_before_kib: u64,
    pub peak_kib: u64,
    /// (what, path, timings) of the other public reads.
    pub pages: Vec<(&'static str, String, Runs)>,
    /// Agencies whose stored result carries survey integrity flags, and how many of each.
    pub flagged: usize,
    pub integrity_flags: std::collections::BTreeMap<&'static str, usize>,
}

/// The sheet exactly as the download handler writes it (`openita_web::results_files`).
fn write_sheet(year: i64, rows: &[results::ResultRow]) -> Result<Vec<u8>> {
    // The generated 2568 data: no AA-F band column, as NACC reports from 2566.
    Ok(openita_web::results_files::results_xlsx(year, rows, false)?)
}

/// Publishes the results (the public download needs it), checks that every published row
/// equals the engine's fields for that agency, then times the download and its halves.
pub async fn measure(
    core: &Core,
    year: i64,
    dir: &std::path::Path,
    runs: usize,
    expected: &HashMap<String, ResultFields>,
) -> Result<Xlsx> {
    results::publish_results(core, &Actor::system("bench-national"), year).await?;
    let mut out = Xlsx::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(
        core.clone(),
        WebConfig {
            public_base_url: base.clone(),
            secure_cookies: false,
            ..WebConfig::default()
        },
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(openita_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let url = format!("{base}/api/v1/cycles/{year}/results.xlsx");
    let mut body = Vec::new();
    out.rss_before_kib = stats::current_rss_kib();
    stats::reset_peak_rss();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let response = client.get(&url).send().await?;
        ensure!(
            response.status().is_success(),
            "GET {url}: {}",
            response.status()
        );
        body = response.bytes().await?.to_vec();
        out.http.push(t.elapsed());
    }
    out.peak_kib = stats::peak_rss_kib();
    let code = expected.keys().min().cloned().unwrap_or_default();
    let reads = [
        (
            "national summary (API)",
            format!("/api/v1/cycles/{year}/summary"),
        ),
        ("portal page, the nation", format!("/results/{year}")),
        (
            "agency report page",
            format!("/results/{year}/agencies/{code}"),
        ),
        (
            "agency report PDF",
            format!("/api/v1/cycles/{year}/agencies/{code}/report.pdf"),
        ),
    ];
    for (what, path) in reads {
        let mut timings = Runs::default();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            let response = client.get(format!("{base}{path}")).send().await?;
            ensure!(
                response.status().is_success(),
                "GET {path}: {}",
                response.status()
            );
            std::hint::black_box(response.bytes().await?.len());
            timings.push(t.elapsed());
        }
        out.pages.push((what, path, timings));
    }
    let _ = stop.send(());
    server.await.context("the server task")??;
    ensure!(
        body.starts_with(b"PK"),
        "results.xlsx is not a zip (XLSX) file"
    );
    out.path = dir.join(format!("ita-{year}-results.xlsx"));
    std::fs::write(&out.path, &body)?;
    out.bytes = body.len();

    // The two halves, after the download so that they do not count in its peak memory.
    let filter = results::ResultFilter::default();
    let mut listed = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        listed = results::list_results(core, None, year, &filter).await?;
        out.list.push(t.elapsed());
    }
    ensure!(
        listed.len() == expected.len(),
        "{} published rows for {} agencies",
        listed.len(),
        expected.len()
    );
    // The engine's result has no integrity flags (the core adds them beside the score from
    // counts the engine does not see); everything else must be equal.
    for r in &listed {
        let mut fields = r.fields.clone();
        let before = fields.flags.len();
        fields.flags.retain(|f| !f.is_integrity());
        if fields.flags.len() < before {
            out.flagged += 1;
            for f in r.fields.flags.iter().filter(|f| f.is_integrity()) {
                *out.integrity_flags.entry(f.as_str()).or_default() += 1;
            }
        }
        ensure!(
            expected.get(&r.agency.code) == Some(&fields),
            "MISMATCH: the stored result of {} differs from the engine's",
            r.agency.code
        );
    }
    out.rows = listed.len();
    for _ in 0..runs.max(1) {
        let rows = listed.clone();
        let t = Instant::now();
        let bytes = tokio::task::spawn_blocking(move || write_sheet(year, &rows)).await??;
        out.write.push(t.elapsed());
        std::hint::black_box(bytes.len());
    }
    Ok(out)
}
