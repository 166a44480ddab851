//! The assessor's work queue: the agencies assigned in a cycle, work possible now first.

use super::{PageContext, oit::state_name, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{extract::State, response::Response};
use openita_core::oit_review::OitState;
use openita_core::oit_review::{self, QueueEntry};
use openita_types::FiscalYear;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "oit/queue.html")]
struct QueuePage {
    page: PageContext,
    year: FiscalYear,
    entries: Vec<QueueEntry>,
    /// `?show=ready`: only the agencies with work to do now.
    only_ready: bool,
}

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    show: String,
}

impl QueuePage {
    fn ready_count(&self) -> usize {
        self.entries.iter().filter(|e| e.ready).count()
    }

    fn state_name(&self, state: &OitState) -> &'static str {
        state_name(self.page.lang, *state)
    }
}

pub async fn queue(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    axum::extract::Query(q): axum::extract::Query<QueueQuery>,
) -> Result<Response, ApiError> {
    let entries = oit_review::assessor_queue(&state.core, &user.actor, year).await?;
    Ok(render(&QueuePage {
        page: p.with_section("cycles"),
        year,
        entries,
        only_ready: q.show == "ready",
    }))
}
