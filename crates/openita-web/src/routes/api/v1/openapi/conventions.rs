//! What every operation of the API shares, written into the document from the route table
//! rather than repeated on 86 handlers:
//! - who may call it (the `security` of a public route is empty);
//! - the error answers the common layers give (401 and 403 from the access layer,
//!   400/413/415/422 from the body and query readers, 404 for a path naming nothing, 503 when
//!   the database does not answer), each with the one error body of API.md;
//! - the schema of each path parameter, from the type its extractor reads (`year`, `code`,
//!   `instrument`, `file`), and "blank is no filter" for list filters;
//! - `\s` in patterns spelled out as the characters `str::trim` removes.
//!
//! The schemathesis test (`openita-cli/tests/cli/api_contract.rs`) holds the server to it.

use crate::access::{Access, RouteSpec};
use openita_core::provinces::FormKind;
use openita_types::{AgencyCode, FiscalYear};
use serde_json::{Map, Value, json};
use utoipa::PartialSchema;

/// Operations that never touch the database: no 503.
const NO_DATABASE: &[&str] = &["getOpenApiDocument", "listProvinces", "listDistricts"];

/// Rewrites `doc` (the generated document, as JSON) with the conventions of `routes`.
pub fn apply(doc: &mut Value, routes: &[RouteSpec]) {
    add_error_schema(doc);
    apply_to_operations(doc, routes);
    // Last, so that the patterns written above are covered too.
    exact_white_space(doc);
}

fn apply_to_operations(doc: &mut Value, routes: &[RouteSpec]) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let access = routes
                .iter()
                .find(|r| r.path == path && r.method.as_str().eq_ignore_ascii_case(method))
                .map(|r| r.access);
            if let (Some(access), Some(op)) = (access, op.as_object_mut()) {
                apply_to_operation(path, access, op);
            }
        }
    }
}

fn apply_to_operation(path: &str, access: Access, op: &mut Map<String, Value>) {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let has_query = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
    // A coordinator's filter naming another province or district is refused (403).
    let area_filter = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| {
            ps.iter()
                .any(|p| p["in"] == "query" && (p["name"] == "province" || p["name"] == "district"))
        });
    let json_body = op
        .get("requestBody")
        .is_some_and(|b| b["content"].get("application/json").is_some());
    let any_body = op.get("requestBody").is_some();

    type_path_parameters(path, op);
    blank_filters_are_no_filter(op);
    let mut errors: Vec<(u16, &str)> = Vec::new();
    match access {
        Access::Public => {
            op.insert("security".into(), json!([]));
        }
        Access::SignedIn => errors.push((401, UNAUTHENTICATED)),
        Access::Roles(_) => {
            errors.push((401, UNAUTHENTICATED));
            errors.push((403, FORBIDDEN));
        }
    }
    if area_filter && access == Access::SignedIn {
        errors.push((403, FORBIDDEN_AREA));
    }
    if path.contains('{') {
        errors.push((404, NOT_FOUND));
    }
    if json_body {
        errors.push((400, MALFORMED));
        errors.push((415, WRONG_MEDIA));
    }
    if any_body {
        errors.push((413, TOO_LARGE));
        errors.push((422, INVALID));
    }
    if has_query {
        errors.push((422, INVALID));
    }
    if !NO_DATABASE.contains(&id.as_str()) {
        errors.push((503, UNAVAILABLE));
    }

    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else { return };
    for (status, description) in errors {
        responses
            .entry(status.to_string())
            .or_insert_with(|| json!({ "description": description }));
    }
    // Every error answer, declared here or on the handler, carries the one error body.
    for (status, response) in responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        if let Some(response) = response.as_object_mut()
            && is_error
            && !response.contains_key("content")
        {
            if response
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                response.insert("description".into(), json!(describe(status)));
            }
            response.insert(
                "content".into(),
                json!({ "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } }),
            );
            if status == "429" || status == "503" {
                response.insert(
                    "headers".into(),
                    json!({ "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "schema": { "type": "integer", "minimum": 0 }
                    } }),
                );
            }
        }
    }
}

/// The schema of each path parameter is that of the type its extractor reads, so that the
/// document refuses what the path refuses.
fn type_path_parameters(path: &str, op: &mut Map<String, Value>) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for param in params.iter_mut().filter(|p| p["in"] == "path") {
        let name = param["name"].as_str().unwrap_or_default();
        let schema = match name {
            "year" => schema_of::<FiscalYear>(),
            "code" if path.contains("/agencies/{code}") => schema_of::<AgencyCode>(),
            "instrument" => json!({ "type": "string", "enum": ["iit", "eit"] }),
            "file" => {
                let files: Vec<String> = FormKind::ALL
                    .iter()
                    .flat_map(|k| [format!("{}.xlsx", k.slug()), format!("{}.pdf", k.slug())])
                    .collect();
                json!({ "type": "string", "enum": files })
            }
            _ => continue,
        };
        param["schema"] = schema;
    }
}

