//! The province's report forms page: the five forms with their XLSX and PDF links.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{extract::State, response::Response};
use openita_core::provinces;
use openita_types::FiscalYear;

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
    year: FiscalYear,
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
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
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
