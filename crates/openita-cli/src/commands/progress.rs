//! Progress bars for long commands: one fed by a `(done, total)` callback of a use case, and
//! one that follows a queued background job to its end (the same figures the web page shows).

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use openita_core::{Actor, Core, background};
use std::time::Duration;

/// A bar counting `unit`s, and the `(done, total)` callback that moves it.
pub fn counting(unit: &str) -> (ProgressBar, impl Fn(usize, usize) + Send + Sync + use<>) {
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit} [{{elapsed_precise}}]");
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let follow = {
        let bar = bar.clone();
        move |done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    (bar, follow)
}

/// Runs the queue until idle (so `job` runs here, in this process) while a bar follows it;
/// returns the job as it ended.
pub async fn run_to_the_end(
    core: &Core,
    actor: &Actor,
    job: openita_types::JobId,
) -> Result<background::JobView> {
    let (bar, _) = counting("");
    let watcher = {
        let (core, actor, bar) = (core.clone(), actor.clone(), bar.clone());
        tokio::spawn(async move {
            loop {
                if let Ok(j) = background::job_status(&core, &actor, job).await {
                    bar.set_length(u64::try_from(j.total).unwrap_or(0));
                    bar.set_position(u64::try_from(j.done).unwrap_or(0));
                    if !j.status.is_pending() {
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        })
    };
    openita_jobs::Worker::new(core.clone(), "inline")
        .with_text_extractor(super::text_extractor())
        .run_until_idle()
        .await
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let _ = watcher.await;
    bar.finish();
    background::job_status(core, actor, job)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))
}
