//! A consistent copy of the whole database while the system runs.
//!
//! SQLite: `VACUUM INTO` writes a compacted copy from one read transaction (writers go on;
//! the copy is the database as of its start), a file that opens like the original.
//! PostgreSQL: `pg_dump --format=custom` (the server's own tool, one snapshot), restored
//! with `pg_restore`; the password goes through the environment, not the command line.

use crate::{Backend, DatabaseUrl, Db, DbError};
use std::path::Path;

/// How the backup was made, and how to restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupKind {
    SqliteFile,
    PgDumpCustom,
}

impl Db {
    /// Writes a backup to `to`, which must not exist. The file is created first, empty,
    /// atomically and readable by its owner only (0600): a backup holds password hashes and
    /// every raw answer. A failed backup leaves no file.
    pub async fn backup_to(&self, to: &Path) -> Result<BackupKind, DbError> {
        create_private_empty_file(to)?;
        let made = self.write_backup(to).await;
        if made.is_err() {
            let _ = std::fs::remove_file(to);
        }
        made
    }

    async fn write_backup(&self, to: &Path) -> Result<BackupKind, DbError> {
        match (self.backend(), self.url()) {
            (Backend::Sqlite, _) => {
                let path = to.to_str().ok_or_else(|| {
                    DbError::Backup(format!("{} is not a UTF-8 path", to.display()))
                })?;
                sqlx::query("VACUUM INTO $1")
                    .bind(path)
                    .execute(self.pool())
                    .await?;
                Ok(BackupKind::SqliteFile)
            }
            (Backend::Postgres, DatabaseUrl::Postgres { url }) => {
                pg_dump(url, to).await?;
                Ok(BackupKind::PgDumpCustom)
            }
            (Backend::Postgres, _) => Err(DbError::Backup("no PostgreSQL URL".into())),
        }
    }
}

/// `VACUUM INTO` and `pg_dump --file` both accept an empty file and keep its mode.
pub(crate) fn create_private_empty_file(to: &Path) -> Result<(), DbError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(to).map(drop).map_err(|e| {
        DbError::Backup(if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!("{} exists already: choose a new file name", to.display())
        } else {
            format!("cannot create {}: {e}", to.display())
        })
    })
}

async fn pg_dump(url: &str, to: &Path) -> Result<(), DbError> {
    let (without_password, password) = split_password(url);
    let mut command = tokio::process::Command::new("pg_dump");
    command
        .arg("--format=custom")
        .arg("--no-owner")
        .arg("--file")
        .arg(to)
        .arg("--dbname")
        .arg(&without_password)
        .stdin(std::process::Stdio::null());
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let out = command.output().await.map_err(|e| {
        DbError::Backup(format!(
            "cannot run pg_dump ({e}): install the PostgreSQL client (Debian: postgresql-client)"
        ))
    })?;
    if !out.status.success() {
        let reason = String::from_utf8_lossy(&out.stderr);
        return Err(DbError::Backup(format!(
            "pg_dump failed: {}",
            reason.lines().next().unwrap_or("no reason given")
        )));
    }
    Ok(())
}

/// `postgres://user:secret@host/db` -> (`postgres://user@host/db`, `Some("secret")`).
/// Percent-escapes in the password are decoded (as libpq does for URLs).
pub(crate) fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return (url.to_string(), None);
    };
    match userinfo.split_once(':') {
        Some((user, password)) => (
            format!("{scheme}://{user}@{host}"),
            Some(percent_decode(password)),
        ),
        None => (url.to_string(), None),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://ita:s%40cret@db:5432/openita"),
            (
                "postgres://ita@db:5432/openita".to_string(),
                Some("s@cret".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://ita@db/openita"),
            ("postgres://ita@db/openita".to_string(), None)
        );
    }
}
