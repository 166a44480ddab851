//! `openita demo`: a realistic deployment in its own database, served at once.

use super::demo_data::{DEMO_PASSWORD, seed};
use anyhow::{Context, Result};
use openita_core::{Core, FixedClock};
use openita_db::{ConnectOptions, DatabaseUrl, Db};
use openita_web::{AppState, WebConfig};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address to listen on.
    /// Default 127.0.0.1:8080.
    #[arg(long, env = "OPENITA_BIND")]
    pub bind: Option<String>,
    /// Where to build the demo database (replaced on every run); default demo.sqlite in the
    /// data directory.
    #[arg(long, value_name = "FILE", conflicts_with = "db")]
    pub file: Option<PathBuf>,
    /// Build the demo in this PostgreSQL database instead (postgres://USER@HOST/DB; an
    /// existing, empty database): to try a larger deployment's backend. Not read from
    /// OPENITA_DB, so that the demo never writes into a real database by accident.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Build the demo database and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
}

pub async fn run(args: DemoArgs) -> Result<()> {
    let (url, place) = match &args.db {
        Some(text) => {
            let url = DatabaseUrl::parse(text)?;
            anyhow::ensure!(
                matches!(url, DatabaseUrl::Postgres { .. }),
                "--db is for a PostgreSQL database; use --file for a SQLite one"
            );
            (url, "the PostgreSQL database given".to_string())
        }
        None => {
            let path = args
                .file
                .clone()
                .unwrap_or_else(|| crate::database::data_dir().join("demo.sqlite"));
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            let place = path.display().to_string();
            (DatabaseUrl::Sqlite { path }, place)
        }
    };
    let db = Db::connect(
        &url,
        ConnectOptions {
            create: true,
            ..Default::default()
        },
    )
    .await
    .with_context(|| format!("cannot create the demo database in {place}"))?;
    db.migrate().await?;
    let core = super::core(db.clone());
    // Last year is played on a clock of its own, walked through that year's windows.
    let clock = Arc::new(FixedClock::new(chrono::Utc::now()));
    let past = Core::new(db.clone(), clock.clone());
    println!("Building the demo in {place} ...");
    let logins = seed(&core, &past, &clock).await?;
    past.shutdown().await;

    println!();
    println!("OpenITA demo: จังหวัดชัยภูมิ และ จังหวัดกระบี่ (Chaiyaphum and Krabi)");
    println!("Log-ins (password for all: {DEMO_PASSWORD}):");
    for l in &logins {
        println!("  {:<18} {:<22} {}", l.username, l.role, l.what);
    }
    if args.no_serve {
        // The survey writer's last batches' tallies are folded before the file is handed on.
        core.shutdown().await;
        println!("Demo database ready: {place}");
        return Ok(());
    }
    let bind = args
        .bind
        .or_else(|| crate::settings::Settings::current().bind.clone())
        .unwrap_or_else(|| super::serve::DEFAULT_BIND.into());
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {bind} (is another OpenITA running? try --bind 127.0.0.1:8081)"
            )
        })?;
    let address = format!("http://{}", listener.local_addr()?);
    println!();
    println!("Open {address} in a browser (Ctrl-C to stop).");
    let state = AppState::new(
        core,
        WebConfig {
            public_base_url: address,
            secure_cookies: false,
            ..WebConfig::default()
        },
    );
    // The demo's evidence URLs are invented: no nightly check of them, and no mail (the
    // outbox still fills, as the demo plays the OIT workflow).
    let worker =
        openita_jobs::Worker::new(state.core.clone(), openita_jobs::unique_worker_name("demo"))
            .with_nightly(false)
            .with_text_extractor(super::text_extractor());
    super::serve_with_worker(listener, state, worker).await?;
    db.close().await;
    Ok(())
}
