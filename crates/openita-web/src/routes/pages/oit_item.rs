//! One OIT item on its own page: what it asks, the agency's answer, the link checks, the
//! scores, and the one form the reader may fill now. One item per page is what a phone can
//! hold: nothing typed in one item is lost when another is saved, and every message stands
//! beside the item it is about. Saving comes back to the item, with the next one a tap away.

use super::{
    PageContext,
    oit::{Loaded, load, refusal_status},
    render,
};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::oit_review::{OitState, PrecheckStatus};
use openita_core::{
    CoreError,
    oit_review::{self, ItemAnswerInput, ItemView, ScoreInput},
};
use openita_types::{AgencyCode, FiscalYear};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "oit/item.html")]
struct ItemPage {
    page: PageContext,
    year: FiscalYear,
    code: String,
    agency_name: String,
    state: OitState,
    it: ItemView,
    /// 1-based place of the item in the framework's order, of `total`.
    position: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    /// The next item still unanswered after this one, for the agency answering in order.
    next_unanswered: Option<String>,
    can: oit_review::OitActions,
    assessor_wait: Option<String>,
    /// What was typed into the refused form, and why it was refused.
    kept: Option<Kept>,
}

/// A refused form's message and fields, shown again in the item.
#[derive(Default)]
pub struct Kept {
    message: String,
    text: String,
    score: String,
    urls: String,
    note: String,
    /// The "published?" choice as posted ("yes", "no" or nothing).
    published: String,
}

impl ItemPage {
    fn text<'a>(&self, t: &'a openita_types::Text) -> &'a str {
        t.get(self.page.lang)
    }

    fn urls_text(&self) -> String {
        match &self.kept {
            Some(k) => k.urls.clone(),
            None => self.it.urls.join("\n"),
        }
    }

    fn note_text(&self) -> &str {
        match &self.kept {
            Some(k) => &k.note,
            None => &self.it.note,
        }
    }

    /// The "published?" choice to show checked: what was posted if refused, else the answer.
    fn published_is(&self, yes: bool) -> bool {
        match &self.kept {
            Some(k) => k.published == if yes { "yes" } else { "no" },
            None => self.it.published == Some(yes),
        }
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
        super::oit::state_name(self.page.lang, self.state)
    }

    fn item_state(&self) -> (&'static str, &'static str) {
        super::oit::item_state(self.page.lang, &self.it)
    }

    /// The review form's starting score and reason: what was typed if refused, else the
    /// provisional decision already given (so fixing a reason never flips the score).
    fn review_default(&self) -> (String, String) {
        if let Some(k) = &self.kept {
            return (k.score.clone(), k.text.clone());
        }
        match &self.it.provisional {
            Some(d) => (self.score(&d.score), d.reason.clone()),
            // No score is chosen for the assessor: the form asks for one.
            None => (String::new(), String::new()),
        }
    }

    /// The final form starts from the provisional score; the reason is the assessor's to write.
    fn final_default(&self) -> (String, String) {
        if let Some(k) = &self.kept {
            return (k.score.clone(), k.text.clone());
        }
        match &self.it.provisional {
            Some(d) => (self.score(&d.score), String::new()),
            None => (String::new(), String::new()),
        }
    }

    fn clarification_text(&self) -> String {
        match (&self.kept, &self.it.clarification) {
            (Some(k), _) => k.text.clone(),
            (None, Some(c)) => c.text.clone(),
            (None, None) => String::new(),
        }
    }

    /// Whether an objection makes sense: the provisional score is below the item's best.
    fn may_object(&self) -> bool {
        self.it
            .provisional
            .as_ref()
            .and_then(|d| d.score.as_f64())
            .is_some_and(|s| s < 100.0)
            || self.it.clarification.is_some()
    }

    /// The checker's verdict on a link in the reader's words ("dead" is "ลิงก์เสีย เปิดไม่ได้").
    fn outcome_label(&self, outcome: &openita_types::LinkOutcome) -> &'static str {
        outcome.label(self.page.lang)
    }

    fn rule(&self) -> String {
        match self.it.year_covered {
            Some(y) => format!("{} {y}", self.page.pick("ข้อมูลปีงบประมาณ", "fiscal year")),
            None => self.page.pick("ข้อมูลปัจจุบัน", "current").to_string(),
        }
    }
}

