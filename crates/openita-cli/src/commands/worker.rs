//! `openita worker`: runs background jobs without serving pages.

use crate::database::DbArgs;
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// This worker's name in the job table; default: unique (host, process, random). Names
    /// must differ between workers: a job whose worker dies is queued again when its lease
    /// runs out, whatever the name.
    #[arg(long, env = "OPENITA_WORKER_NAME")]
    pub name: Option<String>,
    /// The address people use to reach the web server (for the links in e-mails); default
    /// http://127.0.0.1:8080.
    #[arg(long, env = "OPENITA_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub mail: super::mail::MailArgs,
}

pub async fn run(args: WorkerArgs) -> Result<()> {
    let file = crate::settings::Settings::current();
    let public_url = args
        .public_url
        .or_else(|| file.public_url.clone())
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let mailer = args.mail.mailer(&public_url)?;
    let core = super::core(args.db.open().await?);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let name = args
        .name
        .or_else(|| file.worker_name.clone())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| openita_jobs::unique_worker_name("worker"));
    let worker = openita_jobs::Worker::new(core, name)
        .with_mailer(mailer)
        .with_text_extractor(super::text_extractor());
    let worker = tokio::spawn(worker.run(stopped));
    super::shutdown_signal().await;
    let _ = stop.send(true);
    let _ = worker.await;
    Ok(())
}
