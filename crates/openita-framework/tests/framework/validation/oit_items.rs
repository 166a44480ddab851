//! OIT items, their checklists, allowed scores and year rules.

use super::FW;
use crate::{assert_refused, at, load, refuse};
use openita_framework::Framework;
use serde_json::json;

// --- OIT items --------------------------------------------------------------------------------

#[test]
fn a_duplicate_item_code_is_refused_at_the_second_one() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/1/items/0/code") = json!("O5")
    });
    assert_refused(
        &err,
        "instruments[2].indicators[1].items[0].code",
        "`O5` is already used at instruments[2].indicators[0].items[4]",
    );
}

#[test]
fn an_invalid_year_rule_is_a_located_syntax_error() {
    let fw = load(FW);
    let mut v = fw.to_json_value();
    *at(&mut v, "/instruments/2/indicators/0/items/6/year_rule") = json!("later");
    let text = serde_json::to_string_pretty(&v).unwrap();
    let line = text.lines().position(|l| l.contains("\"later\"")).unwrap() + 1;
    let err = Framework::from_json_str(&text).unwrap_err();
    assert!(
        err.location.starts_with(&format!("line {line}, column ")),
        "{} vs line {line}",
        err.location
    );
    assert!(
        err.message_en.starts_with(
            "instruments[2].indicators[0].items[6].year_rule: unknown variant `later`"
        ),
        "{}",
        err.message_en
    );
}

#[test]
fn an_allowed_score_above_100_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/0/items/8/allowed_scores") = json!([0, 150])
    });
    assert_refused(
        &err,
        "instruments[2].indicators[0].items[8].allowed_scores[1]",
        "150 must be between 0 and 100",
    );
}

#[test]
fn allowed_scores_out_of_order_are_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/0/items/0/allowed_scores") = json!([100, 0])
    });
    assert_refused(
        &err,
        "instruments[2].indicators[0].items[0].allowed_scores[1]",
        "strictly ascend",
    );
}

#[test]
fn no_allowed_score_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/1/items/2/allowed_scores") = json!([])
    });
    assert_refused(
        &err,
        "instruments[2].indicators[1].items[2].allowed_scores",
        "O23 allows no score",
    );
}

#[test]
fn an_item_without_elements_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/0/items/8/elements") = json!([])
    });
    assert_refused(
        &err,
        "instruments[2].indicators[0].items[8].elements",
        "item O9 lists no elements",
    );
}

#[test]
fn a_zero_item_weight_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/0/items/0/weight") = json!(0)
    });
    assert_refused(
        &err,
        "instruments[2].indicators[0].items[0].weight",
        "item O1 is 0",
    );
}

#[test]
fn an_empty_note_for_an_agency_type_is_refused() {
    let err = refuse(FW, |v| {
        *at(
            v,
            "/instruments/2/indicators/0/items/0/notes_by_type/sao/en",
        ) = json!("")
    });
    assert_refused(
        &err,
        "instruments[2].indicators[0].items[0].notes_by_type.sao.en",
        "must not be empty",
    );
}

#[test]
fn an_unknown_agency_type_is_a_located_syntax_error() {
    let err = refuse(FW, |v| {
        let notes = at(v, "/instruments/2/indicators/0/items/0/notes_by_type")
            .as_object_mut()
            .unwrap();
        let note = notes.remove("sao").unwrap();
        notes.insert("village".into(), note);
    });
    assert!(
        err.location.starts_with("line 1, column "),
        "{}",
        err.location
    );
    assert!(
        err.message_en.contains("unknown variant `village`"),
        "{}",
        err.message_en
    );
}

#[test]
fn only_the_oit_may_mark_its_item_names_unverified() {
    let err = refuse(FW, |v| {
        v["instruments"][0]["unverified_item_names"] = json!({"th": "ชื่อย่อ", "en": "short forms"});
    });
    assert_refused(
        &err,
        "instruments[0].unverified_item_names",
        "only OIT may mark its item names unverified",
    );
}

#[test]
fn an_unverified_item_names_mark_without_a_reason_is_refused() {
    let err = refuse(FW, |v| {
        v["instruments"][2]["unverified_item_names"] = json!({"th": "", "en": "short forms"});
    });
    assert_refused(
        &err,
        "instruments[2].unverified_item_names.th",
        "must not be empty",
    );
}
