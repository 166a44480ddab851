//! `openita check-links --year YEAR [--agency CODE]`: checks the OIT evidence links now (run it
//! nightly from cron for all agencies), with a progress bar, and prints what failed.

use crate::database::DbArgs;
use anyhow::Result;
use openita_core::{Actor, background};

#[derive(Debug, clap::Args)]
pub struct CheckLinksArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Buddhist-era fiscal year of the cycle.
    #[arg(long)]
    pub year: i64,
    /// One agency's code; all agencies when absent.
    #[arg(long)]
    pub agency: Option<String>,
}

pub async fn run(args: CheckLinksArgs) -> Result<()> {
    let core = super::core(args.db.open().await?);
    let job = background::enqueue_link_check(
        &core,
        &Actor::system("check-links"),
        args.year,
        args.agency.as_deref(),
    )
    .await
    .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    let bar = indicatif::ProgressBar::new(0);
    let watcher_core = core.clone();
    let watched = bar.clone();
    let watcher = tokio::spawn(async move {
        loop {
            if let Ok(j) =
                background::job_status(&watcher_core, &Actor::system("check-links"), job.id).await
            {
                watched.set_length(u64::try_from(j.total).unwrap_or(0));
                watched.set_position(u64::try_from(j.done).unwrap_or(0));
                if j.status == "done" || j.status == "failed" {
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    });
    openita_jobs::run_until_idle(&core)
        .await
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let _ = watcher.await;
    bar.finish();
    let done = background::job_status(&core, &Actor::system("check-links"), job.id)
        .await
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    match (done.status.as_str(), done.result, done.error) {
        ("done", Some(r), _) => println!(
            "checked {} links, {} with problems",
            r["checked"], r["problems"]
        ),
        (_, _, e) => anyhow::bail!("the link check failed: {}", e.unwrap_or_default()),
    }
    Ok(())
}
