//! OIT pages: the agency's list of items with the state of each (the page to start from on
//! a phone) and what the reader may do with the whole (submit, approve, confirm). One item at
//! a time, with its forms, is `oit_item`; the executive's decisions are `oit_decisions`, the
//! assessor's queue `oit_queue`.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError, cycles,
    oit_review::{self, ItemView, OitState, OitView},
};
use openita_types::{AgencyCode, FiscalYear, Lang, Phase, Role};

/// An OIT state as people read it (the API keeps the codes).
pub(crate) fn state_name(l: Lang, state: OitState) -> &'static str {
    match l {
        Lang::Th => state.name_th(),
        Lang::En => state.name_en(),
    }
}

/// Where one item stands, as the list shows it: a code for tests and styles, and words.
pub(crate) fn item_state(l: Lang, it: &ItemView) -> (&'static str, &'static str) {
    let failing = it.checks.iter().any(|c| c.outcome.is_failure());
    if it.final_decision.is_some() {
        ("final", l.pick("ยืนยันคะแนนแล้ว", "Final score"))
    } else if it.provisional.is_some() {
        ("reviewed", l.pick("ตรวจแล้ว", "Reviewed"))
    } else if failing {
        ("failing", l.pick("ลิงก์มีปัญหา", "Link failing"))
    } else if it.published.is_none() {
        ("unanswered", l.pick("ยังไม่ได้ตอบ", "Not answered"))
    } else {
        ("answered", l.pick("ตอบแล้ว", "Answered"))
    }
}

/// The agency's OIT as the reader may see it, what they may do, and why an assessor waits.
pub(crate) struct Loaded {
    pub oit: OitView,
    /// What the reader may do now (decided by the core, returned with the OIT).
    pub can: oit_review::OitActions,
    pub assessor_wait: Option<String>,
}

pub(crate) async fn load(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<Loaded, ApiError> {
    let oit = oit_review::oit_of(&state.core, &user.actor, year, code).await?;
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let now = state.core.now();
    let assessor_wait = (user.actor.role == Role::Assessor)
        .then(|| assessor_wait(lang, &cycle, now, oit.state))
        .flatten();
    let can = oit.actions;
    Ok(Loaded {
        oit,
        can,
        assessor_wait,
    })
}

/// One line of the list of items.
pub struct ItemLine {
    code: String,
    name: String,
    state: &'static str,
    state_label: &'static str,
}

#[derive(Template)]
#[template(path = "oit/show.html")]
struct OitPage {
    page: PageContext,
    year: FiscalYear,
    code: String,
    oit: OitView,
    items: Vec<ItemLine>,
    can: oit_review::OitActions,
    assessor_wait: Option<String>,
    /// A refusal of the whole (a submit, a confirmation): its message, and the items it names,
    /// each a link to its page.
    error: Option<String>,
    refused_items: Vec<(String, String)>,
}

impl OitPage {
    fn percent(&self) -> usize {
        (self.oit.answered * 100)
            .checked_div(self.oit.total)
            .unwrap_or(0)
    }

    fn state_name(&self) -> &'static str {
        state_name(self.page.lang, self.oit.state)
    }
}

async fn page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    refusal: Option<CoreError>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let Loaded {
        oit,
        can,
        assessor_wait,
    } = load(state, page.lang, user, year, code).await?;
    let items = oit
        .items
        .iter()
        .map(|it| {
            let (state, state_label) = item_state(page.lang, it);
            ItemLine {
                code: it.code.clone(),
                name: page.pick(&it.name_th, &it.name_en).to_string(),
                state,
                state_label,
            }
        })
        .collect();
    let (error, refused_items) = match &refusal {
        // A submit refused for unanswered items names each, as a link to it.
        Some(CoreError::Invalid(fields)) if fields.iter().all(|f| is_item(&oit, &f.field)) => (
            Some(
                page.pick(
                    "ยังส่งไม่ได้ ต้องตอบข้อต่อไปนี้ก่อน",
                    "Not sent yet: answer these items first",
                )
                .to_string(),
            ),
            fields
                .iter()
                .map(|f| (f.field.clone(), f.message.get(page.lang).to_string()))
                .collect(),
        ),
        Some(e) => (Some(e.text().get(page.lang).to_string()), Vec::new()),
        None => (None, Vec::new()),
    };
    Ok(render(&OitPage {
        page,
        year,
        code: code.to_string(),
        oit,
        items,
        can,
        assessor_wait,
        error,
        refused_items,
    }))
}

