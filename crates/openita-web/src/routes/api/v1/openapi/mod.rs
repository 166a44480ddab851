//! `GET /api/v1/openapi.json`: generated from the handlers' annotations, so the document is
//! the code, then completed from the route table (`conventions.rs`: who may call each
//! operation, the error answers every operation shares). Tests check it lists exactly the API
//! routes of the route table, passes an OpenAPI validator, and that a schema-driven fuzzer
//! finds the server keeping to it.

mod conventions;
mod schemas;

pub use schemas::{ProvinceName, ShippedFramework};

use super::{
    agencies, agency_cycle, audit, calendar, cycles, dashboards, framework, jobs, notifications,
    oit, provinces, reference, reminders, results, session, surveys, users,
};
use crate::AppState;
use axum::{Json, extract::State};
use std::sync::OnceLock;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OpenITA API",
        version = "1",
        description = "Integrity and Transparency Assessment (ITA). Sign in with POST \
            /api/v1/session and send Authorization: Bearer TOKEN. Errors: HTTP status plus \
            {\"error\": {\"code\", \"message\", \"fields\"?}}, the message in Thai or English by \
            Accept-Language. Years are Buddhist-era fiscal years (2500-2700). Times are RFC \
            3339: recorded times (created_at, updated_at, the audit's at) in UTC with \
            microseconds, calendar windows and reminder times in Bangkok time (+07:00) to the \
            second, the dashboard's as_of in UTC to the second. A filter left blank is no \
            filter. Guide: docs/api.md."
    ),
    paths(
        session::create, session::show, session::delete,
        users::create, users::list, users::change_password,
        agencies::create, agencies::list, agencies::show, agencies::update, agencies::import,
        agencies::contact, agencies::set_contact,
        dashboards::national, dashboards::dashboard, dashboards::targets, dashboards::set_targets,
        cycles::create, cycles::list, cycles::show, cycles::open, cycles::assign,
        framework::show, framework::replace,
        calendar::show, calendar::update,
        audit::list, notifications::list,
        jobs::show,
        results::compute, results::publish, results::reopen, results::list, results::summary, results::csv, results::xlsx, results::report_pdf,
        oit::show, oit::answer, oit::submit, oit::return_to_draft, oit::approve, oit::review, oit::clarification, oit::final_score, oit::confirm, oit::queue, oit::check, oit::precheck, oit::precheck_table,
        surveys::show, surveys::respond,
        agency_cycle::get_headcount, agency_cycle::put_headcount, agency_cycle::approve_headcount,
        agency_cycle::status, agency_cycle::links, agency_cycle::rotate,
        agency_cycle::qr_svg, agency_cycle::qr_png, agency_cycle::poster, agency_cycle::progress,
        agency_cycle::get_publicity, agency_cycle::put_publicity,
        provinces::list_plan, provinces::add_activity, provinces::update_activity, provinces::delete_activity,
        provinces::plan_xlsx, provinces::plan_pdf, provinces::form_file, provinces::list_deadlines, provinces::replace_deadlines,
        provinces::list_documents, provinces::upload_document, provinces::download_document, provinces::delete_document,
        reference::provinces, reference::districts,
        reminders::send, reminders::list, reminders::get_schedule, reminders::put_schedule, reminders::delete_schedule,
        reminders::get_preferences, reminders::put_preferences,
        spec,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
)]
pub struct ApiDoc;

/// The whole document. The route table is the same for every state, so it is built once.
pub fn document(state: &AppState) -> &'static serde_json::Value {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        conventions::apply(&mut doc, &crate::routes::route_specs(state));
        doc
    })
}

#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "getOpenApiDocument", tag = "meta",
    security(()),
    responses((status = 200, description = "This document")))]
pub async fn spec(State(state): State<AppState>) -> Json<&'static serde_json::Value> {
    Json(document(&state))
}
