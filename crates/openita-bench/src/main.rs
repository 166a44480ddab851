//! `openita-bench`: load benchmarks of OpenITA on this machine.
//!
//! `openita-bench surveys` measures the survey write path, the hot path of deadline weeks.
//! It builds a fresh database (a SQLite file in a temporary folder, or a new database on a
//! PostgreSQL server) through the core use cases, serves the real web application in this
//! process on 127.0.0.1 (its own Tokio runtime, as `openita serve` would run it), and drives
//! it over real sockets from N concurrent clients on a second runtime: each iteration
//! fetches a form (`GET /api/v1/surveys/{token}`, a fresh nonce) and posts a full answer set
//! (`POST /api/v1/surveys/{token}/responses`). It then measures bare `/healthz` with the same
//! clients, and at the end checks that every acknowledged (201) answer is stored.
//!
//! `openita-bench national` measures results for the whole nation: it generates fiscal 2568
//! at its real size (8,317 agencies, 1.35 million responses) and times scoring from the
//! running sums and from the raw responses, and the results XLSX (module `national`).
//! See docs/benchmarks.md.

mod figures;
mod load;
mod national;
mod server_process;
mod setup;
mod stats;
mod write_doc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use openita_web::{AppState, WebConfig};
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "openita-bench", about = "Load benchmarks of OpenITA")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The survey write path: form fetch + response, from many concurrent clients.
    Surveys(SurveysArgs),
    /// Results for the whole nation: a generated 2568 (8,317 agencies, 1.35 M responses),
    /// scored from running sums and from raw responses, and the results XLSX.
    National(national::NationalArgs),
    /// Writes the "Latest run" section of docs/benchmarks.md from the figures the benchmarks
    /// appended to `OPENITA_BENCH_FIGURES` (run by `scripts/bench-all`).
    WriteDoc(write_doc::WriteDocArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct SurveysArgs {
    /// Concurrent clients, each with its own keep-alive connection and one request in flight.
    #[arg(long, default_value_t = 200)]
    pub clients: usize,
    /// Seconds of measured survey load (after the warm-up).
    #[arg(long, default_value_t = 20)]
    pub seconds: u64,
    /// Seconds of survey load before measuring (not counted in the rates).
    #[arg(long, default_value_t = 3)]
    pub warmup: u64,
    /// Seconds of bare `/healthz` load with the same clients (after a 1 s warm-up).
    #[arg(long, default_value_t = 5)]
    pub healthz_seconds: u64,
    /// `sqlite`: a fresh file in a temporary folder; `sqlite://PATH`: a new file there;
    /// `postgres://USER:PASS@HOST:PORT/DB`: a fresh database is created on that server (DB is
    /// only used to connect), used, and dropped at the end.
    #[arg(long, default_value = "sqlite")]
    pub db: String,
    /// Agencies, each with its own IIT link. The server limits POSTs per (client address,
    /// link) to a burst of 300 then 5/s; all bench traffic comes from 127.0.0.1, so the load
    /// is spread over this many links (see docs/benchmarks.md).
    #[arg(long, default_value_t = 400)]
    pub agencies: usize,
    /// Worker threads of the server's runtime (default: the number of cores).
    #[arg(long)]
    pub server_threads: Option<usize>,
    /// Worker threads of the clients' runtime (default: the number of cores).
    #[arg(long)]
    pub client_threads: Option<usize>,
    /// Keep the PostgreSQL database afterwards (it is dropped by default).
    #[arg(long)]
    pub keep: bool,
    /// `process` (default): the server is `openita serve`, its own process, with the clients
    /// sending X-Forwarded-For as a reverse proxy would; `inside`: the server runs in this
    /// process on its own runtime (the survey limits lifted, all clients are 127.0.0.1).
    #[arg(long, default_value = "process")]
    pub server: String,
}

/// Logs as `openita serve` configures them (same filter), so the server pays the same
/// tracing cost per request as in production.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Surveys(args) => surveys(&args),
        Command::National(args) => national::national(&args),
        Command::WriteDoc(args) => write_doc::write_doc(&args),
    }
}

