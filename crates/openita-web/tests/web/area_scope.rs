//! The scope half of role x route x scope: every route of an area (`{province}` in its path)
//! and every agency route a coordinator may call, asked about someone else's area by each
//! coordinator. A province coordinator of Chaiyaphum asking for Krabi, and the district
//! coordinator of บ้านเขว้า asking for Krabi or for an agency of another district, get 404
//! (or 403 for a write its role may never do), never the data and never a change.

use axum::http::{Method, StatusCode};
use openita_testing::TestApp;
use openita_types::Role;
use openita_web::{Access, route_specs};
use serde_json::json;

/// A valid body for each write a coordinator may make, so the refusal is the scope's, not
/// the body's.
fn body_for(method: &Method, path: &str) -> Option<serde_json::Value> {
    if *method == Method::GET || *method == Method::DELETE {
        return None;
    }
    let activity = json!({"title": "อบรม", "start": "2025-01-15", "end": "2025-01-16",
        "responsible": "จังหวัด", "status": "planned"});
    Some(if path.ends_with("/precheck") {
        json!({"status": "checked", "note": ""})
    } else if path.ends_with("/targets") {
        json!({"mean": 89})
    } else if path.ends_with("/deadlines") {
        json!([{"label_th": "OIT บนเว็บไซต์", "date": "2025-03-31"}])
    } else if path.ends_with("/schedule") {
        json!({"weekday": 1, "hour": 9})
    } else if path.contains("/plan") {
        activity
    } else {
        json!({})
    })
}

fn concrete(path: &str, province: &str, agency: &str) -> String {
    path.replace("{province}", province)
        .replace("{code}", agency)
        .replace("{year}", "2568")
        .replace("{id}", "1")
        .replace("{item}", "O1")
        .replace("{file}", "quarterly.xlsx")
        .replace("{instrument}", "iit")
}

#[tokio::test]
async fn coordinators_reach_nothing_outside_their_area_on_any_route() {
    let app = TestApp::new().await;
    let specs = route_specs(&app.state);
    let mut checked = 0;
    for (user, role) in [
        ("coordinator", Role::ProvinceCoordinator),
        ("district-coordinator", Role::DistrictCoordinator),
    ] {
        let token = app.token(user).await;
        // Another province's area; for the district coordinator also an agency of the
        // province's other district (5360101, เมืองชัยภูมิ); for both Krabi's agency.
        let mut cases = vec![("81", "6810101")];
        if role == Role::DistrictCoordinator {
            cases.push(("36", "5360101"));
        }
        for spec in specs
            .iter()
            .filter(|s| s.access.admits(role) && s.access != Access::Public)
        {
            let in_area = spec.path.contains("{province}");
            let of_agency = spec.path.contains("{code}");
            if !in_area && !of_agency {
                continue;
            }
            for (province, agency) in &cases {
                // The district coordinator's own province is not "outside" for area routes.
                if in_area && !of_agency && *province == "36" {
                    continue;
                }
                let path = concrete(spec.path, province, agency);
                let r = if spec.path.starts_with("/api/") || spec.method == Method::GET {
                    let body = body_for(&spec.method, spec.path);
                    app.call(spec.method.clone(), &path, Some(&token), body)
                        .await
                } else {
                    // A page's form, with every field a coordinator's forms have.
                    let form = "status=checked&note=x&mean=89&pass_rate=&title=a&\
                                start=2025-01-15&end=2025-01-16&responsible=b&weekday=1&hour=9";
                    // The upload form is multipart: a small PDF under a title.
                    let (kind, form) = if spec.path.ends_with("/documents") {
                        (
                            "multipart/form-data; boundary=XyZ",
                            "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nคู่มือ\r\n\
                             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.pdf\"\r\n\
                             Content-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n--XyZ--\r\n",
                        )
                    } else {
                        ("application/x-www-form-urlencoded", form)
                    };
                    let request = axum::http::Request::builder()
                        .method(spec.method.clone())
                        .uri(&path)
                        .header("authorization", format!("Bearer {token}"))
                        .header("content-type", kind)
                        .body(axum::body::Body::from(form))
                        .unwrap_or_default();
                    app.send(request).await
                };
                // A GET that only sends the browser on to the agency's own page (itself one
                // of the routes checked here) reveals nothing.
                let onward = r.status == StatusCode::SEE_OTHER
                    && spec.method == Method::GET
                    && r.headers
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|l| {
                            l.starts_with(&format!("/cycles/2568/agencies/{agency}/"))
                        });
                assert!(
                    onward
                        || r.status == StatusCode::NOT_FOUND
                        || r.status == StatusCode::FORBIDDEN,
                    "{user} {} {path}: {} {}",
                    spec.method,
                    r.status,
                    r.text
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} calls: the scope test is not testing much"
    );
}
