//! A province's drive as pages: the plan (list, add, edit, delete after a confirmation
//! page) and its deadlines editor. The documents are in `province_documents`, the report
//! forms in `province_forms`. Plain forms with
//! the CSRF field, no JavaScript; activities are cards so a phone shows them whole.

use super::{FormError, PageContext, render};
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
    provinces::{self, Deadline, PlanActivity, PlanInput, PlanStatus},
};
use openita_types::{ActivityId, FiscalYear};
use openita_types::{
    Lang, Role,
    thai_time::{english_date_long, thai_date_long},
};

/// An ISO date as the reader reads it ("31 มีนาคม 2568").
pub(crate) fn date_for(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => match lang {
            Lang::Th => thai_date_long(d),
            Lang::En => english_date_long(d),
        },
        Err(_) => iso.to_string(),
    }
}

/// An ISO date as the reader types it into a date field: "31/03/2568" in Thai (Buddhist era,
/// day first), "2025-03-31" in English. The browsers' own date pickers show the Western
/// calendar month first whatever the page's language, so the fields are text.
pub(crate) fn date_input(lang: Lang, iso: &str) -> String {
    match (chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d"), lang) {
        (Ok(d), Lang::Th) => openita_types::typed_moment::thai_date_input_text(d),
        _ => iso.to_string(),
    }
}

pub struct ActivityView {
    pub id: ActivityId,
    pub title: String,
    pub period: String,
    pub responsible: String,
    pub status: &'static str,
    pub status_name: String,
    pub note: Option<String>,
}

fn activity_view(lang: Lang, a: &PlanActivity) -> ActivityView {
    let period = if a.start == a.end {
        date_for(lang, &a.start)
    } else {
        format!("{} – {}", date_for(lang, &a.start), date_for(lang, &a.end))
    };
    ActivityView {
        id: a.id,
        title: a.title.clone(),
        period,
        responsible: a.responsible.clone(),
        status: a.status.as_str(),
        status_name: lang
            .pick(a.status.name_th(), a.status.name_en())
            .to_string(),
        note: a.note.clone(),
    }
}

pub struct StatusOption {
    pub value: &'static str,
    pub name: &'static str,
}

fn status_options(lang: Lang) -> Vec<StatusOption> {
    PlanStatus::ALL
        .into_iter()
        .map(|s| StatusOption {
            value: s.as_str(),
            name: lang.pick(s.name_th(), s.name_en()),
        })
        .collect()
}

/// A deadline row of the editor (and of the list).
pub struct DeadlineRowView {
    pub label_th: String,
    pub label_en: String,
    pub date: String,
    pub shown_date: String,
}

pub(crate) fn deadline_rows(lang: Lang, list: &[Deadline]) -> Vec<DeadlineRowView> {
    list.iter()
        .map(|d| DeadlineRowView {
            label_th: d.label_th.clone(),
            label_en: d.label_en.clone().unwrap_or_default(),
            date: d.date.clone(),
            shown_date: date_for(lang, &d.date),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "provinces/plan.html")]
struct PlanPage {
    page: PageContext,
    year: FiscalYear,
    province: String,
    heading: String,
    activities: Vec<ActivityView>,
    deadlines: Vec<DeadlineRowView>,
    /// The editor's rows: the deadlines plus empty ones to add.
    deadline_form: Vec<DeadlineRowView>,
    statuses: Vec<StatusOption>,
    can_write: bool,
    form: PlanInput,
    errors: Vec<FormError>,
}

fn heading(lang: Lang, scope: &provinces::ProvinceScope, year: FiscalYear) -> String {
    match lang {
        Lang::Th => provinces::plan_title(&scope.name_th, year),
        Lang::En => format!(
            "ITA drive plan, {} province, fiscal year {year}",
            scope.name_en
        ),
    }
}

async fn plan_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    province: &str,
    form: PlanInput,
    errors: Vec<FormError>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let lang = page.lang;
    let (scope, plan) = provinces::list_plan(&state.core, &user.actor, year, province).await?;
    let deadlines = provinces::list_deadlines(&state.core, &user.actor, year, &scope.code).await?;
    let deadlines = deadline_rows(lang, &deadlines);
    let mut deadline_form: Vec<DeadlineRowView> = Vec::new();
    for d in &deadlines {
        deadline_form.push(DeadlineRowView {
            label_th: d.label_th.clone(),
            label_en: d.label_en.clone(),
            date: date_input(lang, &d.date),
            shown_date: d.shown_date.clone(),
        });
    }
    for _ in 0..3 {
        deadline_form.push(DeadlineRowView {
            label_th: String::new(),
            label_en: String::new(),
            date: String::new(),
            shown_date: String::new(),
        });
    }
    Ok(render(&PlanPage {
        year,
        heading: heading(lang, &scope, year),
        province: scope.code,
        activities: plan.iter().map(|a| activity_view(lang, a)).collect(),
        deadlines,
        deadline_form,
        statuses: status_options(lang),
        can_write: user.actor.role == Role::ProvinceCoordinator,
        form,
        errors,
        page,
    }))
}

