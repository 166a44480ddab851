//! Heavy files (an agency's PDF report, a results sheet) are made on the blocking pool, at
//! most one per core at a time. Each holds megabytes while it is made (a report's layout
//! ~15 MB, a sheet's writer ~6 MB) and only uses a core, so making more at once only adds
//! memory: sixteen reports asked together took the server from 54 to 139 MB (docs/benchmarks.md,
//! session 7). Requests wait their turn; none is refused.

use tokio::sync::Semaphore;

pub struct RenderGate(Semaphore);

/// Why a render did not finish: the blocking task stopped (it panicked).
#[derive(Debug, thiserror::Error)]
#[error("the render stopped: {0}")]
pub struct RenderStopped(String);

impl Default for RenderGate {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        RenderGate(Semaphore::new(cores))
    }
}

impl RenderGate {
    /// Runs `render` on the blocking pool once a core is free.
    pub async fn run<T: Send + 'static>(
        &self,
        render: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, RenderStopped> {
        let _turn = self
            .0
            .acquire()
            .await
            .map_err(|e| RenderStopped(e.to_string()))?;
        tokio::task::spawn_blocking(render)
            .await
            .map_err(|e| RenderStopped(e.to_string()))
    }
}
