//! `openita backup` and `openita export`: real files that open in the programs people use,
//! made from a database on the engine under test.

use super::{openita, text};
use openita_testing::TestApp;

fn run_ok(args: &[&str], dir: &std::path::Path) -> String {
    let out = openita(args, None, dir);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[tokio::test]
async fn a_backup_is_a_whole_copy_and_never_overwrites() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let to = dir.path().join("backup.bin");
    let to_text = to.display().to_string();
    let printed = run_ok(
        &["backup", "--db", app.database_url(), "--to", &to_text],
        dir.path(),
    );
    assert!(printed.contains("backed up to"), "{printed}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600, "a backup is readable by its owner only");
    }
    let bytes = std::fs::read(&to).unwrap_or_default();
    match openita_testing::backend_under_test() {
        openita_db::Backend::Sqlite => {
            assert!(bytes.starts_with(b"SQLite format 3\0"));
            // The copy opens and holds the same agencies.
            let copy = openita_db::Db::connect(
                &openita_db::DatabaseUrl::Sqlite { path: to.clone() },
                openita_db::ConnectOptions::default(),
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            let count = |db: &openita_db::Db| {
                let pool = db.pool().clone();
                async move {
                    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM agencies")
                        .fetch_one(&pool)
                        .await
                        .unwrap_or(-1)
                }
            };
            assert_eq!(count(&copy).await, count(app.db()).await);
        }
        // pg_dump's custom format starts with its magic.
        openita_db::Backend::Postgres => assert!(bytes.starts_with(b"PGDMP")),
    }
    // (Opening the copy may have changed its header: compare from here.)
    let bytes = std::fs::read(&to).unwrap_or_default();
    let again = openita(
        &["backup", "--db", app.database_url(), "--to", &to_text],
        None,
        dir.path(),
    );
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("exists already"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read(&to).unwrap_or_default(),
        bytes,
        "the backup was touched"
    );
}

#[tokio::test]
async fn results_export_to_csv_xlsx_and_json_with_every_agency() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = app.database_url();
    run_ok(&["score", "--db", db, "--year", "2568"], dir.path());
    let agencies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies")
        .fetch_one(app.db().pool())
        .await
        .unwrap_or(-1);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let export = |name: &str| {
        let args = [
            "export",
            "results",
            "--db",
            db,
            "--year",
            "2568",
            "--to",
            &path(name),
        ];
        openita(&args, None, dir.path())
    };
    let exported = |name: &str| {
        let out = export(name);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        path(name)
    };

    exported("r.csv");
    let csv = std::fs::read_to_string(path("r.csv")).unwrap_or_default();
    assert!(csv.starts_with("\u{feff}รหัสหน่วยงาน,ชื่อหน่วยงาน"), "{csv}");
    assert_eq!(csv.lines().count() as i64, agencies + 1);

    exported("r.json");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path("r.json")).unwrap_or_default())
            .unwrap_or_default();
    let rows = json.as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len() as i64, agencies);
    assert!(
        rows.iter()
            .all(|r| r["agency"]["code"].is_string() && r["total"].is_number())
    );

    let xlsx = exported("r.xlsx");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(&xlsx).unwrap_or_else(|e| panic!("{e}"));
    let sheet = book
        .worksheet_range("ITA 2568")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sheet.rows().count() as i64, agencies + 1);

    // A format it does not know: one clear line.
    let out = export("r.txt");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unknown export format `txt`"),
        "{}",
        text(&out.stderr)
    );
}

