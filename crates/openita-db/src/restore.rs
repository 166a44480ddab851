//! Bringing a backup back (`openita restore`): the file `openita backup` wrote becomes a
//! working database again, migrated to this version's schema.
//!
//! Nothing that exists is destroyed. SQLite: the backup is copied beside the target under a
//! temporary name, checked (`PRAGMA integrity_check`) and migrated there, and only then put in
//! place; a database already at the target is kept as `NAME.before-restore-DATE` (with its
//! `-wal`, which may hold committed writes). PostgreSQL: `pg_restore` into an empty database
//! in one transaction (a failure leaves the database empty), then the migrations.
//!
//! The servers must be stopped first: a server still running on the old SQLite file would go
//! on writing into the kept copy (the guide in docs/deploying.md says so).

use crate::{
    Backend, BackupKind, ConnectOptions, DatabaseUrl, Db, DbError,
    backup::{create_private_empty_file, split_password},
};
use std::{
    collections::BTreeMap,
    io::Read,
    path::{Path, PathBuf},
};

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub kind: BackupKind,
    /// Where the database that was at the target went (SQLite with `replace`).
    pub kept_previous: Option<PathBuf>,
    /// Rows per table of the restored database.
    pub rows: BTreeMap<String, i64>,
}

impl BackupKind {
    /// Which kind of backup a file is, from its first bytes.
    pub fn of_file(path: &Path) -> Result<BackupKind, DbError> {
        let mut head = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut head))
            .map_err(|e| DbError::Restore(format!("cannot read {}: {e}", path.display())))?;
        match &head[..read] {
            h if h.starts_with(b"SQLite format 3\0") => Ok(BackupKind::SqliteFile),
            h if h.starts_with(b"PGDMP") => Ok(BackupKind::PgDumpCustom),
            _ => Err(DbError::Restore(format!(
                "{0} ไม่ใช่ไฟล์สำรองที่สร้างด้วย openita backup / {0} is not a backup made by `openita backup` (neither a SQLite file nor a pg_dump archive)",
                path.display()
            ))),
        }
    }
}

/// Restores the backup `from` into `to`. An existing SQLite file at `to` is refused unless
/// `replace` (then it is kept aside, never deleted); a PostgreSQL database must be empty.
pub async fn restore(from: &Path, to: &DatabaseUrl, replace: bool) -> Result<Restored, DbError> {
    let kind = BackupKind::of_file(from)?;
    match (kind.clone(), to) {
        (BackupKind::SqliteFile, DatabaseUrl::Sqlite { path }) => {
            restore_sqlite(from, path, replace).await
        }
        (BackupKind::PgDumpCustom, DatabaseUrl::Postgres { url }) => {
            restore_postgres(from, to, url).await
        }
        (BackupKind::SqliteFile, _) => Err(DbError::Restore(
            "ไฟล์สำรองนี้เป็น SQLite ให้กู้คืนด้วย --db sqlite://PATH / this backup is a SQLite file: restore it with --db sqlite://PATH".into(),
        )),
        (BackupKind::PgDumpCustom, _) => Err(DbError::Restore(
            "ไฟล์สำรองนี้เป็น PostgreSQL ให้กู้คืนด้วย --db postgres://USER@HOST/NEWDB / this backup is a PostgreSQL archive: restore it with --db postgres://USER@HOST/NEWDB"
                .into(),
        )),
    }
}

async fn restore_sqlite(from: &Path, target: &Path, replace: bool) -> Result<Restored, DbError> {
    if target.exists() && !replace {
        return Err(DbError::Restore(format!(
            "มีไฟล์ {0} อยู่แล้ว: หยุด openita ทุกตัวที่ใช้ไฟล์นี้แล้วเพิ่ม --replace (ไฟล์เดิมจะเก็บไว้เป็น {0}.before-restore-DATE) หรือกู้คืนไปยังไฟล์ใหม่ / {0} exists: stop every openita server on it and add --replace (it is kept as {0}.before-restore-DATE), or restore to a new file",
            target.display()
        )));
    }
    let staging = sibling(target, &format!("restoring-{}", std::process::id()));
    remove_with_journal(&staging);
    create_private_empty_file(&staging)?;
    let prepared = prepare_sqlite_copy(from, &staging).await;
    if let Err(e) = prepared {
        remove_with_journal(&staging);
        return Err(e);
    }
    let kept_previous = if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = sibling(target, &format!("before-restore-{stamp}"));
        for suffix in ["", "-wal", "-shm"] {
            let (old, new) = (with_suffix(target, suffix), with_suffix(&kept, suffix));
            if old.exists() {
                std::fs::rename(&old, &new).map_err(|e| {
                    DbError::Restore(format!("cannot move {} aside: {e}", old.display()))
                })?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staging, target).map_err(|e| {
        DbError::Restore(format!(
            "cannot put the restored database at {}: {e}",
            target.display()
        ))
    })?;
    remove_with_journal(&staging);
    let db = open(&DatabaseUrl::Sqlite {
        path: target.to_path_buf(),
    })
    .await?;
    let rows = db.table_rows().await?;
    db.close().await;
    Ok(Restored {
        kind: BackupKind::SqliteFile,
        kept_previous,
        rows,
    })
}

/// Copies the backup into `staging` (already created, 0600), checks it and migrates it.
async fn prepare_sqlite_copy(from: &Path, staging: &Path) -> Result<(), DbError> {
    let copy = || -> std::io::Result<()> {
        let mut source = std::fs::File::open(from)?;
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(staging)?;
        std::io::copy(&mut source, &mut out)?;
        out.sync_all()
    };
    copy().map_err(|e| DbError::Restore(format!("cannot copy {}: {e}", from.display())))?;
    let db = open(&DatabaseUrl::Sqlite {
        path: staging.to_path_buf(),
    })
    .await?;
    let checked: Result<(), DbError> = async {
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(db.pool())
            .await?;
        if verdict != "ok" {
            return Err(DbError::Restore(format!(
                "{} is damaged (integrity check: {verdict})",
                from.display()
            )));
        }
        db.migrate().await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db.pool())
            .await?;
        Ok(())
    }
    .await;
    db.close().await;
    checked
}

