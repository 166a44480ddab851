//! Errors in the TOML files name the file and the line and column (or the path of the value).

use crate::{assert_refused, framework_dir};
use openita_framework::{Framework, FrameworkError};
use std::path::Path;

/// A copy of `frameworks/2568` with `file` edited, read with `from_dir`: the error.
fn refuse_edited(file: &str, edit: impl FnOnce(&str) -> String) -> (FrameworkError, String) {
    let dir = tempfile::tempdir().unwrap();
    for name in ["framework.toml", "iit.toml", "eit.toml", "oit.toml"] {
        std::fs::copy(framework_dir("2568").join(name), dir.path().join(name)).unwrap();
    }
    let path = dir.path().join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&original);
    assert_ne!(edited, original, "the edit changed nothing");
    std::fs::write(&path, &edited).unwrap();
    let err = Framework::from_dir(dir.path()).expect_err("the edited folder must be refused");
    let shown_file = err.file.clone().unwrap();
    assert!(
        Path::new(&shown_file).ends_with(file),
        "error in {shown_file}, expected {file}: {err}"
    );
    (err, edited)
}

/// 1-based line and character column of the first occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    let byte = line.find(needle).unwrap();
    (index + 1, line[..byte].chars().count() + 1)
}

#[test]
fn a_toml_syntax_error_reports_line_and_column() {
    let (err, edited) = refuse_edited("framework.toml", |s| {
        s.replacen("pass_mark = 85", "pass_mark = = 85", 1)
    });
    let (line, column) = position_of(&edited, "pass_mark = = 85");
    // The second `=` is the unexpected token: 12 characters after the key starts.
    assert_eq!(err.location, format!("line {line}, column {}", column + 12));
    assert!(crate::has_thai(&err.message_th));
}

/// The toml crate has no words for some characters (a NUL byte in a comment, found by the
/// fuzz test): the error still says what is wrong, not just where.
#[test]
fn a_stray_control_character_gets_a_message_not_only_a_place() {
    let (err, edited) = refuse_edited("framework.toml", |s| {
        s.replacen("must be a catch-all", "must be a\0catch-all", 1)
    });
    let (line, _) = position_of(&edited, "a\0catch-all");
    assert!(err.location.starts_with(&format!("line {line}, ")), "{err}");
    assert!(err.message_en.contains("not valid TOML"), "{err}");
    assert!(crate::has_thai(&err.message_th));
}

#[test]
fn columns_count_thai_characters_not_bytes() {
    let (err, edited) = refuse_edited("iit.toml", |s| {
        s.replacen(
            "name_th = \"การใช้งบประมาณ\"",
            "name_th = \"การใช้งบประมาณ\" junk",
            1,
        )
    });
    let (line, column) = position_of(&edited, "junk");
    assert_eq!(err.location, format!("line {line}, column {column}"));
}

#[test]
fn a_toml_type_error_names_the_value_and_its_line() {
    let (err, edited) = refuse_edited("iit.toml", |s| {
        s.replacen(
            "id = \"i1_3\"\nindicator = 1\nscale = \"four_level\"\nreverse = true",
            "id = \"i1_3\"\nindicator = 1\nscale = \"four_level\"\nreverse = \"yes\"",
            1,
        )
    });
    let (line, _) = position_of(&edited, "reverse = \"yes\"");
    assert!(
        err.location.starts_with(&format!("line {line}, column ")),
        "{}",
        err.location
    );
    assert!(
        err.message_en
            .starts_with("questions[2].reverse: invalid type"),
        "{}",
        err.message_en
    );
}

#[test]
fn a_question_without_reverse_is_refused() {
    let (err, _) = refuse_edited("eit.toml", |s| {
        s.replacen(
            "id = \"e6_1\"\nindicator = 6\nscale = \"four_level\"\nreverse = false\n",
            "id = \"e6_1\"\nindicator = 6\nscale = \"four_level\"\n",
            1,
        )
    });
    assert!(
        err.message_en.contains("missing field `reverse`"),
        "{}",
        err.message_en
    );
}

