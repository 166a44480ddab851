//! `openita serve` as its own process on a database the test prepared, for the tests that
//! kill it: a cycle collecting now (the server's clock is the real one), survey links, and an
//! agency admin's API token for OIT saves.

use chrono::{Duration as Days, Utc};
use openita_core::{Actor, Core, SystemClock, accounts, agencies, cycles, survey_links};
use openita_testing::TestDb;
use openita_types::{FiscalYear, thai_time::bangkok};
use serde_json::{Map, Value, json};
use std::{
    collections::BTreeMap,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

pub const AGENCIES: [&str; 4] = ["6360201", "6360202", "6360203", "6360204"];

pub struct Prepared {
    pub db: TestDb,
    pub core: Core,
    pub year: FiscalYear,
    /// One IIT link per agency.
    pub tokens: Vec<String>,
    /// Bearer token of the first agency's admin (OIT answers).
    pub agency_admin: String,
    /// Bearer token of a NACC admin.
    pub admin: String,
}

#[expect(
    clippy::expect_used,
    reason = "test support: a database that cannot be prepared is a failed test"
)]
pub async fn prepare() -> Prepared {
    let db = TestDb::new().await;
    let core = Core::new(db.db.clone(), Arc::new(SystemClock));
    let system = Actor::system("test");
    let rows: Vec<(usize, agencies::AgencyInput)> = AGENCIES
        .iter()
        .enumerate()
        .map(|(i, code)| {
            (
                i + 2,
                agencies::AgencyInput {
                    code: (*code).into(),
                    name_th: format!("องค์การบริหารส่วนตำบลทดสอบ{i}"),
                    name_en: None,
                    agency_type: "sao".into(),
                    province: "ชัยภูมิ".into(),
                    district: Some("บ้านเขว้า".into()),
                    website: Some(format!("https://{code}.example.go.th")),
                },
            )
        })
        .collect();
    let report = agencies::import_agencies(&core, &system, &rows, &|_, _| {})
        .await
        .expect("agencies");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for (username, role, agency) in [
        (
            "crash.agency",
            "agency-admin",
            Some(AGENCIES[0].to_string()),
        ),
        ("crash.admin", "nacc-admin", None),
    ] {
        accounts::create_user(
            &core,
            &system,
            &accounts::NewUserInput {
                username: username.into(),
                password: PASSWORD.into(),
                role: role.into(),
                agency,
                ..Default::default()
            },
        )
        .await
        .expect("user");
    }
    let now = Utc::now();
    let year = FiscalYear::containing(now.with_timezone(&bangkok()).date_naive());
    cycles::create_cycle(&core, &system, i64::from(year), "ita-2568")
        .await
        .expect("cycle");
    let window = cycles::PhaseWindowInput {
        start: (now - Days::hours(1)).to_rfc3339(),
        end: (now + Days::days(2)).to_rfc3339(),
    };
    let calendar: BTreeMap<String, cycles::PhaseWindowInput> = ["iit", "eit", "oit_answer"]
        .into_iter()
        .map(|phase| (phase.to_string(), window.clone()))
        .collect();
    cycles::set_calendar(&core, &system, year, &calendar)
        .await
        .expect("calendar");
    cycles::open_cycle(&core, &system, year)
        .await
        .expect("open");
    let mut tokens = Vec::new();
    for code in AGENCIES {
        let code = openita_types::AgencyCode::parse(code).expect("code");
        let links = survey_links::survey_links(&core, &system, year, &code)
            .await
            .expect("links");
        tokens.push(links.iit_token);
    }
    let agency_admin = token_of(&core, "crash.agency").await;
    let admin = token_of(&core, "crash.admin").await;
    Prepared {
        db,
        core,
        year,
        tokens,
        agency_admin,
        admin,
    }
}

const PASSWORD: &str = "crash-test-password";

#[expect(clippy::expect_used, reason = "test support")]
async fn token_of(core: &Core, username: &str) -> String {
    accounts::sign_in(
        core,
        username,
        PASSWORD,
        accounts::SessionKind::Api,
        std::net::Ipv4Addr::LOCALHOST.into(),
    )
    .await
    .expect("sign in")
    .token
}

/// A running `openita serve`; dropped = killed.
pub struct Server {
    child: Child,
    pub base: String,
    _data: tempfile::TempDir,
}

impl Server {
    /// Starts the server on `db_url` and waits for `/healthz`. Clients may set
    /// X-Forwarded-For: 127.0.0.1 is its trusted proxy (per-address survey limits apply).
    pub async fn start(db_url: &str) -> Server {
        Self::start_sharing(db_url, None).await
    }

