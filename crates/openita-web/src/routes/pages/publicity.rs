//! An agency's publicity report: where it published its survey links. The agency admin
//! fills rows (channel, address, note); everyone who may see the agency reads the list.

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
    CoreError, agencies,
    provinces::{self, ChannelInput, ChannelKind},
};
use openita_types::{AgencyCode, FiscalYear, Role};

pub struct KindOption {
    pub value: &'static str,
    pub name: &'static str,
}

pub struct ChannelRow {
    pub kind: String,
    pub kind_name: String,
    pub url: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "agency_cycle/publicity.html")]
struct PublicityPage {
    page: PageContext,
    year: FiscalYear,
    code: String,
    agency_name: String,
    channels: Vec<ChannelRow>,
    form_rows: Vec<ChannelRow>,
    kinds: Vec<KindOption>,
    can_edit: bool,
    errors: Vec<FormError>,
}

fn kind_name(page: &PageContext, kind: &str) -> String {
    ChannelKind::parse(kind)
        .map(|k| page.pick(k.name_th(), k.name_en()).to_string())
        .unwrap_or_default()
}

async fn publicity_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    submitted: Option<Vec<ChannelInput>>,
    errors: Vec<FormError>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let agency = agencies::find_visible_agency(&state.core, &user.actor, code).await?;
    let view = provinces::get_publicity(&state.core, &user.actor, year, code).await?;
    let channels: Vec<ChannelRow> = view
        .channels
        .iter()
        .map(|c| ChannelRow {
            kind: c.kind.as_str().to_string(),
            kind_name: page.pick(c.kind.name_th(), c.kind.name_en()).to_string(),
            url: c.url.clone().unwrap_or_default(),
            note: c.note.clone().unwrap_or_default(),
        })
        .collect();
    let mut form_rows: Vec<ChannelRow> = match submitted {
        Some(rows) => rows
            .into_iter()
            .map(|c| ChannelRow {
                kind_name: kind_name(&page, &c.kind),
                kind: c.kind,
                url: c.url.unwrap_or_default(),
                note: c.note.unwrap_or_default(),
            })
            .collect(),
        None => channels
            .iter()
            .map(|c| ChannelRow {
                kind: c.kind.clone(),
                kind_name: c.kind_name.clone(),
                url: c.url.clone(),
                note: c.note.clone(),
            })
            .collect(),
    };
    while form_rows.len() < (channels.len() + 3).min(provinces::MAX_CHANNELS) {
        form_rows.push(ChannelRow {
            kind: String::new(),
            kind_name: String::new(),
            url: String::new(),
            note: String::new(),
        });
    }
    let kinds = ChannelKind::ALL
        .into_iter()
        .map(|k| KindOption {
            value: k.as_str(),
            name: page.pick(k.name_th(), k.name_en()),
        })
        .collect();
    Ok(render(&PublicityPage {
        year,
        code: String::from(agency.code),
        agency_name: agency.name_th,
        channels,
        form_rows,
        kinds,
        can_edit: user.actor.role == Role::AgencyAdmin,
        errors,
        page,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    publicity_page(&state, page, &user, year, &code, None, Vec::new()).await
}

/// Rows `kind_N`, `url_N`, `note_N`; a row without a kind is unused.
pub async fn save(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let mut rows: std::collections::BTreeMap<usize, ChannelInput> =
        std::collections::BTreeMap::new();
    for (key, value) in fields {
        let Some((name, index)) = key.rsplit_once('_') else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        let row = rows.entry(index).or_default();
        match name {
            "kind" => row.kind = value,
            "url" => row.url = Some(value),
            "note" => row.note = Some(value),
            _ => {}
        }
    }
    let list: Vec<ChannelInput> = rows
        .into_values()
        .filter(|c| !c.kind.trim().is_empty())
        .collect();
    match provinces::set_publicity(&state.core, &user.actor, year, &code, &list).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/cycles/{year}/agencies/{code}/publicity?done=publicity.saved"
        ))
        .into_response()),
        Err(CoreError::Invalid(errors)) => {
            let errors = page.form_errors(&errors);
            let mut r =
                publicity_page(&state, page, &user, year, &code, Some(list), errors).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
