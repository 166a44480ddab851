//! Cycle pages: the list and create form, one cycle with its calendar, opening it and
//! assigning assessors. The framework viewer is `framework.rs`.

use super::{
    FormError, PageContext,
    agencies::{Choice, province_choices, type_choices},
    calendar_form::{PhaseLine, PostedCalendar, changed_phases, page_errors, phase_lines},
    render,
};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    cycles::{self, CycleView},
};
use openita_types::FiscalYear;
use serde::Deserialize;

pub struct CycleRow {
    year: FiscalYear,
    framework: String,
    opened: bool,
    published: bool,
    /// The phases whose windows hold today, by name (empty between windows).
    phases_now: String,
}

#[derive(Template)]
#[template(path = "cycles/list.html")]
struct ListPage {
    page: PageContext,
    cycles: Vec<CycleRow>,
    shipped: Vec<&'static str>,
    year: String,
    errors: Vec<FormError>,
}

async fn list_page(
    state: &AppState,
    page: PageContext,
    year: String,
    errors: Vec<FormError>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let now = state.core.now();
    let published = openita_core::results::published_years(&state.core).await?;
    let cycles = cycles::list_cycles(&state.core)
        .await?
        .into_iter()
        .map(|c| CycleRow {
            published: published.contains(&c.year),
            phases_now: c
                .phases
                .iter()
                .filter(|w| w.contains(now))
                .map(|w| page.pick(w.phase.name_th(), w.phase.name_en()))
                .collect::<Vec<_>>()
                .join(", "),
            year: c.year,
            framework: c.framework,
            opened: c.opened,
        })
        .collect();
    let mut r = render(&ListPage {
        page,
        cycles,
        shipped: openita_framework::shipped::names().to_vec(),
        year,
        errors: errors.clone(),
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn list(State(state): State<AppState>, page: PageContext) -> Result<Response, ApiError> {
    list_page(&state, page, String::new(), Vec::new()).await
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    framework: String,
}

pub async fn create(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Form(form): Form<CreateForm>,
) -> Result<Response, ApiError> {
    let Some(year) = openita_types::typed_number::parse_whole(&form.year) else {
        let errors = page.form_errors(&[openita_core::FieldError::new(
            "year",
            "ปีงบประมาณต้องเป็นตัวเลข พ.ศ. เช่น 2568",
            "The fiscal year must be a Buddhist-era number such as 2568.",
        )]);
        return list_page(&state, page, form.year, errors).await;
    };
    match cycles::create_cycle(&state.core, &user.actor, year, &form.framework).await {
        Ok(c) => {
            Ok(Redirect::to(&format!("/cycles/{}?done=cycles.created", c.year)).into_response())
        }
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            list_page(&state, page, form.year, errors).await
        }
        Err(e @ CoreError::Conflict { .. }) => {
            let errors = vec![FormError {
                field: "year".into(),
                message: e.text().get(page.lang).to_string(),
            }];
            list_page(&state, page, form.year, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "cycles/show.html")]
struct ShowPage {
    page: PageContext,
    cycle: CycleView,
    phases: Vec<PhaseLine>,
    errors: Vec<FormError>,
    assigned: Option<String>,
    provinces: Vec<Choice>,
    types: Vec<Choice>,
    /// Whether the results are published (the page offers reopening then, publishing else).
    published: bool,
    /// After a refused reopening: what was typed as the reason, and why it was refused.
    reopen_reason: String,
    reopen_error: Option<String>,
}

/// What the person typed in a form the page shows again after a refusal.
pub(crate) enum Typed<'a> {
    Nothing,
    Calendar(&'a PostedCalendar),
    ReopenReason(String),
}

/// The cycle's page; after a failed calendar save, `typed` is what the person typed, shown
/// again in the inputs.
pub(crate) async fn show_page(
    state: &AppState,
    page: PageContext,
    year: FiscalYear,
    errors: Vec<FormError>,
    assigned: Option<String>,
    typed: Typed<'_>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let calendar = match &typed {
        Typed::Calendar(c) => Some(*c),
        _ => None,
    };
    let phases = phase_lines(&cycle, page.lang, state.core.now(), calendar, &errors);
    let reopen_error = errors
        .iter()
        .find(|e| e.field == "reopen-reason")
        .map(|e| e.message.clone());
    let reopen_reason = match typed {
        Typed::ReopenReason(r) => r,
        _ => String::new(),
    };
    let failed = !errors.is_empty();
    let provinces = province_choices(&page, "");
    let types = type_choices(&page, "");
    let published = openita_core::results::results_published(&state.core, None, year)
        .await
        .unwrap_or(false);
    let mut r = render(&ShowPage {
        reopen_reason,
        reopen_error,
        published,
        page,
        cycle,
        phases,
        errors,
        assigned,
        provinces,
        types,
    });
    if failed {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    show_page(&state, page, year, Vec::new(), None, Typed::Nothing).await
}

/// The calendar form posts `PHASE_start` and `PHASE_end` for every phase; only the phases
/// whose text changed are set (see `calendar_form`).
pub async fn set_calendar(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    Form(form): Form<PostedCalendar>,
) -> Result<Response, ApiError> {
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let changed = changed_phases(&cycle, &form);
    if changed.is_empty() {
        return Ok(
            Redirect::to(&format!("/cycles/{year}?done=cycles.calendar_unchanged")).into_response(),
        );
    }
    match cycles::set_calendar(&state.core, &user.actor, year, &changed).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/cycles/{year}?done=cycles.calendar_saved")).into_response())
        }
        Err(CoreError::Invalid(fields)) => {
            let errors = page_errors(page.form_errors(&fields));
            show_page(&state, page, year, errors, None, Typed::Calendar(&form)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    cycles::open_cycle(&state.core, &user.actor, year).await?;
    Ok(Redirect::to(&format!("/cycles/{year}?done=cycles.opened")).into_response())
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    assessor: String,
    #[serde(default)]
    agencies: String,
    #[serde(default)]
    province: Option<String>,
    #[serde(default, rename = "type")]
    agency_type: Option<String>,
}

pub async fn assign(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    Form(form): Form<AssignForm>,
) -> Result<Response, ApiError> {
    let codes: Vec<String> = form
        .agencies
        .split([',', '\n', ' ', '\r', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let selection = cycles::AgencySelection {
        codes,
        province: form.province,
        agency_type: form.agency_type,
    };
    match cycles::assign_assessor(&state.core, &user.actor, year, &form.assessor, &selection).await
    {
        Ok(report) => {
            // A bulk assignment can cover hundreds of agencies: show counts, and the codes
            // only when the list is short enough to read.
            let mut text = format!(
                "{}: {} — {} {}, {} {}",
                page.t("cycles.assigned"),
                report.assessor,
                report.assigned.len(),
                page.t("cycles.assigned_new"),
                report.already_assigned.len(),
                page.t("cycles.assigned_before"),
            );
            if report.assigned.len() <= 20 && !report.assigned.is_empty() {
                text.push_str(&format!(" ({})", report.assigned.join(", ")));
            }
            show_page(&state, page, year, Vec::new(), Some(text), Typed::Nothing).await
        }
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            show_page(&state, page, year, errors, None, Typed::Nothing).await
        }
        Err(e) => Err(e.into()),
    }
}
