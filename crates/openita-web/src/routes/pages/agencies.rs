//! Agency pages: the filtered list, one agency, the add/edit form and the file import.

use super::{FormError, PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    accounts::{self, UserView},
    agencies::{self, AgencyInput, AgencyQuery, AgencyView, ImportReport},
    background,
};
use openita_types::{AgencyCode, AgencyType, Role};

const PER_PAGE: i64 = 50;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub(crate) fn type_choices(page: &PageContext, selected: &str) -> Vec<Choice> {
    AgencyType::ALL
        .iter()
        .map(|t| Choice {
            value: t.code().to_string(),
            label: page.pick(t.name_th(), t.name_en()).to_string(),
            selected: t.code() == selected,
        })
        .collect()
}

pub(crate) fn province_choices(page: &PageContext, selected: &str) -> Vec<Choice> {
    let selected_code = openita_geography::province(selected).map(|p| p.code.to_string());
    let out: Vec<Choice> = openita_geography::provinces()
        .iter()
        .map(|p| Choice {
            value: p.code.to_string(),
            label: page.pick(&p.name_th, &p.name_en).to_string(),
            selected: selected_code.as_deref() == Some(&*p.code),
        })
        .collect();
    in_reading_order(page, out)
}

/// Thai names in dictionary order (อ่างทอง before อุบลราชธานี, เชียงราย among the ช),
/// English ones alphabetically.
fn in_reading_order(page: &PageContext, mut choices: Vec<Choice>) -> Vec<Choice> {
    match page.lang {
        openita_types::Lang::Th => {
            openita_types::thai_order::sort_thai_by(&mut choices, |c| &c.label)
        }
        openita_types::Lang::En => choices.sort_by(|a, b| a.label.cmp(&b.label)),
    }
    choices
}

fn district_choices(page: &PageContext, province: &str, selected: &str) -> Vec<Choice> {
    let Some(p) = openita_geography::province(province) else {
        return Vec::new();
    };
    let selected_code = openita_geography::district(&p.code, selected).map(|d| d.code.to_string());
    let out = openita_geography::districts_of(&p.code)
        .iter()
        .map(|d| Choice {
            value: d.code.to_string(),
            label: page.pick(&d.name_th, &d.name_en).to_string(),
            selected: selected_code.as_deref() == Some(&*d.code),
        })
        .collect();
    in_reading_order(page, out)
}

#[derive(Template)]
#[template(path = "agencies/list.html")]
struct ListPage {
    page: PageContext,
    agencies: Vec<AgencyView>,
    total: i64,
    page_no: i64,
    pages: i64,
    query_string: String,
    q: String,
    provinces: Vec<Choice>,
    districts: Vec<Choice>,
    types: Vec<Choice>,
    error: Option<String>,
}

impl ListPage {
    fn type_name(&self, t: &AgencyType) -> &'static str {
        self.page.pick(t.name_th(), t.name_en())
    }
}

pub async fn list(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Query(mut query): Query<AgencyQuery>,
) -> Response {
    let page = page.with_section("agencies");
    query.per_page = Some(PER_PAGE);
    let page_no = query.page.unwrap_or(1).max(1);
    let (agencies, total, error) =
        match agencies::list_agencies(&state.core, &user.actor, &query).await {
            Ok((a, t)) => (a, t, None),
            Err(e @ (CoreError::Invalid(_) | CoreError::Forbidden(_))) => {
                (Vec::new(), 0, Some(e.text().get(page.lang).to_string()))
            }
            Err(e) => return ApiError::from(e).into_response(),
        };
    let province = query.province.clone().unwrap_or_default();
    let district = query.district.clone().unwrap_or_default();
    let agency_type = query.agency_type.clone().unwrap_or_default();
    let q = query.q.clone().unwrap_or_default();
    let query_string = serde_urlencoded::to_string([
        ("province", &province),
        ("district", &district),
        ("type", &agency_type),
        ("q", &q),
    ])
    .unwrap_or_default();
    render(&ListPage {
        provinces: province_choices(&page, &province),
        districts: district_choices(&page, &province, &district),
        types: type_choices(&page, &agency_type),
        page,
        agencies,
        total,
        page_no,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        query_string,
        q,
        error,
    })
}

