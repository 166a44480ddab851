//! `openita migrate`: applies the embedded migrations of the database's engine.

use crate::database::DbArgs;
use anyhow::{Context, Result};
use openita_db::{ConnectOptions, Db};

#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only list pending migrations; exit non-zero if there are any.
    #[arg(long)]
    pub check: bool,
}

pub async fn run(args: MigrateArgs) -> Result<()> {
    let (url, create) = args.db.resolve()?;
    let db = Db::connect(
        &url,
        ConnectOptions {
            create,
            ..Default::default()
        },
    )
    .await
    .with_context(|| format!("cannot open {}", url.redacted()))?;
    let pending = db.pending_migrations().await?;
    if args.check {
        for m in &pending {
            println!("pending: {m}");
        }
        anyhow::ensure!(pending.is_empty(), "{} migration(s) pending", pending.len());
        println!("the schema of {} is up to date", url.redacted());
        return Ok(());
    }
    db.migrate().await.context("migration failed")?;
    println!(
        "applied {} migration(s) to {}",
        pending.len(),
        url.redacted()
    );
    Ok(())
}
