//! A fresh, migrated database per test.

use openita_db::{Backend, ConnectOptions, DatabaseUrl, Db};
use rand::Rng;
use sqlx::{Connection, Executor};

/// The engine tests run on: PostgreSQL when `TEST_DATABASE_URL` is set, SQLite otherwise.
pub fn backend_under_test() -> Backend {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

pub struct TestDb {
    pub db: Db,
    /// The URL another process (the `openita` binary) opens the same database with.
    pub url: String,
    /// Keeps the SQLite file alive for the test's duration.
    _dir: Option<tempfile::TempDir>,
}

#[expect(
    clippy::expect_used,
    reason = "test support: a database that cannot be made is a failed test"
)]
impl TestDb {
    pub async fn new() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(&admin_url).await,
            _ => Self::sqlite().await,
        }
    }

    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("test.sqlite");
        let text = format!("sqlite://{}", path.display());
        let url = DatabaseUrl::Sqlite { path };
        let db = Db::connect(
            &url,
            ConnectOptions {
                create: true,
                max_connections: 4,
            },
        )
        .await
        .expect("open SQLite");
        db.migrate().await.expect("migrate SQLite");
        TestDb {
            db,
            url: text,
            _dir: Some(dir),
        }
    }

    async fn postgres(admin_url: &str) -> TestDb {
        sqlx::any::install_default_drivers();
        let name = format!("openita_t_{:016x}", rand::thread_rng().r#gen::<u64>());
        let mut admin = sqlx::AnyConnection::connect(admin_url)
            .await
            .expect("connect to TEST_DATABASE_URL");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database");
        let _ = admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(admin_url);
        let text = format!("{base}/{name}");
        let url = DatabaseUrl::parse(&text).expect("test database URL");
        let db = Db::connect(
            &url,
            ConnectOptions {
                create: false,
                max_connections: 4,
            },
        )
        .await
        .expect("open PostgreSQL test database");
        db.migrate().await.expect("migrate PostgreSQL");
        TestDb {
            db,
            url: text,
            _dir: None,
        }
    }
}
