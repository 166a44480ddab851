//! The OpenAPI document is generated from the handlers and lists exactly the API routes; an
//! independent validator (openapi-spec-validator) finds no error in it, and the rules code
//! generators rely on hold (unique, readable operation ids; each parameter where the path
//! says; public operations without security).

use openita_testing::{TestApp, python_tool};
use openita_web::{Access, route_specs};
use serde_json::Value;
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
    let doc = openita_web::openapi_json(&TestApp::new().await.state);
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

/// Every operation of the served document, with its path and method.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            out.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    out
}

#[tokio::test]
async fn openapi_spec_validator_finds_no_error_in_the_served_document() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, 200);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &r.body).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(python_tool("openapi-spec-validator"))
        .arg("--errors")
        .arg("all")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("openapi-spec-validator: {e}"));
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "openapi-spec-validator:\n{report}");
    assert!(report.contains(": OK"), "{report}");
}

#[tokio::test]
async fn operation_ids_are_unique_readable_names() {
    let doc = openita_web::openapi_json(&TestApp::new().await.state);
    let mut seen = BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default().to_string();
        // camelCase, verb first: listAgencies, createCycle, getOitPrecheck.
        let readable = id.len() > 4
            && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_alphanumeric())
            && id.chars().any(|c| c.is_ascii_uppercase());
        assert!(readable, "{method} {path}: operationId {id:?}");
        assert!(
            seen.insert(id.clone()),
            "{method} {path}: {id} is used twice"
        );
    }
}

#[tokio::test]
async fn parameters_are_where_the_path_says_and_public_operations_need_no_token() {
    let app = TestApp::new().await;
    let doc = openita_web::openapi_json(&app.state);
    let specs = route_specs(&app.state);
    for (method, path, op) in operations(&doc) {
        let in_template: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        let declared: BTreeSet<String> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect();
        // A query parameter declared "in: path" was the validator's first complaint.
        assert_eq!(declared, in_template, "{method} {path}: path parameters");
        let access = specs
            .iter()
            .find(|s| s.path == path && s.method.as_str() == method)
            .map(|s| s.access);
        let public = op["security"].as_array().is_some_and(Vec::is_empty);
        assert_eq!(
            public,
            access == Some(Access::Public),
            "{method} {path}: security {} for {access:?}",
            op["security"]
        );
        // Every operation that needs a token says what happens without one.
        assert!(
            public || op["responses"]["401"].is_object(),
            "{method} {path}: 401"
        );
    }
}

#[tokio::test]
async fn every_request_body_has_an_example_and_every_error_the_error_body() {
    let doc = openita_web::openapi_json(&TestApp::new().await.state);
    let schemas = &doc["components"]["schemas"];
    for (method, path, op) in operations(&doc) {
        if let Some(content) = op["requestBody"]["content"].as_object() {
            for (media, body) in content {
                if media != "application/json" {
                    continue;
                }
                let mut schema = &body["schema"];
                // Option<T> bodies are oneOf [null, T].
                if let Some(t) = schema["oneOf"]
                    .as_array()
                    .and_then(|v| v.iter().find(|s| s["$ref"].is_string()))
                {
                    schema = t;
                }
                let named = schema["$ref"]
                    .as_str()
                    .and_then(|r| r.rsplit('/').next())
                    .map(|name| &schemas[name]);
                let example = body
                    .get("example")
                    .or(schema.get("example"))
                    .or_else(|| named.and_then(|s| s.get("example")));
                let item_example = schema["items"]["$ref"]
                    .as_str()
                    .and_then(|r| r.rsplit('/').next())
                    .and_then(|name| schemas[name].get("example"));
                let map_example = schema["additionalProperties"]["$ref"]
                    .as_str()
                    .and_then(|r| r.rsplit('/').next())
                    .and_then(|name| schemas[name].get("example"));
                assert!(
                    example.or(item_example).or(map_example).is_some(),
                    "{method} {path}: no example for the {media} body"
                );
            }
        }
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            // A shared answer is kept once, under components/responses.
            let response = match response["$ref"].as_str() {
                Some(r) => doc
                    .pointer(r.trim_start_matches('#'))
                    .unwrap_or_else(|| panic!("{method} {path} {status}: {r} is missing")),
                None => response,
            };
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
    }
}
