//! The printed figures: what the dataset is, how long it took to make, and each measurement's
//! min and median against its target, with its parts, and the peak memory of each stage.

use super::{
    measure::{Compute, Path, Runs},
    plan::{MIX, Planned},
    xlsx::Xlsx,
};
use crate::stats;
use std::time::Duration;

/// Stage (b) and its diagnosis.
pub struct RawStage {
    pub raw: Path,
    /// Agencies with identical inputs and scores both ways.
    pub identical: usize,
    /// Fetching the pages alone (the core's page query), timed apart.
    pub fetch: Runs,
    /// (RSS at the start, VmHWM during) in KiB.
    pub memory: (u64, u64),
}

pub struct Report<'a> {
    pub engine: &'a str,
    pub cores: usize,
    pub plan: &'a [Planned],
    pub responses: u64,
    pub tallies: u64,
    pub oit_rows: u64,
    /// Generation, step by step.
    pub steps: &'a [(&'static str, Duration)],
    pub generation: Duration,
    pub generation_peak: u64,
    pub db_bytes: u64,
    pub sums: &'a Path,
    pub compute: &'a Compute,
    pub raw: Option<&'a RawStage>,
    pub summary: openita_scoring::Summary,
    pub sheet: &'a Xlsx,
    /// (RSS at the start, VmHWM during) of (a) read + engine and (a) compute_results, in KiB;
    /// VmHWM is reset at the start of each. The server's memory in (c) and (d) is its own
    /// (`public_reads.rs`).
    pub stages: [(u64, u64); 2],
}

fn time(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10_000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn line(what: &str, runs: &Runs, target: Option<Duration>) {
    let verdict = match target {
        Some(t) if runs.median() < t => format!("< {} | yes", time(t)),
        Some(t) => format!("< {} | **no**", time(t)),
        None => " | ".to_string(),
    };
    println!(
        "| {what} | {} | {} | {} | {verdict} |",
        runs.0.len(),
        time(runs.min()),
        time(runs.median())
    );
}

pub fn print(r: &Report<'_>) {
    let iit: u64 = r.plan.iter().map(|a| u64::from(a.iit)).sum();
    let eit: u64 = r.plan.iter().map(|a| u64::from(a.eit)).sum();
    let mix: Vec<String> = MIX
        .iter()
        .map(|(t, n)| format!("{} {}", t.code(), thousands(*n as u64)))
        .collect();
    let districts: std::collections::BTreeSet<&str> = r
        .plan
        .iter()
        .filter_map(|a| a.input.district.as_deref())
        .collect();
    let provinces: std::collections::BTreeSet<&str> =
        r.plan.iter().map(|a| a.input.province.as_str()).collect();
    println!();
    println!("## National results, fiscal year {}", super::YEAR);
    println!("database: {}", r.engine);
    println!(
        "machine: {} cores, {}; load average now {}",
        r.cores,
        stats::cpu_model(),
        stats::load_average()
    );
    println!(
        "dataset: {} agencies in {} provinces and {} districts ({}); {} responses (IIT {}, EIT {}); {} tallies (question and level, packed per agency); {} final OIT item scores",
        thousands(r.plan.len() as u64),
        provinces.len(),
        districts.len(),
        mix.join(", "),
        thousands(r.responses),
        thousands(iit),
        thousands(eit),
        thousands(r.tallies),
        thousands(r.oit_rows)
    );
    let steps: Vec<String> = r
        .steps
        .iter()
        .map(|(name, d)| format!("{name} {:.1} s", d.as_secs_f64()))
        .collect();
    println!(
        "generation: {:.1} s ({}); peak RSS {}; database {:.0} MiB",
        r.generation.as_secs_f64(),
        steps.join(", "),
        mib(r.generation_peak),
        r.db_bytes as f64 / 1_048_576.0
    );
    let s = &r.summary;
    let show = |d: Option<openita_scoring::Decimal2>| d.map(|d| d.to_string()).unwrap_or_default();
    println!(
        "scores of the generated data: mean {}, {} of {} passed ({} %)",
        show(s.mean),
        thousands(s.passed),
        thousands(s.agencies),
        show(s.pass_rate)
    );
    println!();
    println!("| measurement | runs | min | median | target | met (median) |");
    println!("|---|---|---|---|---|---|");
    let secs = |s: u64| Some(Duration::from_secs(s));
    let (sums, compute, sheet) = (r.sums, r.compute, r.sheet);
    line(
        "(a) running sums: read (`inputs_from_running_sums`)",
        &sums.read,
        None,
    );
    line("(a) running sums: engine, every agency", &sums.engine, None);
    line("(a) running sums: read + engine", &sums.total, secs(1));
    line(
        // The target is for scoring (the line above); storing ~180 MB of breakdowns is extra.
        "(a) `compute_results` (read + engine + JSON + write; no target)",
        &compute.total,
        None,
    );
    line(
        "(a) of which: the JSON it writes (timed apart)",
        &compute.json,
        None,
    );
    if let Some(b) = r.raw {
        line(
            "(b) raw: read (`inputs_from_raw_responses`)",
            &b.raw.read,
            None,
        );
        line("(b) raw: engine, every agency", &b.raw.engine, None);
        line("(b) raw: read + engine", &b.raw.total, secs(15));
        line(
            "(b) of which: fetching the pages (timed apart)",
            &b.fetch,
            None,
        );
    }
    line(
        "(c) `list_results` in this process (the first run reads the cycle, the rest are \
         served from memory)",
        &sheet.list,
        None,
    );
    line(
        "(c) writing the results sheet in this process",
        &sheet.write,
        None,
    );
    println!();
    match r.raw {
        Some(b) => println!(
            "raw = running sums: identical inputs and scores for all {} agencies",
            thousands(b.identical as u64)
        ),
        None => println!("(b) skipped (--raw-runs 0): raw = running sums NOT checked"),
    }
    println!(
        "compute_results stored {} results ({} passed); every published row equals the engine's \
         (integrity flags aside)",
        thousands(compute.agencies as u64),
        thousands(compute.passed as u64)
    );
    println!(
        "survey integrity flags on the generated data: {} agencies flagged {:?}",
        thousands(sheet.flagged as u64),
        sheet.integrity_flags
    );
    println!(
        "XLSX: {} rows, {} bytes ({:.2} MiB) at {}",
        thousands(sheet.rows as u64),
        thousands(sheet.bytes as u64),
        sheet.bytes as f64 / 1_048_576.0,
        sheet.path.display()
    );
    let memory = |(start, peak): (u64, u64)| format!("{} (from {})", mib(peak), mib(start));
    let [a, compute_memory] = r.stages;
    let b = r.raw.map_or("not run".to_string(), |b| memory(b.memory));
    println!(
        "this process's peak RSS (VmHWM, reset at the start of each stage): generation {}; \
         (a) read + engine {}; (a) compute_results {}; (b) {b}",
        mib(r.generation_peak),
        memory(a),
        memory(compute_memory),
    );
}
