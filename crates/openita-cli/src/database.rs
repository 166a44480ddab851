//! Which database a command opens: `--db` / `OPENITA_DB`, else `db` in the settings file,
//! else `openita.sqlite` in the data directory (`OPENITA_DATA_DIR` or `data_dir` in the
//! settings file, else `$XDG_DATA_HOME/openita`, else
//! `~/.local/share/openita`), created on first run. A named SQLite file that does not exist
//! is an error unless `--create` is given: a typo must not open an empty database.

use crate::settings::Settings;
use anyhow::{Context, Result};
use openita_db::{ConnectOptions, DatabaseUrl, Db};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// sqlite://PATH or postgres://USER:PASSWORD@HOST/DB
    #[arg(long = "db", env = "OPENITA_DB", value_name = "URL")]
    pub url: Option<String>,
    /// Create the SQLite file named by --db if it does not exist.
    #[arg(long)]
    pub create: bool,
}

pub fn data_dir() -> PathBuf {
    if let Some(dir) = &Settings::current().data_dir {
        return dir.clone();
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("openita");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/openita"),
        None => PathBuf::from("openita-data"),
    }
}

/// Where export jobs keep their files until downloaded: `OPENITA_EXPORT_DIR` (shared storage
/// when several instances serve downloads), else `exports` in the data directory. The folder
/// is made 0700 and each file 0600 (`openita_core::export_folder`).
pub fn export_dir() -> PathBuf {
    Settings::current()
        .export_dir
        .clone()
        .unwrap_or_else(|| data_dir().join("exports"))
}

impl DbArgs {
    /// The URL and whether a missing SQLite file may be created.
    pub fn resolve(&self) -> Result<(DatabaseUrl, bool)> {
        match self.url.as_ref().or(Settings::current().db.as_ref()) {
            Some(url) => Ok((DatabaseUrl::parse(url)?, self.create)),
            None => Ok((DatabaseUrl::default_in(&data_dir()), true)),
        }
    }

    /// Opens the database. SQLite is migrated on open; PostgreSQL only by `openita migrate`
    /// (several instances share it), so a server refuses to start on an old schema.
    pub async fn open(&self) -> Result<Db> {
        let (url, create) = self.resolve()?;
        let db = Db::connect(
            &url,
            ConnectOptions {
                create,
                ..Default::default()
            },
        )
        .await
        .with_context(|| format!("cannot open {}", url.redacted()))?;
        match db.backend() {
            openita_db::Backend::Sqlite => db.migrate().await.context("migrating the database")?,
            openita_db::Backend::Postgres => {
                let pending = db.pending_migrations().await?;
                anyhow::ensure!(
                    pending.is_empty(),
                    "the database schema is behind ({} migration(s) pending): run `openita migrate --db ...` first",
                    pending.len()
                );
            }
        }
        Ok(db)
    }
}
