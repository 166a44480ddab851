//! The layers point one way (ARCHITECTURE.md): pure crates at the bottom, `db` sees only
//! types, `core` joins db and the pure crates, `web` and `jobs` call core, the binary wires
//! everything. Checked on the real dependency graph (`cargo metadata`), normal dependencies
//! only (tests may reach further).

use std::collections::{BTreeMap, BTreeSet};

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut graph = BTreeMap::new();
    for package in meta["packages"].as_array().into_iter().flatten() {
        let name = package["name"].as_str().unwrap_or_default();
        if !name.starts_with("openita-") || package["source"].is_string() {
            continue;
        }
        let deps = package["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str().map(str::to_string))
            .collect();
        graph.insert(name.to_string(), deps);
    }
    graph
}

/// May depend on these OpenITA crates, and on none of these outside crates.
fn rules() -> Vec<(
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
)> {
    const IO: &[&str] = &["sqlx", "axum", "tokio", "reqwest", "tower", "hyper"];
    vec![
        ("openita-types", &[], IO),
        ("openita-geography", &[], IO),
        ("openita-framework", &["openita-types"], IO),
        (
            "openita-scoring",
            &["openita-types", "openita-framework"],
            IO,
        ),
        (
            "openita-reports",
            &["openita-types", "openita-framework"],
            IO,
        ),
        // The checker names its outcomes in the shared vocabulary (`LinkOutcome`), so that
        // pages show them in Thai without depending on the checker.
        ("openita-evidence", &["openita-types"], &["sqlx", "axum"]),
        (
            "openita-db",
            &["openita-types"],
            &["axum", "tower", "hyper", "reqwest"],
        ),
        (
            "openita-core",
            &[
                "openita-types",
                "openita-framework",
                "openita-geography",
                "openita-scoring",
                "openita-reports",
                "openita-db",
            ],
            &["axum", "tower", "hyper", "sqlx"],
        ),
        (
            "openita-jobs",
            &[
                "openita-types",
                "openita-framework",
                "openita-geography",
                "openita-scoring",
                "openita-reports",
                "openita-core",
                "openita-evidence",
            ],
            &["axum", "sqlx"],
        ),
        (
            "openita-web",
            &[
                "openita-types",
                "openita-framework",
                "openita-geography",
                "openita-scoring",
                "openita-reports",
                "openita-core",
                "openita-jobs",
            ],
            &["sqlx"],
        ),
    ]
}

#[test]
fn dependencies_point_down_only() {
    let graph = graph();
    assert!(graph.len() >= 8, "found only {:?}", graph.keys());
    let mut violations = Vec::new();
    for (krate, allowed, forbidden) in rules() {
        let Some(deps) = graph.get(krate) else {
            continue;
        };
        for dep in deps {
            if dep.starts_with("openita-") && !allowed.contains(&dep.as_str()) {
                violations.push(format!("{krate} -> {dep}"));
            }
            if forbidden.contains(&dep.as_str()) {
                violations.push(format!(
                    "{krate} -> {dep} (outside crate not allowed at this layer)"
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering violations: {violations:#?}"
    );
}

#[test]
fn every_crate_of_the_workspace_is_under_a_rule_or_at_the_top() {
    let graph = graph();
    let ruled: BTreeSet<&str> = rules().iter().map(|r| r.0).collect();
    for krate in graph.keys() {
        assert!(
            ruled.contains(krate.as_str())
                || krate == "openita-cli"
                || krate == "openita-testing"
                || krate == "openita-e2e"
                || krate == "openita-bench",
            "{krate} has no layering rule: add it to tests/architecture.rs"
        );
    }
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.push((path, text));
        }
    }
    out
}

/// What reaching past the core into the database looks like in code.
const DATABASE_SPELLINGS: [&str; 6] = [
    "openita_db",
    "core::db",
    "db::queries",
    ".db.pool()",
    ".db.begin_write(",
    "sqlx::",
];

/// Cargo.toml lets `web` and `jobs` depend on `core` only, and the core keeps its `Db`
/// private (no re-export of the query layer, no pool handed out): the code itself must not
/// reach the database either. Web pages, API handlers, jobs and the demo call use cases. The
/// binary opens, migrates and copies the database (its composition root): those files are
/// named here, and no other.
#[test]
fn web_jobs_and_the_cli_reach_the_database_only_through_the_core() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let allowed_in_cli = [
        "database.rs",
        "commands/mod.rs",
        "commands/migrate.rs",
        "commands/backup.rs",
        "commands/restore.rs",
        "commands/demo.rs",
    ];
    let mut crossings = Vec::new();
    for krate in ["openita-web", "openita-jobs", "openita-cli"] {
        let src = crates.join(krate).join("src");
        let found = sources(&src);
        assert!(!found.is_empty(), "no sources under {}", src.display());
        for (path, text) in found {
            let relative = path
                .strip_prefix(&src)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if krate == "openita-cli" && allowed_in_cli.contains(&relative.as_str()) {
                continue;
            }
            for spelling in DATABASE_SPELLINGS {
                if text.contains(spelling) {
                    crossings.push(format!("{krate}/src/{relative}: {spelling}"));
                }
            }
        }
    }
    assert!(crossings.is_empty(), "past the core: {crossings:#?}");
    let core_lib =
        std::fs::read_to_string(crates.join("openita-core/src/lib.rs")).unwrap_or_default();
    assert!(
        !core_lib.contains("pub use openita_db") && !core_lib.contains("pub db:"),
        "the core hands its database out again"
    );
}