fn surveys(args: &SurveysArgs) -> Result<()> {
    anyhow::ensure!(
        args.clients > 0 && args.agencies > 0 && args.seconds > 0,
        "--clients, --agencies and --seconds must be positive"
    );
    init_logging();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.server_threads.unwrap_or(cores))
        .thread_name("openita-server")
        .enable_all()
        .build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads.unwrap_or(cores))
        .thread_name(stats::CLIENT_THREAD)
        .enable_all()
        .build()?;

    println!(
        "Preparing: {} agencies with an open IIT link on {} ...",
        args.agencies,
        setup::describe_target(&args.db)
    );
    let prepared = server_rt.block_on(setup::prepare(args))?;

    let (report, rss_before, peak_rss, load_before, load_after) = if args.server == "inside" {
        run_inside(args, &server_rt, &client_rt, &prepared)?
    } else {
        anyhow::ensure!(
            args.server == "process",
            "--server must be process or inside"
        );
        let server = client_rt.block_on(server_process::ServerProcess::start(&prepared.url))?;
        println!(
            "Serving at {} (openita serve, pid {}); {} clients, {} s warm-up, {} s measured, then {} s of /healthz",
            server.base,
            server_process::SERVER_PID
                .get()
                .copied()
                .unwrap_or_default(),
            args.clients,
            args.warmup,
            args.seconds,
            args.healthz_seconds
        );
        let load_before = stats::load_average();
        let rss_before = server_process::server_status_kib("VmRSS:");
        let report = client_rt.block_on(load::run(args, &server.base, &prepared.tokens))?;
        let peak_rss = server_process::server_status_kib("VmHWM:");
        let load_after = stats::load_average();
        server.kill()?;
        (report, rss_before, peak_rss, load_before, load_after)
    };
    let stored = server_rt.block_on(setup::stored_responses(&prepared.db))?;

    let verified = stored == report.acknowledged_total;
    let summary = stats::Summary {
        args,
        engine: &prepared.engine,
        cores,
        report: &report,
        rss_before_kib: rss_before,
        peak_rss_kib: peak_rss,
        stored,
        load_before,
        load_after,
    };
    stats::print_report(&summary);
    figures::record(&stats::figures(&summary))?;
    server_rt.block_on(prepared.cleanup())?;
    anyhow::ensure!(
        verified,
        "LOST OR EXTRA ANSWERS: {stored} stored, {} acknowledged with 201",
        report.acknowledged_total
    );
    Ok(())
}

/// The server on its own runtime in this process (the setting of the earlier sessions'
/// figures). Returns the report, RSS before, peak RSS and the load averages.
fn run_inside(
    args: &SurveysArgs,
    server_rt: &tokio::runtime::Runtime,
    client_rt: &tokio::runtime::Runtime,
    prepared: &setup::Prepared,
) -> Result<(load::Report, u64, u64, String, String)> {
    let listener = server_rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let base = format!("http://{}", listener.local_addr()?);
    // Every simulated respondent comes from 127.0.0.1: the per-address survey limit (a burst
    // of 300 per link, then 300 an hour) would measure the limiter, not the write path. Real
    // respondents come from many addresses.
    let unlimited = openita_core::survey_responses::SurveyQuota {
        burst: 1_000_000_000,
        per_hour: 1_000_000_000,
    };
    let core = prepared.core.clone().with_survey_limits(
        openita_core::survey_responses::SurveyLimits::new(unlimited, unlimited),
    );
    let state = AppState::new(
        core.clone(),
        WebConfig {
            public_base_url: base.clone(),
            secure_cookies: false,
            ..WebConfig::default()
        },
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = server_rt.spawn(openita_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    println!(
        "Serving at {base} (inside this process); {} clients, {} s warm-up, {} s measured, then {} s of /healthz",
        args.clients, args.warmup, args.seconds, args.healthz_seconds
    );
    let load_before = stats::load_average();
    let rss_before = stats::current_rss_kib();
    stats::reset_peak_rss();
    let report = client_rt.block_on(load::run(args, &base, &prepared.tokens))?;
    let peak_rss = stats::peak_rss_kib();
    let load_after = stats::load_average();
    let _ = stop.send(());
    server_rt
        .block_on(async { tokio::time::timeout(Duration::from_secs(30), server).await })
        .context("the server did not stop within 30 s")???;
    server_rt.block_on(core.shutdown());
    Ok((report, rss_before, peak_rss, load_before, load_after))
}
