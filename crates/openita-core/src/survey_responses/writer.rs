//! Committing responses. One writer task (on SQLite, on a thread of its own) takes
//! submissions from a bounded queue and commits as many as are waiting in one transaction
//! (group commit): one fsync for many respondents. A
//! full queue answers "busy, retry" (503) at once; nothing acknowledged is ever dropped,
//! because the acknowledgement is sent only after the commit.
//!
//! Anonymity: the rows of a batch are written in random order under random keys. On SQLite
//! that is enough (the table has no row ids and is kept in key order). PostgreSQL keeps rows
//! in the order written and stamps each with its transaction, so each batch there also moves
//! a few earlier rows of the same agencies (`survey_writes::take_rows_to_mix`): the stored
//! order of a link's responses is then not their arrival order (tested on both engines).

use crate::{Core, CoreError};
use openita_db::{
    Backend,
    queries::{survey_writes, surveys::NewResponse},
};
use openita_types::Text;
use rand::{Rng, seq::SliceRandom};
use std::sync::{
    Arc, Mutex, OnceLock,
    atomic::{AtomicBool, Ordering},
};
use tokio::sync::{mpsc, oneshot};

/// Submissions waiting for the writer at most; beyond this, 503 + Retry-After.
pub const QUEUE_CAPACITY: usize = 4096;
/// Responses per transaction at most.
const MAX_BATCH: usize = 512;
/// Earlier rows of each agency and instrument moved with every batch on PostgreSQL.
const MIXED_PER_GROUP: usize = 8;
/// How often the batches' tallies are folded into the counts rows.
const FOLD_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// Writers committing at once on PostgreSQL, where a batch spends most of its time waiting
/// for the server (its writes and the commit's flush): with two, one batch is being written
/// while the other commits (docs/benchmarks.md, session 7). They take row locks in the same
/// order (tables in a fixed order, keys sorted) and the mixing step skips rows the other has
/// locked, so they never wait on each other in a cycle. SQLite has one writer at a time.
const POSTGRES_WRITERS: usize = 2;

type Reply = oneshot::Sender<Result<(), CoreError>>;

struct Writer {
    queue: mpsc::Sender<(NewResponse, Reply)>,
    task: tokio::task::JoinHandle<()>,
    folding: tokio::task::JoinHandle<()>,
    core: Core,
}

/// The write path's shared state inside `Core`.
#[derive(Default)]
pub struct SurveyRuntime {
    pub(crate) nonce_key: OnceLock<Vec<u8>>,
    pub(crate) limits: super::limits::SurveyLimits,
    /// What tokens lead to, kept for a few seconds (see `link_cache`).
    pub(crate) links: super::link_cache::LinkCache,
    writer: Mutex<Option<Writer>>,
    stopped: AtomicBool,
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
        if self.stopped.load(Ordering::SeqCst) {
            return Err(busy());
        }
        let (reply, answer) = oneshot::channel();
        let queue = {
            let mut guard = self
                .writer
                .lock()
                .map_err(|_| CoreError::internal("writer lock"))?;
            let writer = guard.get_or_insert_with(|| start(core.clone()));
            writer.queue.clone()
        };
        queue.try_send((response, reply)).map_err(|_| busy())?;
        answer
            .await
            .unwrap_or_else(|_| Err(CoreError::internal("the survey writer stopped")))
    }

    pub(crate) fn with_limits(limits: super::limits::SurveyLimits) -> Self {
        SurveyRuntime {
            limits,
            ..SurveyRuntime::default()
        }
    }

    /// Stops taking submissions and waits until every queued one is committed.
    pub async fn shutdown(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let writer = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(Writer {
            queue,
            task,
            folding,
            core,
        }) = writer
        {
            drop(queue);
            let _ = task.await;
            folding.abort();
            let _ = folding.await;
            // A clean stop leaves no batch waiting to be folded.
            if let Err(e) = fold_once(&core).await {
                tracing::warn!(error.cause = %e, "folding the survey tallies at shutdown failed");
            }
        }
    }
}

fn start(core: Core) -> Writer {
    let (queue, rx) = mpsc::channel::<(NewResponse, Reply)>(QUEUE_CAPACITY);
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let writers = match core.db.backend() {
        Backend::Sqlite => 1,
        Backend::Postgres => POSTGRES_WRITERS,
    };
    // Set by a writer once it commits, taken by the fold: an idle instance does not touch
    // the database every second.
    let unfolded = Arc::new(AtomicBool::new(false));
    let folding = tokio::spawn(fold_now_and_then(core.clone(), unfolded.clone()));
    let writing = core.clone();
    let write_all = async move {
        let mut running = tokio::task::JoinSet::new();
        for _ in 0..writers {
            running.spawn(write_batches(writing.clone(), rx.clone(), unfolded.clone()));
        }
        while running.join_next().await.is_some() {}
    };
    let task = match core.db.backend() {
        Backend::Sqlite => on_own_thread(write_all),
        Backend::Postgres => tokio::spawn(write_all),
    };
    Writer {
        queue,
        task,
        folding,
        core,
    }
}

/// Runs the SQLite writer on its own thread: every respondent waits for the batch being
/// written, and the batch waits for the writer to be woken after each statement. On the
/// request threads that wake-up queues behind the HTTP work; on a thread of its own it runs
/// as soon as SQLite answers. The returned task ends when the writer does.
fn on_own_thread(
    write_all: impl std::future::Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    let (done, finished) = oneshot::channel::<()>();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let started = runtime.and_then(|runtime| {
        std::thread::Builder::new()
            .name("survey-writer".into())
            .spawn(move || {
                runtime.block_on(write_all);
                let _ = done.send(());
            })
    });
    if let Err(e) = started {
        tracing::error!(error.cause = %e, "the survey writer thread could not start");
    }
    tokio::spawn(async move {
        let _ = finished.await;
    })
}

