//! `TestApp`: the real router over a fresh database, with a user of every role, agencies in
//! two provinces and a cycle, and helpers that send requests as each of them.

use crate::TestDb;
use axum::{
    Router,
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use openita_core::{
    Actor, Core, FixedClock, accounts,
    agencies::{self, AgencyInput},
    cycles,
};
use openita_db::queries::users;
use openita_types::FiscalYear;
use openita_web::{AppState, WebConfig};
use serde_json::Value;
use std::{collections::BTreeMap, sync::Arc};
use tower::ServiceExt;

/// Every fixture user's password.
pub const PASSWORD: &str = "correct horse battery";

/// Codes and usernames the fixture creates.
pub struct Fixture {
    /// An SAO in Chaiyaphum, with its admin and executive.
    pub agency: String,
    /// Another agency in Chaiyaphum.
    pub neighbour: String,
    /// An agency in Krabi, with its own admin.
    pub far_agency: String,
    pub year: FiscalYear,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
    /// The body as sent (PDF, XLSX, PNG).
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub clock: Arc<FixedClock>,
    pub fixture: Fixture,
    pub db: TestDb,
    /// The export folder of this app's core (a folder inside this temporary one).
    pub exports: tempfile::TempDir,
}

/// The fixture's cycle.
pub const FIXTURE_YEAR: FiscalYear = FiscalYear::of(2568);

/// The fixed "now" of tests: 1 March 2025 (fiscal 2568), 10:00 Bangkok.
pub fn test_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-03-01T10:00:00+07:00")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

#[expect(
    clippy::expect_used,
    reason = "test support: a fixture that cannot be built is a failed test"
)]
impl TestApp {
    pub async fn new() -> TestApp {
        Self::build(WebConfig::default(), |core| core).await
    }

    /// The fixture, with the core changed first (other survey limits, say).
    pub async fn with_core(configure: impl FnOnce(Core) -> Core) -> TestApp {
        Self::build(WebConfig::default(), configure).await
    }

    /// The fixture served with these web settings (an https public URL, say).
    pub async fn with_config(config: WebConfig) -> TestApp {
        Self::build(config, |core| core).await
    }

    /// The fixture served with these web settings, with the core changed first.
    pub async fn build(config: WebConfig, configure: impl FnOnce(Core) -> Core) -> TestApp {
        let db = TestDb::new().await;
        let clock = Arc::new(FixedClock::new(test_now()));
        let exports = tempfile::tempdir().expect("temporary folder");
        // Dashboards are read fresh in tests: each assertion sees the change before it.
        let core = configure(
            Core::new(db.db.clone(), clock.clone())
                .with_export_folder(openita_core::ExportFolder::new(
                    exports.path().join("exports"),
                ))
                .with_dashboard_ttl(std::time::Duration::ZERO),
        );
        let state = AppState::new(core.clone(), config);
        let router = openita_web::router(state.clone());
        let fixture = Self::build_fixture(&core, &db.db).await;
        TestApp {
            state,
            router,
            clock,
            fixture,
            db,
            exports,
        }
    }

    /// An empty system: no users, no agencies.
    pub async fn empty() -> TestApp {
        let db = TestDb::new().await;
        let clock = Arc::new(FixedClock::new(test_now()));
        let exports = tempfile::tempdir().expect("temporary folder");
        let core = Core::new(db.db.clone(), clock.clone()).with_export_folder(
            openita_core::ExportFolder::new(exports.path().join("exports")),
        );
        let state = AppState::new(core, WebConfig::default());
        let router = openita_web::router(state.clone());
        let fixture = Fixture {
            agency: String::new(),
            neighbour: String::new(),
            far_agency: String::new(),
            // No cycle is made: the year is the one the fixture would use.
            year: FIXTURE_YEAR,
        };
        TestApp {
            state,
            router,
            clock,
            fixture,
            db,
            exports,
        }
    }

