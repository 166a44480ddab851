//! The result sets this instance keeps: at most `capacity` (one per cycle, the least recently
//! read dropped first), each under the stamp it was built for. A request reads the cycle's
//! stamp from the database (`stamp.rs`) and is served the set of exactly that stamp, so a
//! computation, a publication or an agency edit made by any instance sharing the database is
//! seen by the next request here. Concurrent first reads of one stamp wait for one build
//! instead of each reading the whole cycle.

use super::result_set::{self, ResultSet};
use crate::{Core, CoreError};
use openita_db::queries::result_versions::ResultsStamp;
use openita_types::FiscalYear;
use std::{
    collections::VecDeque,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};
use tokio::sync::OnceCell;

/// Cycles kept by default: this year and the few before it are what the public reads. A
/// set for the nation takes ~35 MB of RSS, and ~7 MB more once its downloads are made.
pub const DEFAULT_CAPACITY: usize = 3;

type Slot = (ResultsStamp, Arc<OnceCell<Arc<ResultSet>>>);

pub struct ResultSetCache {
    capacity: usize,
    /// Most recently read last.
    slots: Mutex<VecDeque<Slot>>,
    /// Sets built since start (tests see with it that a read was served from memory).
    builds: AtomicUsize,
}

impl Default for ResultSetCache {
    fn default() -> Self {
        ResultSetCache::with_capacity(DEFAULT_CAPACITY)
    }
}

impl ResultSetCache {
    /// Keeps at most `capacity` cycles' sets (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        ResultSetCache {
            capacity: capacity.max(1),
            slots: Mutex::default(),
            builds: AtomicUsize::new(0),
        }
    }

    /// How many sets are kept or being built now.
    pub fn len(&self) -> usize {
        self.slots.lock().map(|s| s.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many sets this instance has built since it started.
    pub fn builds(&self) -> usize {
        self.builds.load(Ordering::Relaxed)
    }

    /// The set of this stamp, built on first use.
    pub(crate) async fn get(
        &self,
        core: &Core,
        year: FiscalYear,
        stamp: &ResultsStamp,
    ) -> Result<Arc<ResultSet>, CoreError> {
        let cell = self.slot(stamp);
        cell.get_or_try_init(|| async {
            self.builds.fetch_add(1, Ordering::Relaxed);
            result_set::build(core, year, stamp).await.map(Arc::new)
        })
        .await
        .cloned()
    }

    /// The slot of this stamp, now the most recent; a slot of the same cycle under another
    /// stamp is dropped (a stamp only moves forward), then the oldest beyond capacity.
    fn slot(&self, stamp: &ResultsStamp) -> Arc<OnceCell<Arc<ResultSet>>> {
        let Ok(mut slots) = self.slots.lock() else {
            // A poisoned lock: serve without keeping anything.
            return Arc::default();
        };
        let found = slots.iter().position(|(s, _)| s == stamp);
        let slot = match found.and_then(|i| slots.remove(i)) {
            Some(slot) => slot,
            None => {
                slots.retain(|(s, _)| s.cycle_id != stamp.cycle_id);
                (stamp.clone(), Arc::default())
            }
        };
        let cell = slot.1.clone();
        slots.push_back(slot);
        while slots.len() > self.capacity {
            slots.pop_front();
        }
        cell
    }
}
