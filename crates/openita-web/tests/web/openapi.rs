//! The OpenAPI document is generated from the handlers and lists exactly the API routes.

use openita_testing::TestApp;
use openita_web::route_specs;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_document_and_the_route_table_list_the_same_operations() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(
        doc["openapi"].as_str().map(|v| v.starts_with("3.")),
        Some(true)
    );
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for method in ops
            .as_object()
            .into_iter()
            .flatten()
            .map(|(m, _)| m.to_uppercase())
        {
            documented.insert(format!("{method} {path}"));
        }
    }
    let routed: BTreeSet<String> = route_specs(&app.state)
        .iter()
        .filter(|s| s.path.starts_with("/api/"))
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(documented, routed);
}

#[tokio::test]
async fn contract_operations_of_api_md_are_all_present() {
    let doc = openita_web::openapi_json();
    for (method, path) in [
        ("post", "/api/v1/session"),
        ("post", "/api/v1/users"),
        ("post", "/api/v1/agencies"),
        ("post", "/api/v1/agencies/import"),
        ("get", "/api/v1/agencies"),
        ("post", "/api/v1/cycles"),
        ("put", "/api/v1/cycles/{year}/framework"),
        ("get", "/api/v1/cycles/{year}/framework"),
        ("put", "/api/v1/cycles/{year}/calendar"),
        ("get", "/api/v1/cycles/{year}/calendar"),
        ("post", "/api/v1/cycles/{year}/assignments"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
}
