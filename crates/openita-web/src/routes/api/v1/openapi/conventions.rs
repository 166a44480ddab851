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
    add_error_schema_and_responses(doc);
    apply_to_operations(doc, routes);
    trimmed_lengths(doc);
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
    let mut errors: Vec<Shared> = Vec::new();
    match access {
        Access::Public => {
            op.insert("security".into(), json!([]));
        }
        Access::SignedIn => errors.push(Shared::Unauthenticated),
        Access::Roles(_) => errors.extend([Shared::Unauthenticated, Shared::Forbidden]),
    }
    if area_filter && access == Access::SignedIn {
        errors.push(Shared::ForbiddenArea);
    }
    if path.contains('{') {
        errors.push(Shared::NotFound);
    }
    if json_body {
        errors.extend([Shared::Malformed, Shared::WrongMedia]);
    }
    if any_body {
        errors.extend([Shared::TooLarge, Shared::Invalid]);
    }
    if has_query {
        errors.push(Shared::Invalid);
    }
    if !NO_DATABASE.contains(&id.as_str()) {
        errors.push(Shared::Unavailable);
    }

    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else { return };
    for shared in errors {
        responses
            .entry(shared.status().to_string())
            .or_insert_with(|| shared.reference());
    }
    // Every error answer declared on a handler carries the one error body too: the shared
    // answer when the handler said only the status, its own words otherwise.
    for (status, response) in responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        let Some(object) = response.as_object_mut() else {
            continue;
        };
        if !is_error || object.contains_key("content") || object.contains_key("$ref") {
            continue;
        }
        let described = object
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.is_empty());
        match Shared::for_status(status) {
            Some(shared) if !described => *response = shared.reference(),
            _ => {
                let description = object
                    .get("description")
                    .cloned()
                    .unwrap_or_else(|| json!("Error."));
                *response = error_response(status, &description);
            }
        }
    }
}

/// The error answers many operations share, kept once under `components/responses`.
#[derive(Clone, Copy)]
enum Shared {
    Malformed,
    Unauthenticated,
    Forbidden,
    ForbiddenArea,
    NotFound,
    Conflict,
    TooLarge,
    WrongMedia,
    Invalid,
    TooMany,
    Unavailable,
}

impl Shared {
    const ALL: [Shared; 11] = [
        Shared::Malformed,
        Shared::Unauthenticated,
        Shared::Forbidden,
        Shared::ForbiddenArea,
        Shared::NotFound,
        Shared::Conflict,
        Shared::TooLarge,
        Shared::WrongMedia,
        Shared::Invalid,
        Shared::TooMany,
        Shared::Unavailable,
    ];

    fn status(self) -> u16 {
        match self {
            Shared::Malformed => 400,
            Shared::Unauthenticated => 401,
            Shared::Forbidden | Shared::ForbiddenArea => 403,
            Shared::NotFound => 404,
            Shared::Conflict => 409,
            Shared::TooLarge => 413,
            Shared::WrongMedia => 415,
            Shared::Invalid => 422,
            Shared::TooMany => 429,
            Shared::Unavailable => 503,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shared::Malformed => "MalformedJson",
            Shared::Unauthenticated => "Unauthenticated",
            Shared::Forbidden => "Forbidden",
            Shared::ForbiddenArea => "ForbiddenArea",
            Shared::NotFound => "NotFound",
            Shared::Conflict => "Conflict",
            Shared::TooLarge => "PayloadTooLarge",
            Shared::WrongMedia => "UnsupportedMediaType",
            Shared::Invalid => "InvalidInput",
            Shared::TooMany => "TooManyRequests",
            Shared::Unavailable => "Unavailable",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Shared::Malformed => "The body is not well-formed JSON.",
            Shared::Unauthenticated => "No valid token (or session): sign in first.",
            Shared::Forbidden => "Signed in, but this role may not use this operation.",
            Shared::ForbiddenArea => {
                "A filter naming a province or district outside the caller's area."
            }
            Shared::NotFound => "Nothing of that name, or nothing the caller may see.",
            Shared::Conflict => "The operation does not fit the current state or window.",
            Shared::TooLarge => "The body is larger than this operation accepts.",
            Shared::WrongMedia => "The body was not sent as application/json.",
            Shared::Invalid => {
                "Invalid input: `fields` names each field and what is wrong with it."
            }
            Shared::TooMany => "Too many attempts: come back after Retry-After seconds.",
            Shared::Unavailable => {
                "The database is busy or not answering; come back after Retry-After seconds."
            }
        }
    }

    /// The shared answer a handler means when it names only the status.
    fn for_status(status: &str) -> Option<Shared> {
        Shared::ALL
            .into_iter()
            .find(|s| s.status().to_string() == status && !matches!(s, Shared::ForbiddenArea))
    }

    fn reference(self) -> Value {
        json!({ "$ref": format!("#/components/responses/{}", self.name()) })
    }
}

/// An error answer: the one error body, and `Retry-After` where the client must wait.
fn error_response(status: &str, description: &Value) -> Value {
    let mut response = json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } }
    });
    if status == "429" || status == "503" {
        response["headers"] = json!({ "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": { "type": "integer", "minimum": 0 }
        } });
    }
    response
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
            // Their schemas are components (`add_error_schema_and_responses`): said once.
            "year" => json!({ "$ref": "#/components/schemas/FiscalYear" }),
            "code" if path.contains("/agencies/{code}") => {
                json!({ "$ref": "#/components/schemas/AgencyCode" })
            }
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

/// A required text is trimmed before its length is counted: a field written
/// `#[schema(pattern = r"\S", max_length = N)]` ("not blank, at most N") means at most N
/// characters between the first and the last that are not white space, which a pattern says
/// (`maxLength` would count the white space around it too).
fn trimmed_lengths(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let required_text = map.get("pattern").and_then(Value::as_str) == Some(r"\S");
            if let (true, Some(max)) = (required_text, map.get("maxLength").and_then(Value::as_u64))
            {
                let inner = max.saturating_sub(2);
                map.remove("maxLength");
                map.insert(
                    "pattern".into(),
                    json!(format!(r"^\s*\S([\s\S]{{0,{inner}}}\S)?\s*$")),
                );
            }
            map.values_mut().for_each(trimmed_lengths);
        }
        Value::Array(items) => items.iter_mut().for_each(trimmed_lengths),
        _ => {}
    }
}

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

/// API.md's error body: `{"error": {"code", "message", "fields"?}}`, the message in Thai or
/// English by `Accept-Language`.
fn add_error_schema_and_responses(doc: &mut Value) {
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
        schemas.insert("FiscalYear".into(), schema_of::<FiscalYear>());
        schemas.insert("AgencyCode".into(), schema_of::<AgencyCode>());
    }
    let responses: Map<String, Value> = Shared::ALL
        .into_iter()
        .map(|s| {
            let status = s.status().to_string();
            (
                s.name().to_string(),
                error_response(&status, &json!(s.description())),
            )
        })
        .collect();
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        components.insert("responses".into(), Value::Object(responses));
    }
}

#[cfg(test)]
mod tests {
    use super::{WHITE_SPACE, with_exact_white_space};

    #[test]
    fn a_required_texts_length_is_counted_without_the_white_space_around_it() {
        let mut schema = serde_json::json!({"type": "string", "pattern": r"\S", "maxLength": 200});
        super::trimmed_lengths(&mut schema);
        assert_eq!(
            schema,
            serde_json::json!({"type": "string", "pattern": r"^\s*\S([\s\S]{0,198}\S)?\s*$"})
        );
    }

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
