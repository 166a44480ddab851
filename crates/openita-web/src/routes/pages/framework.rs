//! The framework viewer of a cycle (indicators, questions, answer scales, OIT items with their
//! checklists, and what the framework says is unverified) and the form that replaces the
//! framework before the cycle opens.

use super::{FormError, PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    extract::{Multipart, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    cycles::{self, CycleView, FrameworkSource},
};
use openita_framework::Framework;
use openita_types::{FiscalYear, Lang};

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
    /// Why the item names are not NACC's exact wording, when the framework says so.
    pub unverified_names: Option<String>,
}

/// An answer scale with its options, level 1 first.
pub struct ScaleView {
    pub name: String,
    /// (level, label, value)
    pub options: Vec<(usize, String, String)>,
    /// Why the options are not checked against NACC's, when the framework says so.
    pub unverified: Option<String>,
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
    scales: Vec<ScaleView>,
    notes: Vec<String>,
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
            unverified_names: i
                .unverified_item_names
                .as_ref()
                .map(|why| lang.pick(&why.th, &why.en).to_string()),
        })
        .collect();
    // The mark travels with the labels: whoever reads the options here also reads that they
    // are not NACC's checked ones. The public survey form shows the options without it.
    let scales = def
        .scales
        .iter()
        .map(|(name, values)| ScaleView {
            name: name.clone(),
            options: values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let label = def
                        .scale_labels
                        .get(name)
                        .and_then(|labels| labels.get(i))
                        .map(|l| lang.pick(&l.th, &l.en).to_string())
                        .unwrap_or_default();
                    (i + 1, label, number(v.as_f64()))
                })
                .collect(),
            unverified: def
                .unverified_scales
                .get(name)
                .map(|why| lang.pick(&why.th, &why.en).to_string()),
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
        scales,
        notes: def
            .notes
            .iter()
            .map(|n| lang.pick(&n.th, &n.en).to_string())
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
    ApiPath(year): ApiPath<FiscalYear>,
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
    ApiPath(year): ApiPath<FiscalYear>,
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
