//! The role x route matrix: every route of the table, called by every role and by nobody.
//! A role the route does not admit gets 403; no credentials get 401 (API) or a redirect to
//! the sign-in page (pages); an admitted role is never refused.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use openita_testing::TestApp;
use openita_types::Role;
use openita_web::{Access, route_specs};
use serde_json::json;

fn username_of(role: Role) -> &'static str {
    match role {
        Role::NaccAdmin => "admin",
        Role::Assessor => "assessor",
        Role::AgencyAdmin => "agency-admin",
        Role::AgencyExecutive => "agency-executive",
        Role::ProvinceCoordinator => "coordinator",
        Role::DistrictCoordinator => "district-coordinator",
    }
}

/// The rows that routes name by `{id}`, made as their owners make them: an activity of the
/// province plan and a province document (by the province's coordinator) and a finished
/// export of raw responses (by the NACC admin).
#[derive(Clone, Copy)]
struct Rows {
    plan: i64,
    document: i64,
    job: i64,
}

/// Who made each kind of row: that role must find it through every GET route naming it
/// (others admitted to the route may be told 404: a job is its creator's).
fn owner_of(path: &str) -> Role {
    if path.contains("/jobs/") {
        Role::NaccAdmin
    } else {
        Role::ProvinceCoordinator
    }
}

async fn plan_entry(app: &TestApp) -> i64 {
    let coordinator = app.token("coordinator").await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/cycles/{}/provinces/36/plan", app.fixture.year),
            Some(&coordinator),
            Some(
                json!({"title": "ประชุมชี้แจง ITA", "start": "2025-02-03", "end": "2025-02-03",
                        "responsible": "สำนักงานจังหวัด", "status": "planned", "note": ""}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_i64().unwrap_or_default()
}

async fn document(app: &TestApp) -> i64 {
    let coordinator = app.token("coordinator").await;
    let request = Request::post(format!(
        "/api/v1/cycles/{}/provinces/36/documents?title=manual&filename=manual.pdf",
        app.fixture.year
    ))
    .header(header::AUTHORIZATION, format!("Bearer {coordinator}"))
    .header(header::CONTENT_TYPE, "application/octet-stream")
    .body(Body::from(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .to_vec(),
    ))
    .unwrap_or_default();
    let r = app.send(request).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_i64().unwrap_or_default()
}

async fn rows(app: &TestApp) -> Rows {
    let admin = app.token("admin").await;
    let request = Request::post(format!("/cycles/{}/exports/responses", app.fixture.year))
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("format=csv"))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let job = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .and_then(|l| l.trim_start_matches("/jobs/").parse().ok())
        .unwrap_or_default();
    assert_eq!(app.run_jobs().await, 1, "the export ran");
    Rows {
        plan: plan_entry(app).await,
        document: document(app).await,
        job,
    }
}

/// `{id}` filled with the row the route names.
fn with_id(path: &str, rows: Rows) -> String {
    let id = if path.contains("/plan/") {
        rows.plan
    } else if path.contains("/documents/") {
        rows.document
    } else {
        rows.job
    };
    path.replace("{id}", &id.to_string())
}

fn concrete(path: &str, app: &TestApp) -> String {
    path.replace("{code}", &app.fixture.agency)
        .replace("{province}", "36")
        // A report form: one that reads the plan and the dashboard both.
        .replace("{file}", "quarterly.pdf")
        .replace("{year}", &app.fixture.year.to_string())
        .replace("{item}", "O1")
        .replace("{instrument}", "iit")
}

fn body_for(method: &Method) -> Option<serde_json::Value> {
    (*method != Method::GET).then(|| json!({}))
}

/// Routes after which the caller's token no longer works.
fn ends_session(path: &str) -> bool {
    path == "/api/v1/session" || path == "/logout"
}

#[tokio::test]
async fn every_route_refuses_callers_without_credentials() {
    let app = TestApp::new().await;
    let specs = route_specs(&app.state);
    assert!(
        specs.len() > 40,
        "the route table looks incomplete: {}",
        specs.len()
    );
    for spec in specs.iter().filter(|s| s.access != Access::Public) {
        let path = concrete(spec.path, &app);
        let r = app
            .call(spec.method.clone(), &path, None, body_for(&spec.method))
            .await;
        if spec.path.starts_with("/api/") {
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{} {path}: {}",
                spec.method,
                r.text
            );
            assert_eq!(
                r.json()["error"]["code"],
                "unauthenticated",
                "{} {path}",
                spec.method
            );
        } else {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{} {path}", spec.method);
            let location = r
                .headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(
                location.starts_with("/login?next="),
                "{} {path} -> {location}",
                spec.method
            );
        }
    }
}

