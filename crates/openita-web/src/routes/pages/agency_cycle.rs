//! An agency's page for one cycle: headcount (enter, approve), survey progress against the
//! minimum, the IIT and EIT links with QR codes and posters, and rotating the links.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError, agencies, cycles,
    headcount::{self, HeadcountView},
    survey_integrity, survey_links,
    survey_responses::{self, AgencyStatus},
};
use openita_types::{AgencyCode, FiscalYear};
use openita_types::{
    Lang, Role,
    thai_time::{english_date_long, thai_date_long},
};
use serde::Deserialize;

/// A survey integrity flag and its sentence, in the page language.
pub struct FindingView {
    pub code: &'static str,
    pub text: String,
}

pub struct LinkView {
    pub instrument: &'static str,
    pub title: String,
    pub url: String,
    pub files: String,
}

#[derive(Template)]
#[template(path = "agency_cycle/show.html")]
struct AgencyCyclePage {
    page: PageContext,
    year: FiscalYear,
    code: String,
    agency_name: String,
    status: AgencyStatus,
    headcount: HeadcountView,
    /// The headcount's reference date as the reader reads it ("1 มกราคม 2568").
    reference_date: Option<String>,
    links: Vec<LinkView>,
    /// Shown to the NACC admin and the province's coordinators only.
    integrity: Option<Vec<FindingView>>,
    can_enter: bool,
    can_approve: bool,
    can_rotate: bool,
    /// A refusal about the whole page (shown at the top).
    error: Option<String>,
    /// A refused headcount: why (shown beside the field) and what was typed (kept in it).
    staff_error: Option<String>,
    staff_typed: Option<String>,
    /// The national calendar's windows, in the reader's words.
    calendar: Vec<CalendarRow>,
    /// The province's own deadlines, beside the national calendar.
    deadlines: Vec<super::provinces::DeadlineRowView>,
    province: String,
}

pub struct CalendarRow {
    pub phase: &'static str,
    pub name: String,
    pub start: String,
    pub end: String,
}

impl AgencyCyclePage {
    fn oit_state(&self) -> &'static str {
        super::oit::state_name(self.page.lang, self.status.oit.state)
    }

    fn percent(&self, got: &i64, min: &Option<i64>) -> i64 {
        let got = *got;
        match min {
            Some(m) if *m > 0 => (got * 100 / m).min(100),
            _ => 0,
        }
    }
}

/// An ISO date (the framework's headcount reference date) in the reader's words: B.E. with
/// the Thai month for Thai readers. Anything unreadable is shown as it is.
fn date_for_reader(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => match lang {
            Lang::Th => thai_date_long(date),
            Lang::En => english_date_long(date),
        },
        Err(_) => iso.to_string(),
    }
}

