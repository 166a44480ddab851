//! Where argon2 runs. A hash or a check costs ~55 ms of one core and 19 MiB of memory, on
//! purpose. Run on an async worker it would stall every request sharing that thread; run
//! inside a write transaction it would stall every writer (on SQLite, the one writer: 24
//! clients sending wrong passwords once raised survey POST latency from 1-3 ms to ~400 ms).
//!
//! So every argon2 call goes through [`PasswordWork::run`]: on tokio's blocking pool, with no
//! transaction or pooled connection held by the caller, and at most `permits` at a time (half
//! the cores, at least one), so that a flood of sign-ins uses at most that much CPU and memory
//! and the rest of the server keeps answering. Callers beyond `MAX_WAITING` get 503 with a
//! short Retry-After instead of queueing without bound.

use crate::CoreError;
use openita_types::Text;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Password checks that may wait for a turn before new ones are turned away (a few seconds'
/// work at one permit).
const MAX_WAITING: usize = 64;

/// Seconds a client turned away is asked to wait.
const BUSY_RETRY_SECS: u64 = 2;

pub struct PasswordWork {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    /// Hashes and checks finished since start (shared with the jobs, which count themselves).
    finished: Arc<AtomicUsize>,
}

impl Default for PasswordWork {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        PasswordWork {
            permits: Arc::new(Semaphore::new((cores / 2).max(1))),
            waiting: AtomicUsize::new(0),
            finished: Arc::default(),
        }
    }
}

/// Lowers the waiting count however the wait ends (including the caller giving up).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl PasswordWork {
    /// Waits for a turn (or refuses with 503 when too many already wait). The permit is the
    /// turn: hold it until the argon2 work and whatever must follow it are done.
    pub async fn acquire(&self) -> Result<OwnedSemaphorePermit, CoreError> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let _waiting = Waiting(&self.waiting);
        self.permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| CoreError::internal("password work closed"))
    }

    /// Hashes and checks finished so far (tests use it to see that they ran while a write
    /// transaction was open elsewhere).
    pub fn finished(&self) -> usize {
        self.finished.load(Ordering::SeqCst)
    }

    /// Runs `job` (an argon2 hash or check) on the blocking pool in its turn. The permit goes
    /// with the job, so a client that disconnects does not free a turn while its work runs.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, CoreError> {
        let permit = self.acquire().await?;
        let finished = Arc::clone(&self.finished);
        blocking(move || {
            let _permit = permit;
            let out = job();
            finished.fetch_add(1, Ordering::SeqCst);
            out
        })
        .await
    }
}

impl PasswordWork {
    /// Runs `job` on the blocking pool for a caller that already holds a turn, and counts it.
    pub(crate) async fn in_turn<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, CoreError> {
        let out = blocking(job).await;
        self.finished.fetch_add(1, Ordering::SeqCst);
        out
    }
}

/// Runs `job` on the blocking pool (the caller holds a turn).
pub async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, CoreError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| CoreError::internal(format!("password work failed: {e}")))
}

fn busy() -> CoreError {
    CoreError::Busy {
        retry_after_secs: BUSY_RETRY_SECS,
        message: Text::new(
            format!("มีผู้ลงชื่อเข้าใช้พร้อมกันจำนวนมาก โปรดรอ {BUSY_RETRY_SECS} วินาทีแล้วลองใหม่"),
            format!(
                "Many people are signing in at once: wait {BUSY_RETRY_SECS} seconds and try again."
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_jobs_run_at_once_than_there_are_permits_and_the_rest_wait_their_turn() {
        let work = Arc::new(PasswordWork {
            permits: Arc::new(Semaphore::new(2)),
            waiting: AtomicUsize::new(0),
            finished: Arc::default(),
        });
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..8).map(|_| {
            let (work, running, most) = (work.clone(), running.clone(), most.clone());
            tokio::spawn(async move {
                work.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            })
        });
        let mut done = 0;
        for job in jobs.collect::<Vec<_>>() {
            if matches!(job.await, Ok(Ok(()))) {
                done += 1;
            }
        }
        assert_eq!(done, 8, "every job ran");
        assert_eq!(work.finished(), 8);
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(work.waiting.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn beyond_the_waiting_room_callers_are_told_to_come_back() {
        let work = PasswordWork {
            permits: Arc::new(Semaphore::new(0)),
            waiting: AtomicUsize::new(MAX_WAITING),
            finished: Arc::default(),
        };
        let refused = work.run(|| ()).await;
        assert!(
            matches!(
                refused,
                Err(CoreError::Busy {
                    retry_after_secs: BUSY_RETRY_SECS,
                    ..
                })
            ),
            "{refused:?}"
        );
        assert_eq!(work.waiting.load(Ordering::SeqCst), MAX_WAITING);
    }
}