#[derive(Template)]
#[template(path = "agencies/show.html")]
struct ShowPage {
    page: PageContext,
    agency: AgencyView,
    type_name: String,
    users: Vec<UserView>,
    contact: Option<agencies::ContactView>,
    can_edit_contact: bool,
    /// What the contact form shows: (name, phone, e-mail).
    contact_input: (String, String, String),
    contact_error: Option<String>,
}

impl ShowPage {
    fn tel(&self, phone: &str) -> String {
        super::tel_target(phone)
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
) -> Result<Response, ApiError> {
    show_page(&state, page, &user, &code, None).await
}

/// The agency's page; with a refused contact form, that form's input and message.
async fn show_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    code: &AgencyCode,
    refused: Option<(agencies::ContactInput, String)>,
) -> Result<Response, ApiError> {
    let page = page.with_section("agencies");
    let agency = agencies::find_visible_agency(&state.core, &user.actor, code).await?;
    let users = if matches!(
        user.actor.role,
        Role::NaccAdmin | Role::AgencyAdmin | Role::AgencyExecutive
    ) {
        let filter = accounts::UserFilter {
            agency_id: Some(agency.id.get()),
            ..Default::default()
        };
        accounts::list_users(&state.core, &user.actor, &filter).await?
    } else {
        Vec::new()
    };
    let contact = if Role::AGENCY_READERS.contains(&user.actor.role) {
        agencies::agency_contact(&state.core, &user.actor, code).await?
    } else {
        None
    };
    let type_name = page
        .pick(agency.agency_type.name_th(), agency.agency_type.name_en())
        .to_string();
    let (contact_input, contact_error) = match refused {
        Some((input, message)) => (
            (input.name, input.phone, input.email.unwrap_or_default()),
            Some(message),
        ),
        None => (
            contact
                .as_ref()
                .map(|c| {
                    (
                        c.name.clone(),
                        c.phone.clone(),
                        c.email.clone().unwrap_or_default(),
                    )
                })
                .unwrap_or_default(),
            None,
        ),
    };
    let mut response = render(&ShowPage {
        can_edit_contact: user.actor.role == Role::AgencyAdmin,
        page,
        agency,
        type_name,
        users,
        contact,
        contact_input,
        contact_error: contact_error.clone(),
    });
    if contact_error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(serde::Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

/// The agency admin names the agency's contact person.
pub async fn set_contact(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
    Form(form): Form<ContactForm>,
) -> Result<Response, ApiError> {
    let input = agencies::ContactInput {
        name: form.name,
        phone: form.phone,
        email: Some(form.email).filter(|e| !e.trim().is_empty()),
    };
    match agencies::set_agency_contact(&state.core, &user.actor, &code, &input).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/agencies/{code}?done=contact.saved#contact")).into_response(),
        ),
        Err(e @ CoreError::Invalid(_)) => {
            let message = e.text().get(page.lang).to_string();
            show_page(&state, page, &user, &code, Some((input, message))).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "agencies/form.html")]
struct FormPage {
    page: PageContext,
    /// The code being edited; None when adding.
    editing: Option<String>,
    input: AgencyInput,
    types: Vec<Choice>,
    provinces: Vec<Choice>,
    districts: Vec<Choice>,
    errors: Vec<FormError>,
}

impl FormPage {
    fn new(
        page: PageContext,
        editing: Option<String>,
        input: AgencyInput,
        errors: Vec<FormError>,
    ) -> Self {
        let page = page.with_section("agencies");
        FormPage {
            types: type_choices(&page, &input.agency_type),
            provinces: province_choices(&page, &input.province),
            districts: district_choices(
                &page,
                &input.province,
                input.district.as_deref().unwrap_or(""),
            ),
            page,
            editing,
            input,
            errors,
        }
    }

    fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    fn name_en(&self) -> &str {
        self.input.name_en.as_deref().unwrap_or("")
    }

    fn website(&self) -> &str {
        self.input.website.as_deref().unwrap_or("")
    }
}

pub async fn new_form(page: PageContext) -> Response {
    render(&FormPage::new(
        page,
        None,
        AgencyInput::default(),
        Vec::new(),
    ))
}

/// Re-renders the form with every problem marked (422), keeping what was typed.
fn invalid_form(
    page: PageContext,
    editing: Option<String>,
    input: AgencyInput,
    e: CoreError,
) -> Response {
    match e {
        CoreError::Invalid(fields) => {
            let errors = page.form_errors(&fields);
            let mut response = render(&FormPage::new(page, editing, input, errors));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
        other => ApiError::from(other).into_response(),
    }
}

pub async fn create(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Form(input): Form<AgencyInput>,
) -> Response {
    match agencies::create_agency(&state.core, &user.actor, &input).await {
        Ok(a) => {
            Redirect::to(&format!("/agencies/{}?done=agencies.created", a.code)).into_response()
        }
        Err(e) => invalid_form(page, None, input, e),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
) -> Result<Response, ApiError> {
    let a = agencies::find_visible_agency(&state.core, &user.actor, &code).await?;
    let input = AgencyInput {
        code: String::from(a.code.clone()),
        name_th: a.name_th,
        name_en: a.name_en,
        agency_type: a.agency_type.code().to_string(),
        province: a.province_code,
        district: a.district_code,
        website: a.website,
    };
    Ok(render(&FormPage::new(
        page,
        Some(String::from(a.code)),
        input,
        Vec::new(),
    )))
}

pub async fn update(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(code): ApiPath<AgencyCode>,
    Form(input): Form<AgencyInput>,
) -> Response {
    match agencies::update_agency(&state.core, &user.actor, &code, &input).await {
        Ok(a) => {
            Redirect::to(&format!("/agencies/{}?done=agencies.updated", a.code)).into_response()
        }
        Err(e) => invalid_form(page, Some(String::from(code)), input, e),
    }
}

#[derive(Template)]
#[template(path = "agencies/import.html")]
struct ImportPage {
    page: PageContext,
    report: Option<ImportReport>,
    error: Option<String>,
}

impl ImportPage {
    fn message<'a>(&self, text: &'a openita_types::Text) -> &'a str {
        text.get(self.page.lang)
    }
}

pub async fn import_form(page: PageContext) -> Response {
    render(&ImportPage {
        page: page.with_section("agencies"),
        report: None,
        error: None,
    })
}

/// Reads the uploaded file from the multipart form.
async fn uploaded_file(mut multipart: Multipart) -> Option<Vec<u8>> {
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            return field.bytes().await.ok().map(|b| b.to_vec());
        }
    }
    None
}

/// Queues the import as a background job and sends the browser to its progress page.
pub async fn import(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    multipart: Multipart,
) -> Response {
    let page = page.with_section("agencies");
    let lang = page.lang;
    let fail = |page: PageContext, message: String| {
        let mut r = render(&ImportPage {
            page,
            report: None,
            error: Some(message),
        });
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    };
    let Some(bytes) = uploaded_file(multipart).await.filter(|b| !b.is_empty()) else {
        let msg = page
            .pick("โปรดเลือกไฟล์ที่จะนำเข้า", "Choose a file to import.")
            .to_string();
        return fail(page, msg);
    };
    match background::enqueue_agency_import(&state.core, &user.actor, &bytes).await {
        Ok(job) => Redirect::to(&format!("/jobs/{}", job.id)).into_response(),
        Err(e @ CoreError::Invalid(_)) => fail(page, e.text().get(lang).to_string()),
        Err(e) => ApiError::from(e).into_response(),
    }
}
