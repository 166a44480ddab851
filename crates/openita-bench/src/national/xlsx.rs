//! The nation's results as the public downloads them, checked and timed in this process:
//! the core's `list_results` against the engine's fields for every agency, and the sheet as
//! `GET /api/v1/cycles/{year}/results.xlsx` writes it (`openita_web::results_files`). The
//! download itself, and the other public reads, are asked of the server as its own process
//! (`public_reads.rs`).

use super::measure::Runs;
use anyhow::{Result, ensure};
use openita_core::{Actor, Core, results};
use openita_scoring::ResultFields;
use openita_types::FiscalYear;
use std::{collections::HashMap, path::PathBuf, time::Instant};

#[derive(Debug, Default)]
pub struct Xlsx {
    pub list: Runs,
    pub write: Runs,
    pub bytes: usize,
    pub rows: usize,
    pub path: PathBuf,
    /// Agencies whose stored result carries survey integrity flags, and how many of each.
    pub flagged: usize,
    pub integrity_flags: std::collections::BTreeMap<&'static str, usize>,
}

/// The sheet exactly as the download handler writes it (`openita_web::results_files`).
fn write_sheet(year: FiscalYear, rows: &[results::ResultRow]) -> Result<Vec<u8>> {
    // The generated 2568 data: no AA-F band column, as NACC reports from 2566.
    Ok(openita_web::results_files::results_xlsx(year, rows, false)?)
}

/// Publishes the results (the public reads need it), checks that every published row equals
/// the engine's fields for that agency, then times the download's two halves.
pub async fn measure(
    core: &Core,
    year: FiscalYear,
    dir: &std::path::Path,
    runs: usize,
    expected: &HashMap<String, ResultFields>,
) -> Result<Xlsx> {
    results::publish_results(core, &Actor::system("bench-national"), year).await?;
    let mut out = Xlsx::default();
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
    let mut body = Vec::new();
    for _ in 0..runs.max(1) {
        let rows = listed.clone();
        let t = Instant::now();
        body = tokio::task::spawn_blocking(move || write_sheet(year, &rows)).await??;
        out.write.push(t.elapsed());
    }
    ensure!(
        body.starts_with(b"PK"),
        "results.xlsx is not a zip (XLSX) file"
    );
    out.path = dir.join(format!("ita-{year}-results.xlsx"));
    std::fs::write(&out.path, &body)?;
    out.bytes = body.len();
    Ok(out)
}
