//! The pages half of the route table: every page and public survey route with the roles it
//! admits.

use super::{Table, access_levels::*, body_limits};
use crate::routes::pages;
use axum::{
    http::Method,
    routing::{get, post},
};

pub(super) fn page_table(t: Table) -> Table {
    use pages::*;
    t.add(Method::GET, "/login", PUBLIC, get(sign_in::show))
        .add(Method::POST, "/login", PUBLIC, post(sign_in::submit))
        .add(Method::POST, "/logout", ANY, post(sign_in::logout))
        .add(
            Method::GET,
            "/lang/{code}",
            PUBLIC,
            get(sign_in::switch_language),
        )
        .add(Method::GET, "/", ANY, get(dashboard::show))
        .add(Method::GET, "/agencies", ANY, get(agencies::list))
        .add(Method::POST, "/agencies", ADMIN, post(agencies::create))
        .add(Method::GET, "/agencies/new", ADMIN, get(agencies::new_form))
        .add(
            Method::GET,
            "/agencies/import",
            ADMIN,
            get(agencies::import_form),
        )
        .add(
            Method::POST,
            "/agencies/import",
            ADMIN,
            post(agencies::import).layer(body_limits::agency_file()),
        )
        .add(Method::GET, "/agencies/{code}", ANY, get(agencies::show))
        .add(
            Method::POST,
            "/agencies/{code}",
            ADMIN,
            post(agencies::update),
        )
        .add(
            Method::GET,
            "/agencies/{code}/edit",
            ADMIN,
            get(agencies::edit_form),
        )
        .add(Method::GET, "/users", USER_READERS, get(users::list))
        .add(Method::POST, "/users", ADMIN, post(users::create))
        .add(Method::GET, "/users/new", ADMIN, get(users::new_form))
        .add(Method::GET, "/cycles", ANY, get(cycles::list))
        .add(Method::POST, "/cycles", ADMIN, post(cycles::create))
        .add(Method::GET, "/cycles/{year}", ANY, get(cycles::show))
        .add(
            Method::POST,
            "/cycles/{year}/calendar",
            ADMIN,
            post(cycles::set_calendar),
        )
        .add(
            Method::POST,
            "/cycles/{year}/open",
            ADMIN,
            post(cycles::open),
        )
        .add(
            Method::POST,
            "/cycles/{year}/assignments",
            ADMIN,
            post(cycles::assign),
        )
        .add(
            Method::GET,
            "/cycles/{year}/framework",
            ANY,
            get(framework::framework),
        )
        .add(
            Method::POST,
            "/cycles/{year}/framework",
            ADMIN,
            post(framework::replace_framework),
        )
        .add(Method::GET, "/audit", ADMIN, get(audit::list))
        .add(Method::GET, "/jobs/{id}", ANY, get(jobs::show))
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}",
            AGENCY_VIEWERS,
            get(agency_cycle::show),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/headcount",
            AGENCY_ADMIN,
            post(agency_cycle::set_headcount),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/headcount/approve",
            EXECUTIVE,
            post(agency_cycle::approve_headcount),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/survey-links/rotate",
            LINK_ROTATORS,
            post(agency_cycle::rotate),
        )
        .add(
            Method::GET,
            "/cycles/{year}/progress",
            AREA_WATCHERS,
            get(progress::show),
        )
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}/oit",
            OIT_READERS,
            get(oit::show),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/submit",
            AGENCY_ADMIN,
            post(oit::submit),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/approve",
            EXECUTIVE,
            post(oit::approve),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/return",
            EXECUTIVE,
            post(oit::return_to_draft),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/confirm",
            ASSESSOR,
            post(oit::confirm),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}",
            AGENCY_ADMIN,
            post(oit::answer),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}/review",
            ASSESSOR,
            post(oit::review),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}/clarification",
            AGENCY_ADMIN,
            post(oit::clarify),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/{item}/final",
            ASSESSOR,
            post(oit::final_score),
        )
        // A reload of a refused form's address goes back to the page, at the item.
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}/oit/{item}",
            OIT_READERS,
            get(oit::back_to_page),
        )
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}/oit/{item}/review",
            OIT_READERS,
            get(oit::back_to_item),
        )
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}/oit/{item}/clarification",
            OIT_READERS,
            get(oit::back_to_item),
        )
        .add(
            Method::GET,
            "/cycles/{year}/agencies/{code}/oit/{item}/final",
            OIT_READERS,
            get(oit::back_to_item),
        )
        .add(
            Method::GET,
            "/cycles/{year}/queue",
            ASSESSOR,
            get(oit::queue),
        )
        .add(
            Method::POST,
            "/cycles/{year}/exports/responses",
            ADMIN,
            post(exports::start),
        )
        .add(
            Method::GET,
            "/jobs/{id}/download",
            ANY,
            get(exports::download),
        )
        .add(
            Method::POST,
            "/cycles/{year}/results/compute",
            ADMIN,
            post(results::compute),
        )
        .add(
            Method::POST,
            "/cycles/{year}/results/publish",
            ADMIN,
            post(results::publish),
        )
        .add(Method::GET, "/results/{year}", PUBLIC, get(portal::portal))
        .add(
            Method::GET,
            "/results/{year}/agencies/{code}",
            PUBLIC,
            get(results::agency),
        )
        .add(
            Method::POST,
            "/cycles/{year}/agencies/{code}/oit/check",
            OIT_READERS,
            post(oit::check),
        )
        .add(
            Method::GET,
            "/s/thanks",
            PUBLIC,
            get(crate::routes::survey::thanks),
        )
        .add(
            Method::GET,
            "/s/{token}",
            PUBLIC,
            get(crate::routes::survey::show),
        )
        .add(
            Method::POST,
            "/s/{token}",
            PUBLIC,
            post(crate::routes::survey::submit).layer(body_limits::survey_answers()),
        )
        .add(Method::GET, "/account", ANY, get(account::show))
        .add(
            Method::POST,
            "/account/password",
            ANY,
            post(account::change_password),
        )
        .add(
            Method::POST,
            "/account/email",
            ANY,
            post(account::change_email),
        )
}
