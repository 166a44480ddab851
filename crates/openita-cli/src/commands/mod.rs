//! The subcommands, one file each.

mod admin;
mod backup;
mod check_links;
mod demo;
mod demo_activity;
mod demo_data;
mod demo_drive;
mod export;
mod import;
mod mail;
mod migrate;
mod progress;
mod restore;
mod score;
mod serve;
mod worker;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "openita",
    version,
    about = "OpenITA: the Integrity and Transparency Assessment, for one agency or the whole country"
)]
pub struct Cli {
    /// A settings file (TOML, every key optional; see openita.example.toml). Flags and
    /// OPENITA_* variables win over it.
    #[arg(long, global = true, env = "OPENITA_CONFIG", value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (pages and API).
    Serve(serve::ServeArgs),
    /// Build a realistic demo in its own database, serve it and print the log-ins.
    Demo(demo::DemoArgs),
    /// Copy the whole database to a file while the system runs.
    Backup(backup::BackupArgs),
    /// Bring a backup back (stop the servers first): a new SQLite file or an empty PostgreSQL
    /// database, checked and migrated.
    Restore(restore::RestoreArgs),
    /// Apply database migrations (needed on PostgreSQL before `serve`).
    Migrate(migrate::MigrateArgs),
    /// Run background jobs only (extra workers beside `serve` on PostgreSQL).
    Worker(worker::WorkerArgs),
    /// Check the OIT evidence links now (nightly from cron).
    CheckLinks(check_links::CheckLinksArgs),
    /// Score every agency of a cycle and store the results (with --verify: check the running
    /// sums against the raw responses first).
    Score(score::ScoreArgs),
    /// Administrative tasks.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Export results (CSV, XLSX, JSON) or raw responses (CSV, XLSX) to a file.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Internal: the evidence checker's document reader, run by the server as a child
    /// process (document on standard input, text on standard output).
    #[command(hide = true)]
    ExtractText {
        /// `pdf` or `ooxml`.
        kind: String,
    },
}

impl Cli {
    /// The document kind when this run is the evidence checker's child process.
    pub fn extract_text_kind(&self) -> Option<&str> {
        match &self.command {
            Command::ExtractText { kind } => Some(kind),
            _ => None,
        }
    }
}

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Migrate(args) => migrate::run(args).await,
        Command::Backup(args) => backup::run(args).await,
        Command::Restore(args) => restore::run(args).await,
        Command::Worker(args) => worker::run(args).await,
        Command::CheckLinks(args) => check_links::run(args).await,
        Command::Score(args) => score::run(args).await,
        Command::Admin(cmd) => admin::run(cmd).await,
        Command::Import(cmd) => import::run(cmd).await,
        Command::Export(cmd) => export::run(cmd).await,
        // Handled in `main`, before the runtime starts.
        Command::ExtractText { .. } => Ok(()),
    }
}

/// Evidence documents are read by this same binary in a child process (`openita
/// extract-text KIND`), killed at the time limit and limited in memory, so that a hostile
/// PDF costs only that child. Without a path to this binary, in-process (with a warning).
pub(crate) fn text_extractor() -> openita_evidence::TextExtractor {
    match std::env::current_exe() {
        Ok(program) => openita_evidence::TextExtractor::ChildProcess {
            program,
            args: vec!["extract-text".into()],
        },
        Err(e) => {
            tracing::warn!(error.cause = %e, "evidence documents will be read in-process");
            openita_evidence::TextExtractor::InProcess
        }
    }
}

/// The core with the real clock, and exports in the private export folder.
pub(crate) fn core(db: openita_db::Db) -> openita_core::Core {
    openita_core::Core::new(db, std::sync::Arc::new(openita_core::SystemClock)).with_export_folder(
        openita_core::ExportFolder::new(crate::database::export_dir()),
    )
}

/// Serves the web application with a background worker beside it; on shutdown the server
/// finishes requests in flight and the worker the job in hand.
pub(crate) async fn serve_with_worker(
    listener: tokio::net::TcpListener,
    state: openita_web::AppState,
    worker: openita_jobs::Worker,
) -> anyhow::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(worker.run(stopped));
    let core = state.core.clone();
    match openita_core::survey_responses::fold_waiting_tallies(&core).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(batches = n, "folded survey tallies left waiting"),
        Err(e) => tracing::warn!(error.cause = %e, "folding waiting survey tallies failed"),
    }
    openita_web::serve(listener, state, shutdown_signal()).await?;
    // Every acknowledged survey answer still queued is committed before we exit.
    core.shutdown().await;
    let _ = stop.send(true);
    let _ = worker.await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so that the server finishes requests in flight.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
