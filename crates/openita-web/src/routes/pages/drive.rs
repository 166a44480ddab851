//! The coordinators' drive pages: a province's (or district's) dashboard with its targets,
//! and the national view. The same core use cases as the API; charts are server-drawn SVG.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use openita_core::oit_review::OitState;
use openita_core::{
    CoreError,
    dashboards::{self, AgencyOnDashboard, AreaDashboard, AreaQuery, Missing, NationalRow},
};
use openita_reports::chart::{Bar, bars};
use openita_types::{AgencyType, FiscalYear, Role};

/// A choice of a filter's drop-down.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "drive/area.html")]
struct AreaPage {
    page: PageContext,
    board: AreaDashboard,
    districts: Vec<Choice>,
    types: Vec<Choice>,
    reasons: Vec<Choice>,
    sorts: Vec<Choice>,
    at_risk_only: bool,
    chart: String,
    can_set_targets: bool,
    error: Option<String>,
}

impl AreaPage {
    fn missing_label(&self, m: &Missing) -> &'static str {
        self.page.pick(m.label_th(), m.label_en())
    }

    fn type_name(&self, t: &AgencyType) -> &'static str {
        self.page.pick(t.name_th(), t.name_en())
    }

    fn opt(&self, v: &Option<i64>) -> String {
        v.map(|n| n.to_string()).unwrap_or_else(|| "–".into())
    }

    fn num(&self, v: &Option<openita_scoring::Decimal2>) -> String {
        v.map(|d| d.to_string()).unwrap_or_else(|| "–".into())
    }

    fn tel(&self, phone: &str) -> String {
        super::tel_target(phone)
    }

    fn place(&self) -> String {
        let b = &self.board;
        match &b.district {
            Some(d) => format!(
                "{} {}",
                self.page.pick(&b.province.name_th, &b.province.name_en),
                self.page.pick(&d.name_th, &d.name_en)
            ),
            None => self
                .page
                .pick(&b.province.name_th, &b.province.name_en)
                .to_string(),
        }
    }

    /// When the facts were read, as a person reads it (Bangkok time, Buddhist era in Thai).
    fn as_of(&self) -> String {
        match chrono::DateTime::parse_from_rfc3339(&self.board.as_of) {
            Ok(at) => {
                let at = at.to_utc();
                match self.page.lang {
                    openita_types::Lang::Th => openita_types::thai_time::thai_datetime_short(at),
                    openita_types::Lang::En => openita_types::thai_time::english_datetime_short(at),
                }
            }
            Err(_) => self.board.as_of.clone(),
        }
    }

    fn state_name(&self, state: &OitState) -> &'static str {
        super::oit::state_name(self.page.lang, *state)
    }

    fn line_class(&self, l: &AgencyOnDashboard) -> &'static str {
        if l.at_risk { "risk" } else { "" }
    }
}

pub(crate) fn choices(
    all: impl Iterator<Item = (String, String)>,
    selected: Option<&str>,
    any: &str,
) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: any.to_string(),
        selected: selected.is_none_or(str::is_empty),
    }];
    out.extend(all.map(|(value, label)| Choice {
        selected: selected == Some(value.as_str()),
        value,
        label,
    }));
    out
}

async fn area_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    province: &str,
    query: AreaQuery,
    error: Option<String>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let board =
        dashboards::area_dashboard(&state.core, &user.actor, year, province, &query).await?;
    let any = page.t("drive.all");
    let districts = if user.actor.role == Role::DistrictCoordinator {
        Vec::new()
    } else {
        choices(
            openita_geography::districts_of(&board.province.code)
                .iter()
                .map(|d| {
                    (
                        d.code.clone(),
                        page.pick(&d.name_th, &d.name_en).to_string(),
                    )
                }),
            board.district.as_ref().map(|d| d.code.as_str()),
            any,
        )
    };
    let types = choices(
        AgencyType::ALL.iter().map(|t| {
            (
                t.code().to_string(),
                page.pick(t.name_th(), t.name_en()).to_string(),
            )
        }),
        query.agency_type.as_deref(),
        any,
    );
    let reasons = choices(
        Missing::ALL.iter().map(|m| {
            (
                m.code().to_string(),
                page.pick(m.label_th(), m.label_en()).to_string(),
            )
        }),
        query.missing.as_deref(),
        any,
    );
    let sort = query.sort.as_deref().unwrap_or("risk");
    let sorts = [
        ("risk", "drive.sort_risk"),
        ("predicted", "drive.sort_predicted"),
        ("iit", "IIT"),
        ("eit", "EIT"),
        ("code", "drive.sort_code"),
    ]
    .into_iter()
    .map(|(value, key)| Choice {
        value: value.to_string(),
        label: page.t(key).to_string(),
        selected: value == sort,
    })
    .collect();
    // Predicted mean per district (or, within a district, per agency type).
    let groups = if board.district.is_some() {
        &board.summary.by_type
    } else {
        &board.summary.by_district
    };
    let chart_bars: Vec<Bar> = groups
        .iter()
        .filter_map(|g| {
            Some(Bar {
                label: format!("{} ({})", page.pick(&g.name_th, &g.name_en), g.agencies),
                value: g.predicted_mean?.as_f64(),
                reference: board.targets.mean.map(|m| m.as_f64()),
            })
        })
        .collect();
    let chart = bars(
        page.pick(
            "ค่าเฉลี่ยคะแนนคาดการณ์ (เส้นดำ = เป้าหมายของจังหวัด)",
            "Predicted mean (black tick = the province's target)",
        ),
        &chart_bars,
        board.pass_mark.as_f64(),
    );
    let can_set_targets = matches!(user.actor.role, Role::ProvinceCoordinator | Role::NaccAdmin);
    let mut response = render(&AreaPage {
        at_risk_only: query.at_risk == Some(true),
        page,
        board,
        districts,
        types,
        reasons,
        sorts,
        chart,
        can_set_targets,
        error: error.clone(),
    });
    if error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The filters of the page: empty fields are no filter.
