//! `/cycles/{year}/provinces/{province}/reminders`: a coordinator sends the digests now, sets
//! the weekly schedule and reads what was queued or sent. Plain forms with the CSRF field, no
//! JavaScript; messages are cards so a phone shows them whole.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    reminders::{self, ScheduleInput},
};
use openita_types::FiscalYear;
use openita_types::{
    Lang, Role,
    thai_time::{english_datetime_short, from_db_text, thai_datetime_short},
};
use serde::Deserialize;

pub struct MessageView {
    pub kind: String,
    pub to: String,
    pub agency: String,
    pub subject: String,
    pub queued_at: String,
    pub sent_at: Option<String>,
    pub failed: Option<String>,
}

pub struct Choice {
    pub value: i64,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "reminders/area.html")]
struct RemindersPage {
    page: PageContext,
    year: FiscalYear,
    province: String,
    province_name: String,
    queued: Option<(usize, usize)>,
    error: Option<String>,
    schedule_text: Option<String>,
    can_schedule: bool,
    weekdays: Vec<Choice>,
    hours: Vec<Choice>,
    messages: Vec<MessageView>,
}

const WEEKDAYS_TH: [&str; 7] = [
    "วันจันทร์",
    "วันอังคาร",
    "วันพุธ",
    "วันพฤหัสบดี",
    "วันศุกร์",
    "วันเสาร์",
    "วันอาทิตย์",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn weekday_name(lang: Lang, weekday: i64) -> String {
    let i = usize::try_from(weekday - 1).unwrap_or(0).min(6);
    lang.pick(WEEKDAYS_TH[i], WEEKDAYS_EN[i]).to_string()
}

fn when(lang: Lang, text: &str) -> String {
    match from_db_text(text) {
        Some(at) => match lang {
            Lang::Th => thai_datetime_short(at),
            Lang::En => english_datetime_short(at),
        },
        None => text.to_string(),
    }
}

fn kind_name(lang: Lang, kind: &str) -> String {
    let (th, en) = match kind {
        "reminder.digest" => ("ส่งทันที", "Sent now"),
        "reminder.scheduled_digest" => ("ตามกำหนด", "Scheduled"),
        "reminder.weekly_summary" => ("สรุปประจำสัปดาห์", "Weekly summary"),
        other => (other, other),
    };
    lang.pick(th, en).to_string()
}

async fn reminders_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    province: &str,
    queued: Option<(usize, usize)>,
    error: Option<String>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let lang = page.lang;
    let messages =
        reminders::list_messages(&state.core, &user.actor, year, province, None, None, 50).await?;
    let schedule = reminders::get_schedule(&state.core, &user.actor, year, province).await?;
    let p = openita_core::dashboards::province_of(province)?;
    let schedule_text = match (schedule.weekday, schedule.hour) {
        (Some(w), Some(h)) => Some(match lang {
            Lang::Th => format!("ทุก{} เวลา {h:02}:00 น.", weekday_name(lang, w)),
            Lang::En => format!("Every {} at {h:02}:00 (Bangkok)", weekday_name(lang, w)),
        }),
        _ => None,
    };
    let weekdays = (1..=7)
        .map(|w| Choice {
            value: w,
            name: weekday_name(lang, w),
            selected: schedule.weekday == Some(w),
        })
        .collect();
    let hours = (0..=23)
        .map(|h| Choice {
            value: h,
            name: format!("{h:02}:00"),
            selected: schedule.hour.unwrap_or(9) == h,
        })
        .collect();
    let can_schedule = matches!(user.actor.role, Role::NaccAdmin | Role::ProvinceCoordinator);
    Ok(render(&RemindersPage {
        year,
        province: p.code.clone(),
        province_name: lang.pick(&p.name_th, &p.name_en).to_string(),
        queued,
        error,
        schedule_text,
        can_schedule,
        weekdays,
        hours,
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                kind: kind_name(lang, &m.kind),
                to: m.to,
                agency: m.agency.unwrap_or_default(),
                subject: m.subject,
                queued_at: when(lang, &m.queued_at),
                sent_at: m.sent_at.as_deref().map(|s| when(lang, s)),
                failed: m.last_error,
            })
            .collect(),
        page,
    }))
}

#[derive(Deserialize)]
pub struct ShowQuery {
    queued: Option<usize>,
    agencies: Option<usize>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, ApiError> {
    let queued = q.queued.map(|n| (n, q.agencies.unwrap_or(0)));
    reminders_page(&state, page, &user, year, &province, queued, None).await
}

fn page_url(year: FiscalYear, province: &str) -> String {
    format!("/cycles/{year}/provinces/{province}/reminders")
}

/// "ส่งการแจ้งเตือนตอนนี้": then the page again, saying how many were queued.
pub async fn send(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Response, ApiError> {
    match reminders::send_now(&state.core, &user.actor, year, &province, None).await {
        Ok(q) => Ok(Redirect::to(&format!(
            "{}?queued={}&agencies={}",
            page_url(year, &province),
            q.queued,
            q.agencies
        ))
        .into_response()),
        Err(e @ CoreError::Conflict { .. }) => {
            let message = e.text().get(page.lang).to_string();
            let mut r =
                reminders_page(&state, page, &user, year, &province, None, Some(message)).await?;
            *r.status_mut() = StatusCode::CONFLICT;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    /// Empty: stop the schedule.
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    hour: String,
}

pub async fn save_schedule(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, ApiError> {
    let weekday = form.weekday.trim().parse::<i64>().ok();
    let input = ScheduleInput {
        weekday: Some(weekday),
        hour: Some(weekday.and(form.hour.trim().parse::<i64>().ok())),
    };
    match reminders::set_schedule(&state.core, &user.actor, year, &province, &input).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?done=reminders.schedule_saved",
            page_url(year, &province)
        ))
        .into_response()),
        Err(CoreError::Invalid(fields)) => {
            let message = page
                .form_errors(&fields)
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" ");
            let mut r =
                reminders_page(&state, page, &user, year, &province, None, Some(message)).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