    /// Another core on the same database with a pool of `connections` (real clock).
    pub async fn core_with_pool_of(&self, connections: u32) -> Core {
        let url = openita_db::DatabaseUrl::parse(&self.db.url).expect("the test database URL");
        let options = openita_db::ConnectOptions {
            create: false,
            max_connections: connections,
        };
        let db = openita_db::Db::connect(&url, options)
            .await
            .expect("a second pool on the test database");
        Core::new(db, Arc::new(openita_core::SystemClock))
    }

    /// The folder the app's export jobs write to.
    pub fn export_dir(&self) -> std::path::PathBuf {
        self.exports.path().join("exports")
    }

    /// The database's URL, for running the `openita` binary on it (`--db`).
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    pub fn core(&self) -> &Core {
        &self.state.core
    }

    /// The test database the core was made from, for tests that look at rows directly.
    pub fn db(&self) -> &openita_db::Db {
        &self.db.db
    }

    async fn build_fixture(core: &Core, db: &openita_db::Db) -> Fixture {
        let system = Actor::system("test");
        let agency =
            |code: &str, name: &str, t: &str, province: &str, district: &str| AgencyInput {
                code: code.into(),
                name_th: name.into(),
                name_en: None,
                agency_type: t.into(),
                province: province.into(),
                district: Some(district.into()),
                website: Some(format!("https://{code}.example.go.th")),
            };
        let rows = vec![
            (
                2,
                agency(
                    "6360201",
                    "องค์การบริหารส่วนตำบลบ้านเขว้า",
                    "sao",
                    "ชัยภูมิ",
                    "บ้านเขว้า",
                ),
            ),
            (
                3,
                agency(
                    "5360101",
                    "เทศบาลตำบลโนนสำราญ",
                    "subdistrict_municipality",
                    "ชัยภูมิ",
                    "เมืองชัยภูมิ",
                ),
            ),
            (
                4,
                agency(
                    "6810101",
                    "องค์การบริหารส่วนตำบลไสไทย",
                    "sao",
                    "กระบี่",
                    "เมืองกระบี่",
                ),
            ),
        ];
        let report = agencies::import_agencies(core, &system, &rows, &|_, _| {})
            .await
            .expect("fixture agencies");
        assert!(
            report.errors.is_empty(),
            "fixture agencies: {:?}",
            report.errors
        );
        // One hash for every fixture user: argon2 is slow on purpose, tests need not be.
        static HASH: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| accounts::hash_password(PASSWORD).expect("hash"));
        let mut conn = db.pool().acquire().await.expect("connection");
        let id_of = |code: &str| {
            let code = code.to_string();
            async move {
                let mut c = db.pool().acquire().await.expect("connection");
                openita_db::queries::agencies::by_code(&mut c, &code)
                    .await
                    .expect("agency")
                    .map(|a| a.id)
            }
        };
        let (a, far) = (id_of("6360201").await, id_of("6810101").await);
        let chaiyaphum = openita_geography::province("ชัยภูมิ").map(|p| p.code.clone());
        // The district coordinator watches บ้านเขว้า, the district of 6360201 (not of 5360101).
        let ban_khwao = openita_geography::district("36", "บ้านเขว้า").map(|d| d.code.clone());
        // (user name, role, agency, province, district)
        type Person<'a> = (
            &'a str,
            &'a str,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let people: [Person<'_>; 8] = [
            ("admin", "nacc-admin", None, None, None),
            ("assessor", "assessor", None, None, None),
            ("agency-admin", "agency-admin", a, None, None),
            ("agency-executive", "agency-executive", a, None, None),
            ("far-agency-admin", "agency-admin", far, None, None),
            (
                "coordinator",
                "province-coordinator",
                None,
                chaiyaphum.clone(),
                None,
            ),
            (
                "district-coordinator",
                "district-coordinator",
                None,
                chaiyaphum,
                ban_khwao,
            ),
            ("idle-assessor", "assessor", None, None, None),
        ];
        for (username, role, agency_id, province, district) in people {
            // Every fixture user has an address, so the OIT workflow sends its mail.
            let email = format!("{username}@example.go.th");
            users::insert(
                &mut conn,
                &users::NewUser {
                    username,
                    password_hash: &HASH,
                    role,
                    agency_id,
                    province_code: province.as_deref(),
                    district_code: district.as_deref(),
                    email: Some(&email),
                    display_name: "",
                },
                "2025-01-01T00:00:00.000000Z",
            )
            .await
            .expect("fixture user");
        }
        drop(conn);
        cycles::create_cycle(core, &system, 2568, "ita-2568")
            .await
            .expect("fixture cycle");
        let mut calendar = BTreeMap::new();
        calendar.insert(
            "registration".to_string(),
            cycles::PhaseWindowInput {
                start: "2025-01-06".into(),
                end: "2025-02-28".into(),
            },
        );
        calendar.insert(
            "iit".to_string(),
            cycles::PhaseWindowInput {
                start: "2025-02-01".into(),
                end: "2025-05-31".into(),
            },
        );
        cycles::set_calendar(core, &system, FIXTURE_YEAR, &calendar)
            .await
            .expect("fixture calendar");
        cycles::assign_assessor(
            core,
            &system,
            FIXTURE_YEAR,
            "assessor",
            &cycles::AgencySelection::codes(&["6360201".to_string()]),
        )
        .await
        .expect("fixture assignment");
        Fixture {
            agency: "6360201".into(),
            neighbour: "5360101".into(),
            far_agency: "6810101".into(),
            year: FIXTURE_YEAR,
        }
    }

    /// A bearer token for a fixture user.
    pub async fn token(&self, username: &str) -> String {
        accounts::sign_in(
            self.core(),
            username,
            PASSWORD,
            accounts::SessionKind::Api,
            std::net::Ipv4Addr::LOCALHOST.into(),
        )
        .await
        .expect("fixture sign-in")
        .token
    }

    /// Sends a request through the real router (no socket).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        call_router(&self.router, method, path, token, body).await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        send_to_router(&self.router, request).await
    }

    /// Runs every queued background job to the end, as the worker would.
    pub async fn run_jobs(&self) -> usize {
        openita_jobs::run_until_idle(self.core())
            .await
            .expect("jobs run")
    }

    /// A connection from the test database's pool.
    pub async fn conn(&self) -> openita_db::PooledConn {
        self.db().pool().acquire().await.expect("a connection")
    }

    /// Creates a cycle with a shipped framework as the NACC admin (API), expecting 201.
    pub async fn create_cycle(&self, year: i64, framework: &str) {
        let admin = self.token("admin").await;
        let body = serde_json::json!({ "year": year, "framework": framework });
        let r = self
            .call(Method::POST, "/api/v1/cycles", Some(&admin), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "cycle {year}: {}", r.text);
    }

    /// Sets windows of the fixture cycle's calendar as the NACC admin
    /// (`{"headcount": {"start": ..., "end": ...}, ...}`).
    pub async fn set_calendar(&self, calendar: Value) {
        let admin = self.token("admin").await;
        let r = self
            .call(
                Method::PUT,
                &format!("/api/v1/cycles/{}/calendar", self.fixture.year),
                Some(&admin),
                Some(calendar),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "calendar: {}", r.text);
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::GET, path, token, None).await
    }
}

/// A request through `router` (no socket), with a bearer token and a JSON body if given.
#[expect(
    clippy::expect_used,
    reason = "test support: a request that cannot be built is a failed test"
)]
pub(crate) async fn call_router(
    router: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> TestResponse {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let request = match body {
        Some(json) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("request");
    send_to_router(router, request).await
}

#[expect(
    clippy::expect_used,
    reason = "test support: a router that fails is a failed test"
)]
pub(crate) async fn send_to_router(router: &Router, request: Request<Body>) -> TestResponse {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    TestResponse {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
        body: bytes.to_vec(),
    }
}
