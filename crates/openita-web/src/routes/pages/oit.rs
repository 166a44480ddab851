//! OIT pages: one page per agency and cycle shows every item with what the reader may do
//! now (answer, submit, approve or return, score, object, confirm), and the assessor's work
//! queue.

use super::{PageContext, render};
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError, cycles,
    oit_review::{self, ItemAnswerInput, OitView, QueueEntry, ScoreInput},
};
use openita_types::{Phase, Role};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "oit/show.html")]
struct OitPage {
    page: PageContext,
    year: i64,
    code: String,
    oit: OitView,
    can_answer: bool,
    can_submit: bool,
    can_decide: bool,
    can_review: bool,
    can_clarify: bool,
    can_finalize: bool,
    error: Option<String>,
}

impl OitPage {
    fn text<'a>(&self, t: &'a openita_types::Text) -> &'a str {
        t.get(self.page.lang)
    }

    fn percent(&self) -> usize {
        (self.oit.answered * 100)
            .checked_div(self.oit.total)
            .unwrap_or(0)
    }

    fn urls_text(&self, urls: &[String]) -> String {
        urls.join("\n")
    }

    fn rule(&self, rule: &str, year: &Option<u16>) -> String {
        match (rule, year) {
            (_, Some(y)) => format!("{} {y}", self.page.pick("ข้อมูลปีงบประมาณ", "fiscal year")),
            _ => self.page.pick("ข้อมูลปัจจุบัน", "current").to_string(),
        }
    }
}

async fn page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: i64,
    code: &str,
    error: Option<String>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let oit = oit_review::oit_of(&state.core, &user.actor, year, code).await?;
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let now = state.core.now();
    let open = |p: Phase| cycle.window(p).is_some_and(|w| w.contains(now));
    let role = user.actor.role;
    let st = oit.state.as_str();
    Ok(render(&OitPage {
        can_answer: role == Role::AgencyAdmin && st == "draft" && open(Phase::OitAnswer),
        can_submit: role == Role::AgencyAdmin && st == "draft" && open(Phase::OitAnswer),
        can_decide: role == Role::AgencyExecutive && st == "submitted" && open(Phase::OitAnswer),
        can_review: role == Role::Assessor
            && (st == "approved" || st == "reviewed")
            && open(Phase::OitReview),
        can_clarify: role == Role::AgencyAdmin && open(Phase::Clarification),
        can_finalize: role == Role::Assessor && open(Phase::Confirmation),
        page,
        year,
        code: code.to_string(),
        oit,
        error,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    page(&state, p, &user, year, &code, None).await
}

async fn outcome<T>(
    state: &AppState,
    p: PageContext,
    user: &CurrentUser,
    year: i64,
    code: &str,
    item: Option<&str>,
    result: Result<T, CoreError>,
) -> Result<Response, ApiError> {
    match result {
        Ok(_) => {
            let anchor = item.map(|i| format!("#{i}")).unwrap_or_default();
            Ok(Redirect::to(&format!(
                "/cycles/{year}/agencies/{code}/oit?done=oit.saved{anchor}"
            ))
            .into_response())
        }
        Err(
            e @ (CoreError::Invalid(_)
            | CoreError::Conflict { .. }
            | CoreError::OutsideWindow { .. }),
        ) => {
            let message = e.text().get(p.lang).to_string();
            let status = if matches!(e, CoreError::Invalid(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            let mut r = page(state, p, user, year, code, Some(message)).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    published: String,
    #[serde(default)]
    urls: String,
    #[serde(default)]
    note: String,
}

pub async fn answer(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code, item)): Path<(i64, String, String)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, ApiError> {
    let input = ItemAnswerInput {
        published: f.published == "yes",
        urls: f
            .urls
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        note: f.note,
    };
    let r = oit_review::save_answer(&state.core, &user.actor, year, &code, &item, &input).await;
    outcome(&state, p, &user, year, &code, Some(&item), r).await
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let r = oit_review::submit(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, None, r).await
}

pub async fn approve(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let r = oit_review::approve(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, None, r).await
}

pub async fn return_to_draft(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let r = oit_review::return_to_draft(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, None, r).await
}

#[derive(Deserialize)]
pub struct ScoreForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    reason: String,
}

impl ScoreForm {
    fn input(self) -> ScoreInput {
        ScoreInput {
            score: serde_json::Value::String(self.score),
            reason: self.reason,
        }
    }
}

pub async fn review(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code, item)): Path<(i64, String, String)>,
    Form(f): Form<ScoreForm>,
) -> Result<Response, ApiError> {
    let r =
        oit_review::set_provisional(&state.core, &user.actor, year, &code, &item, &f.input()).await;
    outcome(&state, p, &user, year, &code, Some(&item), r).await
}

pub async fn final_score(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code, item)): Path<(i64, String, String)>,
    Form(f): Form<ScoreForm>,
) -> Result<Response, ApiError> {
    let r = oit_review::set_final(&state.core, &user.actor, year, &code, &item, &f.input()).await;
    outcome(&state, p, &user, year, &code, Some(&item), r).await
}

#[derive(Deserialize)]
pub struct ClarifyForm {
    #[serde(default)]
    text: String,
}

pub async fn clarify(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code, item)): Path<(i64, String, String)>,
    Form(f): Form<ClarifyForm>,
) -> Result<Response, ApiError> {
    let r = oit_review::clarify(&state.core, &user.actor, year, &code, &item, &f.text).await;
    outcome(&state, p, &user, year, &code, Some(&item), r).await
}

pub async fn confirm(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let r = oit_review::confirm_all(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, None, r).await
}

#[derive(Template)]
#[template(path = "oit/queue.html")]
struct QueuePage {
    page: PageContext,
    year: i64,
    entries: Vec<QueueEntry>,
}

pub async fn queue(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path(year): Path<i64>,
) -> Result<Response, ApiError> {
    let entries = oit_review::assessor_queue(&state.core, &user.actor, year).await?;
    Ok(render(&QueuePage {
        page: p.with_section("cycles"),
        year,
        entries,
    }))
}

pub async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let job =
        openita_core::background::enqueue_link_check(&state.core, &user.actor, year, Some(&code))
            .await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}
