//! A second server on a test's database: its own core (pool, caches, writer) and router, as a
//! second `openita serve` process sharing one PostgreSQL would be. What one instance changes,
//! the other must show; tests of in-memory caches make their changes through it.

use crate::{
    TestApp, TestResponse,
    app::{call_router, send_to_router},
};
use axum::{
    Router,
    body::Body,
    http::{Method, Request},
};
use openita_core::Core;
use openita_web::{AppState, WebConfig};
use serde_json::Value;

pub struct OtherInstance {
    pub state: AppState,
    router: Router,
}

impl TestApp {
    /// Another instance on this test's database, on the same clock.
    #[expect(
        clippy::expect_used,
        reason = "test support: an instance that cannot connect is a failed test"
    )]
    pub async fn other_instance(&self) -> OtherInstance {
        let url = openita_db::DatabaseUrl::parse(&self.db.url).expect("the test database URL");
        let db = openita_db::Db::connect(&url, openita_db::ConnectOptions::default())
            .await
            .expect("a second pool on the test database");
        let core = Core::new(db, self.clock.clone()).with_dashboard_ttl(std::time::Duration::ZERO);
        let state = AppState::new(core, WebConfig::default());
        let router = openita_web::router(state.clone());
        OtherInstance { state, router }
    }
}

impl OtherInstance {
    pub fn core(&self) -> &Core {
        &self.state.core
    }

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

    pub async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::GET, path, token, None).await
    }

    /// Runs every queued background job to the end on this instance.
    #[expect(
        clippy::expect_used,
        reason = "test support: a job that fails to run is a failed test"
    )]
    pub async fn run_jobs(&self) -> usize {
        openita_jobs::run_until_idle(self.core())
            .await
            .expect("jobs run")
    }
}
