//! The audit log page (NACC admin): filter by action, object, actor and dates.

use super::{PageContext, render};
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use openita_core::audit::{self, AuditEntry};
use openita_types::{
    Lang,
    thai_time::{english_datetime_short, from_db_text, thai_datetime_short},
};
use serde::Deserialize;

const PER_PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor: Option<String>,
    /// YYYY-MM-DD (C.E. or B.E.), Bangkok day.
    pub from: Option<String>,
    pub until: Option<String>,
    pub page: Option<i64>,
}

fn blank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl AuditQuery {
    pub fn filter(&self, limit: i64) -> audit::Filter {
        let day = |s: &Option<String>, end: bool| {
            blank(s)
                .and_then(|d| openita_core::cycles::parse_day_bound(&d, end))
                .map(openita_types::thai_time::to_db_text)
        };
        audit::Filter {
            action: blank(&self.action),
            object_type: blank(&self.object_type),
            object_id: blank(&self.object_id),
            actor_name: blank(&self.actor),
            from: day(&self.from, false),
            until: day(&self.until, true),
            limit,
            offset: openita_core::paging::offset(self.page, limit),
        }
    }
}

pub struct EntryView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    page: PageContext,
    entries: Vec<EntryView>,
    actions: Vec<String>,
    query: AuditQuery,
    total: i64,
    page_no: i64,
    pages: i64,
    query_string: String,
}

impl AuditPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

fn pretty(json: &Option<String>) -> Option<String> {
    json.as_deref().map(|j| {
        serde_json::from_str::<serde_json::Value>(j)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| j.to_string())
    })
}

fn entry_view(e: &AuditEntry, lang: Lang) -> EntryView {
    let at = from_db_text(&e.at)
        .map(|t| match lang {
            Lang::Th => thai_datetime_short(t),
            Lang::En => english_datetime_short(t),
        })
        .unwrap_or_else(|| e.at.clone());
    EntryView {
        at,
        actor: e.actor_name.clone(),
        action: e.action.clone(),
        object: format!("{} {}", e.object_type, e.object_id),
        before: pretty(&e.before_json),
        after: pretty(&e.after_json),
    }
}

pub async fn list(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ApiError> {
    let page = page.with_section("audit");
    let (rows, total) = audit::list(&state.core, &user.actor, &query.filter(PER_PAGE)).await?;
    let actions = audit::actions(&state.core, &user.actor).await?;
    let query_string = serde_urlencoded::to_string([
        ("action", blank(&query.action).unwrap_or_default()),
        ("object_type", blank(&query.object_type).unwrap_or_default()),
        ("object_id", blank(&query.object_id).unwrap_or_default()),
        ("actor", blank(&query.actor).unwrap_or_default()),
        ("from", blank(&query.from).unwrap_or_default()),
        ("until", blank(&query.until).unwrap_or_default()),
    ])
    .unwrap_or_default();
    Ok(render(&AuditPage {
        entries: rows.iter().map(|e| entry_view(e, page.lang)).collect(),
        page_no: query.page.unwrap_or(1).max(1),
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        page,
        actions,
        query,
        total,
        query_string,
    }))
}
