//! Job leases, so that several instances can share one queue. A worker claims a job with a
//! lease of `JOB_LEASE` and renews it every `JOB_LEASE_RENEWAL` while the job runs; if the
//! worker dies, the lease runs out and any worker (at its start, and now and then while idle)
//! queues the job again, whoever claimed it. A worker that lost its lease (paused longer than
//! the lease) cannot record its finish over the new run's.
//!
//! Time is the core's clock, so tests move past a lease without sleeping.

use crate::{Core, CoreError};
use openita_db::queries::jobs;
use openita_types::thai_time::to_db_text;
use std::time::Duration;

/// How long a claimed job stays its worker's without a renewal: long enough to ride out a
/// slow database or a busy machine, short enough that a crashed instance's job waits only
/// minutes.
pub const JOB_LEASE: Duration = Duration::from_secs(LEASE_SECS as u64);
const LEASE_SECS: i64 = 120;
/// How often a running job's lease is renewed: several renewals fit in one lease.
pub const JOB_LEASE_RENEWAL: Duration = Duration::from_secs(30);

/// The end of a lease taken or renewed now, as the database stores times.
pub(super) fn lease_from_now(core: &Core) -> String {
    to_db_text(core.now() + chrono::Duration::seconds(LEASE_SECS))
}

/// Extends the lease of a job `worker` runs. False when the job is no longer its own (the
/// lease ran out and the job was queued again): the worker should say so in its log.
pub async fn renew_lease(
    core: &Core,
    id: openita_types::JobId,
    worker: &str,
) -> Result<bool, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let renewed = jobs::renew_lease(tx.conn(), id.get(), worker, &lease_from_now(core)).await?;
    tx.commit().await?;
    Ok(renewed)
}

/// Queues again every running job whose lease has run out, whoever claimed it; returns how
/// many. Jobs of live workers, on this instance or another, are left alone.
pub async fn requeue_expired(core: &Core) -> Result<u64, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let n = jobs::requeue_expired(tx.conn(), &core.now_text()).await?;
    tx.commit().await?;
    Ok(n)
}
