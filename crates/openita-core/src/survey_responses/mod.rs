//! The survey write path, the hot path of deadline weeks.
//!
//! - `form`: a public link opens the form of its instrument, inside its window, with a signed
//!   one-time nonce (no database write on a form fetch).
//! - `answers`: answers are validated against the framework held in memory; a 422 lists every
//!   missing or invalid answer before anything is written, and does not use up the nonce.
//! - `writer`: acknowledged only after commit. On SQLite one writer task commits many
//!   submissions per transaction (group commit) from a bounded queue and answers 503 when
//!   the queue is full; on PostgreSQL each submission is its own transaction. The running
//!   tallies are updated in the same transaction.
//! - `limits`: per (client address, link) limits on form views and submissions, applied after
//!   the token has led to a link (unknown tokens make no keys).
//! - Anonymity by construction: a stored response holds cycle, agency, instrument, answers and
//!   the day, under a random key; the used-nonce table holds a hash and a day, nothing to join.

mod answers;
mod export;
mod form;
mod limits;
mod link_cache;
mod nonce;
mod progress;
mod submit;
mod writer;

pub use answers::{all_best, validate_answers};
pub use export::{ExportFormat, download_name, export_to_folder, write_responses};
pub use form::{FormOption, FormQuestion, SurveyForm, open_form};
pub use limits::{SurveyLimits, SurveyQuota};
pub use link_cache::PreparedQuestions;
pub use progress::{
    AgencyProgress, AgencyStatus, InstrumentProgress, OitProgress, agency_status, province_progress,
};
pub(crate) use progress::{days_left, minimums};
pub use submit::{SubmitOutcome, submit_response};
pub use writer::{QUEUE_CAPACITY, SurveyRuntime, fold_waiting_tallies};
