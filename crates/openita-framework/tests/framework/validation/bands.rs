//! Levels, rating rules, sample rules and the headcount date.

use super::FW;
use crate::{assert_refused, at, refuse};
use serde_json::json;

// --- levels -----------------------------------------------------------------------------------

#[test]
fn no_levels_is_refused() {
    let err = refuse(FW, |v| *at(v, "/levels") = json!([]));
    assert_refused(&err, "levels", "no level is defined");
}

#[test]
fn a_duplicate_level_name_is_refused() {
    let err = refuse(FW, |v| *at(v, "/levels/1/name") = json!("AA"));
    assert_refused(&err, "levels[1].name", "level name `AA` is used twice");
}

#[test]
fn level_minimums_that_do_not_strictly_descend_are_refused() {
    let err = refuse(FW, |v| *at(v, "/levels/2/min") = json!(85));
    assert_refused(
        &err,
        "levels[2].min",
        "level B starts at 85, not below level A (85)",
    );
}

#[test]
fn a_last_level_above_0_is_refused() {
    let err = refuse(FW, |v| *at(v, "/levels/6/min") = json!(10));
    assert_refused(&err, "levels[6].min", "the last level, F, starts at 10");
}

#[test]
fn a_level_minimum_above_100_is_refused() {
    let err = refuse(FW, |v| *at(v, "/levels/0/min") = json!(100.5));
    assert_refused(&err, "levels[0].min", "100.5 must be between 0 and 100");
}

// --- rating rules -------------------------------------------------------------------------------

#[test]
fn no_rating_rule_is_refused() {
    let err = refuse(FW, |v| *at(v, "/rating_rules") = json!([]));
    assert_refused(&err, "rating_rules", "no rating rule is defined");
}

#[test]
fn a_last_rating_rule_with_a_minimum_total_is_refused() {
    let err = refuse(FW, |v| *at(v, "/rating_rules/2/min_total") = json!(50));
    assert_refused(
        &err,
        "rating_rules[2].min_total",
        "the last rule, `fail`, must be a catch-all",
    );
}

#[test]
fn a_last_rating_rule_with_an_instrument_minimum_is_refused() {
    let err = refuse(FW, |v| {
        at(v, "/rating_rules/2")
            .as_object_mut()
            .unwrap()
            .insert("min_each_instrument".into(), json!(10));
    });
    assert_refused(
        &err,
        "rating_rules[2].min_each_instrument",
        "must be a catch-all",
    );
}

#[test]
fn a_catch_all_before_the_last_rule_is_refused() {
    let err = refuse(FW, |v| {
        let rule = json!({"tier": "any", "name_th": "ทุกกรณี", "name_en": "Any", "min_total": 0});
        v["rating_rules"].as_array_mut().unwrap().insert(1, rule);
    });
    assert_refused(&err, "rating_rules[1]", "rules after it can never apply");
}

#[test]
fn a_duplicate_tier_is_refused() {
    let err = refuse(FW, |v| *at(v, "/rating_rules/1/tier") = json!("pass_good"));
    assert_refused(
        &err,
        "rating_rules[1].tier",
        "tier `pass_good` is used twice",
    );
}

#[test]
fn an_instrument_minimum_above_100_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/rating_rules/0/min_each_instrument") = json!(120)
    });
    assert_refused(
        &err,
        "rating_rules[0].min_each_instrument",
        "between 0 and 100",
    );
}

// --- sample rules and headcount ------------------------------------------------------------------

#[test]
fn a_sample_percent_above_100_is_refused() {
    let err = refuse(FW, |v| *at(v, "/sample_rules/iit/percent") = json!(120));
    assert_refused(&err, "sample_rules.iit.percent", "between 0 and 100");
}

#[test]
fn a_sample_floor_above_the_cap_is_refused() {
    let err = refuse(FW, |v| *at(v, "/sample_rules/iit/floor") = json!(500));
    assert_refused(
        &err,
        "sample_rules.iit.floor",
        "floor 500 is above the cap 200",
    );
}

#[test]
fn a_zero_sample_cap_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/sample_rules/iit/floor") = json!(0);
        *at(v, "/sample_rules/iit/cap") = json!(0);
    });
    assert_refused(&err, "sample_rules.iit.cap", "at least 1");
}

#[test]
fn a_zero_eit_minimum_is_refused() {
    let err = refuse(FW, |v| *at(v, "/sample_rules/eit/minimum") = json!(0));
    assert_refused(&err, "sample_rules.eit.minimum", "at least 1");
}

#[test]
fn a_zero_eit_minimum_for_one_agency_type_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/sample_rules/eit/by_agency_type/sao") = json!(0)
    });
    assert_refused(
        &err,
        "sample_rules.eit.by_agency_type.sao",
        "for sao must be at least 1",
    );
}

#[test]
fn a_negative_sample_floor_is_a_located_syntax_error() {
    let err = refuse(FW, |v| *at(v, "/sample_rules/iit/floor") = json!(-1));
    assert!(
        err.message_en
            .starts_with("sample_rules.iit.floor: invalid value"),
        "{}",
        err.message_en
    );
}

#[test]
fn a_thirteenth_month_is_refused() {
    let err = refuse(FW, |v| *at(v, "/headcount_reference/month") = json!(13));
    assert_refused(&err, "headcount_reference.month", "month 13 is not 1-12");
}

#[test]
fn the_31st_of_february_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/headcount_reference/month") = json!(2);
        *at(v, "/headcount_reference/day") = json!(31);
    });
    assert_refused(
        &err,
        "headcount_reference.day",
        "day 31 is not a day of month 2 (1-29)",
    );
}