pub async fn show_plan(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Response, ApiError> {
    let form = PlanInput {
        status: "planned".into(),
        ..Default::default()
    };
    plan_page(&state, page, &user, year, &province, form, Vec::new()).await
}

/// The form's fields, as text (an empty note is no note).
#[derive(serde::Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

impl From<ActivityForm> for PlanInput {
    fn from(f: ActivityForm) -> Self {
        PlanInput {
            title: f.title,
            start: f.start,
            end: f.end,
            responsible: f.responsible,
            status: f.status,
            note: Some(f.note).filter(|n| !n.trim().is_empty()),
        }
    }
}

fn plan_url(year: FiscalYear, province: &str) -> String {
    format!("/cycles/{year}/provinces/{province}/plan")
}

pub async fn add_activity(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Form(form): Form<ActivityForm>,
) -> Result<Response, ApiError> {
    let input = PlanInput::from(form);
    match provinces::add_activity(&state.core, &user.actor, year, &province, &input).await {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?done=plan.added", plan_url(year, &province))).into_response(),
        ),
        Err(CoreError::Invalid(errors)) => {
            let errors = page.form_errors(&errors);
            let mut r = plan_page(&state, page, &user, year, &province, input, errors).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "provinces/activity_form.html")]
struct ActivityPage {
    page: PageContext,
    year: FiscalYear,
    province: String,
    id: ActivityId,
    form: PlanInput,
    statuses: Vec<StatusOption>,
    errors: Vec<FormError>,
}

fn edit_page(
    page: PageContext,
    year: FiscalYear,
    province: &str,
    id: ActivityId,
    form: PlanInput,
    errors: Vec<FormError>,
) -> Response {
    let page = page.with_section("cycles");
    render(&ActivityPage {
        statuses: status_options(page.lang),
        page,
        year,
        province: province.to_string(),
        id,
        form,
        errors,
    })
}

pub async fn edit_activity(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, ActivityId)>,
) -> Result<Response, ApiError> {
    let a = provinces::get_activity(&state.core, &user.actor, year, &province, id).await?;
    let form = PlanInput {
        title: a.title,
        start: date_input(page.lang, &a.start),
        end: date_input(page.lang, &a.end),
        responsible: a.responsible,
        status: a.status.as_str().to_string(),
        note: a.note,
    };
    Ok(edit_page(page, year, &province, id, form, Vec::new()))
}

pub async fn update_activity(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, ActivityId)>,
    Form(form): Form<ActivityForm>,
) -> Result<Response, ApiError> {
    let input = PlanInput::from(form);
    match provinces::update_activity(&state.core, &user.actor, year, &province, id, &input).await {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?done=plan.updated", plan_url(year, &province)))
                .into_response(),
        ),
        Err(CoreError::Invalid(errors)) => {
            let errors = page.form_errors(&errors);
            let mut r = edit_page(page, year, &province, id, input, errors);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

/// The second step of a delete: what will go, and a button that posts the deletion.
#[derive(Template)]
#[template(path = "provinces/confirm_delete.html")]
pub(super) struct ConfirmDeletePage {
    pub(super) page: PageContext,
    pub(super) heading: String,
    pub(super) question: String,
    pub(super) what: String,
    pub(super) detail: String,
    pub(super) action: String,
    pub(super) back: String,
}

pub async fn confirm_delete_activity(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, ActivityId)>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let a = provinces::get_activity(&state.core, &user.actor, year, &province, id).await?;
    // Only a writer gets this far through the route table; the core checks again on POST.
    let view = activity_view(page.lang, &a);
    let back = plan_url(year, &province);
    Ok(render(&ConfirmDeletePage {
        heading: page.t("plan.delete").to_string(),
        question: page.t("plan.confirm_delete").to_string(),
        what: view.title,
        detail: format!("{} · {}", view.period, view.responsible),
        action: format!("{back}/{id}/delete"),
        back,
        page,
    }))
}

pub async fn delete_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, ActivityId)>,
) -> Result<Response, ApiError> {
    provinces::delete_activity(&state.core, &user.actor, year, &province, id).await?;
    Ok(Redirect::to(&format!("{}?done=plan.deleted", plan_url(year, &province))).into_response())
}

/// The deadlines editor posts rows `label_th_N`, `label_en_N`, `date_N`; a row with neither
/// a label nor a date is dropped.
pub async fn save_deadlines(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let mut rows: std::collections::BTreeMap<usize, Deadline> = std::collections::BTreeMap::new();
    for (key, value) in fields {
        let Some((name, index)) = key.rsplit_once('_') else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        let row = rows.entry(index).or_insert_with(|| Deadline {
            label_th: String::new(),
            label_en: None,
            date: String::new(),
        });
        match name {
            "label_th" => row.label_th = value,
            "label_en" => row.label_en = Some(value).filter(|v| !v.trim().is_empty()),
            "date" => row.date = value,
            _ => {}
        }
    }
    let list: Vec<Deadline> = rows
        .into_values()
        .filter(|d| !d.label_th.trim().is_empty() || !d.date.trim().is_empty())
        .collect();
    match provinces::replace_deadlines(&state.core, &user.actor, year, &province, &list).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?done=deadlines.saved#deadlines",
            plan_url(year, &province)
        ))
        .into_response()),
        Err(CoreError::Invalid(errors)) => {
            let errors = page.form_errors(&errors);
            let form = PlanInput {
                status: "planned".into(),
                ..Default::default()
            };
            let mut r = plan_page(&state, page, &user, year, &province, form, errors).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
