//! One test per validation rule: a copy of a shipped framework with one thing broken is refused
//! at the exact place.

use crate::{assert_refused, at, load, refuse};
use openita_framework::Framework;
use serde_json::json;

const FW: &str = "ita-2568";

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

// --- questions ------------------------------------------------------------------------------

#[test]
fn a_duplicate_question_id_is_refused_at_the_second_one() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/1/indicators/0/questions/2/id") = json!("i1_1")
    });
    assert_refused(
        &err,
        "instruments[1].indicators[0].questions[2].id",
        "`i1_1` is already used at instruments[0].indicators[0].questions[0]",
    );
}

#[test]
fn a_malformed_question_id_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/0/indicators/1/questions/0/id") = json!("i2 1")
    });
    assert_refused(
        &err,
        "instruments[0].indicators[1].questions[0].id",
        "`i2 1`",
    );
}

#[test]
fn an_undefined_scale_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/1/indicators/0/questions/2/scale") = json!("five_level")
    });
    assert_refused(
        &err,
        "instruments[1].indicators[0].questions[2].scale",
        "question `e6_3` uses scale `five_level`, which is not defined (scales: four_level, yesno)",
    );
}

#[test]
fn an_empty_question_text_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/0/indicators/0/questions/3/text_th") = json!("")
    });
    assert_refused(
        &err,
        "instruments[0].indicators[0].questions[3].text_th",
        "must not be empty",
    );
}

#[test]
fn a_zero_question_weight_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/instruments/0/indicators/0/questions/0/weight") = json!(0)
    });
    assert_refused(
        &err,
        "instruments[0].indicators[0].questions[0].weight",
        "question i1_1 is 0",
    );
}

#[test]
fn a_misspelt_field_is_refused_rather_than_ignored() {
    let err = refuse(FW, |v| {
        let q = at(v, "/instruments/0/indicators/0/questions/2")
            .as_object_mut()
            .unwrap();
        let reverse = q.remove("reverse").unwrap();
        q.insert("revrese".into(), reverse);
    });
    assert!(
        err.location.starts_with("line 1, column "),
        "{}",
        err.location
    );
    assert!(
        err.message_en
            .contains("instruments[0].indicators[0].questions[2]")
            && err.message_en.contains("unknown field `revrese`"),
        "{}",
        err.message_en
    );
}

// --- scales -----------------------------------------------------------------------------------

#[test]
fn a_scale_value_above_100_is_refused() {
    let err = refuse(FW, |v| *at(v, "/scales/four_level/3") = json!(101));
    assert_refused(
        &err,
        "scales.four_level[3]",
        "level 4 of scale `four_level` 101",
    );
}

#[test]
fn a_decreasing_scale_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/scales/four_level") = json!([0, "200/3", "100/3", 100])
    });
    assert_refused(
        &err,
        "scales.four_level[2]",
        "level 3 of scale `four_level` is worth 100/3",
    );
}

#[test]
fn a_one_value_scale_is_refused() {
    let err = refuse(FW, |v| {
        *at(v, "/scales/yesno") = json!([100]);
        at(v, "/scale_labels/yesno").as_array_mut().unwrap().pop();
    });
    assert_refused(&err, "scales.yesno", "it needs at least 2");
}

#[test]
fn labels_and_values_must_be_as_many() {
    let err = refuse(FW, |v| {
        at(v, "/scale_labels/yesno").as_array_mut().unwrap().pop();
    });
    assert_refused(&err, "scale_labels.yesno", "2 values but 1 labels");
}

#[test]
fn a_scale_without_labels_is_refused() {
    let err = refuse(FW, |v| {
        at(v, "/scale_labels")
            .as_object_mut()
            .unwrap()
            .remove("yesno");
    });
    assert_refused(&err, "scale_labels.yesno", "has no labels");
}

#[test]
fn labels_for_an_unknown_scale_are_refused() {
    let err = refuse(FW, |v| {
        let labels = v["scale_labels"]["yesno"].clone();
        at(v, "/scale_labels")
            .as_object_mut()
            .unwrap()
            .insert("yes_no".into(), labels);
    });
    assert_refused(&err, "scale_labels.yes_no", "which is not a scale");
}

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
    let err = refuse(FW, |v| *at(v, "/rating_rules/1/tier") = json!("excellent"));
    assert_refused(
        &err,
        "rating_rules[1].tier",
        "tier `excellent` is used twice",
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
