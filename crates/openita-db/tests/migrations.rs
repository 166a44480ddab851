//! Migrations come in twins (same names for SQLite and PostgreSQL), each with a down. That
//! the downs really undo the ups is tested on the engine under test, SQLite or PostgreSQL
//! (`openita-web/tests/web/migrations.rs`, which has a fresh database of either).

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