/// One writer: takes whatever is waiting (up to `MAX_BATCH`) and commits it, until the queue
/// closes. Several writers take turns at the queue, never at the same batch.
async fn write_batches(
    core: Core,
    rx: Arc<tokio::sync::Mutex<mpsc::Receiver<(NewResponse, Reply)>>>,
    unfolded: Arc<AtomicBool>,
) {
    loop {
        let batch = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            batch
        };
        let (responses, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        let results = commit_batch(&core, responses).await;
        if results.iter().any(Result::is_ok) {
            unfolded.store(true, Ordering::Release);
        }
        for (reply, result) in replies.into_iter().zip(results) {
            let _ = reply.send(result);
        }
    }
}

/// Commits a batch in one transaction; a response whose nonce was used before is refused
/// alone. If the transaction fails, every response in it fails (none was acknowledged).
async fn commit_batch(core: &Core, responses: Vec<NewResponse>) -> Vec<Result<(), CoreError>> {
    let n = responses.len();
    let attempt = async {
        // Nearly always every nonce is new: the whole batch in two requests. If one was used
        // before, that transaction is rolled back and the careful path below refuses it alone.
        let all: Vec<&NewResponse> = responses.iter().collect();
        if let Some(one_go) = survey_writes::OneGo::plan(&all) {
            let mut tx = core.db.begin_write().await?;
            let rows = rows_to_write(core, &mut tx, &all).await?;
            match one_go.write(tx.conn(), &rows).await? {
                survey_writes::Written::All => {
                    tx.commit().await?;
                    return Ok((0..n).map(|_| Ok(())).collect());
                }
                survey_writes::Written::TakeCarefulPath => tx.rollback().await?,
            }
        }
        let mut tx = core.db.begin_write().await?;
        let mut results = Vec::with_capacity(n);
        let mut accepted = Vec::with_capacity(n);
        let nonces: Vec<(&str, &str)> = responses
            .iter()
            .map(|r| (r.nonce_hash.as_str(), r.nonce_expires_on.as_str()))
            .collect();
        let fresh = survey_writes::use_nonces(tx.conn(), &nonces).await?;
        for (r, fresh) in responses.iter().zip(fresh) {
            if fresh {
                accepted.push(r);
                results.push(Ok(()));
            } else {
                results.push(Err(used_nonce()));
            }
        }
        let rows = rows_to_write(core, &mut tx, &accepted).await?;
        survey_writes::write_batch(tx.conn(), &rows, &accepted).await?;
        tx.commit().await?;
        Ok::<_, openita_db::DbError>(results)
    };
    match attempt.await {
        Ok(results) => results,
        Err(e) => {
            tracing::error!(error.cause = %e, batch.size = n, "survey batch failed to commit");
            (0..n)
                .map(|_| Err(CoreError::internal(e.to_string())))
                .collect()
        }
    }
}

/// The accepted responses' rows in random order, with a few earlier rows of the same
/// agencies on PostgreSQL (taken out here, written again with the new ones).
async fn rows_to_write(
    core: &Core,
    tx: &mut openita_db::WriteTx,
    accepted: &[&NewResponse],
) -> Result<Vec<survey_writes::StoredResponse>, openita_db::DbError> {
    let mut rows: Vec<survey_writes::StoredResponse> = accepted
        .iter()
        .map(|r| survey_writes::StoredResponse::of(r))
        .collect();
    if core.db.backend() == Backend::Postgres {
        let groups = groups_to_mix(accepted);
        rows.extend(survey_writes::take_rows_to_mix(tx.conn(), &groups, MIXED_PER_GROUP).await?);
    }
    rows.shuffle(&mut rand::thread_rng());
    Ok(rows)
}

/// Every `FOLD_EVERY`, the tallies of the batches written since move into the counts rows
/// (`survey_writes::fold_level_deltas`; readers add the ones still waiting, so scores never
/// depend on this having run).
async fn fold_now_and_then(core: Core, unfolded: Arc<AtomicBool>) {
    let mut tick = tokio::time::interval(FOLD_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        if !unfolded.swap(false, Ordering::AcqRel) {
            continue;
        }
        if let Err(e) = fold_once(&core).await {
            unfolded.store(true, Ordering::Release);
            tracing::warn!(error.cause = %e, "folding the survey tallies failed; retried next time");
        }
    }
}

/// Folds the tallies still waiting (left by a process that stopped without `shutdown`, a
/// kill or a crash) into the counts rows; a server does it as it starts. Readers add waiting
/// rows themselves: this keeps their number small, it changes no figure.
pub async fn fold_waiting_tallies(core: &Core) -> Result<usize, CoreError> {
    Ok(fold_once(core).await?)
}

/// Folds the waiting tallies in one transaction.
async fn fold_once(core: &Core) -> Result<usize, openita_db::DbError> {
    let mut tx = core.db.begin_write().await?;
    let folded = survey_writes::fold_level_deltas(tx.conn()).await?;
    if folded > 0 {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(folded)
}

/// Each agency and instrument the batch writes to, with a random point among the random keys
/// to take earlier rows from.
fn groups_to_mix<'a>(accepted: &[&'a NewResponse]) -> Vec<(i64, i64, &'a str, String)> {
    let mut groups: Vec<(i64, i64, &str)> = accepted
        .iter()
        .map(|r| (r.cycle_id, r.agency_id, r.instrument))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let mut rng = rand::thread_rng();
    groups
        .into_iter()
        .map(|(cycle, agency, instrument)| {
            let start: [u8; 16] = rng.r#gen();
            (cycle, agency, instrument, hex::encode(start))
        })
        .collect()
}