async fn restore_postgres(from: &Path, to: &DatabaseUrl, url: &str) -> Result<Restored, DbError> {
    let db = open(to).await?;
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(db.pool())
    .await?;
    if tables > 0 {
        db.close().await;
        return Err(DbError::Restore(format!(
            "ฐานข้อมูล {0} ไม่ว่าง (มี {tables} ตาราง): กู้คืนไปยังฐานข้อมูลใหม่ที่ว่าง (createdb NEWDB) / {0} is not empty ({tables} tables): restore into a new, empty database (createdb NEWDB)",
            to.redacted()
        )));
    }
    let (without_password, password) = split_password(url);
    let mut command = tokio::process::Command::new("pg_restore");
    command
        .args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        .arg("--dbname")
        .arg(&without_password)
        .arg(from)
        .stdin(std::process::Stdio::null());
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let out = command.output().await.map_err(|e| {
        DbError::Restore(format!(
            "cannot run pg_restore ({e}): install the PostgreSQL client (Debian: postgresql-client)"
        ))
    })?;
    if !out.status.success() {
        db.close().await;
        let reason = String::from_utf8_lossy(&out.stderr);
        return Err(DbError::Restore(format!(
            "pg_restore failed (the database is left empty): {}",
            reason.lines().next().unwrap_or("no reason given")
        )));
    }
    db.migrate().await?;
    let rows = db.table_rows().await?;
    db.close().await;
    Ok(Restored {
        kind: BackupKind::PgDumpCustom,
        kept_previous: None,
        rows,
    })
}

async fn open(url: &DatabaseUrl) -> Result<Db, DbError> {
    Db::connect(
        url,
        ConnectOptions {
            create: false,
            max_connections: 2,
        },
    )
    .await
}

impl Db {
    /// Rows in every table of the application (the migrations' own table left out): what a
    /// restore reports and what a test compares before and after.
    pub async fn table_rows(&self) -> Result<BTreeMap<String, i64>, DbError> {
        let names: Vec<String> = match self.backend() {
            Backend::Sqlite => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
                )
                .fetch_all(self.pool())
                .await?
            }
            Backend::Postgres => {
                sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
                     AND table_name <> '_sqlx_migrations' ORDER BY table_name",
                )
                .fetch_all(self.pool())
                .await?
            }
        };
        let mut rows = BTreeMap::new();
        for name in names {
            // The names come from the catalogue, not from a user; quoted all the same.
            let count: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM \"{}\"",
                name.replace('"', "")
            ))
            .fetch_one(self.pool())
            .await?;
            rows.insert(name, count);
        }
        Ok(rows)
    }
}

/// `DIR/NAME` -> `DIR/NAME.{tag}`.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{tag}"));
    path.with_file_name(name)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// A staging file and the journal files SQLite may have left beside it.
fn remove_with_journal(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_backup_is_named_as_such() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let junk = dir.path().join("results.xlsx");
        std::fs::write(&junk, b"PK\x03\x04 not a database")?;
        let err = BackupKind::of_file(&junk).err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("not a backup made by `openita backup`")),
            "{err:?}"
        );
        std::fs::write(&junk, b"PGDMP\x01\x0e")?;
        assert_eq!(BackupKind::of_file(&junk)?, BackupKind::PgDumpCustom);
        Ok(())
    }

    #[test]
    fn kept_copies_sit_beside_the_database() {
        let target = Path::new("/srv/openita/openita.sqlite");
        assert_eq!(
            sibling(target, "before-restore-X"),
            PathBuf::from("/srv/openita/openita.sqlite.before-restore-X")
        );
        assert_eq!(
            with_suffix(target, "-wal"),
            PathBuf::from("/srv/openita/openita.sqlite-wal")
        );
    }
}
