//! Header, weights, instruments and indicators.

use super::FW;
use crate::{assert_refused, at, load, refuse};
use openita_framework::Framework;
use serde_json::json;

// --- header -------------------------------------------------------------------------------

#[test]
fn a_common_era_year_is_refused() {
    let err = refuse(FW, |v| *at(v, "/year") = json!(2025));
    assert_refused(&err, "year", "not a Buddhist-era fiscal year");
    assert_eq!(err.file, None);
}

#[test]
fn a_name_with_spaces_is_refused() {
    let err = refuse(FW, |v| *at(v, "/name") = json!("ita 2568"));
    assert_refused(&err, "name", "`ita 2568`");
}

#[test]
fn an_empty_title_is_refused() {
    let err = refuse(FW, |v| *at(v, "/title_en") = json!("  "));
    assert_refused(&err, "title_en", "must not be empty");
}

#[test]
fn a_pass_mark_above_100_is_refused() {
    let err = refuse(FW, |v| *at(v, "/pass_mark") = json!(101));
    assert_refused(&err, "pass_mark", "between 0 and 100");
}

// --- weights --------------------------------------------------------------------------------

#[test]
fn weights_that_do_not_sum_to_100_are_refused() {
    let err = refuse(FW, |v| *at(v, "/weights/OIT") = json!(30));
    assert_refused(
        &err,
        "weights",
        "IIT 30 + EIT 30 + OIT 30 = 90; they must sum to 100",
    );
    assert!(err.message_th.contains("ต้องรวมกันได้ 100"));
}

#[test]
fn weights_summing_to_100_with_exact_thirds_are_accepted() {
    let mut v = load(FW).to_json_value();
    for code in ["IIT", "EIT", "OIT"] {
        *at(&mut v, &format!("/weights/{code}")) = json!("100/3");
        let i = ["IIT", "EIT", "OIT"]
            .iter()
            .position(|c| *c == code)
            .unwrap();
        *at(&mut v, &format!("/instruments/{i}/weight")) = json!("100/3");
    }
    Framework::from_json_str(&v.to_string()).unwrap();
}

#[test]
fn a_zero_instrument_weight_is_refused_even_if_the_sum_is_100() {
    let err = refuse(FW, |v| {
        *at(v, "/weights/IIT") = json!(0);
        *at(v, "/weights/EIT") = json!(60);
    });
    assert_refused(&err, "weights.IIT", "must be greater than 0");
}

#[test]
fn an_instrument_weight_different_from_its_weights_entry_is_refused() {
    let err = refuse(FW, |v| *at(v, "/instruments/1/weight") = json!(35));
    assert_refused(
        &err,
        "instruments[1].weight",
        "weight 35 but weights.EIT is 30",
    );
}

// --- instruments ----------------------------------------------------------------------------

#[test]
fn instruments_out_of_order_are_refused() {
    let err = refuse(FW, |v| v["instruments"].as_array_mut().unwrap().swap(0, 1));
    assert_refused(&err, "instruments[0].code", "is EIT; expected IIT");
}

#[test]
fn a_missing_instrument_is_refused() {
    let err = refuse(FW, |v| {
        v["instruments"].as_array_mut().unwrap().pop();
    });
    assert_refused(&err, "instruments", "instrument OIT is missing");
}

#[test]
fn a_fourth_instrument_is_refused() {
    let err = refuse(FW, |v| {
        let extra = v["instruments"][2].clone();
        v["instruments"].as_array_mut().unwrap().push(extra);
    });
    assert_refused(&err, "instruments[3]", "unexpected instrument OIT");
}

#[test]
fn an_unknown_instrument_code_is_a_located_syntax_error() {
    let err = refuse(FW, |v| *at(v, "/instruments/0/code") = json!("XIT"));
    assert!(
        err.location.starts_with("line 1, column "),
        "{}",
        err.location
    );
    assert!(
        err.message_en
            .starts_with("instruments[0].code: unknown variant `XIT`"),
        "{}",
        err.message_en
    );
}

#[test]
fn an_instrument_without_indicators_is_refused() {
    let err = refuse(FW, |v| *at(v, "/instruments/1/indicators") = json!([]));
    assert_refused(&err, "instruments[1].indicators", "EIT has no indicators");
}

// --- indicators -----------------------------------------------------------------------------

#[test]
fn a_duplicate_indicator_number_is_refused_at_the_second_one() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/1/indicators/0/number") = json!(1)
    });
    assert_refused(
        &err,
        "instruments[1].indicators[0].number",
        "indicator number 1 is used twice",
    );
}

#[test]
fn indicator_number_zero_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/0/indicators/0/number") = json!(0)
    });
    assert_refused(&err, "instruments[0].indicators[0].number", "start at 1");
}

#[test]
fn a_survey_indicator_without_questions_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/0/indicators/2/questions") = json!([])
    });
    assert_refused(
        &err,
        "instruments[0].indicators[2].questions",
        "indicator 3 of IIT has no questions",
    );
}

#[test]
fn a_survey_indicator_with_items_is_refused() {
    let err = refuse(FW, |v| {
        let item = v["instruments"][2]["indicators"][0]["items"][0].clone();
        *at(v, "/instruments/1/indicators/0/items") = json!([item]);
    });
    assert_refused(
        &err,
        "instruments[1].indicators[0].items",
        "EIT indicators have only questions",
    );
}

#[test]
fn an_oit_indicator_without_items_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/2/indicators/1/items") = json!([])
    });
    assert_refused(
        &err,
        "instruments[2].indicators[1].items",
        "indicator 10 of OIT has no items",
    );
}

#[test]
fn an_oit_indicator_with_questions_is_refused() {
    let err = refuse(FW, |v| {
        let mut q = v["instruments"][0]["indicators"][0]["questions"][0].clone();
        q["id"] = json!("o9_1");
        *at(v, "/instruments/2/indicators/0/questions") = json!([q]);
    });
    assert_refused(
        &err,
        "instruments[2].indicators[0].questions",
        "OIT indicators have only items",
    );
}

#[test]
fn a_non_positive_indicator_weight_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/0/indicators/4/weight") = json!(-1)
    });
    assert_refused(
        &err,
        "instruments[0].indicators[4].weight",
        "indicator 5 is -1",
    );
}
