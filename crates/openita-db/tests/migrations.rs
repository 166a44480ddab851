//! Migrations come in twins (same names for SQLite and PostgreSQL), each with a down, and the
//! downs really undo the ups.

use openita_db::{ConnectOptions, DatabaseUrl, Db};
use std::{collections::BTreeSet, path::Path};

fn names(engine: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(engine);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn every_migration_has_a_twin_and_a_down() {
    let sqlite = names("sqlite");
    let postgres = names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must hold the same file names"
    );
    for up in sqlite.iter().filter(|n| n.ends_with(".up.sql")) {
        let down = up.replace(".up.sql", ".down.sql");
        assert!(sqlite.contains(&down), "{up} has no {down}");
    }
}

async fn tables(db: &Db) -> Vec<String> {
    let sql = match db.backend() {
        openita_db::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name"
        }
        openita_db::Backend::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%' ORDER BY tablename"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_all(db.pool())
        .await
        .unwrap_or_default()
}

/// A new SQLite database in `dir`, one connection.
async fn new_sqlite(dir: &Path) -> Result<Db, openita_db::DbError> {
    let url = DatabaseUrl::Sqlite {
        path: dir.join("m.sqlite"),
    };
    Db::connect(
        &url,
        ConnectOptions {
            create: true,
            max_connections: 1,
        },
    )
    .await
}

#[tokio::test]
async fn down_migrations_remove_what_the_ups_created_on_sqlite()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = new_sqlite(dir.path()).await?;
    db.migrate().await?;
    let created = tables(&db).await;
    assert!(
        created.contains(&"agencies".to_string()) && created.contains(&"audit_log".to_string()),
        "{created:?}"
    );
    db.undo_all_migrations().await?;
    assert_eq!(tables(&db).await, Vec::<String>::new());
    db.migrate().await?;
    assert_eq!(tables(&db).await, created);
    Ok(())
}

#[tokio::test]
async fn a_mistyped_sqlite_path_opens_nothing() {
    let url = DatabaseUrl::parse("sqlite:///tmp/no-such-dir-openita/typo.sqlite")
        .unwrap_or(DatabaseUrl::Sqlite { path: "/x".into() });
    let err = Db::connect(&url, ConnectOptions::default())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("no database at"), "{err}");
    assert!(!Path::new("/tmp/no-such-dir-openita/typo.sqlite").exists());
}

#[cfg(unix)]
#[tokio::test]
async fn a_new_sqlite_database_and_its_folder_are_readable_by_their_owner_only()
-> Result<(), Box<dyn std::error::Error>> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("data");
    let url = DatabaseUrl::Sqlite {
        path: folder.join("openita.sqlite"),
    };
    let db = Db::connect(
        &url,
        ConnectOptions {
            create: true,
            max_connections: 1,
        },
    )
    .await?;
    db.migrate().await?;
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    };
    assert_eq!(mode(&folder), 0o700, "the folder");
    for name in ["openita.sqlite", "openita.sqlite-wal", "openita.sqlite-shm"] {
        let path = folder.join(name);
        assert!(path.exists(), "{name}");
        assert_eq!(mode(&path), 0o600, "{name}: {:o}", mode(&path));
    }
    db.close().await;
    Ok(())
}

/// Migration 20 packs the tallies into the counts rows; its down unpacks them again,
/// with the batches still waiting to be folded added in. No answer is lost either way.
#[tokio::test]
async fn packing_the_tallies_and_unpacking_them_loses_no_answer()
-> Result<(), Box<dyn std::error::Error>> {
    static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
    let dir = tempfile::tempdir()?;
    let db = new_sqlite(dir.path()).await?;
    db.migrate().await?;
    sqlx::query(
        "INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses, levels) \
         VALUES (1, 1, 'IIT', 3, 'i1:4:1,i1:5:2'), (1, 2, 'EIT', 0, '')",
    )
    .execute(db.pool())
    .await?;
    sqlx::query(
        "INSERT INTO survey_level_deltas (id, entries) VALUES \
         ('k1', '1 1 IIT i1:5:1,i2:3:1;1 1 EIT e1:2:4'), ('k2', '1 1 IIT i1:5:1')",
    )
    .execute(db.pool())
    .await?;
    SQLITE.undo(db.pool(), 20261206000019).await?;
    let tallies: Vec<String> = sqlx::query_scalar(
        "SELECT instrument || ' ' || question_id || ':' || level || ':' || answers \
         FROM survey_tallies ORDER BY 1",
    )
    .fetch_all(db.pool())
    .await?;
    assert_eq!(
        tallies,
        ["EIT e1:2:4", "IIT i1:4:1", "IIT i1:5:4", "IIT i2:3:1"]
    );
    db.migrate().await?;
    let packed: Vec<String> = sqlx::query_scalar(
        "SELECT instrument || ' ' || levels FROM survey_counts ORDER BY agency_id, instrument",
    )
    .fetch_all(db.pool())
    .await?;
    // The EIT tallies had no counts row: they were given one rather than dropped.
    assert_eq!(packed, ["EIT e1:2:4", "IIT i1:4:1,i1:5:4,i2:3:1", "EIT "]);
    Ok(())
}