#[tokio::test]
async fn every_route_refuses_roles_it_does_not_admit_and_admits_the_others() {
    let app = TestApp::new().await;
    let specs = route_specs(&app.state);
    let mut refused = 0;
    let kept = rows(&app).await;
    for role in Role::ALL {
        let mut token = app.token(username_of(role)).await;
        for spec in specs.iter().filter(|s| s.access != Access::Public) {
            // A change to a row by id (edit, delete) gets a row of its own, so that the
            // rows the readers look for stay.
            let ids = if spec.method == Method::GET || !spec.path.contains("{id}") {
                kept
            } else if spec.path.contains("/plan/") {
                Rows {
                    plan: plan_entry(&app).await,
                    ..kept
                }
            } else {
                Rows {
                    document: document(&app).await,
                    ..kept
                }
            };
            let path = with_id(&concrete(spec.path, &app), ids);
            let r = app
                .call(
                    spec.method.clone(),
                    &path,
                    Some(&token),
                    body_for(&spec.method),
                )
                .await;
            if spec.access.admits(role) {
                // Every parameter is filled with something that exists, so an admitted reader
                // finds it; a row by id is found at least by the role that made it.
                assert!(!path.contains('{'), "{path}: a parameter is not filled");
                if spec.method == Method::GET
                    && (!spec.path.contains("{id}") || owner_of(spec.path) == role)
                {
                    assert!(
                        r.status != StatusCode::NOT_FOUND,
                        "{role} found nothing at {path}: {}",
                        r.text
                    );
                }
                assert!(
                    r.status != StatusCode::FORBIDDEN && r.status != StatusCode::UNAUTHORIZED,
                    "{role} was refused {} {path}: {} {}",
                    spec.method,
                    r.status,
                    r.text
                );
                assert!(
                    r.status != StatusCode::INTERNAL_SERVER_ERROR,
                    "{role} {} {path}: {}",
                    spec.method,
                    r.text
                );
                if ends_session(spec.path) && spec.method != Method::GET {
                    token = app.token(username_of(role)).await;
                }
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{role} {} {path}: {}",
                    spec.method,
                    r.text
                );
                refused += 1;
            }
        }
    }
    assert!(
        refused > 50,
        "only {refused} refusals: the matrix is not testing much"
    );
}

#[tokio::test]
async fn agency_roles_see_only_their_own_agency() {
    let app = TestApp::new().await;
    let token = app.token("agency-admin").await;
    let list = app.get("/api/v1/agencies", Some(&token)).await;
    let codes: Vec<String> = list
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["code"].as_str().map(String::from))
        .collect();
    assert_eq!(codes, vec![app.fixture.agency.clone()]);
    for other in [&app.fixture.neighbour, &app.fixture.far_agency] {
        let r = app
            .get(&format!("/api/v1/agencies/{other}"), Some(&token))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{other}: {}", r.text);
        let page = app.get(&format!("/agencies/{other}"), Some(&token)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn coordinators_see_only_their_province() {
    let app = TestApp::new().await;
    let token = app.token("coordinator").await;
    let list = app.get("/api/v1/agencies", Some(&token)).await;
    let mut codes: Vec<String> = list
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["code"].as_str().map(String::from))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        vec![app.fixture.neighbour.clone(), app.fixture.agency.clone()]
    );
    let krabi = app
        .get("/api/v1/agencies?province=กระบี่", Some(&token))
        .await;
    assert_eq!(krabi.status, StatusCode::FORBIDDEN, "{}", krabi.text);
    let far = app
        .get(
            &format!("/api/v1/agencies/{}", app.fixture.far_agency),
            Some(&token),
        )
        .await;
    assert_eq!(far.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn assessors_see_only_agencies_assigned_to_them() {
    let app = TestApp::new().await;
    let assigned = app.token("assessor").await;
    let idle = app.token("idle-assessor").await;
    let list = app.get("/api/v1/agencies", Some(&assigned)).await;
    assert_eq!(list.json().as_array().map(Vec::len), Some(1));
    assert_eq!(list.json()[0]["code"], app.fixture.agency.as_str());
    let none = app.get("/api/v1/agencies", Some(&idle)).await;
    assert_eq!(none.json().as_array().map(Vec::len), Some(0));
    let r = app
        .get(
            &format!("/api/v1/agencies/{}", app.fixture.agency),
            Some(&idle),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
