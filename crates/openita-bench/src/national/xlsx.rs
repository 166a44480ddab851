//! The nation's results as the public downloads them: `GET /api/v1/cycles/{year}/results.xlsx`
//! of the real web application, served in this process on 127.0.0.1 (the handler is
//! `openita-web` `routes::api::v1::results::xlsx`: `list_results`, then one XLSX row per
//! agency with `openita-reports`' `TableWriter`). Its two halves are timed apart: the core's
//! `list_results`, and the sheet writing, redone here with the handler's columns because the
//! handler's `cells` is private.

use super::measure::Runs;
use crate::stats;
use anyhow::{Context, Result, ensure};
use openita_core::{Actor, Core, results};
use openita_reports::xlsx::{Cell, TableWriter};
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
}

/// The handler's row, with its number cells (same order as its `COLUMNS`).
fn row(r: &results::ResultRow) -> Vec<String> {
    let f = &r.fields;
    let flags: Vec<String> = f
        .flags
        .iter()
        .filter_map(|x| {
            serde_json::to_value(x)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
        })
        .collect();
    vec![
        r.agency.code.clone(),
        r.agency.name_th.clone(),
        r.agency.province.clone(),
        r.agency.agency_type.name_th().to_string(),
        f.total.to_string(),
        f.level.clone(),
        f.tier.clone(),
        if f.pass {
            "ผ่าน"
        } else {
            "ไม่ผ่าน"
        }
        .to_string(),
        f.instruments.iit.to_string(),
        f.instruments.eit.to_string(),
        f.instruments.oit.to_string(),
        f.responses.iit.to_string(),
        f.responses.eit.to_string(),
        flags.join(" "),
    ]
}

const NUMBERS: [usize; 6] = [4, 8, 9, 10, 11, 12];

fn write_sheet(year: i64, rows: &[results::ResultRow]) -> Result<Vec<u8>> {
    let headers = [
        "code", "name", "province", "type", "total", "level", "tier", "pass", "IIT", "EIT", "OIT",
        "IIT n", "EIT n", "flags",
    ];
    let mut t = TableWriter::new(&format!("ITA {year}"), &headers)?;
    for r in rows {
        let c = row(r);
        let cells: Vec<Cell<'_>> = c
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if NUMBERS.contains(&i) {
                    s.parse::<f64>().map_or(Cell::Empty, Cell::Number)
                } else {
                    Cell::Text(s)
                }
            })
            .collect();
        t.row(&cells)?;
    }
    Ok(t.finish()?)
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
    for r in &listed {
        ensure!(
            expected.get(&r.agency.code) == Some(&r.fields),
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
