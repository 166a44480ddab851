//! Test support, a dev-dependency only.
//!
//! Every test gets its own database: a fresh SQLite file in a temporary folder, or, when
//! `TEST_DATABASE_URL` names a PostgreSQL server (`postgres://USER@HOST:PORT/postgres`), a
//! freshly created database on it. Tests never share rows and run in parallel.

mod app;
mod database;
mod other_instance;
mod python_tools;
mod smtp_sink;
pub mod spreadsheets;

pub use app::{Fixture, PASSWORD, TestApp, TestResponse};
pub use database::{TestDb, backend_under_test};
pub use other_instance::OtherInstance;
pub use python_tools::python_tool;
pub use smtp_sink::{ReceivedMail, SmtpSink};
