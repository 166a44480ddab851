//! `openita-bench national`: results for the whole nation (issue 5). It generates 2568 at its
//! real size in a fresh database (8,317 agencies over the 77 provinces, 1.35 million IIT and
//! EIT responses with their running sums, 28 final OIT scores per agency), then measures
//! scoring from the running sums (target < 1 s), from the raw responses (target < 15 s, and
//! both must agree for every agency), and the results XLSX download (target < 5 s), with the
//! peak memory of each stage; then the downloads and public pages asked of `openita serve` as
//! its own process (issue 14: p95 < 50 ms, the server under 200 MB). See docs/benchmarks.md,
//! "National results".

mod base;
mod bulk;
mod drive;
mod figures;
mod measure;
mod oit;
mod places;
mod plan;
mod public_reads;
mod rawscan;
mod report;
mod responses;
mod xlsx;

use crate::{setup, stats};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use openita_core::{Core, SystemClock, cycles};
use openita_db::Backend;
use std::{collections::HashMap, sync::Arc, time::Instant};

/// The fiscal year generated.
pub const YEAR: openita_types::FiscalYear = openita_types::FiscalYear::of(2568);

#[derive(Debug, Clone, clap::Args)]
pub struct NationalArgs {
    /// `sqlite`: a fresh file in a temporary folder; `postgres://USER:PASS@HOST:PORT/DB`: a
    /// fresh database is created on that server (DB is only used to connect) and dropped at
    /// the end.
    #[arg(long, default_value = "sqlite")]
    pub database: String,
    /// Seed of every random choice: the same seed gives the same dataset.
    #[arg(long, default_value_t = 2568)]
    pub seed: u64,
    /// Runs of each fast measurement (running sums, compute_results, XLSX).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Runs of scoring from the raw responses (a full scan each); 0 skips that stage and the
    /// check that both ways agree.
    #[arg(long, default_value_t = 3)]
    pub raw_runs: usize,
    /// Keep the temporary folder (database and XLSX) or the PostgreSQL database.
    #[arg(long)]
    pub keep: bool,
    /// Calls of the province dashboard and of the national view (issue 12); 0 skips them.
    #[arg(long, default_value_t = 200)]
    pub drive_calls: usize,
    /// Requests of each public read after its first, asked of `openita serve` (the release
    /// binary beside this one) as its own process; 0 skips stages (c) and (d) over HTTP.
    #[arg(long, default_value_t = 200)]
    pub reads: usize,
}

pub fn national(args: &NationalArgs) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .enable_all()
        .build()?;
    rt.block_on(run(args, cores))
}

