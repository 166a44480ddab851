//! The claim-run-finish loop. Several workers (threads of `serve`, `openita worker` on other
//! machines) share one queue: each has its own name, holds a lease on the job it runs and
//! renews it while the job runs; a job whose lease ran out (its worker died) is queued again
//! by whichever worker notices first: at its start, and every `JOB_LEASE_RENEWAL` when idle.

use crate::mail::Mailer;
use openita_core::{
    Core, CoreError,
    background::{self, JOB_LEASE_RENEWAL},
};
use openita_evidence::TextExtractor;
use rand::Rng;
use std::time::Duration;
use tokio::{sync::watch, time::Instant};

/// How long an idle worker waits before looking again.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// A name no other worker has: the host, the process and a random part (a restarted process
/// may get its old pid back). Operators may set their own (`OPENITA_WORKER_NAME`), which
/// must then differ per instance.
pub fn unique_worker_name(role: &str) -> String {
    let host = hostname::get()
        .ok()
        .and_then(|h| h.into_string().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let random: u32 = rand::thread_rng().r#gen();
    format!("{role}@{host}:{}:{random:08x}", std::process::id())
}

pub struct Worker {
    core: Core,
    name: String,
    mailer: Option<Mailer>,
    nightly: bool,
    extractor: TextExtractor,
}

impl Worker {
    pub fn new(core: Core, name: impl Into<String>) -> Self {
        Worker {
            core,
            name: name.into(),
            mailer: None,
            nightly: true,
            extractor: TextExtractor::InProcess,
        }
    }

    /// Where the evidence check extracts PDF and Office text. Servers pass a child process
    /// of their own binary (`openita extract-text`), so that a document built to be slow or
    /// to exhaust memory costs only that child; the default, in-process, is for tests.
    pub fn with_text_extractor(mut self, extractor: TextExtractor) -> Self {
        self.extractor = extractor;
        self
    }

    /// Sends the notification outbox when idle (without a mailer, mail waits in the outbox).
    pub fn with_mailer(mut self, mailer: Option<Mailer>) -> Self {
        self.mailer = mailer;
        self
    }

    /// Whether this worker queues the nightly evidence check (on by default).
    pub fn with_nightly(mut self, nightly: bool) -> Self {
        self.nightly = nightly;
        self
    }

    /// The idle-time duties: tonight's link checks, the provinces' scheduled reminders, then
    /// mail. A failure is logged and tried
    /// again at the next idle moment; it never stops the job loop.
    pub async fn idle_duties(&self) {
        if self.nightly
            && let Err(e) = background::queue_nightly_link_checks(&self.core, &self.name).await
        {
            tracing::error!(error.cause = %e, "could not queue the nightly link check");
        }
        if let Err(e) = openita_core::reminders::send_due(&self.core).await {
            tracing::error!(error.cause = %e, "could not send the scheduled reminders");
        }
        if let Some(mailer) = &self.mailer
            && let Err(e) = mailer.send_pending(&self.core).await
        {
            tracing::error!(error.cause = %e, "could not read the notification outbox");
        }
    }

    /// This worker's name, as it claims jobs.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Queues again the running jobs whose lease has run out (their worker died), whoever
    /// claimed them; returns how many. A failure is logged: the next sweep tries again.
    pub async fn requeue_expired(&self) -> u64 {
        match background::requeue_expired(&self.core).await {
            Ok(n) => {
                if n > 0 {
                    tracing::warn!(
                        jobs.requeued = n,
                        worker = %self.name,
                        "jobs whose worker stopped renewing their lease were queued again"
                    );
                }
                n
            }
            Err(e) => {
                tracing::error!(error.cause = %e, "could not requeue jobs with expired leases");
                0
            }
        }
    }

    /// Runs jobs until `stop` turns true; a job in progress is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(worker = %self.name, "worker started");
        self.requeue_expired().await;
        let mut last_sweep = Instant::now();
        loop {
            if *stop.borrow() {
                return;
            }
            match self.run_one().await {
                Ok(true) => continue,
                Ok(false) => {
                    if last_sweep.elapsed() >= JOB_LEASE_RENEWAL {
                        self.requeue_expired().await;
                        last_sweep = Instant::now();
                    }
                    self.idle_duties().await;
                }
                Err(e) => tracing::error!(error.cause = %e, "job queue failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(IDLE_POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Claims and runs one job, renewing its lease while it runs; false when the queue was
    /// empty.
    pub async fn run_one(&self) -> Result<bool, CoreError> {
        let Some((job, input)) = background::claim_next(&self.core, &self.name).await? else {
            return Ok(false);
        };
        tracing::info!(job.id = %job.id, job.kind = %job.kind_code, worker = %self.name, "job started");
        let heartbeat = tokio::spawn(renew_while_running(
            self.core.clone(),
            job.id,
            self.name.clone(),
        ));
        let outcome = {
            let (core, job, extractor) = (self.core.clone(), job.clone(), self.extractor.clone());
            contain_panic(async move {
                crate::jobs::run_job(&core, &job, input.as_deref(), &extractor).await
            })
            .await
        };
        heartbeat.abort();
        let outcome = outcome.map_err(|e| {
            if !matches!(e, CoreError::Internal(_)) {
                // Refused for a reason the person can act on; logged as a warning only.
                tracing::warn!(job.id = %job.id, job.kind = %job.kind_code, error.cause = %e, "job refused");
            }
            crate::jobs::shown_on_page(job.id, &e)
        });
        if background::finish(&self.core, job.id, &self.name, outcome).await? {
            tracing::info!(job.id = %job.id, "job finished");
        } else {
            tracing::warn!(
                job.id = %job.id,
                worker = %self.name,
                "job finished after its lease ran out and it was queued again: this run's outcome is dropped"
            );
        }
        Ok(true)
    }
}

/// Runs a job in a task of its own, so that a panic in it (a bug, or a library that panics on
/// a hostile file) fails that job instead of ending the worker loop and, with it, every
/// background job of the instance until a restart.
async fn contain_panic(
    job: impl std::future::Future<Output = Result<serde_json::Value, CoreError>> + Send + 'static,
) -> Result<serde_json::Value, CoreError> {
    match tokio::spawn(job).await {
        Ok(outcome) => outcome,
        Err(e) => Err(CoreError::internal(format!("the job panicked: {e}"))),
    }
}

/// Renews a running job's lease every `JOB_LEASE_RENEWAL` until aborted.
async fn renew_while_running(core: Core, job_id: openita_types::JobId, worker: String) {
    let mut ticks = tokio::time::interval_at(Instant::now() + JOB_LEASE_RENEWAL, JOB_LEASE_RENEWAL);
    loop {
        ticks.tick().await;
        match background::renew_lease(&core, job_id, &worker).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(job.id = %job_id, worker = %worker, "lost the lease of a running job");
                return;
            }
            Err(e) => {
                tracing::warn!(job.id = %job_id, error.cause = %e, "could not renew a job's lease");
            }
        }
    }
}

impl Worker {
    /// Runs queued jobs until none is left; how many ran.
    pub async fn run_until_idle(&self) -> Result<usize, CoreError> {
        let mut ran = 0;
        while self.run_one().await? {
            ran += 1;
        }
        Ok(ran)
    }
}

/// Runs queued jobs until none is left (tests, `openita` commands that wait for their job).
pub async fn run_until_idle(core: &Core) -> Result<usize, CoreError> {
    Worker::new(core.clone(), unique_worker_name("inline"))
        .run_until_idle()
        .await
}

#[cfg(test)]
mod tests {
    use super::contain_panic;

    #[tokio::test]
    async fn a_job_that_panics_fails_alone_and_the_worker_goes_on() {
        let failed = contain_panic(async {
            let cells: Vec<u8> = Vec::new();
            // A library indexing past what it read, as calamine did on a damaged file.
            Ok(serde_json::json!(cells[usize::from(cells.is_empty())]))
        })
        .await;
        let shown = failed
            .as_ref()
            .err()
            .map(|e| e.text().en)
            .unwrap_or_default();
        assert!(shown.contains("Something went wrong"), "{failed:?}");
        let next = contain_panic(async { Ok(serde_json::json!({"rows": 3})) }).await;
        assert_eq!(next.ok(), Some(serde_json::json!({"rows": 3})));
    }
}
