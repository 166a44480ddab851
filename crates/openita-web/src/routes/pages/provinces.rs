//! A province's drive as pages: the plan (list, add, edit, delete after a confirmation
//! page), its deadlines editor, and the documents it sends its agencies. Plain forms with
//! the CSRF field, no JavaScript; activities are cards so a phone shows them whole.

use super::{FormError, PageContext, render};
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
    provinces::{self, Deadline, DocumentView, PlanActivity, PlanInput, PlanStatus},
};
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

pub struct ActivityView {
    pub id: i64,
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
    year: i64,
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

fn heading(lang: Lang, scope: &provinces::ProvinceScope, year: i64) -> String {
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
    year: i64,
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
            date: d.date.clone(),
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
    Path((year, province)): Path<(i64, String)>,
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

fn plan_url(year: i64, province: &str) -> String {
    format!("/cycles/{year}/provinces/{province}/plan")
}

pub async fn add_activity(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path((year, province)): Path<(i64, String)>,
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
    year: i64,
    province: String,
    id: i64,
    form: PlanInput,
    statuses: Vec<StatusOption>,
    errors: Vec<FormError>,
}

fn edit_page(
    page: PageContext,
    year: i64,
    province: &str,
    id: i64,
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
    Path((year, province, id)): Path<(i64, String, i64)>,
) -> Result<Response, ApiError> {
    let a = provinces::get_activity(&state.core, &user.actor, year, &province, id).await?;
    let form = PlanInput {
        title: a.title,
        start: a.start,
        end: a.end,
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
    Path((year, province, id)): Path<(i64, String, i64)>,
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
struct ConfirmDeletePage {
    page: PageContext,
    heading: String,
    question: String,
    what: String,
    detail: String,
    action: String,
    back: String,
}

pub async fn confirm_delete_activity(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path((year, province, id)): Path<(i64, String, i64)>,
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
    Path((year, province, id)): Path<(i64, String, i64)>,
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
    Path((year, province)): Path<(i64, String)>,
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

pub struct DocumentRowView {
    pub id: i64,
    pub title: String,
    pub filename: String,
    pub size: String,
    pub uploaded_by: String,
}

fn document_row(d: &DocumentView) -> DocumentRowView {
    #[expect(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let size = if d.size_bytes >= 1024 * 1024 {
        format!("{:.1} MB", d.size_bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (d.size_bytes + 1023) / 1024)
    };
    DocumentRowView {
        id: d.id,
        title: d.title.clone(),
        filename: d.filename.clone(),
        size,
        uploaded_by: d.uploaded_by.clone(),
    }
}

#[derive(Template)]
#[template(path = "provinces/documents.html")]
struct DocumentsPage {
    page: PageContext,
    year: i64,
    province: String,
    province_name: String,
    documents: Vec<DocumentRowView>,
    can_write: bool,
    sees_plan: bool,
    error: Option<String>,
}

async fn documents_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: i64,
    province: &str,
    error: Option<String>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let (scope, docs) = provinces::list_documents(&state.core, &user.actor, year, province).await?;
    let role = user.actor.role;
    Ok(render(&DocumentsPage {
        year,
        province_name: page.pick(&scope.name_th, &scope.name_en).to_string(),
        province: scope.code,
        documents: docs.iter().map(document_row).collect(),
        can_write: role == Role::ProvinceCoordinator,
        sees_plan: matches!(role, Role::ProvinceCoordinator | Role::NaccAdmin),
        error,
        page,
    }))
}

pub async fn show_documents(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path((year, province)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    documents_page(&state, page, &user, year, &province, None).await
}

pub async fn upload_document(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path((year, province)): Path<(i64, String)>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let (mut title, mut filename, mut content) = (String::new(), String::new(), Vec::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("title") => title = field.text().await.unwrap_or_default(),
            Some("file") => {
                filename = field.file_name().unwrap_or_default().to_string();
                content = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            }
            _ => {}
        }
    }
    let result = provinces::upload_document(
        &state.core,
        &user.actor,
        year,
        &province,
        &title,
        &filename,
        &content,
    )
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/cycles/{year}/provinces/{province}/documents?done=docs.uploaded"
        ))
        .into_response()),
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let status = if matches!(e, CoreError::Invalid(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            let message = e.text().get(page.lang).to_string();
            let mut r = documents_page(&state, page, &user, year, &province, Some(message)).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm_delete_document(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path((year, province, id)): Path<(i64, String, i64)>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let (scope, docs) =
        provinces::list_documents(&state.core, &user.actor, year, &province).await?;
    let doc = docs
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| ApiError::from(CoreError::not_found("ไม่พบเอกสารนี้", "No such document.")))?;
    let back = format!("/cycles/{year}/provinces/{}/documents", scope.code);
    Ok(render(&ConfirmDeletePage {
        heading: page.t("docs.delete").to_string(),
        question: page.t("docs.confirm_delete").to_string(),
        what: doc.title.clone(),
        detail: doc.filename.clone(),
        action: format!("{back}/{id}/delete"),
        back,
        page,
    }))
}

pub async fn delete_document(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((year, province, id)): Path<(i64, String, i64)>,
) -> Result<Response, ApiError> {
    provinces::delete_document(&state.core, &user.actor, year, &province, id).await?;
    Ok(Redirect::to(&format!(
        "/cycles/{year}/provinces/{province}/documents?done=docs.deleted"
    ))
    .into_response())
}

/// One report form with its download links.
pub struct FormLinkView {
    pub slug: &'static str,
    pub name_th: &'static str,
    pub name_en: &'static str,
    pub about_th: &'static str,
    pub about_en: &'static str,
    pub xlsx: String,
    pub pdf: String,
}

pub struct DistrictOption {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "provinces/forms.html")]
struct FormsPage {
    page: PageContext,
    year: i64,
    province: String,
    place_th: String,
    place_en: String,
    forms: Vec<FormLinkView>,
    districts: Vec<DistrictOption>,
}

#[derive(serde::Deserialize, Default)]
pub struct FormsQuery {
    pub district: Option<String>,
}

/// `/cycles/{year}/provinces/{province}/forms`: the five report forms with XLSX and PDF links,
/// for the province or one district of it.
pub async fn show_forms(
    State(_state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Path((year, province)): Path<(i64, String)>,
    axum::extract::Query(q): axum::extract::Query<FormsQuery>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let area = provinces::form_area(&user.actor, &province, q.district.as_deref())?;
    let chosen = area.district.as_ref().map(|d| d.code.clone());
    let suffix = match (&chosen, area.districts.is_empty()) {
        // A district coordinator's forms are always of its district: no parameter needed.
        (Some(code), false) => format!("?district={code}"),
        _ => String::new(),
    };
    let base = format!(
        "/api/v1/cycles/{year}/provinces/{}/forms",
        area.province.code
    );
    let forms = provinces::FormKind::ALL
        .into_iter()
        .map(|k| FormLinkView {
            slug: k.slug(),
            name_th: k.name_th(),
            name_en: k.name_en(),
            about_th: k.about_th(),
            about_en: k.about_en(),
            xlsx: format!("{base}/{}.xlsx{suffix}", k.slug()),
            pdf: format!("{base}/{}.pdf{suffix}", k.slug()),
        })
        .collect();
    let districts = area
        .districts
        .iter()
        .map(|d| DistrictOption {
            code: d.code.clone(),
            name: page.pick(&d.name_th, &d.name_en).to_string(),
            selected: chosen.as_deref() == Some(d.code.as_str()),
        })
        .collect();
    Ok(render(&FormsPage {
        year,
        place_th: provinces::place_th(&area.province, area.district.as_ref()),
        place_en: provinces::place_en(&area.province, area.district.as_ref()),
        province: area.province.code.clone(),
        forms,
        districts,
        page,
    }))
}
