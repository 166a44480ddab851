//! Opening a database, running its migrations and starting write transactions.

use crate::url::{Backend, DatabaseUrl, UrlError};
use sqlx::{
    Any, AnyConnection, AnyPool, Executor, Transaction,
    any::AnyPoolOptions,
    migrate::{MigrateError, Migrator},
};
use std::{sync::Arc, time::Duration};
use tokio::sync::{Mutex, OwnedMutexGuard};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error("cannot open the database {url}: {source}")]
    Open {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("database migration failed: {0}")]
    Migrate(#[from] MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("backup failed: {0}")]
    Backup(String),
    #[error("กู้คืนไม่สำเร็จ / restore failed: {0}")]
    Restore(String),
    /// A stored value the code cannot read back (a bug or a hand-edited database).
    #[error("unreadable data in the database: {0}")]
    Corrupt(String),
}

impl DbError {
    /// True when the database could not be reached in time (every connection busy, the
    /// server down or restarting, the pool closing): a moment later it may answer, so this
    /// is "try again" rather than a fault of the request or a bug.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            DbError::Query(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            )
        )
    }

    /// True when the statement broke a UNIQUE constraint (a duplicate code or name).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Query(sqlx::Error::Database(e)) => {
                e.is_unique_violation() || e.message().contains("UNIQUE constraint failed")
            }
            _ => false,
        }
    }
}

/// How to open a database.
#[derive(Debug, Clone, Copy)]
pub struct ConnectOptions {
    /// Create a missing SQLite file (the default path, `openita demo`, `--create`).
    pub create: bool,
    pub max_connections: u32,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            create: false,
            max_connections: 8,
        }
    }
}

/// A connection pool to either engine, plus the one-writer lock SQLite needs.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// Shared: every clone of the use cases clones this (per request).
    url: Arc<DatabaseUrl>,
    /// SQLite allows one writer at a time; taking turns in-process avoids SQLITE_BUSY
    /// failures when two deferred transactions both try to upgrade to writing.
    sqlite_writer: Option<Arc<Mutex<()>>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("url", &self.url.redacted())
            .finish()
    }
}

/// Copies the write-ahead log into the database file every second, on a pool connection of
/// its own, without blocking anyone (PASSIVE). SQLite would otherwise do it inside the commit
/// that crosses 1,000 log pages, with an fsync, while the one writer waits: under survey load
/// that stalled every batch behind it. Ends when the pool closes (the last connection to
/// close checkpoints what is left).
fn spawn_checkpointer(pool: AnyPool) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    break;
                }
                tracing::warn!(error.cause = %e, "WAL checkpoint failed");
            }
        }
    });
}

impl Db {
    pub async fn connect(url: &DatabaseUrl, options: ConnectOptions) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        url.check_exists(options.create)?;
        let backend = url.backend();
        if let DatabaseUrl::Sqlite { path } = url
            && options.create
        {
            create_private_file(path).map_err(|e| DbError::Open {
                url: url.redacted(),
                source: sqlx::Error::Io(e),
            })?;
        }
        let mut pool_options = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            // A file on this machine does not drop connections: no ping before each use (it
            // was a round trip to the connection's thread before every transaction).
            pool_options = pool_options.test_before_acquire(false);
            pool_options = pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                         PRAGMA wal_autocheckpoint = 0;",
                    )
                    .await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect(&url.connect_string(options.create))
            .await
            .map_err(|source| DbError::Open {
                url: url.redacted(),
                source,
            })?;
        if backend == Backend::Sqlite {
            spawn_checkpointer(pool.clone());
        }
        Ok(Db {
            pool,
            backend,
            url: Arc::new(url.clone()),
            sqlite_writer: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    /// Applies every embedded migration not yet applied.
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Reverts every applied migration with its down script (tests prove the downs work).
    pub async fn undo_all_migrations(&self) -> Result<(), DbError> {
        self.migrator().undo(&self.pool, 0).await?;
        Ok(())
    }

    /// Migrations not yet applied, by description (for `openita migrate --check`).
    pub async fn pending_migrations(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.pool.acquire().await?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
        Ok(self
            .migrator()
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .map(|m| format!("{} {}", m.version, m.description))
            .collect())
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The pool, for reads that need no transaction.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a write transaction; on SQLite it waits for its turn as the one writer.
    pub async fn begin_write(&self) -> Result<WriteTx, DbError> {
        let guard = match &self.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _guard: guard })
    }

    /// Asks the database the cheapest question there is (`SELECT 1`), for readiness checks.
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A write transaction. Dropping it without `commit` rolls back.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    pub async fn commit(self) -> Result<(), DbError> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Rolls back now, before the writer's turn passes on (dropping rolls back too, but a
    /// dropped PostgreSQL transaction sends its ROLLBACK only with the connection's next use).
    pub async fn rollback(self) -> Result<(), DbError> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// A new SQLite database file, readable by its owner only: it holds password hashes and every
/// raw answer. SQLite gives its `-wal` and `-shm` files the database file's permissions. A
/// missing folder is made readable by its owner only too; an existing file is left alone.
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}