#[test]
fn an_unknown_key_in_toml_is_refused() {
    let (err, edited) = refuse_edited("oit.toml", |s| {
        s.replacen(
            "year_rule = \"now\"",
            "year_rule = \"now\"\nyaer_rule = \"cur\"",
            1,
        )
    });
    let (line, _) = position_of(&edited, "yaer_rule");
    assert!(
        err.location.starts_with(&format!("line {line}, ")),
        "{} vs {line}",
        err.location
    );
    assert!(err.message_en.contains("yaer_rule"), "{}", err.message_en);
}

#[test]
fn a_fraction_dividing_by_zero_is_refused_where_it_is_written() {
    let (err, edited) = refuse_edited("framework.toml", |s| {
        s.replacen("\"200/3\"", "\"200/0\"", 1)
    });
    let (line, _) = position_of(&edited, "\"200/0\"");
    assert!(
        err.location.starts_with(&format!("line {line}, ")),
        "{} vs {line}",
        err.location
    );
    assert!(
        err.message_en.contains("divides by zero"),
        "{}",
        err.message_en
    );
}

#[test]
fn semantic_errors_in_toml_name_the_instrument_file_and_the_path() {
    let (err, _) = refuse_edited("eit.toml", |s| {
        s.replacen(
            "id = \"e7_3\"\nindicator = 7\nscale = \"yesno\"",
            "id = \"e7_3\"\nindicator = 7\nscale = \"yes_no\"",
            1,
        )
    });
    assert_refused(
        &err,
        "instruments[1].indicators[1].questions[2].scale",
        "question `e7_3` uses scale `yes_no`",
    );
}

#[test]
fn semantic_errors_outside_instruments_name_framework_toml() {
    let (err, _) = refuse_edited("framework.toml", |s| s.replacen("OIT = 40", "OIT = 39", 1));
    assert_refused(&err, "weights", "= 99; they must sum to 100");
}

#[test]
fn a_question_for_an_indicator_of_another_file_is_refused() {
    let (err, _) = refuse_edited("iit.toml", |s| {
        s.replacen(
            "id = \"i2_1\"\nindicator = 2",
            "id = \"i2_1\"\nindicator = 6",
            1,
        )
    });
    assert_refused(
        &err,
        "questions[5].indicator",
        "indicator 6 is not among this file's [[indicators]] (1, 2, 3, 4, 5)",
    );
}

#[test]
fn an_instrument_weight_in_its_file_must_match_framework_toml() {
    let (err, _) = refuse_edited("oit.toml", |s| {
        s.replacen("code = \"OIT\"\n", "code = \"OIT\"\nweight = 45\n", 1)
    });
    assert_refused(
        &err,
        "instruments[2].weight",
        "weight 45 but weights.OIT is 40",
    );
}

#[test]
fn two_notes_for_one_agency_type_are_refused() {
    let (err, _) = refuse_edited("oit.toml", |s| {
        s.replacen(
            "types = [\"province_office\"]",
            "types = [\"province_office\", \"sao\"]",
            1,
        )
    });
    assert_refused(
        &err,
        "items[4].notes_by_type[1].types",
        "item O5 has two notes for sao",
    );
}

#[test]
fn an_item_without_allowed_scores_anywhere_is_refused() {
    let (err, _) = refuse_edited("oit.toml", |s| {
        s.replacen("allowed_scores = [0, 100]\n", "", 1)
    });
    assert_refused(
        &err,
        "items[0].allowed_scores",
        "item O1 has no allowed_scores",
    );
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = Framework::from_dir(dir.path()).unwrap_err();
    assert!(err.file.unwrap().ends_with("framework.toml"));
    assert!(
        err.message_en.starts_with("cannot read"),
        "{}",
        err.message_en
    );
}
