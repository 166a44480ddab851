//! The role x route matrix: every route of the table, called by every role and by nobody.
//! A role the route does not admit gets 403; no credentials get 401 (API) or a redirect to
//! the sign-in page (pages); an admitted role is never refused.

use axum::http::{Method, StatusCode};
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
    for role in Role::ALL {
        let mut token = app.token(username_of(role)).await;
        for spec in specs.iter().filter(|s| s.access != Access::Public) {
            let path = concrete(spec.path, &app);
            let r = app
                .call(
                    spec.method.clone(),
                    &path,
                    Some(&token),
                    body_for(&spec.method),
                )
                .await;
            if spec.access.admits(role) {
                // Every parameter but a row id is filled with something that exists, so an
                // admitted reader finds it (rows by id: jobs, plan entries, documents, are
                // not made by the fixture; issue 15 point 8 is open for them).
                if spec.method == Method::GET && !spec.path.contains("{id}") {
                    assert!(!path.contains('{'), "{path}: a parameter is not filled");
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
