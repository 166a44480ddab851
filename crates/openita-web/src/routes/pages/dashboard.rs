//! The first page after signing in: what the user is responsible for and which phases are
//! open now.

use super::{PageContext, render};
use crate::AppState;
use askama::Template;
use axum::{extract::State, response::Response};
use openita_core::{agencies, cycles};
use openita_types::{
    FiscalYear,
    thai_time::{english_datetime_short, thai_datetime_short},
};

pub struct OpenPhase {
    pub year: FiscalYear,
    pub name: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: PageContext,
    agency_count: i64,
    cycle_count: usize,
    open_phases: Vec<OpenPhase>,
    own_agency: Option<String>,
    own_province: Option<String>,
    /// Where this user's work in each cycle is: their agency's page or their area's progress.
    cycle_links: Vec<(String, String)>,
    /// What waits for this user (agency roles), with where to do it.
    tasks: Vec<super::waiting::Task>,
    shows_tasks: bool,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    maybe: crate::session::MaybeUser,
) -> Result<Response, crate::error::ApiError> {
    // A visitor (the public) is offered the published results and the staff sign-in.
    let Some(user) = maybe.0 else {
        return super::portal::index(State(state), page).await;
    };
    let page = page.with_section("dashboard");
    let core = &state.core;
    let (own, agency_count) = agencies::list_agencies(
        core,
        &user.actor,
        &agencies::AgencyQuery {
            per_page: Some(1),
            ..Default::default()
        },
    )
    .await?;
    let all_cycles = cycles::list_cycles(core).await?;
    let now = core.now();
    let lang = page.lang;
    let open_phases = all_cycles
        .iter()
        .flat_map(|c| {
            c.phases
                .iter()
                .filter(|w| w.contains(now))
                .map(move |w| (c.year, w))
        })
        .map(|(year, w)| OpenPhase {
            year,
            name: lang.pick(w.phase.name_th(), w.phase.name_en()).to_string(),
            until: match lang {
                openita_types::Lang::Th => thai_datetime_short(w.end),
                openita_types::Lang::En => english_datetime_short(w.end),
            },
        })
        .collect();
    let own_agency = if user.actor.agency_id.is_some() {
        own.first().map(|a| format!("{} ({})", a.name_th, a.code))
    } else {
        None
    };
    let own_province = user
        .actor
        .province_code
        .as_deref()
        .and_then(openita_geography::province)
        .map(|p| lang.pick(&p.name_th, &p.name_en).to_string());
    let mut cycle_links = Vec::new();
    for c in &all_cycles {
        match (&user.actor.agency_code, user.actor.role) {
            (Some(code), _) => cycle_links.push((
                format!("{} {}", page.t("cycles.agency_page"), c.year),
                format!("/cycles/{}/agencies/{code}", c.year),
            )),
            (None, role) if role == openita_types::Role::NaccAdmin || role.is_coordinator() => {
                cycle_links.push((
                    format!("{} {}", page.t("drive.open_dashboard"), c.year),
                    format!("/cycles/{}/drive", c.year),
                ));
                cycle_links.push((
                    format!("{} {}", page.t("progress.open"), c.year),
                    format!("/cycles/{}/progress", c.year),
                ))
            }
            (None, openita_types::Role::Assessor) => cycle_links.push((
                format!("{} {}", page.t("oit.queue"), c.year),
                format!("/cycles/{}/queue", c.year),
            )),
            _ => {}
        }
    }
    let published = openita_core::results::published_years(core).await?;
    // Each role's "waiting for you": the agency's tasks, a coordinator's laggards, the NACC
    // admin's cycles and their phases.
    let actor = &user.actor;
    let tasks = match actor.role {
        _ if actor.agency_id.is_some() => {
            super::waiting::agency_tasks(core, actor, lang, &all_cycles, &published).await?
        }
        role if role.is_coordinator() => {
            super::waiting::coordinator_tasks(core, actor, lang, &all_cycles, &published).await?
        }
        openita_types::Role::NaccAdmin => {
            super::waiting::cycle_phases(lang, now, &all_cycles, &published)
        }
        openita_types::Role::Assessor => {
            super::waiting::assessor_tasks(core, actor, lang, &all_cycles, &published).await?
        }
        _ => Vec::new(),
    };
    let shows_tasks = actor.agency_id.is_some()
        || actor.role.is_coordinator()
        || matches!(
            actor.role,
            openita_types::Role::NaccAdmin | openita_types::Role::Assessor
        );
    Ok(render(&DashboardPage {
        shows_tasks,
        tasks,
        cycle_links,
        page,
        agency_count,
        cycle_count: all_cycles.len(),
        open_phases,
        own_agency,
        own_province,
    }))
}
