//! Committing responses. On SQLite one writer task takes submissions from a bounded queue and
//! commits as many as are waiting in one transaction (group commit): one fsync for many
//! respondents. A full queue answers "busy, retry" (503) at once; nothing acknowledged is ever
//! dropped, because the acknowledgement is sent only after the commit. On PostgreSQL, where
//! many writers are normal, each submission commits on its own.

use crate::{Core, CoreError};
use openita_db::{
    Backend,
    queries::{
        survey_writes,
        surveys::{self, NewResponse},
    },
};
use openita_types::Text;
use std::sync::{Mutex, OnceLock};
use tokio::sync::{mpsc, oneshot};

/// Submissions waiting for the writer at most; beyond this, 503 + Retry-After.
pub const QUEUE_CAPACITY: usize = 4096;
/// Responses per transaction at most.
const MAX_BATCH: usize = 512;

type Reply = oneshot::Sender<Result<(), CoreError>>;

struct Writer {
    queue: mpsc::Sender<(NewResponse, Reply)>,
    task: tokio::task::JoinHandle<()>,
}

/// The write path's shared state inside `Core`.
#[derive(Default)]
pub struct SurveyRuntime {
    pub(crate) nonce_key: OnceLock<Vec<u8>>,
    writer: Mutex<Option<Writer>>,
    stopped: std::sync::atomic::AtomicBool,
}

fn busy() -> CoreError {
    CoreError::Busy {
        retry_after_secs: 2,
        message: Text::new(
            "ขณะนี้มีผู้ส่งคำตอบจำนวนมาก โปรดกดส่งอีกครั้งในอีกสักครู่ คำตอบของท่านยังไม่ถูกบันทึก",
            "Many people are answering right now: please send again in a moment. Your answers were not saved yet.",
        ),
    }
}

fn used_nonce() -> CoreError {
    CoreError::conflict(
        "nonce_used",
        "แบบฟอร์มนี้ส่งไปแล้ว คำตอบนับเพียงครั้งเดียว",
        "This form was already sent; it counts once.",
    )
}

impl SurveyRuntime {
    pub(crate) async fn write(&self, core: &Core, response: NewResponse) -> Result<(), CoreError> {
        if self.stopped.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(busy());
        }
        if core.db.backend() == Backend::Postgres {
            return commit_batch(core, vec![response])
                .await
                .pop()
                .unwrap_or(Err(busy()));
        }
        let (reply, answer) = oneshot::channel();
        let queue = {
            let mut guard = self
                .writer
                .lock()
                .map_err(|_| CoreError::Internal("writer lock".into()))?;
            let writer = guard.get_or_insert_with(|| start(core.clone()));
            writer.queue.clone()
        };
        queue.try_send((response, reply)).map_err(|_| busy())?;
        answer
            .await
            .unwrap_or_else(|_| Err(CoreError::Internal("the survey writer stopped".into())))
    }

    /// Stops taking submissions and waits until every queued one is committed.
    pub async fn shutdown(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let writer = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(Writer { queue, task }) = writer {
            drop(queue);
            let _ = task.await;
        }
    }
}

fn start(core: Core) -> Writer {
    let (queue, mut rx) = mpsc::channel::<(NewResponse, Reply)>(QUEUE_CAPACITY);
    let task = tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            let (responses, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            let results = commit_batch(&core, responses).await;
            for (reply, result) in replies.into_iter().zip(results) {
                let _ = reply.send(result);
            }
        }
    });
    Writer { queue, task }
}

/// Commits a batch in one transaction; a response whose nonce was used before is refused
/// alone. If the transaction fails, every response in it fails (none was acknowledged).
async fn commit_batch(core: &Core, responses: Vec<NewResponse>) -> Vec<Result<(), CoreError>> {
    let n = responses.len();
    let attempt = async {
        let mut tx = core.db.begin_write().await?;
        let mut results = Vec::with_capacity(n);
        let mut accepted = Vec::with_capacity(n);
        for r in &responses {
            if surveys::use_nonce(tx.conn(), &r.nonce_hash, &r.nonce_expires_on).await? {
                accepted.push(r);
                results.push(Ok(()));
            } else {
                results.push(Err(used_nonce()));
            }
        }
        // The accepted responses and their tallies in a few multi-row statements.
        survey_writes::insert_responses(tx.conn(), &accepted).await?;
        tx.commit().await?;
        Ok::<_, openita_db::DbError>(results)
    };
    match attempt.await {
        Ok(results) => results,
        Err(e) => {
            tracing::error!(error.cause = %e, batch.size = n, "survey batch failed to commit");
            (0..n)
                .map(|_| Err(CoreError::Internal(e.to_string())))
                .collect()
        }
    }
}
