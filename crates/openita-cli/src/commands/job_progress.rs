//! Running a queued background job to the end from the command line, with a progress bar fed
//! by the job's own progress (the same figures the web page shows).

use anyhow::Result;
use openita_core::{Actor, Core, background};
use std::time::Duration;

/// Runs the queue until idle (so `job` runs here, in this process) while a bar follows it;
/// returns the job as it ended.
pub async fn run_to_the_end(core: &Core, actor: &Actor, job: i64) -> Result<background::JobView> {
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} [{elapsed_precise}]")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let watcher = {
        let (core, actor, bar) = (core.clone(), actor.clone(), bar.clone());
        tokio::spawn(async move {
            loop {
                if let Ok(j) = background::job_status(&core, &actor, job).await {
                    bar.set_length(u64::try_from(j.total).unwrap_or(0));
                    bar.set_position(u64::try_from(j.done).unwrap_or(0));
                    if j.status == "done" || j.status == "failed" {
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        })
    };
    openita_jobs::run_until_idle(core)
        .await
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let _ = watcher.await;
    bar.finish();
    background::job_status(core, actor, job)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))
}
