//! OpenITA's use cases. Every function here takes the acting user (`Actor`), checks what that
//! user may do, changes state inside one transaction and appends to the audit log in that
//! same transaction. Web handlers and CLI commands call these and nothing below them.
//!
//! One folder per workflow: `accounts` (passwords, sessions, users), `agencies`
//! (registration, import), `cycles` (framework, calendar windows, assignments), `headcount`,
//! `survey_links`, `survey_responses` (the anonymous write path), `background` (jobs),
//! `audit`.

pub mod accounts;
mod actor;
pub mod agencies;
pub mod audit;
pub mod background;
mod clock;
pub mod cycles;
mod error;
pub mod headcount;
pub mod notifications;
pub mod oit_review;
pub mod results;
pub mod survey_links;
pub mod survey_responses;

pub use actor::Actor;
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{CoreError, FieldError};
pub use openita_db as db;

use openita_db::Db;
use std::sync::Arc;

/// Everything a use case needs: the database and the clock. Cheap to clone.
#[derive(Clone)]
pub struct Core {
    pub db: Db,
    clock: Arc<dyn Clock>,
    /// Frameworks parsed once per fingerprint: the survey write path validates against the
    /// framework held in memory.
    frameworks: Arc<cycles::FrameworkCache>,
    /// The survey write path's group-commit writer (SQLite) and nonce key.
    surveys: Arc<survey_responses::SurveyRuntime>,
    /// The gate argon2 runs through and the sign-in throttle's key.
    accounts: Arc<accounts::AccountsRuntime>,
}

impl Core {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Core {
            db,
            clock,
            frameworks: Arc::default(),
            surveys: Arc::default(),
            accounts: Arc::default(),
        }
    }

    /// Finishes every acknowledged survey write still queued, then stops the writer.
    pub async fn shutdown(&self) {
        self.surveys.shutdown().await;
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Now, as the database stores times.
    pub(crate) fn now_text(&self) -> String {
        openita_types::thai_time::to_db_text(self.now())
    }
}
