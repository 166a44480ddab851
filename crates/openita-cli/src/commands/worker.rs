//! `openita worker`: runs background jobs without serving pages.

use crate::database::DbArgs;
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// A stable name: after a crash, this worker's unfinished jobs are queued again.
    #[arg(long, env = "OPENITA_WORKER_NAME", default_value = "worker")]
    pub name: String,
}

pub async fn run(args: WorkerArgs) -> Result<()> {
    let core = super::core(args.db.open().await?);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(openita_jobs::Worker::new(core, args.name).run(stopped));
    super::shutdown_signal().await;
    let _ = stop.send(true);
    let _ = worker.await;
    Ok(())
}
