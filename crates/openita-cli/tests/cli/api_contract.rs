//! The API as its clients see it. schemathesis reads the served OpenAPI document, generates
//! requests from it (valid and invalid ones) and runs every one of its checks on the answers:
//! no 5xx, every status and body as documented, valid requests accepted and invalid ones
//! refused, authentication enforced. It runs against `openita serve` on the demo's data (two
//! provinces, two fiscal years, users of every role, OIT answers in every state), built in the
//! database under test, as the NACC admin, an agency admin, a province coordinator (the
//! province drive's routes) and an assessor, one after the other on the same data. Its settings, and the few rules it is told a
//! JSON Schema cannot state, are in `tests/api_contract/schemathesis.toml`.
//!
//! `OPENITA_FUZZ_EXAMPLES` (default 10) and `OPENITA_FUZZ_SEED` (default fixed, so that a
//! run is repeatable) change how much it tries.

use super::{openita, text};
use crate::{restore::fresh_target, served::Server};
use openita_testing::python_tool;
use std::{path::Path, process::Command};

/// Calls that end the caller's own session or password, which the rest of the run needs;
/// the session and password tests cover them.
const SELF_ENDING: [&str; 2] = ["deleteSession", "changeMyPassword"];

/// The demo's users the fuzzer acts as.
const CALLERS: [&str; 4] = ["admin", "krabi.admin", "coord.chaiyaphum", "assessor1"];

fn run_ok(args: &[&str], dir: &Path) -> String {
    let out = openita(args, None, dir);
    assert!(
        out.status.success(),
        "openita {args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

async fn token(base: &str, username: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": username, "password": "openita-demo"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("sign in {username}: {e}"));
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    body["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token for {username}: {body}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_nothing_against_the_demo_as_each_kind_of_user() {
    let st = python_tool("st");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api_contract/schemathesis.toml");
    let examples = std::env::var("OPENITA_FUZZ_EXAMPLES").unwrap_or_else(|_| "10".into());
    let seed = std::env::var("OPENITA_FUZZ_SEED").unwrap_or_else(|_| "20261206".into());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = fresh_target(dir.path(), "demo").await;
    let place = match target.strip_prefix("sqlite://") {
        Some(file) => ["--file", file],
        None => ["--db", target.as_str()],
    };
    run_ok(&["demo", "--no-serve", place[0], place[1]], dir.path());
    let server = Server::start(&target).await;

    let mut failures = Vec::new();
    for caller in CALLERS {
        let token = token(&server.base, caller).await;
        let mut command = Command::new(&st);
        command
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .arg("--config-file")
            .arg(&config)
            .arg("run")
            .arg(format!("{}/api/v1/openapi.json", server.base))
            .args([
                "--checks",
                "all",
                "--max-examples",
                &examples,
                "--seed",
                &seed,
            ])
            .args(["--request-timeout", "60", "--workers", "1"])
            .arg("-H")
            .arg(format!("Authorization: Bearer {token}"));
        for id in SELF_ENDING {
            command.args(["--exclude-operation-id", id]);
        }
        let out = command
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", st.display()));
        let report = text(&out.stdout) + &text(&out.stderr);
        let summary: Vec<&str> = report
            .lines()
            .filter(|l| l.contains("generated,") || l.contains("passed") && l.contains("in "))
            .collect();
        println!("{caller}: {}", summary.join(" | "));
        if !out.status.success() {
            failures.push(format!(
                "== as {caller} (seed {seed}):\n{report}\n== server log:\n{}",
                server.log()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
