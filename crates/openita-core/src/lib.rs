//! OpenITA's use cases. Every function here takes the acting user (`Actor`), checks what that
//! user may do, changes state inside one transaction and appends to the audit log in that
//! same transaction. Web handlers and CLI commands call these and nothing below them.
//!
//! One folder per workflow: `accounts` (passwords, sessions, users), `agencies`
//! (registration, import), `cycles` (framework, calendar windows, assignments), `headcount`,
//! `survey_links`, `survey_responses` (the anonymous write path), `provinces` (a province's
//! plan, deadlines, documents and the agencies' publicity), `background` (jobs), `audit`.

pub mod accounts;
mod actor;
pub mod agencies;
pub mod audit;
pub mod background;
mod clock;
pub mod cycles;
pub mod dashboards;
mod error;
pub mod export_folder;
pub mod headcount;
pub mod notifications;
pub mod oit_review;
pub mod paging;
pub mod provinces;
mod rate_limit;
pub mod reminders;
pub mod results;
pub mod survey_integrity;
pub mod survey_links;
pub mod survey_responses;
pub mod visibility;

pub use actor::Actor;
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{CoreError, FieldError};
pub use export_folder::ExportFolder;

use openita_db::Db;
use std::sync::Arc;

/// Everything a use case needs: the database and the clock. Cheap to clone.
#[derive(Clone)]
pub struct Core {
    /// Private: web, jobs and the CLI reach the database through use cases only (test and
    /// bench harnesses keep the `Db` they made the core from).
    pub(crate) db: Db,
    clock: Arc<dyn Clock>,
    /// Frameworks parsed once per fingerprint: the survey write path validates against the
    /// framework held in memory.
    frameworks: Arc<cycles::FrameworkCache>,
    /// The survey write path's group-commit writer (SQLite) and nonce key.
    surveys: Arc<survey_responses::SurveyRuntime>,
    /// Where export jobs leave their files (`with_export_folder`); none: exports are refused.
    export_folder: Option<Arc<ExportFolder>>,
    /// The gate argon2 runs through and the sign-in throttle's key.
    accounts: Arc<accounts::AccountsRuntime>,
    /// The coordinators' dashboards of recent cycles, kept for a short while.
    dashboards: Arc<dashboards::SnapshotCache>,
    /// Recent cycles' results, each under the version the database gave it.
    result_sets: Arc<results::ResultSetCache>,
}

impl Core {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Core {
            db,
            clock,
            frameworks: Arc::default(),
            surveys: Arc::default(),
            export_folder: None,
            accounts: Arc::default(),
            dashboards: Arc::default(),
            result_sets: Arc::default(),
        }
    }

    /// The same use cases keeping at most `cycles` cycles' results in memory.
    pub fn with_result_sets(mut self, cycles: usize) -> Self {
        self.result_sets = Arc::new(results::ResultSetCache::with_capacity(cycles));
        self
    }

    pub(crate) fn result_sets(&self) -> &results::ResultSetCache {
        &self.result_sets
    }

    /// How many cycles' results this instance keeps in memory now.
    pub fn kept_result_sets(&self) -> usize {
        self.result_sets.len()
    }

    /// How many times this instance has read a cycle's results into memory.
    pub fn result_set_builds(&self) -> usize {
        self.result_sets.builds()
    }

    /// The same use cases with dashboards kept for `ttl` (tests use zero: every read is fresh).
    pub fn with_dashboard_ttl(mut self, ttl: std::time::Duration) -> Self {
        self.dashboards = Arc::new(dashboards::SnapshotCache::with_ttl(ttl));
        self
    }

    pub(crate) fn dashboards(&self) -> &dashboards::SnapshotCache {
        &self.dashboards
    }

    /// The same use cases with other survey limits (the load benchmark raises them; tests
    /// lower them).
    pub fn with_survey_limits(mut self, limits: survey_responses::SurveyLimits) -> Self {
        self.surveys = Arc::new(survey_responses::SurveyRuntime::with_limits(limits));
        self
    }

    /// Password hashes and checks finished since start (tests see with it that argon2 ran
    /// while a write transaction was open elsewhere).
    pub fn password_work_done(&self) -> usize {
        self.accounts.password_work.finished()
    }

    /// How many (client, link) keys the survey limits hold now.
    pub fn survey_limit_keys(&self) -> usize {
        self.surveys.limits.tracked_keys()
    }

    /// The private folder where export jobs write their files and downloads read them.
    pub fn with_export_folder(mut self, folder: ExportFolder) -> Self {
        self.export_folder = Some(Arc::new(folder));
        self
    }

    /// The export folder, or a refusal that tells the operator to configure one.
    pub(crate) fn export_folder(&self) -> Result<&ExportFolder, CoreError> {
        self.export_folder
            .as_deref()
            .ok_or_else(|| CoreError::internal("no export folder is configured for this instance"))
    }

    /// Finishes every acknowledged survey write still queued, then stops the writer.
    pub async fn shutdown(&self) {
        self.surveys.shutdown().await;
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Whether the database answers a trivial query within `limit` (readiness probes). The
    /// error says why not, in words fit for a public probe: no URL, no server message.
    pub async fn database_ready(&self, limit: std::time::Duration) -> Result<(), &'static str> {
        match tokio::time::timeout(limit, self.db.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                tracing::warn!(error.cause = %e, "readiness check: the database did not answer");
                Err("the database did not answer")
            }
            Err(_) => Err("the database did not answer in time"),
        }
    }

    /// Now, as the database stores times.
    pub(crate) fn now_text(&self) -> String {
        openita_types::thai_time::to_db_text(self.now())
    }
}
