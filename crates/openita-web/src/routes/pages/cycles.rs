//! Cycle pages: the list and create form, one cycle with its calendar, opening it, assigning
//! assessors, and the framework viewer with its replacement form.

use super::{
    FormError, PageContext,
    agencies::{Choice, province_choices, type_choices},
    render,
};
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    cycles::{self, CycleView, FrameworkSource, PhaseWindowInput},
};
use openita_framework::Framework;
use openita_types::{
    Lang, Phase,
    thai_time::{bangkok, english_datetime_short, thai_datetime_short},
};
use serde::Deserialize;
use std::collections::BTreeMap;

fn show_time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    match lang {
        Lang::Th => thai_datetime_short(at),
        Lang::En => english_datetime_short(at),
    }
}

pub struct CycleRow {
    pub year: i64,
    pub framework: String,
    pub opened: bool,
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
    let cycles = cycles::list_cycles(&state.core)
        .await?
        .into_iter()
        .map(|c| CycleRow {
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
    let Ok(year) = form.year.trim().parse::<i64>() else {
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

pub struct PhaseLine {
    pub code: &'static str,
    pub name: String,
    pub start: String,
    pub end: String,
    pub start_input: String,
    pub end_input: String,
    pub open_now: bool,
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
}

fn phase_lines(
    cycle: &CycleView,
    lang: Lang,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<PhaseLine> {
    Phase::ALL
        .iter()
        .map(|&phase| {
            let w = cycle.window(phase);
            let as_input = |at: chrono::DateTime<chrono::Utc>| {
                at.with_timezone(&bangkok()).format("%Y-%m-%d").to_string()
            };
            PhaseLine {
                code: phase.code(),
                name: lang.pick(phase.name_th(), phase.name_en()).to_string(),
                start: w.map(|w| show_time(lang, w.start)).unwrap_or_default(),
                end: w.map(|w| show_time(lang, w.end)).unwrap_or_default(),
                start_input: w.map(|w| as_input(w.start)).unwrap_or_default(),
                end_input: w.map(|w| as_input(w.end)).unwrap_or_default(),
                open_now: w.is_some_and(|w| w.contains(now)),
            }
        })
        .collect()
}

async fn show_page(
    state: &AppState,
    page: PageContext,
    year: i64,
    errors: Vec<FormError>,
    assigned: Option<String>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let phases = phase_lines(&cycle, page.lang, state.core.now());
    let failed = !errors.is_empty();
    let provinces = province_choices(&page, "");
    let types = type_choices(&page, "");
    let mut r = render(&ShowPage {
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
    Path(year): Path<i64>,
) -> Result<Response, ApiError> {
    show_page(&state, page, year, Vec::new(), None).await
}

/// The calendar form posts `PHASE_start` and `PHASE_end` for every phase; empty pairs are
/// left as they are.
pub async fn set_calendar(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path(year): Path<i64>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    let mut input = BTreeMap::new();
    for phase in Phase::ALL {
        let start = form
            .get(&format!("{}_start", phase.code()))
            .map(|s| s.trim())
            .unwrap_or("");
        let end = form
            .get(&format!("{}_end", phase.code()))
            .map(|s| s.trim())
            .unwrap_or("");
        if !start.is_empty() || !end.is_empty() {
            input.insert(
                phase.code().to_string(),
                PhaseWindowInput {
                    start: start.to_string(),
                    end: end.to_string(),
                },
            );
        }
    }
    match cycles::set_calendar(&state.core, &user.actor, year, &input).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/cycles/{year}?done=cycles.calendar_saved")).into_response())
        }
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            show_page(&state, page, year, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(year): Path<i64>,
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
    Path(year): Path<i64>,
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
            show_page(&state, page, year, Vec::new(), Some(text)).await
        }
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            show_page(&state, page, year, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The framework as the viewer shows it, in the page language.
pub struct IndicatorView {
    pub number: u16,
    pub name: String,
    pub weight: String,
    pub questions: Vec<QuestionView>,
    pub items: Vec<ItemView>,
}

pub struct QuestionView {
    pub id: String,
    pub text: String,
    pub scale: String,
    pub reverse: bool,
    pub optional: bool,
}

pub struct ItemView {
    pub code: String,
    pub name: String,
    pub year_rule: String,
    pub elements: Vec<String>,
}

pub struct InstrumentView {
    pub code: &'static str,
    pub name: String,
    pub weight: String,
    pub indicators: Vec<IndicatorView>,
}

fn number(f: f64) -> String {
    let s = format!("{f:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[derive(Template)]
#[template(path = "cycles/framework.html")]
struct FrameworkPage {
    page: PageContext,
    cycle: CycleView,
    title: String,
    pass_mark: String,
    instruments: Vec<InstrumentView>,
    levels: Vec<(String, String)>,
    sample_placeholder: bool,
    sample_note: String,
    shipped: Vec<String>,
    errors: Vec<FormError>,
}

fn framework_page(
    page: PageContext,
    cycle: CycleView,
    fw: &Framework,
    errors: Vec<FormError>,
) -> FrameworkPage {
    let lang = page.lang;
    let def = fw.definition();
    let year_rule = |r: openita_framework::YearRule| -> String {
        match (r.fiscal_year_covered(def.year), lang) {
            (None, Lang::Th) => "ข้อมูลปัจจุบัน ณ วันตรวจ".into(),
            (None, Lang::En) => "current when checked".into(),
            (Some(y), Lang::Th) => format!("ข้อมูลปีงบประมาณ {y}"),
            (Some(y), Lang::En) => format!("covers fiscal year {y}"),
        }
    };
    let instruments = def
        .instruments
        .iter()
        .map(|i| InstrumentView {
            code: i.code.as_str(),
            name: lang.pick(&i.name_th, &i.name_en).to_string(),
            weight: number(i.weight.as_f64()),
            indicators: i
                .indicators
                .iter()
                .map(|ind| IndicatorView {
                    number: ind.number,
                    name: lang.pick(&ind.name_th, &ind.name_en).to_string(),
                    weight: number(ind.weight.as_f64()),
                    questions: ind
                        .questions
                        .iter()
                        .map(|q| QuestionView {
                            id: q.id.clone(),
                            text: lang.pick(&q.text_th, &q.text_en).to_string(),
                            scale: q.scale.clone(),
                            reverse: q.reverse,
                            optional: q.optional,
                        })
                        .collect(),
                    items: ind
                        .items
                        .iter()
                        .map(|it| ItemView {
                            code: it.code.clone(),
                            name: lang.pick(&it.name_th, &it.name_en).to_string(),
                            year_rule: year_rule(it.year_rule),
                            elements: it
                                .elements
                                .iter()
                                .map(|e| lang.pick(&e.th, &e.en).to_string())
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    FrameworkPage {
        title: lang.pick(&def.title_th, &def.title_en).to_string(),
        pass_mark: number(def.pass_mark.as_f64()),
        instruments,
        levels: def
            .levels
            .iter()
            .map(|l| (l.name.clone(), number(l.min.as_f64())))
            .collect(),
        sample_placeholder: def.sample_rules.placeholder,
        sample_note: lang
            .pick(&def.sample_rules.note_th, &def.sample_rules.note_en)
            .to_string(),
        shipped: openita_framework::shipped::names()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        page: page.with_section("cycles"),
        cycle,
        errors,
    }
}

pub async fn framework(
    State(state): State<AppState>,
    page: PageContext,
    Path(year): Path<i64>,
) -> Result<Response, ApiError> {
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let fw = cycles::cycle_framework(&state.core, year).await?;
    Ok(render(&framework_page(page, cycle, &fw, Vec::new())))
}

/// Replaces the framework from the form: a shipped name, or an uploaded JSON file.
pub async fn replace_framework(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path(year): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let mut shipped = String::new();
    let mut file = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("shipped") => shipped = field.text().await.unwrap_or_default(),
            Some("file") => file = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            _ => {}
        }
    }
    let source = if !file.is_empty() {
        FrameworkSource::Json(String::from_utf8_lossy(&file).into_owned())
    } else {
        FrameworkSource::Shipped(shipped)
    };
    match cycles::replace_framework(&state.core, &user.actor, year, &source).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/cycles/{year}/framework?done=cycles.framework_replaced"
        ))
        .into_response()),
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let fields = match e {
                CoreError::Invalid(fields) => fields,
                other => vec![openita_core::FieldError {
                    field: "framework".into(),
                    message: other.text(),
                }],
            };
            let errors = page.form_errors(&fields);
            let cycle = cycles::get_cycle(&state.core, year).await?;
            let fw = cycles::cycle_framework(&state.core, year).await?;
            let mut r = render(&framework_page(page, cycle, &fw, errors));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