    /// Starts a server whose exports go to `exports` (a folder several instances share).
    #[expect(clippy::expect_used, reason = "test support")]
    pub async fn start_sharing(db_url: &str, exports: Option<&std::path::Path>) -> Server {
        let data = tempfile::tempdir().expect("data folder");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let bind = format!("127.0.0.1:{port}");
        let log = std::fs::File::create(data.path().join("server.log")).expect("log");
        let child = Command::new(env!("CARGO_BIN_EXE_openita"))
            .args(["serve", "--db", db_url, "--bind", &bind])
            .args(["--trusted-proxy", "127.0.0.1"])
            .env("OPENITA_DATA_DIR", data.path())
            .env(
                "OPENITA_EXPORT_DIR",
                exports.unwrap_or(&data.path().join("exports")),
            )
            .env_remove("OPENITA_DB")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn openita serve");
        let mut server = Server {
            child,
            base: format!("http://{bind}"),
            _data: data,
        };
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", server.base)).send().await
                && r.status() == 200
            {
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server exited at start ({status}): {}", server.log());
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no /healthz within 60 s: {}",
                server.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self._data.path().join("server.log")).unwrap_or_default()
    }

    /// SIGKILL: no shutdown hook runs, no buffer is flushed.
    pub fn kill_9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What happened to one survey submission.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub token: String,
    pub nonce: String,
    pub answers: Value,
    /// 201 seen: acknowledged.
    pub acknowledged: bool,
}

/// Answers for a form: every scale question at `level` (or its highest, if lower), yes/no
/// questions true.
pub fn answers_for(form: &Value, level: usize) -> Value {
    let answers: Map<String, Value> = form["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            let id = q["id"].as_str().unwrap_or_default().to_string();
            let v = if q["scale"] == "yesno" {
                json!(true)
            } else {
                let options = q["options"].as_array().map_or(1, Vec::len).max(1);
                json!(level.min(options))
            };
            (id, v)
        })
        .collect();
    Value::Object(answers)
}

/// One client: form, answer, repeat, until the server stops answering (or `limit`).
/// Returns every submission that was posted, acknowledged or not.
pub async fn survey_client(
    base: String,
    tokens: Vec<String>,
    client: usize,
    limit: usize,
) -> Vec<Attempt> {
    let http = reqwest::Client::new();
    let forwarded = format!("10.0.{}.{}", client / 250, client % 250 + 1);
    let mut attempts = Vec::new();
    for k in 0..limit {
        let token = tokens[(client + k) % tokens.len()].clone();
        let form: Value = match http
            .get(format!("{base}/api/v1/surveys/{token}"))
            .header("x-forwarded-for", &forwarded)
            .send()
            .await
        {
            Ok(r) if r.status() == 200 => match r.json().await {
                Ok(form) => form,
                Err(_) => break,
            },
            _ => break,
        };
        let nonce = form["form_nonce"].as_str().unwrap_or_default().to_string();
        let answers = answers_for(&form, k % 5 + 1);
        let mut attempt = Attempt {
            token: token.clone(),
            nonce: nonce.clone(),
            answers: answers.clone(),
            acknowledged: false,
        };
        let sent = http
            .post(format!("{base}/api/v1/surveys/{token}/responses"))
            .header("x-forwarded-for", &forwarded)
            .json(&json!({"form_nonce": nonce, "answers": answers}))
            .send()
            .await;
        match sent {
            Ok(r) => {
                let status = r.status().as_u16();
                assert!(
                    status == 201 || status == 503,
                    "a fresh submission was answered {status}: {}",
                    r.text().await.unwrap_or_default()
                );
                attempt.acknowledged = status == 201;
                attempts.push(attempt);
            }
            Err(_) => {
                // Sent, maybe received and committed, never acknowledged.
                attempts.push(attempt);
                break;
            }
        }
    }
    attempts
}

/// Posts a submission again; the status says whether it was stored before (409) or now (201).
pub async fn resubmit(base: &str, attempt: &Attempt) -> u16 {
    reqwest::Client::new()
        .post(format!("{base}/api/v1/surveys/{}/responses", attempt.token))
        .header("x-forwarded-for", "10.9.9.9")
        .json(&json!({"form_nonce": attempt.nonce, "answers": attempt.answers}))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// `GET {base}{path}` with a bearer token, as JSON.
pub async fn get_json(base: &str, path: &str, token: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// Panics unless every agency's running sums equal a recount of its raw responses (a batch
/// half stored, or counted twice, would show here).
pub async fn assert_running_sums_agree(core: &Core, year: FiscalYear) {
    let verification =
        openita_core::results::verify_running_sums(core, &Actor::system("test"), year, &|_, _| {})
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        verification.differing.is_empty(),
        "running sums differ from the raw responses for {:?}",
        verification.differing
    );
}

/// Survey responses stored, read by the test's own connection.
pub async fn stored_responses(db: &openita_db::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses")
        .fetch_one(db.pool())
        .await
        .unwrap_or(-1)
}