fn is_item(oit: &OitView, field: &str) -> bool {
    oit.items.iter().any(|i| i.code == field)
}

pub async fn show(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    page(&state, p, &user, year, &code, None).await
}

/// After a POST on the whole: back to the list with a notice that says what happened, or the
/// list again with the refusal.
pub(super) async fn outcome<T>(
    state: &AppState,
    p: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    done: &str,
    result: Result<T, CoreError>,
) -> Result<Response, ApiError> {
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("/cycles/{year}/agencies/{code}/oit?done={done}"))
                .into_response(),
        ),
        Err(
            e @ (CoreError::Invalid(_)
            | CoreError::Conflict { .. }
            | CoreError::OutsideWindow { .. }),
        ) => {
            let status = refusal_status(&e);
            let mut r = page(state, p, user, year, code, Some(e)).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

/// 422 for input to correct, 409 for the state or the calendar.
pub(crate) fn refusal_status(e: &CoreError) -> StatusCode {
    if matches!(e, CoreError::Invalid(_)) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    }
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let r = oit_review::submit(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, "oit.done_submitted", r).await
}

pub async fn confirm(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let r = oit_review::confirm_all(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, "oit.done_confirmed", r).await
}

pub async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let job =
        openita_core::background::enqueue_link_check(&state.core, &user.actor, year, Some(&code))
            .await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

/// What an assessor is waiting for on this agency's OIT, in words: the review window not yet
/// open (and when it opens), closed, or answers not yet approved by the agency's executive.
fn assessor_wait(
    lang: Lang,
    cycle: &cycles::CycleView,
    now: chrono::DateTime<chrono::Utc>,
    state: OitState,
) -> Option<String> {
    use openita_types::thai_time::{english_datetime_short, thai_datetime_short};
    let review = cycle.window(Phase::OitReview);
    let confirm = cycle.window(Phase::Confirmation);
    if matches!(state, OitState::Draft | OitState::Submitted) {
        return Some(
            lang.pick(
                "หน่วยงานยังไม่ได้ส่งและให้ผู้บริหารอนุมัติคำตอบ จึงยังให้คะแนนไม่ได้",
                "The agency's executive has not approved its answers yet: nothing to score.",
            )
            .to_string(),
        );
    }
    match review {
        None => Some(
            lang.pick(
                "ยังไม่ได้กำหนดช่วงตรวจ OIT ในปฏิทินของรอบนี้",
                "The cycle's calendar has no OIT review window yet.",
            )
            .to_string(),
        ),
        Some(w) if now < w.start => Some(match lang {
            openita_types::Lang::Th => format!(
                "ยังไม่ถึงช่วงตรวจ OIT: เปิด {} ถึง {}",
                thai_datetime_short(w.start),
                thai_datetime_short(w.end)
            ),
            openita_types::Lang::En => format!(
                "The OIT review window is not open yet: {} to {}.",
                english_datetime_short(w.start),
                english_datetime_short(w.end)
            ),
        }),
        Some(w) if now > w.end && !confirm.is_some_and(|c| c.contains(now)) => Some(match lang {
            openita_types::Lang::Th => {
                format!("ช่วงตรวจ OIT ปิดแล้วเมื่อ {}", thai_datetime_short(w.end))
            }
            openita_types::Lang::En => format!(
                "The OIT review window closed on {}.",
                english_datetime_short(w.end)
            ),
        }),
        _ => None,
    }
}
