//! OIT pages: one page per agency and cycle shows every item with what the reader may do
//! now (answer, submit, score, object, confirm). The executive's decisions are in
//! `oit_decisions`, the assessor's queue in `oit_queue`.

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
    oit_review::{self, ItemAnswerInput, OitView, ScoreInput},
};
use openita_types::{Phase, Role};
use serde::Deserialize;

/// An OIT state as people read it (the API keeps the codes).
pub(crate) fn state_name(l: openita_types::Lang, state: &str) -> &'static str {
    match state {
        "draft" => l.pick("ฉบับร่าง (หน่วยงานกำลังตอบ)", "Draft (the agency is answering)"),
        "submitted" => l.pick("ส่งแล้ว รอผู้บริหารอนุมัติ", "Submitted, awaiting the executive"),
        "approved" => l.pick("ผู้บริหารอนุมัติแล้ว รอผู้ประเมินตรวจ", "Approved, awaiting review"),
        "reviewed" => l.pick("ตรวจเบื้องต้นครบแล้ว", "Provisional scores given"),
        "final" => l.pick("ยืนยันผลแล้ว (ล็อก)", "Final (locked)"),
        _ => l.pick("ไม่ทราบสถานะ", "Unknown state"),
    }
}

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
    /// Why an assessor cannot score now (the review window not open yet, or over), if so.
    assessor_wait: Option<String>,
    error: Option<String>,
    /// What was typed into the refused form, so nobody types it twice.
    kept: Option<Kept>,
}

/// A refused form's item, message and fields, shown again beside that item.
#[derive(Default)]
pub struct Kept {
    item: String,
    message: String,
    text: String,
    score: String,
    urls: String,
    note: String,
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

    /// `0` and `100`, as the choices read, not `0.0`.
    fn score(&self, v: &serde_json::Value) -> String {
        match v.as_f64() {
            Some(f) if f.fract() == 0.0 => format!("{f:.0}"),
            Some(f) => format!("{f}"),
            None => v.as_str().unwrap_or_default().to_string(),
        }
    }