async fn page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    refused: Option<Refused>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    // A refused headcount stands beside its field with the typed text; the rest at the top.
    let (error, staff_error, staff_typed) = match refused {
        Some(Refused {
            message,
            typed: Some(typed),
        }) => (None, Some(message), Some(typed)),
        Some(Refused {
            message,
            typed: None,
        }) => (Some(message), None, None),
        None => (None, None, None),
    };
    let agency = agencies::find_visible_agency(&state.core, &user.actor, code).await?;
    let status = survey_responses::agency_status(&state.core, &user.actor, year, code).await?;
    let headcount = headcount::get_headcount(&state.core, &user.actor, year, code).await?;
    // None: a coordinator looks before the agency has opened its links.
    let links = match survey_links::survey_links(&state.core, &user.actor, year, code).await {
        Ok(links) => Some(links),
        Err(CoreError::NotFound(_)) if user.actor.role.is_coordinator() => None,
        Err(e) => return Err(e.into()),
    };
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let deadlines =
        openita_core::provinces::deadlines_for_agency(&state.core, &user.actor, year, code).await?;
    let day = |at: chrono::DateTime<chrono::Utc>| {
        let date = at
            .with_timezone(&openita_types::thai_time::bangkok())
            .date_naive();
        match page.lang {
            Lang::Th => thai_date_long(date),
            Lang::En => english_date_long(date),
        }
    };
    let calendar = cycle
        .phases
        .iter()
        .map(|w| CalendarRow {
            phase: w.phase.code(),
            name: page.pick(w.phase.name_th(), w.phase.name_en()).to_string(),
            start: day(w.start),
            end: day(w.end),
        })
        .collect();
    let urls = links
        .as_ref()
        .map(|l| crate::routes::api::v1::agency_cycle::link_urls(state, l));
    let role = user.actor.role;
    let integrity = if role == Role::NaccAdmin || role.is_coordinator() {
        let found = survey_integrity::agency_findings(&state.core, &user.actor, year, code).await?;
        Some(
            found
                .into_iter()
                .map(|f| FindingView {
                    code: f.flag.as_str(),
                    text: f.explanation.get(page.lang).to_string(),
                })
                .collect(),
        )
    } else {
        None
    };
    let link = |instrument: &'static str,
                u: &crate::routes::api::v1::agency_cycle::LinkUrls,
                th: &str,
                en: &str| LinkView {
        instrument,
        title: page.pick(th, en).to_string(),
        url: u.url.clone(),
        files: format!(
            "/api/v1/cycles/{year}/agencies/{code}/survey-links/{}",
            instrument.to_lowercase()
        ),
    };
    let links = match &urls {
        Some(urls) => vec![
            link("IIT", &urls.iit, "แบบวัด IIT (บุคลากรภายใน)", "IIT (staff)"),
            link(
                "EIT",
                &urls.eit,
                "แบบวัด EIT (ผู้รับบริการ)",
                "EIT (people served)",
            ),
        ],
        None => Vec::new(),
    };
    let reference_date = headcount
        .reference_date
        .as_deref()
        .map(|d| date_for_reader(page.lang, d));
    let lang = page.lang;
    Ok(render(&AgencyCyclePage {
        can_enter: role == Role::AgencyAdmin,
        can_approve: role == Role::AgencyExecutive
            && headcount.internal_staff.is_some()
            && !headcount.approved,
        can_rotate: matches!(role, Role::AgencyAdmin | Role::NaccAdmin),
        agency_name: agency.name_th.clone(),
        page,
        year,
        code: code.to_string(),
        status,
        reference_date,
        headcount,
        links,
        integrity,
        error,
        staff_error,
        staff_typed,
        calendar,
        deadlines: super::provinces::deadline_rows(lang, &deadlines),
        province: agency.province_code,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    page(&state, p, &user, year, &code, None).await
}

#[derive(Deserialize)]
pub struct HeadcountForm {
    #[serde(default)]
    internal_staff: String,
    #[serde(default)]
    confirm: String,
}

/// A refusal the page shows again: its message, and the headcount as typed when it was the
/// headcount that was refused.
struct Refused {
    message: String,
    typed: Option<String>,
}

/// Refusals a person can fix come back on the page; others are error pages.
#[allow(clippy::too_many_arguments)]
async fn outcome<T>(
    state: &AppState,
    p: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    result: Result<T, CoreError>,
    done: &str,
    typed_staff: Option<String>,
) -> Result<Response, ApiError> {
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("/cycles/{year}/agencies/{code}?done={done}")).into_response(),
        ),
        Err(
            e @ (CoreError::Invalid(_)
            | CoreError::Conflict { .. }
            | CoreError::OutsideWindow { .. }),
        ) => {
            let refused = match (e.field_text("internal_staff"), typed_staff) {
                (Some(text), Some(typed)) => Refused {
                    message: text.get(p.lang).to_string(),
                    typed: Some(typed),
                },
                _ => Refused {
                    message: e.text().get(p.lang).to_string(),
                    typed: None,
                },
            };
            let mut r = page(state, p, user, year, code, Some(refused)).await?;
            *r.status_mut() = match e {
                CoreError::Invalid(_) => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                _ => axum::http::StatusCode::CONFLICT,
            };
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn set_headcount(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    Form(form): Form<HeadcountForm>,
) -> Result<Response, ApiError> {
    // Thai digits are digits, and a thousands comma is no mistake.
    let result = match openita_types::typed_number::parse_whole(&form.internal_staff) {
        Some(n) => {
            // Changing an approved headcount withdraws the approval: say so and ask first.
            let current = headcount::get_headcount(&state.core, &user.actor, year, &code).await?;
            if current.approved && current.internal_staff != Some(n) && form.confirm != "yes" {
                let back = format!("/cycles/{year}/agencies/{code}");
                let was = current.internal_staff.unwrap_or_default();
                return Ok(render(&super::ConfirmPage {
                    heading: p.pick("แก้จำนวนบุคลากรที่อนุมัติแล้ว", "Change an approved headcount").to_string(),
                    question: format!(
                        "{} {was} → {n}?",
                        p.pick("เปลี่ยนจำนวนบุคลากรจาก", "Change the number of staff from")
                    ),
                    consequences: vec![
                        p.pick(
                            "การอนุมัติของผู้บริหารจะถูกยกเลิก ผู้บริหารต้องอนุมัติจำนวนใหม่อีกครั้ง",
                            "The executive's approval is withdrawn: the executive must approve the new number again.",
                        )
                        .to_string(),
                        p.pick(
                            "จำนวนขั้นต่ำของผู้ตอบ IIT จะไม่แสดงจนกว่าจะอนุมัติใหม่",
                            "The IIT minimum is not shown until the new number is approved.",
                        )
                        .to_string(),
                    ],
                    action: format!("{back}/headcount"),
                    fields: vec![("internal_staff".into(), n.to_string())],
                    confirm_label: p.pick("ยืนยันแก้จำนวน", "Yes, change it").to_string(),
                    back,
                    reason_label: None,
                    reason: String::new(),
                    reason_error: None,
                    page: p.with_section("cycles"),
                }));
            }
            headcount::set_headcount(&state.core, &user.actor, year, &code, n).await
        }
        None => Err(CoreError::invalid(
            "internal_staff",
            "โปรดระบุจำนวนบุคลากรเป็นตัวเลข เช่น 61",
            "Enter the number of staff as digits, e.g. 61.",
        )),
    };
    let typed = Some(form.internal_staff);
    outcome(
        &state,
        p,
        &user,
        year,
        &code,
        result,
        "headcount.saved",
        typed,
    )
    .await
}

pub async fn approve_headcount(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let result = headcount::approve_headcount(&state.core, &user.actor, year, &code).await;
    outcome(
        &state,
        p,
        &user,
        year,
        &code,
        result,
        "headcount.approved",
        None,
    )
    .await
}

/// What rotating the links does, asked before it happens.
fn confirm_rotation(p: PageContext, year: FiscalYear, code: &str, agency_name: &str) -> Response {
    let back = format!("/cycles/{year}/agencies/{code}");
    render(&super::ConfirmPage {
        heading: p.pick("เปลี่ยนลิงก์แบบวัด", "Replace the survey links").to_string(),
        question: format!(
            "{} {agency_name}?",
            p.pick(
                "เปลี่ยนลิงก์แบบวัด IIT และ EIT ของ",
                "Replace the IIT and EIT survey links of"
            )
        ),
        consequences: vec![
            p.pick(
                "ลิงก์และ QR code เดิมของทั้ง IIT และ EIT ใช้ไม่ได้ทันที ทั้งบนโปสเตอร์ที่พิมพ์แล้วและลิงก์ที่ส่งต่อไปแล้ว",
                "The old IIT and EIT links and QR codes stop working at once, on printed posters and in links already shared.",
            )
            .to_string(),
            p.pick(
                "ต้องพิมพ์โปสเตอร์และประชาสัมพันธ์ลิงก์ใหม่ ผู้ที่เปิดลิงก์เดิมจะเห็นว่าลิงก์เปลี่ยนแล้ว",
                "New posters and links must go out; whoever opens an old link is told it was replaced.",
            )
            .to_string(),
            p.pick(
                "คำตอบที่ได้รับแล้วยังอยู่ครบ",
                "Answers already given are kept.",
            )
            .to_string(),
        ],
        action: format!("{back}/survey-links/rotate"),
        confirm_label: p.pick("ยืนยันเปลี่ยนลิงก์", "Yes, replace the links").to_string(),
        back,
        fields: Vec::new(),
        reason_label: None,
        reason: String::new(),
        reason_error: None,
        page: p,
    })
}

/// `GET .../survey-links/rotate`: the question, before anything changes.
pub async fn ask_rotate(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let agency = agencies::find_visible_agency(&state.core, &user.actor, &code).await?;
    Ok(confirm_rotation(
        p.with_section("cycles"),
        year,
        &code,
        &agency.name_th,
    ))
}

#[derive(Deserialize, Default)]
pub struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

/// Rotates only with `confirm=yes` from the question page; a bare POST (an old form, a
/// double tap) gets the question.
pub async fn rotate(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, ApiError> {
    if form.confirm != "yes" {
        return ask_rotate(State(state), p, user, ApiPath((year, code))).await;
    }
    let result = survey_links::rotate_links(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, result, "links.rotated", None).await
}
