//! A fresh database with what a survey week needs, made through the core use cases: agencies
//! (local organisations from the shipped geography), users, this fiscal year's cycle with the
//! `ita-2568` framework, an IIT (and EIT) window around the real current time, and one IIT
//! link per agency.

use crate::SurveysArgs;
use anyhow::{Context, Result, bail, ensure};
use chrono::{Duration, Utc};
use openita_core::{
    Actor, Core, SystemClock, accounts,
    agencies::{self, AgencyInput},
    cycles, survey_links,
};
use openita_db::{ConnectOptions, DatabaseUrl, Db};
use openita_types::{FiscalYear, thai_time::bangkok};
use rand::Rng;
use sqlx::{Connection, Executor};
use std::{collections::BTreeMap, sync::Arc};

pub struct Prepared {
    pub core: Core,
    /// The database the core was made from (the bench counts stored rows past the use cases).
    pub db: Db,
    /// The database's URL, for a server started as its own process.
    pub url: String,
    pub tokens: Vec<String>,
    /// What the server runs on, for the report.
    pub engine: String,
    cleanup: Cleanup,
}

pub(crate) enum Cleanup {
    Sqlite(Option<tempfile::TempDir>),
    Postgres {
        admin_url: String,
        name: String,
        keep: bool,
    },
}

pub fn describe_target(db: &str) -> String {
    if db.starts_with("postgres") {
        "a fresh PostgreSQL database".into()
    } else {
        "a fresh SQLite file".into()
    }
}

/// The same pool as `openita serve` (the default options: 8 connections).
fn serve_options(create: bool) -> ConnectOptions {
    ConnectOptions {
        create,
        ..Default::default()
    }
}

pub(crate) async fn open_database(target: &str, keep: bool) -> Result<(Db, String, Cleanup)> {
    if target == "sqlite" || target.starts_with("sqlite:") {
        let (path, dir) = if target == "sqlite" {
            let dir = tempfile::Builder::new().prefix("openita-bench").tempdir()?;
            (dir.path().join("bench.sqlite"), Some(dir))
        } else {
            match DatabaseUrl::parse(target)? {
                DatabaseUrl::Sqlite { path } => (path, None),
                DatabaseUrl::Postgres { .. } => bail!("{target} is not a SQLite URL"),
            }
        };
        ensure!(
            !path.exists(),
            "{} exists: the benchmark needs a fresh database",
            path.display()
        );
        let db = Db::connect(
            &DatabaseUrl::Sqlite { path: path.clone() },
            serve_options(true),
        )
        .await?;
        db.migrate().await?;
        let engine = format!(
            "SQLite {} (WAL, synchronous=NORMAL) at {}, pool of {} connections",
            sqlite_version(&db).await.unwrap_or_default(),
            path.display(),
            serve_options(true).max_connections
        );
        return Ok((db, engine, Cleanup::Sqlite(dir)));
    }
    ensure!(
        target.starts_with("postgres://") || target.starts_with("postgresql://"),
        "--db must be sqlite, sqlite://PATH or postgres://..."
    );
    sqlx::any::install_default_drivers();
    let name = format!(
        "openita_bench_{:012x}",
        rand::thread_rng().r#gen::<u64>() >> 16
    );
    let mut admin = sqlx::AnyConnection::connect(target)
        .await
        .context("connecting to the PostgreSQL server")?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .context("creating the benchmark database")?;
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&mut admin)
        .await
        .unwrap_or_default();
    let _ = admin.close().await;
    let base = target.rsplit_once('/').map_or(target, |(b, _)| b);
    let url = DatabaseUrl::parse(&format!("{base}/{name}"))?;
    let db = Db::connect(&url, serve_options(false)).await?;
    db.migrate().await?;
    let engine = format!(
        "PostgreSQL {version}, fresh database {name}, pool of {} connections",
        serve_options(false).max_connections
    );
    Ok((
        db,
        engine,
        Cleanup::Postgres {
            admin_url: target.to_string(),
            name,
            keep,
        },
    ))
}

async fn sqlite_version(db: &Db) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(db.pool())
        .await?)
}

