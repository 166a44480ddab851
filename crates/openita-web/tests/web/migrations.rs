//! The migrations on the engine under test (SQLite, or PostgreSQL when `TEST_DATABASE_URL`
//! is set): every down undoes its up, and migration 20 packs and unpacks the survey tallies
//! without losing an answer.

use openita_db::{Backend, Db};
use openita_testing::TestDb;
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("../../migrations/postgres");

fn migrator(db: &Db) -> &'static Migrator {
    match db.backend() {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

async fn tables(db: &Db) -> Vec<String> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%' ORDER BY tablename"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_all(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn down_migrations_remove_what_the_ups_created() {
    let test = TestDb::new().await;
    let created = tables(&test.db).await;
    assert!(
        created.contains(&"agencies".to_string()) && created.contains(&"audit_log".to_string()),
        "{created:?}"
    );
    test.db
        .undo_all_migrations()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tables(&test.db).await, Vec::<String>::new());
    test.db.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tables(&test.db).await, created);
}

/// Migration 20 packs the tallies into the counts rows; its down unpacks them again, with
/// the batches still waiting to be folded added in. No answer is lost either way.
#[tokio::test]
async fn packing_the_tallies_and_unpacking_them_loses_no_answer() {
    let test = TestDb::new().await;
    let db = &test.db;
    for sql in [
        "INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses, levels) \
         VALUES (1, 1, 'IIT', 3, 'i1:4:1,i1:5:2'), (1, 2, 'EIT', 0, '')",
        "INSERT INTO survey_level_deltas (id, entries) VALUES \
         ('k1', '1 1 IIT i1:5:1,i2:3:1;1 1 EIT e1:2:4'), ('k2', '1 1 IIT i1:5:1')",
    ] {
        sqlx::query(sql)
            .execute(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    migrator(db)
        .undo(db.pool(), 20261206000019)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let tallies: Vec<String> = sqlx::query_scalar(
        "SELECT instrument || ' ' || question_id || ':' || CAST(level AS TEXT) || ':' \
         || CAST(answers AS TEXT) FROM survey_tallies ORDER BY 1",
    )
    .fetch_all(db.pool())
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        tallies,
        ["EIT e1:2:4", "IIT i1:4:1", "IIT i1:5:4", "IIT i2:3:1"]
    );
    db.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    let packed: Vec<String> = sqlx::query_scalar(
        "SELECT instrument || ' ' || levels FROM survey_counts ORDER BY agency_id, instrument",
    )
    .fetch_all(db.pool())
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    // The EIT tallies had no counts row: they were given one rather than dropped.
    assert_eq!(packed, ["EIT e1:2:4", "IIT i1:4:1,i1:5:4,i2:3:1", "EIT "]);
}
