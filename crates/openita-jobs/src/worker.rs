//! The claim-run-finish loop.

use crate::mail::Mailer;
use openita_core::{Core, CoreError, background};
use openita_evidence::TextExtractor;
use std::time::Duration;
use tokio::sync::watch;

/// How long an idle worker waits before looking again.
const IDLE_POLL: Duration = Duration::from_millis(500);

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

    /// The idle-time duties: tonight's link checks, then mail. A failure is logged and tried
    /// again at the next idle moment; it never stops the job loop.
    pub async fn idle_duties(&self) {
        if self.nightly
            && let Err(e) = background::queue_nightly_link_checks(&self.core, &self.name).await
        {
            tracing::error!(error.cause = %e, "could not queue the nightly link check");
        }
        if let Some(mailer) = &self.mailer
            && let Err(e) = mailer.send_pending(&self.core).await
        {
            tracing::error!(error.cause = %e, "could not read the notification outbox");
        }
    }

    /// Runs jobs until `stop` turns true; a job in progress is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        match background::requeue_abandoned(&self.core, &self.name).await {
            Ok(n) if n > 0 => tracing::warn!(
                jobs.requeued = n,
                "jobs left running by a previous run were queued again"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error.cause = %e, "could not requeue abandoned jobs"),
        }
        loop {
            if *stop.borrow() {
                return;
            }
            match self.run_one().await {
                Ok(true) => continue,
                Ok(false) => self.idle_duties().await,
                Err(e) => tracing::error!(error.cause = %e, "job queue failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(IDLE_POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Claims and runs one job; false when the queue was empty.
    pub async fn run_one(&self) -> Result<bool, CoreError> {
        let Some((job, input)) = background::claim_next(&self.core, &self.name).await? else {
            return Ok(false);
        };
        tracing::info!(job.id = job.id, job.kind = %job.kind, "job started");
        let outcome =
            crate::jobs::run_job(&self.core, &job, input.as_deref(), &self.extractor).await;
        if let Err(e) = &outcome {
            tracing::warn!(job.id = job.id, job.kind = %job.kind, error.cause = %e, "job failed");
        }
        background::finish(&self.core, job.id, outcome).await?;
        tracing::info!(job.id = job.id, "job finished");
        Ok(true)
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
    Worker::new(core.clone(), "inline").run_until_idle().await
}
