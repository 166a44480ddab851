//! OpenITA's storage layer: the only crate that writes SQL.
//!
//! One query layer over both engines through sqlx's `Any` driver: every query is written once
//! with `$1`-style parameters, which SQLite and PostgreSQL both accept, and only portable SQL
//! (`ON CONFLICT`, `RETURNING`, text timestamps, 64-bit integers). Migrations live in twin
//! folders `migrations/sqlite` and `migrations/postgres` with the same file names; both are
//! embedded in the binary.

mod backup;
mod connection;
pub mod queries;
mod restore;
mod url;

pub use backup::BackupKind;
pub use connection::{ConnectOptions, Db, DbError, WriteTx};
pub use restore::{Restored, restore};
pub use sqlx::AnyConnection as Conn;
/// A connection taken from the pool (derefs to [`Conn`]).
pub type PooledConn = sqlx::pool::PoolConnection<sqlx::Any>;
pub use url::{Backend, DatabaseUrl, UrlError};
