//! Progress of a running job, written to its row as the work goes. Work reports through a
//! plain callback (use cases know nothing of jobs); a task forwards each report to the
//! database so that slow writes never hold the work up.

use openita_core::{Core, background};
use tokio::{sync::mpsc, task::JoinHandle};

pub struct ProgressReporter {
    tx: mpsc::UnboundedSender<(usize, usize)>,
    forwarder: JoinHandle<()>,
}

impl ProgressReporter {
    pub fn start(core: &Core, job_id: openita_types::JobId) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<(usize, usize)>();
        let core = core.clone();
        let forwarder = tokio::spawn(async move {
            while let Some((done, total)) = rx.recv().await {
                let _ = background::report_progress(&core, job_id, done, total).await;
            }
        });
        ProgressReporter { tx, forwarder }
    }

    /// The callback to hand to a use case.
    pub fn callback(&self) -> impl Fn(usize, usize) + Send + Sync + 'static {
        let tx = self.tx.clone();
        move |done, total| {
            let _ = tx.send((done, total));
        }
    }

    /// Waits until every report is written (drop the callbacks first).
    pub async fn finish(self) {
        drop(self.tx);
        let _ = self.forwarder.await;
    }
}