async fn item_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    kept: Option<Kept>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let Loaded {
        oit,
        can,
        assessor_wait,
    } = load(state, page.lang, user, year, code).await?;
    let Some(position) = oit.items.iter().position(|i| i.code == item) else {
        return Err(CoreError::not_found(
            format!("ไม่มีข้อ \"{item}\" ในแบบ OIT ของรอบนี้"),
            format!("There is no item \"{item}\" in this cycle's OIT."),
        )
        .into());
    };
    let code_at = |i: usize| oit.items.get(i).map(|x| x.code.clone());
    let next_unanswered = oit
        .items
        .iter()
        .skip(position + 1)
        .chain(oit.items.iter().take(position))
        .find(|i| i.published.is_none())
        .map(|i| i.code.clone());
    Ok(render(&ItemPage {
        previous: position.checked_sub(1).and_then(code_at),
        next: code_at(position + 1),
        next_unanswered,
        position: position + 1,
        total: oit.items.len(),
        agency_name: oit.agency_name_th.clone(),
        state: oit.state,
        it: oit.items[position].clone(),
        page,
        year,
        code: code.to_string(),
        can,
        assessor_wait,
        kept,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
) -> Result<Response, ApiError> {
    item_page(&state, p, &user, year, &code, &item, None).await
}

/// After a POST on an item: back to the item with a notice that says what happened, or the
/// item again with the message beside it and what was typed.
#[allow(clippy::too_many_arguments)]
async fn outcome<T>(
    state: &AppState,
    p: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    done: &str,
    kept: Kept,
    result: Result<T, CoreError>,
) -> Result<Response, ApiError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/cycles/{year}/agencies/{code}/oit/{item}?done={done}"
        ))
        .into_response()),
        Err(
            e @ (CoreError::Invalid(_)
            | CoreError::Conflict { .. }
            | CoreError::OutsideWindow { .. }),
        ) => {
            let status = refusal_status(&e);
            let kept = Kept {
                message: e.text().get(p.lang).to_string(),
                ..kept
            };
            let mut r = item_page(state, p, user, year, code, item, Some(kept)).await?;
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
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, ApiError> {
    // Neither choice ticked is not "not published": the question is asked again.
    let r = match f.published.as_str() {
        "yes" | "no" => {
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
            oit_review::save_answer(&state.core, &user.actor, year, &code, &item, &input).await
        }
        _ => Err(CoreError::invalid(
            "published",
            "เลือกก่อนว่าข้อนี้เผยแพร่บนเว็บไซต์แล้วหรือยัง",
            "Choose first whether this item is published on the website.",
        )),
    };
    let kept = Kept {
        urls: f.urls,
        note: f.note,
        published: f.published,
        ..Kept::default()
    };
    outcome(&state, p, &user, year, &code, &item, "oit.saved", kept, r).await
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

    fn kept(self) -> Kept {
        Kept {
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
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    Form(f): Form<ScoreForm>,
) -> Result<Response, ApiError> {
    let r =
        oit_review::set_provisional(&state.core, &user.actor, year, &code, &item, &f.input()).await;
    let kept = f.kept();
    outcome(&state, p, &user, year, &code, &item, "oit.saved", kept, r).await
}

pub async fn final_score(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    Form(f): Form<ScoreForm>,
) -> Result<Response, ApiError> {
    let r = oit_review::set_final(&state.core, &user.actor, year, &code, &item, &f.input()).await;
    let kept = f.kept();
    let done = "oit.done_locked";
    outcome(&state, p, &user, year, &code, &item, done, kept, r).await
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
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    Form(f): Form<ClarifyForm>,
) -> Result<Response, ApiError> {
    let r = oit_review::clarify(&state.core, &user.actor, year, &code, &item, &f.text).await;
    let kept = Kept {
        text: f.text,
        ..Kept::default()
    };
    let done = "oit.done_objected";
    outcome(&state, p, &user, year, &code, &item, done, kept, r).await
}

/// A GET on an item action's address (a reload after a refused form: `/oit/O5/review`,
/// `/clarification`, `/final`) goes back to the item instead of a "not found".
pub async fn back_to_item(
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
) -> Response {
    Redirect::to(&format!("/cycles/{year}/agencies/{code}/oit/{item}")).into_response()
}