#[derive(serde::Deserialize, Default)]
pub struct AreaForm {
    district: Option<String>,
    #[serde(rename = "type")]
    agency_type: Option<String>,
    missing: Option<String>,
    at_risk: Option<String>,
    sort: Option<String>,
}

impl From<AreaForm> for AreaQuery {
    fn from(f: AreaForm) -> AreaQuery {
        let some = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        AreaQuery {
            district: some(f.district),
            agency_type: some(f.agency_type),
            missing: some(f.missing),
            at_risk: some(f.at_risk).map(|_| true),
            sort: some(f.sort),
        }
    }
}

pub async fn area(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Query(form): Query<AreaForm>,
) -> Result<Response, ApiError> {
    area_page(&state, page, &user, year, &province, form.into(), None).await
}

/// `/cycles/{year}/drive`: a coordinator's own area; the NACC admin's national view.
pub async fn home(
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    let scope = user.actor.scope();
    let target = match scope.home_area() {
        Some((province, _)) => format!("/cycles/{year}/provinces/{province}"),
        None => format!("/cycles/{year}/provinces"),
    };
    Ok(Redirect::to(&target).into_response())
}

#[derive(serde::Deserialize)]
pub struct TargetsForm {
    #[serde(default)]
    pass_rate: String,
    #[serde(default)]
    mean: String,
}

pub async fn set_targets(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Form(form): Form<TargetsForm>,
) -> Result<Response, ApiError> {
    let number = |field: &str, text: &str| -> Result<Option<f64>, CoreError> {
        // Thai digits are digits; a decimal comma is a decimal point here (a percentage).
        let text = openita_types::typed_number::ascii_digits(text.trim()).replace(',', ".");
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<f64>().map(Some).map_err(|_| {
            CoreError::invalid(
                field,
                "โปรดกรอกตัวเลข 0 ถึง 100",
                "Enter a number from 0 to 100.",
            )
        })
    };
    let result = async {
        let input = dashboards::TargetInput {
            pass_rate: number("pass_rate", &form.pass_rate)?,
            mean: number("mean", &form.mean)?,
        };
        dashboards::set_targets(&state.core, &user.actor, year, &province, &input).await
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/cycles/{year}/provinces/{province}?done=drive.targets_saved#targets"
        ))
        .into_response()),
        Err(e @ CoreError::Invalid(_)) => {
            let message = e.text().get(page.lang).to_string();
            area_page(
                &state,
                page,
                &user,
                year,
                &province,
                AreaQuery::default(),
                Some(message),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "drive/national.html")]
struct NationalPage {
    page: PageContext,
    year: FiscalYear,
    rows: Vec<NationalRow>,
    chart: String,
    published: bool,
}

impl NationalPage {
    fn num(&self, v: &Option<openita_scoring::Decimal2>) -> String {
        v.map(|d| d.to_string()).unwrap_or_else(|| "–".into())
    }

    fn mark_label(&self, mark: &Option<&'static str>) -> &'static str {
        match mark {
            Some("dark_red") => self.page.t("drive.dark_red"),
            Some("red") => self.page.t("drive.red"),
            _ => "",
        }
    }
}

pub async fn national(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let rows = dashboards::national_view(&state.core, &user.actor, year).await?;
    let published = rows.iter().any(|r| r.mean.is_some());
    let chart_bars: Vec<Bar> = rows
        .iter()
        .filter_map(|r| {
            Some(Bar {
                label: page
                    .pick(&r.province.name_th, &r.province.name_en)
                    .to_string(),
                value: r.mean.or(r.predicted_mean)?.as_f64(),
                reference: Some(f64::from(dashboards::national::NATIONAL_TARGET_MEAN as i32)),
            })
        })
        .collect();
    let chart = bars(
        page.pick(
            if published {
                "คะแนนเฉลี่ยรายจังหวัด (เส้นดำ = เป้าหมายประเทศ 89)"
            } else {
                "ค่าเฉลี่ยคาดการณ์รายจังหวัด (เส้นดำ = เป้าหมายประเทศ 89)"
            },
            if published {
                "Mean by province (black tick = national target 89)"
            } else {
                "Predicted mean by province (black tick = national target 89)"
            },
        ),
        &chart_bars,
        dashboards::pass_mark(&state.core, &user.actor, year)
            .await?
            .as_f64(),
    );
    Ok(render(&NationalPage {
        page,
        year,
        rows,
        chart,
        published,
    }))
}