    fn state_name(&self) -> &'static str {
        state_name(self.page.lang, &self.oit.state)
    }

    /// The refused form's values when they belong to this item.
    fn kept_for(&self, item: &str) -> Option<&Kept> {
        self.kept.as_ref().filter(|k| k.item == item)
    }

    /// The review form's starting score and reason: what was typed if refused, else the
    /// provisional decision already given (so fixing a reason never flips the score).
    fn review_default(&self, it: &openita_core::oit_review::ItemView) -> (String, String) {
        if let Some(k) = self.kept_for(&it.code) {
            return (k.score.clone(), k.text.clone());
        }
        match &it.provisional {
            Some(d) => (self.score(&d.score), d.reason.clone()),
            // No score is chosen for the assessor: the form asks for one.
            None => (String::new(), String::new()),
        }
    }

    /// The final form starts from the provisional score; the reason is the assessor's to write.
    fn final_default(&self, it: &openita_core::oit_review::ItemView) -> (String, String) {
        if let Some(k) = self.kept_for(&it.code) {
            return (k.score.clone(), k.text.clone());
        }
        match &it.provisional {
            Some(d) => (self.score(&d.score), String::new()),
            None => (String::new(), String::new()),
        }
    }

    /// Whether an objection makes sense: the provisional score is below the item's best.
    fn may_object(&self, it: &openita_core::oit_review::ItemView) -> bool {
        it.provisional
            .as_ref()
            .and_then(|d| d.score.as_f64())
            .is_some_and(|s| s < 100.0)
            || it.clarification.is_some()
    }

    /// The checker's verdict on a link in the reader's words ("dead" is "ลิงก์เสีย เปิดไม่ได้").
    fn outcome_label(&self, code: &str) -> String {
        match self.page.lang {
            openita_types::Lang::Th => openita_types::LinkOutcome::label_th_of(code),
            openita_types::Lang::En => openita_types::LinkOutcome::label_en_of(code),
        }
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
    kept: Option<Kept>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let oit = oit_review::oit_of(&state.core, &user.actor, year, code).await?;
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let now = state.core.now();
    let open = |p: Phase| cycle.window(p).is_some_and(|w| w.contains(now));
    let role = user.actor.role;
    let st = oit.state.as_str();
    let assessor_wait = (role == Role::Assessor)
        .then(|| assessor_wait(page.lang, &cycle, now, st))
        .flatten();
    Ok(render(&OitPage {
        assessor_wait,
        can_answer: role == Role::AgencyAdmin && st == "draft" && open(Phase::OitAnswer),
        can_submit: role == Role::AgencyAdmin && st == "draft" && open(Phase::OitAnswer),
        can_decide: role == Role::AgencyExecutive && st == "submitted" && open(Phase::OitAnswer),
        can_review: role == Role::Assessor
            && (st == "approved" || st == "reviewed")
            && open(Phase::OitReview),
        can_clarify: role == Role::AgencyAdmin && open(Phase::Clarification),
        // Final scores only for approved answers (the core refuses the rest).
        can_finalize: role == Role::Assessor
            && matches!(st, "approved" | "reviewed")
            && open(Phase::Confirmation),
        page,
        year,
        code: code.to_string(),
        oit,
        error,
        kept,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    page(&state, p, &user, year, &code, None, None).await
}

/// After a POST: back to the page with a notice that says what happened (and at the item),
/// or the page again with the message and what was typed.
#[allow(clippy::too_many_arguments)]
pub(super) async fn outcome<T>(
    state: &AppState,
    p: PageContext,
    user: &CurrentUser,
    year: i64,
    code: &str,
    done: &str,
    kept: Option<Kept>,
    result: Result<T, CoreError>,
) -> Result<Response, ApiError> {
    match result {
        Ok(_) => {
            let anchor = kept.map(|k| format!("#{}", k.item)).unwrap_or_default();
            Ok(Redirect::to(&format!(
                "/cycles/{year}/agencies/{code}/oit?done={done}{anchor}"
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
            let kept = kept.map(|k| Kept {
                message: message.clone(),
                ..k
            });
            let mut r = page(state, p, user, year, code, Some(message), kept).await?;
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
        note: f.note.clone(),
    };
    let r = oit_review::save_answer(&state.core, &user.actor, year, &code, &item, &input).await;
    let kept = Kept {
        item,
        urls: f.urls,
        note: f.note,
        ..Kept::default()
    };
    outcome(&state, p, &user, year, &code, "oit.saved", Some(kept), r).await
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let r = oit_review::submit(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, "oit.done_submitted", None, r).await
}

#[derive(Deserialize)]
pub struct ScoreForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    reason: String,
}

impl ScoreForm {
    fn input(&self) -> ScoreInput {
        ScoreInput {
            score: serde_json::Value::String(self.score.clone()),
            reason: self.reason.clone(),
        }
    }

    fn kept(self, item: String) -> Kept {
        Kept {
            item,
            score: self.score,
            text: self.reason,
            ..Kept::default()
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
    let kept = f.kept(item);
    outcome(&state, p, &user, year, &code, "oit.saved", Some(kept), r).await
}

pub async fn final_score(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code, item)): Path<(i64, String, String)>,
    Form(f): Form<ScoreForm>,
) -> Result<Response, ApiError> {
    let r = oit_review::set_final(&state.core, &user.actor, year, &code, &item, &f.input()).await;
    let kept = f.kept(item);
    outcome(
        &state,
        p,
        &user,
        year,
        &code,
        "oit.done_locked",
        Some(kept),
        r,
    )
    .await
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
    let kept = Kept {
        item,
        text: f.text,
        ..Kept::default()
    };
    outcome(
        &state,
        p,
        &user,
        year,
        &code,
        "oit.done_objected",
        Some(kept),
        r,
    )
    .await
}

pub async fn confirm(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    Path((year, code)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let r = oit_review::confirm_all(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, "oit.done_confirmed", None, r).await
}

/// A GET on a form's address (a reload after a refused form) goes back to the page, at the
/// item, instead of a "not found".
pub async fn back_to_page(Path((year, code, item)): Path<(i64, String, String)>) -> Response {
    Redirect::to(&format!("/cycles/{year}/agencies/{code}/oit#{item}")).into_response()
}

/// The same for the item actions (`/oit/O5/review`, `/clarification`, `/final`).
pub async fn back_to_item(Path((year, code, item)): Path<(i64, String, String)>) -> Response {
    Redirect::to(&format!("/cycles/{year}/agencies/{code}/oit#{item}")).into_response()
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

/// What an assessor is waiting for on this agency's OIT, in words: the review window not yet
/// open (and when it opens), closed, or answers not yet approved by the agency's executive.
fn assessor_wait(
    lang: openita_types::Lang,
    cycle: &cycles::CycleView,
    now: chrono::DateTime<chrono::Utc>,
    state: &str,
) -> Option<String> {
    use openita_types::thai_time::{english_datetime_short, thai_datetime_short};
    let review = cycle.window(Phase::OitReview);
    let confirm = cycle.window(Phase::Confirmation);
    if matches!(state, "draft" | "submitted") {
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