/// `openita export report`: the same report as the page and the PDF, from the core's use
/// case, in Thai or English, as a PDF that opens or as plain text.
#[tokio::test]
async fn an_agency_report_exports_as_pdf_and_as_text_in_both_languages() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = app.database_url();
    run_ok(&["score", "--db", db, "--year", "2568"], dir.path());
    let code = app.fixture.agency.clone();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let export = |name: &str, lang: &str, agency: &str| {
        let to = path(name);
        let args = [
            "export", "report", "--db", db, "--year", "2568", "--agency", agency, "--lang", lang,
            "--to", &to,
        ];
        openita(&args, None, dir.path())
    };
    let out = export("r.txt", "th", &code);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let thai = std::fs::read_to_string(path("r.txt")).unwrap_or_default();
    assert!(
        thai.contains("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568"),
        "{thai}"
    );
    assert!(
        thai.contains(&code) && thai.contains("เส้นทางสู่ 85 คะแนน"),
        "{thai}"
    );
    let out = export("r-en.txt", "en", &code);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let english = std::fs::read_to_string(path("r-en.txt")).unwrap_or_default();
    assert!(
        english.contains("ITA result report, fiscal year 2568 B.E."),
        "{english}"
    );
    assert!(english.contains("Path to 85"), "{english}");
    let out = export("r.pdf", "th", &code);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = std::fs::read(path("r.pdf")).unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    // Clear refusals: an unknown agency, an unknown language.
    let out = export("x.txt", "th", "9999999");
    assert!(!out.status.success());
    assert!(!dir.path().join("x.txt").exists());
    let out = export("y.txt", "fr", &code);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--lang th"),
        "{}",
        text(&out.stderr)
    );
}

/// One configuration: the settings file names the database when no flag or variable does; a
/// flag wins over the file; a key the file may not hold is refused, naming it.
#[tokio::test]
async fn a_settings_file_gives_the_database_and_a_flag_wins_over_it() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = app.database_url();
    let config = dir.path().join("openita.toml");
    let write = |text: String| std::fs::write(&config, text).unwrap_or_else(|e| panic!("{e}"));
    let config_arg = config.display().to_string();
    let to = |name: &str| dir.path().join(name).display().to_string();
    write(format!("db = \"{db}\"\n"));
    let out = openita(
        &[
            "--config",
            &config_arg,
            "export",
            "results",
            "--year",
            "2568",
            "--to",
            &to("a.json"),
        ],
        None,
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A file naming a database that does not exist, and the flag naming the real one.
    write("db = \"sqlite:///nowhere/openita.sqlite\"\n".into());
    let refused = openita(
        &[
            "--config",
            &config_arg,
            "export",
            "results",
            "--year",
            "2568",
            "--to",
            &to("b.json"),
        ],
        None,
        dir.path(),
    );
    assert!(!refused.status.success(), "the file's database was used");
    let flag = openita(
        &[
            "--config",
            &config_arg,
            "export",
            "results",
            "--db",
            db,
            "--year",
            "2568",
            "--to",
            &to("c.json"),
        ],
        None,
        dir.path(),
    );
    assert!(flag.status.success(), "{}", text(&flag.stderr));
    write("bnid = \"0.0.0.0:80\"\n".into());
    let typo = openita(
        &["--config", &config_arg, "score", "--year", "2568"],
        None,
        dir.path(),
    );
    assert!(!typo.status.success());
    let said = text(&typo.stderr);
    assert!(
        said.contains("settings file") && said.contains("bnid"),
        "{said}"
    );
}

#[tokio::test]
async fn raw_responses_export_with_a_column_per_question() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let to = dir.path().join("answers.csv").display().to_string();
    let printed = run_ok(
        &[
            "export",
            "responses",
            "--db",
            app.database_url(),
            "--year",
            "2568",
            "--to",
            &to,
        ],
        dir.path(),
    );
    assert!(printed.contains("exported 0 responses"), "{printed}");
    let csv = std::fs::read_to_string(&to).unwrap_or_default();
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("\u{feff}รหัสหน่วยงาน,ชื่อหน่วยงาน,แบบวัด,วันที่ตอบ,i1_1 "),
        "{header}"
    );
    assert!(header.contains(",e6_1 "), "{header}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600, "raw answers are readable by their owner only");
    }
}