async fn run(args: &NationalArgs, cores: usize) -> Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("openita-national")
        .tempdir()?;
    let sqlite_path = dir.path().join("national.sqlite");
    let target = if args.database == "sqlite" {
        format!("sqlite://{}", sqlite_path.display())
    } else {
        args.database.clone()
    };
    let (db, engine, cleanup) = setup::open_database(&target, args.keep).await?;
    // The bench writes its dataset in bulk, past the use cases: it keeps the `Db` it made
    // the core from (the core does not hand its own out).
    let core = Core::new(db.clone(), Arc::new(SystemClock));
    let db = &db;
    println!(
        "National dataset {YEAR} (seed {}) on {engine}; load average {}",
        args.seed,
        stats::load_average()
    );

    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos:>9}/{len:9} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    stats::reset_peak_rss();
    let started = Instant::now();
    let plan = plan::plan(args.seed)?;
    let base = base::build(&core, db, &plan, args.seed, &bar).await?;
    let setup_time = started.elapsed();
    let fw = cycles::cycle_framework(&core, YEAR).await?;
    let mut loaded = responses::load(db, &fw, &plan, &base, args.seed, &bar).await?;
    let mut steps = vec![("agencies, users, cycle, headcounts, links", setup_time)];
    steps.append(&mut loaded.steps);
    let lap = Instant::now();
    let oit_rows = oit::load(db, &fw, &plan, &base, args.seed, &bar).await?;
    steps.push(("OIT", lap.elapsed()));
    let lap = Instant::now();
    bar.set_message("checkpoint (SQLite) / ANALYZE (PostgreSQL)");
    let db_bytes = match db.backend() {
        Backend::Sqlite => {
            bulk::exec(db, "PRAGMA wal_checkpoint(TRUNCATE)").await?;
            std::fs::metadata(&sqlite_path)
                .map(|m| m.len())
                .unwrap_or(0)
        }
        Backend::Postgres => {
            // What autovacuum would do soon after such a load; without statistics the
            // planner guesses ~2,000 tally rows and sorts 757,324 on disk.
            bulk::exec(db, "ANALYZE").await?;
            let n: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
                .fetch_one(db.pool())
                .await?;
            u64::try_from(n)?
        }
    };
    steps.push(("checkpoint or ANALYZE", lap.elapsed()));
    bar.finish_and_clear();
    let generation = started.elapsed();
    let generation_peak = stats::peak_rss_kib();
    println!(
        "Generated in {:.1} s; measuring ...",
        generation.as_secs_f64()
    );

    let cycle = cycles::get_cycle(&core, YEAR).await?;
    let before_a = stats::current_rss_kib();
    stats::reset_peak_rss();
    let (sums, sums_inputs, sums_scores) =
        measure::running_sums(&core, &fw, &cycle, args.runs).await?;
    let peak_a = stats::peak_rss_kib();
    let before_compute = stats::current_rss_kib();
    stats::reset_peak_rss();
    let compute = measure::compute(&core, YEAR, &sums_inputs, &sums_scores, args.runs).await?;
    let peak_compute = stats::peak_rss_kib();

    // (b), unless --raw-runs 0 (for quick looks at the other stages: nothing is checked then).
    let mut raw_stage = None;
    if args.raw_runs > 0 {
        let before_b = stats::current_rss_kib();
        stats::reset_peak_rss();
        let (raw, raw_inputs, raw_scores) = measure::raw(&core, &fw, &cycle, args.raw_runs).await?;
        let peak_b = stats::peak_rss_kib();
        let identical = measure::same((&sums_inputs, &sums_scores), (&raw_inputs, &raw_scores))?;
        drop((raw_inputs, raw_scores));
        let (fetch, seen) = rawscan::fetch_only(db, &cycle, args.raw_runs).await?;
        anyhow::ensure!(
            seen as u64 == loaded.responses,
            "the page query saw {seen} responses of {}",
            loaded.responses
        );
        raw_stage = Some(report::RawStage {
            raw,
            identical,
            fetch,
            memory: (before_b, peak_b),
        });
    }

    let expected: HashMap<String, openita_scoring::ResultFields> = plan
        .iter()
        .zip(&base.agency_ids)
        .filter_map(|(p, id)| {
            sums_scores
                .get(id)
                .map(|s| (p.input.code.clone(), s.api_fields()))
        })
        .collect();
    let summary = openita_scoring::summary(sums_scores.values());
    drop((sums_inputs, sums_scores));
    let sheet = xlsx::measure(&core, YEAR, dir.path(), args.runs, &expected).await?;

    report::print(&report::Report {
        engine: &engine,
        cores,
        plan: &plan,
        responses: loaded.responses,
        tallies: loaded.tallies,
        oit_rows,
        steps: &steps,
        generation,
        generation_peak,
        db_bytes,
        sums: &sums,
        compute: &compute,
        raw: raw_stage.as_ref(),
        summary,
        sheet: &sheet,
        stages: [(before_a, peak_a), (before_compute, peak_compute)],
    });
    let mut public = None;
    if args.reads > 0 {
        // The first agency of the plan, and its province, for the one-agency reads.
        let codes: Vec<String> = plan.iter().map(|p| p.input.code.clone()).collect();
        let first = codes.iter().min().cloned().unwrap_or_default();
        let province = plan
            .iter()
            .find(|p| p.input.code == first)
            .map(|p| p.input.province.clone())
            .unwrap_or_default();
        let exports = dir.path().join("exports");
        let reads = public_reads::measure(
            &setup::server_url(db),
            &exports,
            &codes,
            &public_reads::routes(&first, &province),
            args.reads,
        )
        .await?;
        public_reads::print(&reads);
        public = Some(reads);
    }
    let mut drive_stage = None;
    if args.drive_calls > 0 {
        let stage = drive::measure(&core, YEAR, args.drive_calls, args.runs).await?;
        drive::print(&stage, args.drive_calls);
        drive_stage = Some(stage);
    }
    let engine_name = match db.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    crate::figures::record(&figures::of(
        engine_name,
        &sums,
        raw_stage.as_ref(),
        public.as_ref(),
        drive_stage.as_ref(),
    ))?;
    if args.keep {
        println!("kept {}", dir.keep().display());
    }
    cleanup.run(db).await
}