/// A query filter left blank (`?type=`, as a page's "all" choice sends it; white space
/// only) is no filter: a filter drawn from a list also takes that.
fn blank_filters_are_no_filter(op: &mut Map<String, Value>) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for param in params.iter_mut().filter(|p| p["in"] == "query") {
        if let Some(reference) = param["schema"].get("$ref").cloned() {
            param["schema"] = json!({ "anyOf": [
                { "$ref": reference },
                { "type": "string", "pattern": r"^\s*$" }
            ] });
        }
    }
}

/// What `str::trim` removes (Unicode White_Space), as a regular expression class. `\s` in
/// a pattern means this here: the document's regular expressions are read by other engines
/// (ECMA-262, Python), whose `\s` differ at the edges (U+001C-U+001F, U+FEFF).
const WHITE_SPACE: &str =
    r"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Rewrites `\s` and `\S` in every `pattern` of `value` as the classes `str::trim` uses.
/// `[\s\S]` (any character) stays as it is.
fn exact_white_space(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(pattern) if key == "pattern" => {
                        *pattern = with_exact_white_space(pattern);
                    }
                    other => exact_white_space(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(exact_white_space),
        _ => {}
    }
}

fn with_exact_white_space(pattern: &str) -> String {
    const ANY: &str = r"[\s\S]";
    let mut out = String::new();
    for (i, part) in pattern.split(ANY).enumerate() {
        if i > 0 {
            out.push_str(ANY);
        }
        out.push_str(
            &part
                .replace(r"\s", &format!("[{WHITE_SPACE}]"))
                .replace(r"\S", &format!("[^{WHITE_SPACE}]")),
        );
    }
    out
}

fn schema_of<T: PartialSchema>() -> Value {
    serde_json::to_value(T::schema()).unwrap_or_default()
}

const UNAUTHENTICATED: &str = "No valid token (or session): sign in first.";
const FORBIDDEN: &str = "Signed in, but this role may not use this operation.";
const FORBIDDEN_AREA: &str = "A filter naming a province or district outside the caller's area.";
const NOT_FOUND: &str = "Nothing of that name, or nothing the caller may see.";
const MALFORMED: &str = "The body is not well-formed JSON.";
const WRONG_MEDIA: &str = "The body was not sent as application/json.";
const TOO_LARGE: &str = "The body is larger than this operation accepts.";
const INVALID: &str = "Invalid input: `fields` names each field and what is wrong with it.";
const UNAVAILABLE: &str =
    "The database is busy or not answering; come back after Retry-After seconds.";

fn describe(status: &str) -> &'static str {
    match status {
        "400" => MALFORMED,
        "401" => UNAUTHENTICATED,
        "403" => FORBIDDEN,
        "404" => NOT_FOUND,
        "409" => "The operation does not fit the current state or window.",
        "413" => TOO_LARGE,
        "415" => WRONG_MEDIA,
        "422" => INVALID,
        "429" => "Too many attempts: come back after Retry-After seconds.",
        "503" => UNAVAILABLE,
        _ => "Error.",
    }
}

/// API.md's error body: `{"error": {"code", "message", "fields"?}}`, the message in Thai or
/// English by `Accept-Language`.
fn add_error_schema(doc: &mut Value) {
    let schema = json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string", "pattern": "^[a-z][a-z0-9_]*$",
                              "description": "Stable, snake_case: for programs." },
                    "message": { "type": "string",
                                 "description": "For people, in Thai or English by Accept-Language." },
                    "fields": {
                        "type": "array",
                        "description": "With 422: each invalid field and what is wrong with it.",
                        "items": {
                            "type": "object",
                            "required": ["field", "message"],
                            "properties": {
                                "field": { "type": "string" },
                                "message": { "type": "string" }
                            }
                        }
                    }
                }
            }
        },
        "example": { "error": { "code": "not_found", "message": "ไม่พบหน่วยงาน 9999999" } }
    });
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.insert("ErrorBody".into(), schema);
    }
}

#[cfg(test)]
mod tests {
    use super::{WHITE_SPACE, with_exact_white_space};

    #[test]
    fn white_space_in_patterns_is_what_trim_removes() {
        assert_eq!(
            with_exact_white_space(r"^\s*\S"),
            format!("^[{WHITE_SPACE}]*[^{WHITE_SPACE}]")
        );
        assert_eq!(
            with_exact_white_space(r"^\s*\S[\s\S]{3,}$"),
            format!(r"^[{WHITE_SPACE}]*[^{WHITE_SPACE}][\s\S]{{3,}}$")
        );
        // The class lists exactly the characters `trim` removes, among the first 0x3001.
        for c in (0u32..0x3001).filter_map(char::from_u32) {
            let listed = matches!(
                c,
                '\t' | '\n'
                    | '\u{b}'
                    | '\u{c}'
                    | '\r'
                    | ' '
                    | '\u{85}'
                    | '\u{a0}'
                    | '\u{1680}'
                    | '\u{2000}'
                    ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
            );
            assert_eq!(listed, c.is_whitespace(), "{:?}", c);
        }
    }
}
