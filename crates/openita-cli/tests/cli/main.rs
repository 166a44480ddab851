//! The `openita` binary as an operator uses it: clear one-line errors, non-zero exits on bad
//! input, and the main commands working end to end on a SQLite file.

mod api_contract;
mod crash;
mod files;
mod instances;
mod restore;
mod score;
mod served;

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

fn openita(args: &[&str], stdin: Option<&str>, data_dir: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openita"))
        .args(args)
        .env("OPENITA_DATA_DIR", data_dir)
        .env_remove("OPENITA_DB")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn openita: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_unknown_database_scheme_fails_with_one_clear_line() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let out = openita(
        &["migrate", "--db", "mysql://root:secret@db/ita"],
        None,
        dir.path(),
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.starts_with("openita: unsupported database URL"),
        "{err}"
    );
    assert!(!err.contains("secret"), "the password leaked: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    Ok(())
}

#[test]
fn a_mistyped_sqlite_path_is_refused_instead_of_creating_an_empty_database()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let typo = dir.path().join("opnita.sqlite");
    let url = format!("sqlite://{}", typo.display());
    let out = openita(&["migrate", "--db", &url], None, dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no database at"),
        "{}",
        text(&out.stderr)
    );
    assert!(!typo.exists());
    let out = openita(&["migrate", "--db", &url, "--create"], None, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(typo.exists());
    Ok(())
}

#[test]
fn users_and_agencies_are_made_from_the_command_line() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // The default database in the data directory is created on first use.
    let out = openita(
        &[
            "admin",
            "create-user",
            "--username",
            "root.admin",
            "--role",
            "nacc-admin",
            "--password-stdin",
        ],
        Some("a long admin password\n"),
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("openita.sqlite").exists());
    let short = openita(
        &[
            "admin",
            "create-user",
            "--username",
            "x",
            "--role",
            "assessor",
            "--password-stdin",
        ],
        Some("short"),
        dir.path(),
    );
    assert!(!short.status.success());
    assert!(
        text(&short.stderr).contains(
            "password: รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร / The password must be at least 10 characters"
        ),
        "{}",
        text(&short.stderr)
    );

    let csv = dir.path().join("agencies.csv");
    std::fs::write(
        &csv,
        "code,name_th,type,province,district\n6810201,อบต.เขาพนม,sao,กระบี่,เขาพนม\n6810202,อบต.ผิด,castle,กระบี่,\n",
    )?;
    let out = openita(
        &["import", "agencies", csv.to_str().unwrap_or_default()],
        None,
        dir.path(),
    );
    assert!(
        !out.status.success(),
        "a file with a bad row exits non-zero"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("created 1, updated 0, unchanged 0, rows with problems 1"),
        "{stdout}"
    );
    assert!(stdout.contains("row 3: Unknown agency type"), "{stdout}");

    let out = openita(
        &[
            "admin",
            "create-user",
            "--username",
            "khaophanom.admin",
            "--role",
            "agency-admin",
            "--agency",
            "6810201",
            "--password-stdin",
        ],
        Some("another long password"),
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A district coordinator names its district; without one it is refused in one line.
    let coordinator = |district: Option<&str>| {
        let mut args = vec![
            "admin",
            "create-user",
            "--username",
            "khaophanom.coord",
            "--role",
            "district-coordinator",
            "--province",
            "กระบี่",
            "--password-stdin",
        ];
        if let Some(d) = district {
            args.extend(["--district", d]);
        }
        openita(&args, Some("a district password"), dir.path())
    };
    let missing = coordinator(None);
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("ผู้ประสานงานอำเภอต้องระบุอำเภอ"),
        "{}",
        text(&missing.stderr)
    );
    let out = coordinator(Some("เขาพนม"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    Ok(())
}

#[test]
fn the_demo_takes_a_postgresql_database_and_refuses_a_sqlite_url_there() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sqlite = format!("sqlite://{}", dir.path().join("x.sqlite").display());
    let out = openita(&["demo", "--no-serve", "--db", &sqlite], None, dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--db is for a PostgreSQL database"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("x.sqlite").exists(), "nothing is created");
    // Built on PostgreSQL, the demo is what api_contract.rs fuzzes in the PostgreSQL pass.
}

#[test]
fn the_demo_builds_its_own_database_and_prints_log_ins() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("demo.sqlite");
    let out = openita(
        &[
            "demo",
            "--no-serve",
            "--file",
            file.to_str().unwrap_or_default(),
        ],
        None,
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for role in [
        "nacc-admin",
        "assessor",
        "agency-admin",
        "agency-executive",
        "province-coordinator",
    ] {
        assert!(stdout.contains(role), "no {role} log-in printed: {stdout}");
    }
    assert!(
        stdout.contains("openita-demo"),
        "the demo password is printed"
    );
    let counts: Vec<i64> = tokio::runtime::Runtime::new()?.block_on(async {
        let url = openita_db::DatabaseUrl::Sqlite { path: file.clone() };
        let db = openita_db::Db::connect(&url, openita_db::ConnectOptions::default()).await?;
        let mut counts = Vec::new();
        for sql in [
            "SELECT COUNT(*) FROM survey_level_deltas",
            "SELECT COUNT(*) FROM oit_answers",
            "SELECT COUNT(*) FROM audit_log WHERE action = 'oit.answer'",
            "SELECT COUNT(*) FROM oit_reviews WHERE final_score IS NOT NULL",
            "SELECT COUNT(*) FROM audit_log WHERE action = 'oit.final_score'",
            "SELECT COUNT(*) FROM users",
            "SELECT COUNT(*) FROM audit_log WHERE action = 'user.create'",
        ] {
            counts.push(sqlx::query_scalar(sql).fetch_one(db.pool()).await?);
        }
        db.close().await;
        Ok::<Vec<i64>, Box<dyn std::error::Error>>(counts)
    })?;
    // The survey writer stopped cleanly: no batch's tallies are left waiting to be folded.
    assert_eq!(counts[0], 0, "tallies left waiting in the demo database");
    // The demo is built through the use cases: every OIT answer, final score and user it
    // made is in the audit log, as if people had done it (last year's history included).
    assert!(counts[3] > 0, "last year's OIT has final scores");
    assert_eq!(counts[1], counts[2], "OIT answers without an audit entry");
    assert_eq!(counts[3], counts[4], "final scores without an audit entry");
    assert_eq!(counts[5], counts[6], "users without an audit entry");
    // Serving it afterwards works on the same file.
    let check = openita(
        &[
            "migrate",
            "--check",
            "--db",
            &format!("sqlite://{}", file.display()),
        ],
        None,
        dir.path(),
    );
    assert!(check.status.success(), "{}", text(&check.stderr));
    Ok(())
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["demo", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "create-user", "--help"],
        vec!["import", "agencies", "--help"],
        vec!["score", "--help"],
        vec!["backup", "--help"],
        vec!["export", "results", "--help"],
        vec!["export", "responses", "--help"],
        vec!["export", "report", "--help"],
        vec!["check-links", "--help"],
        vec!["worker", "--help"],
    ] {
        let out = openita(&args, None, dir.path());
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Usage"), "{args:?}");
    }
}

/// A file far larger than any import (here a sparse 8 GB file, or a device that never ends)
/// is refused after reading at most 20 MB, with one line saying why.
#[test]
fn an_import_file_larger_than_an_import_reads_is_refused_unread()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let huge = dir.path().join("agencies.csv");
    std::fs::File::create(&huge)?.set_len(8 * 1024 * 1024 * 1024)?;
    let out = openita(
        &["import", "agencies", huge.to_str().unwrap_or_default()],
        None,
        dir.path(),
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("is larger than 20 MB"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    Ok(())
}

/// A one-page PDF showing `text`.
fn pdf_with_text(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 20 100 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn extract_text(kind: &str, document: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openita"))
        .args(["extract-text", kind])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn openita: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(document);
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"))
}

/// The server reads evidence documents with `openita extract-text KIND` in a child process:
/// text on standard output; a document it cannot read exits 2 with the reason; a document
/// built to exhaust memory ends only the child, at its own memory limit.
#[test]
fn the_document_reader_child_reads_text_refuses_junk_and_dies_alone_on_a_memory_bomb() {
    let out = extract_text("pdf", &pdf_with_text("Annual report, fiscal year 2568"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2568"), "{}", text(&out.stdout));
    assert!(
        out.stderr.is_empty(),
        "no logs from the child: {}",
        text(&out.stderr)
    );

    let out = extract_text("pdf", b"%PDF-1.4\nthis is not a pdf\n");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("PDF text could not be extracted"));

    // An xref stream whose entries claim to be 2 GiB wide: the parser allocates that much
    // (zeroed, which an unlimited process gets, lazily). Over the child's 1 GiB limit, the
    // allocation fails and the child alone aborts, before the parser reads on.
    let mut bomb = b"%PDF-1.5\n".to_vec();
    bomb.extend_from_slice(b"1 0 obj\n<< /Type /XRef /Size 2 /W [2147483648 1 1] /Length 3 >>\nstream\nabc\nendstream\nendobj\nstartxref\n9\n%%EOF\n");
    let out = extract_text("pdf", &bomb);
    assert!(!out.status.success());
    assert_eq!(
        out.status.code(),
        None,
        "killed by a signal: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("memory allocation of 2147483648 bytes failed"),
        "{}",
        text(&out.stderr)
    );

    let out = extract_text("exe", b"MZ");
    assert!(!out.status.success());
}

/// A year that is no fiscal year is refused where it is typed, in Thai and English, before
/// any database is opened.
#[test]
fn a_year_flag_that_is_no_fiscal_year_is_refused_in_thai_and_english() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (year, th) in [("abc", "ไม่ใช่ปีงบประมาณ"), ("2025", "ไม่ใช่ปี พ.ศ. 2500-2700")]
    {
        for args in [
            vec!["score", "--year", year],
            vec![
                "export", "report", "--year", year, "--agency", "6360102", "--to", "r.txt",
            ],
            vec!["check-links", "--year", year],
        ] {
            let out = openita(&args, None, dir.path());
            let stderr = text(&out.stderr);
            assert!(!out.status.success(), "{args:?} ran");
            assert!(stderr.contains(th), "{args:?}: {stderr}");
            assert!(stderr.contains("Buddhist-era"), "{args:?}: {stderr}");
        }
    }
}
