//! `openita backup` under survey load and `openita restore`: the restored database is the
//! consistent state of one moment (running sums = raw responses, between what was stored
//! before and after the backup), and a backup of a quiet database restores to an equal one.

use super::{openita, text};
use crate::served::{self, Server};
use openita_core::{Core, SystemClock};
use openita_db::{Backend, ConnectOptions, DatabaseUrl, Db};
use rand::Rng;
use sqlx::{Connection, Executor};
use std::{path::Path, sync::Arc, time::Duration};

/// A place to restore into: a new SQLite file, or a new empty database on the test server.
pub(crate) async fn fresh_target(dir: &Path, name: &str) -> String {
    match openita_testing::backend_under_test() {
        Backend::Sqlite => format!("sqlite://{}", dir.join(format!("{name}.sqlite")).display()),
        Backend::Postgres => {
            sqlx::any::install_default_drivers();
            let admin_url = std::env::var("TEST_DATABASE_URL").unwrap_or_default();
            let db = format!("openita_r_{:016x}", rand::thread_rng().r#gen::<u64>());
            let mut admin = sqlx::AnyConnection::connect(&admin_url)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            admin
                .execute(format!("CREATE DATABASE {db}").as_str())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let _ = admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map_or(admin_url.as_str(), |(b, _)| b);
            format!("{base}/{db}")
        }
    }
}

async fn run(args: Vec<String>, dir: &Path) -> String {
    let dir = dir.to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        openita(&args, None, &dir)
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// `openita backup --db URL --to FILE`.
async fn back_up(db_url: &str, to: &Path, dir: &Path) -> String {
    run(
        vec![
            "backup".into(),
            "--db".into(),
            db_url.into(),
            "--to".into(),
            to.display().to_string(),
        ],
        dir,
    )
    .await
}

/// `openita restore --from FILE --db URL [more]`.
async fn restore(from: &Path, db_url: &str, more: &[&str], dir: &Path) -> String {
    let mut args: Vec<String> = vec![
        "restore".into(),
        "--from".into(),
        from.display().to_string(),
        "--db".into(),
        db_url.into(),
    ];
    args.extend(more.iter().map(|a| a.to_string()));
    run(args, dir).await
}

async fn open(url: &str) -> Db {
    sqlx::any::install_default_drivers();
    Db::connect(
        &DatabaseUrl::parse(url).unwrap_or_else(|e| panic!("{e}")),
        ConnectOptions::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

async fn response_ids(db: &Db) -> Vec<String> {
    sqlx::query_scalar("SELECT id FROM survey_responses ORDER BY id")
        .fetch_all(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_to_one_consistent_moment() {
    let p = served::prepare().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(&p.db.url).await;
    let clients: Vec<_> = (0..8)
        .map(|c| {
            tokio::spawn(served::survey_client(
                server.base.clone(),
                p.tokens.clone(),
                c,
                2_000,
            ))
        })
        .collect();
    let started = std::time::Instant::now();
    while served::stored_responses(&p.db.db).await < 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the load did not get going: {}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let under_load = dir.path().join("under-load.backup");
    let before = served::stored_responses(&p.db.db).await;
    back_up(&p.db.url, &under_load, dir.path()).await;
    let after = served::stored_responses(&p.db.db).await;
    // Still under load while the backup ran: more came in meanwhile.
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.kill_9();
    for client in clients {
        let _ = client.await;
    }

    let target = fresh_target(dir.path(), "restored").await;
    let printed = restore(&under_load, &target, &[], dir.path()).await;
    assert!(printed.contains("survey responses"), "{printed}");
    let restored = open(&target).await;
    let n = served::stored_responses(&restored).await;
    assert!(
        before <= n && n <= after,
        "the backup holds {n} responses, taken while {before}..{after} were stored"
    );
    assert!(
        printed.contains(&format!("{n} survey responses")),
        "{printed}"
    );
    served::assert_running_sums_agree(&Core::new(restored.clone(), Arc::new(SystemClock)), p.year)
        .await;
    // The restored database serves: its survey links answer.
    let server = Server::start(&target).await;
    let form = reqwest::get(format!("{}/api/v1/surveys/{}", server.base, p.tokens[0]))
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(form, 200);
    server.kill_9();
    restored.close().await;

    // Quiet now: a backup restores to an equal database, table by table, row ids alike.
    let quiet = dir.path().join("quiet.backup");
    back_up(&p.db.url, &quiet, dir.path()).await;
    let target = fresh_target(dir.path(), "equal").await;
    restore(&quiet, &target, &[], dir.path()).await;
    let copy = open(&target).await;
    let (live, copied) = (
        p.db.db.table_rows().await.unwrap_or_else(|e| panic!("{e}")),
        copy.table_rows().await.unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(live.get("survey_responses").copied().unwrap_or(0) > 0);
    assert_eq!(live, copied, "rows per table, live and restored");
    assert_eq!(response_ids(&p.db.db).await, response_ids(&copy).await);
}

#[tokio::test]
async fn restore_never_overwrites_without_asking_and_keeps_what_it_replaces() {
    if openita_testing::backend_under_test() != Backend::Sqlite {
        // PostgreSQL: restore only fills an empty database (the test above); a database
        // with tables is refused, checked here.
        let p = served::prepare().await;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let backup = dir.path().join("b.backup");
        back_up(&p.db.url, &backup, dir.path()).await;
        let out = openita(
            &[
                "restore",
                "--from",
                &backup.display().to_string(),
                "--db",
                &p.db.url,
            ],
            None,
            dir.path(),
        );
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("not empty"),
            "{}",
            text(&out.stderr)
        );
        return;
    }
    let p = served::prepare().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let backup = dir.path().join("b.backup");
    let backup_text = backup.display().to_string();
    back_up(&p.db.url, &backup, dir.path()).await;
    let live = dir.path().join("live.sqlite");
    std::fs::write(&live, b"not yet a database").unwrap_or_else(|e| panic!("{e}"));
    let live_url = format!("sqlite://{}", live.display());
    let out = openita(
        &["restore", "--from", &backup_text, "--db", &live_url],
        None,
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--replace"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&live).unwrap_or_default(),
        b"not yet a database"
    );

    let printed = restore(&backup, &live_url, &["--replace"], dir.path()).await;
    assert!(
        printed.contains("previous database is kept at"),
        "{printed}"
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("live.sqlite.before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(kept[0].path()).unwrap_or_default(),
        b"not yet a database"
    );
    let restored = open(&live_url).await;
    assert_eq!(
        restored
            .table_rows()
            .await
            .unwrap_or_default()
            .get("agencies"),
        Some(&4)
    );

    // A file that is no backup is named as such, and the target is untouched.
    let junk = dir.path().join("results.xlsx");
    std::fs::write(&junk, b"PK\x03\x04").unwrap_or_else(|e| panic!("{e}"));
    let out = openita(
        &[
            "restore",
            "--from",
            &junk.display().to_string(),
            "--db",
            &live_url,
            "--replace",
        ],
        None,
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not a backup"),
        "{}",
        text(&out.stderr)
    );
}
