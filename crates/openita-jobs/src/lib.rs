//! The background worker. Jobs are rows (see `openita_core::background`); a worker claims the
//! oldest queued one, runs it, reports progress on the row and records the result. Every job
//! is one file under `jobs/` and is registered in `run_job`; each must be safe to run again
//! after a crash (its lease runs out and any worker queues it again).

mod jobs;
mod mail;
mod worker;

pub use mail::{MailConfig, MailConfigError, Mailer, SendReport};
pub use worker::{Worker, run_until_idle, unique_worker_name};