/// Local organisations (SAOs) of the first `n` subdistricts of the shipped geography.
fn agency_rows(n: usize) -> Vec<(usize, AgencyInput)> {
    openita_geography::subdistricts()
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, s)| {
            (
                i + 2,
                AgencyInput {
                    code: format!("6{}", s.code),
                    name_th: format!("องค์การบริหารส่วนตำบล{}", s.name_th),
                    name_en: Some(format!(
                        "{} Subdistrict Administrative Organisation",
                        s.name_en
                    )),
                    agency_type: "sao".into(),
                    province: s.district_code.chars().take(2).collect(),
                    district: Some(s.district_code.clone()),
                    website: None,
                },
            )
        })
        .collect()
}

/// The URL a server started as its own process opens the same database by.
pub(crate) fn server_url(db: &Db) -> String {
    match db.url() {
        DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres { url } => url.clone(),
    }
}

pub async fn prepare(args: &SurveysArgs) -> Result<Prepared> {
    let (db, engine, cleanup) = open_database(&args.db, args.keep).await?;
    let url = server_url(&db);
    let core = Core::new(db.clone(), Arc::new(SystemClock));
    let db_kept = db.clone();
    let system = Actor::system("bench");

    let rows = agency_rows(args.agencies);
    ensure!(
        rows.len() == args.agencies,
        "the geography has only {} subdistricts",
        rows.len()
    );
    let report = agencies::import_agencies(&core, &system, &rows, &|_, _| {}).await?;
    ensure!(
        report.errors.is_empty(),
        "agencies did not import: {:?}",
        report.errors.first()
    );
    let codes: Vec<String> = rows.iter().map(|(_, a)| a.code.clone()).collect();
    for (username, role, agency) in [
        ("bench.admin", "nacc-admin", None),
        ("bench.agency", "agency-admin", codes.first().cloned()),
    ] {
        accounts::create_user(
            &core,
            &system,
            &accounts::NewUserInput {
                username: username.into(),
                password: "openita-bench-password".into(),
                role: role.into(),
                agency,
                ..Default::default()
            },
        )
        .await?;
    }

    // This fiscal year's cycle, collecting now: from an hour ago until two days from now.
    let now = Utc::now();
    let year = FiscalYear::containing(now.with_timezone(&bangkok()).date_naive());
    cycles::create_cycle(&core, &system, i64::from(year), "ita-2568").await?;
    let window = cycles::PhaseWindowInput {
        start: (now - Duration::hours(1)).to_rfc3339(),
        end: (now + Duration::days(2)).to_rfc3339(),
    };
    let calendar: BTreeMap<String, cycles::PhaseWindowInput> = [
        ("iit".to_string(), window.clone()),
        ("eit".to_string(), window),
    ]
    .into_iter()
    .collect();
    cycles::set_calendar(&core, &system, year, &calendar).await?;
    cycles::open_cycle(&core, &system, year).await?;

    let mut tokens = Vec::with_capacity(codes.len());
    for code in &codes {
        let code = openita_types::AgencyCode::parse(code)?;
        let links = survey_links::survey_links(&core, &system, year, &code).await?;
        tokens.push(links.iit_token);
    }
    Ok(Prepared {
        db: db_kept,
        core,
        url,
        tokens,
        engine,
        cleanup,
    })
}

/// Every stored survey response.
pub async fn stored_responses(db: &Db) -> Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses")
        .fetch_one(db.pool())
        .await?;
    Ok(u64::try_from(n)?)
}

impl Prepared {
    pub async fn cleanup(self) -> Result<()> {
        self.cleanup.run(&self.db).await
    }
}

impl Cleanup {
    /// Closes the pool, then removes the temporary folder or drops the PostgreSQL database
    /// (unless it is to be kept).
    pub(crate) async fn run(self, db: &Db) -> Result<()> {
        db.close().await;
        match self {
            Cleanup::Sqlite(dir) => drop(dir),
            Cleanup::Postgres {
                admin_url,
                name,
                keep,
            } => {
                if keep {
                    println!("kept the database {name}");
                } else {
                    // FORCE: the killed server's sessions may still be closing on the
                    // PostgreSQL side (two writers and the pool), which a plain DROP refuses.
                    let mut admin = sqlx::AnyConnection::connect(&admin_url).await?;
                    admin
                        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                        .await
                        .context("dropping the benchmark database")?;
                    let _ = admin.close().await;
                }
            }
        }
        Ok(())
    }
}
