//! The JSON form of a framework: syntax errors located.

use super::FW;
use crate::{assert_refused, load, refuse};
use openita_framework::Framework;

// --- JSON syntax --------------------------------------------------------------------------------

#[test]
fn json_syntax_errors_carry_line_and_column() {
    let err = Framework::from_json_str("{\n  \"year\": 2568,\n  oops\n}").unwrap_err();
    assert_eq!(err.location, "line 3, column 3");
    assert_eq!(err.message_en, "key must be a string");
    assert!(crate::has_thai(&err.message_th));
    assert_eq!(err.file, None);
}

#[test]
fn trailing_text_after_the_json_is_refused() {
    let text = format!("{}\nx", load(FW).to_json_value());
    let err = Framework::from_json_str(&text).unwrap_err();
    assert_eq!(err.location, "line 2, column 1");
    assert!(
        err.message_en.contains("trailing characters"),
        "{}",
        err.message_en
    );
}

#[test]
fn a_missing_field_is_named() {
    let err = refuse(FW, |v| {
        v.as_object_mut().unwrap().remove("sample_policy");
    });
    assert!(
        err.message_en.contains("missing field `sample_policy`"),
        "{}",
        err.message_en
    );
}

#[test]
fn framework_definition_edits_are_validated_by_try_from() {
    let mut definition = load(FW).into_definition();
    definition.levels.swap(0, 1);
    let err = Framework::try_from(definition).unwrap_err();
    assert_refused(
        &err,
        "levels[1].min",
        "level AA starts at 95, not below level A (85)",
    );
}
