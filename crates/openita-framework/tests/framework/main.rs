//! Integration tests of openita-framework: the shipped frameworks, the JSON contract, every
//! validation rule, and syntax errors in TOML and JSON.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod fuzz;
mod json;
mod shipped;
mod shipped_oit;
mod syntax;
mod validation;

use openita_framework::{Framework, FrameworkError, shipped as shipped_frameworks};
use serde_json::Value;
use std::path::PathBuf;

/// `frameworks/<year>` in the repository.
pub fn framework_dir(year: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../frameworks")
        .join(year)
}

pub fn load(name: &str) -> Framework {
    shipped_frameworks::load(name).unwrap_or_else(|e| panic!("{name} must load: {e}"))
}

/// A shipped framework as API JSON, edited, then uploaded: the error it is refused with.
pub fn refuse(name: &str, edit: impl FnOnce(&mut Value)) -> FrameworkError {
    let mut value = load(name).to_json_value();
    edit(&mut value);
    Framework::from_json_str(&value.to_string()).expect_err("the edited framework must be refused")
}

/// The value at a JSON pointer (`/instruments/0/weight`).
pub fn at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the framework JSON"))
}

pub fn has_thai(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// The error is at `location` and its English message contains `fragment`; the Thai message
/// is Thai.
#[track_caller]
pub fn assert_refused(error: &FrameworkError, location: &str, fragment: &str) {
    assert_eq!(error.location, location, "wrong location for: {error}");
    assert!(
        error.message_en.contains(fragment),
        "message `{}` should contain `{fragment}`",
        error.message_en
    );
    assert!(
        has_thai(&error.message_th),
        "Thai message `{}` has no Thai",
        error.message_th
    );
}
