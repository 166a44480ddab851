//! Survey questions and answer scales.

use super::FW;
use crate::{assert_refused, at, refuse};
use serde_json::json;

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

// --- scales marked unverified -----------------------------------------------------------------

#[test]
fn an_unverified_mark_on_an_unknown_scale_is_refused() {
    let err = refuse(FW, |v| {
        v["unverified_scales"]["five_level"] = json!({"th": "ยังไม่ได้ตรวจสอบ", "en": "unchecked"});
    });
    assert_refused(
        &err,
        "unverified_scales.five_level",
        "`five_level` is marked unverified but is not a scale",
    );
}

#[test]
fn an_unverified_mark_without_a_reason_is_refused() {
    let err = refuse(FW, |v| {
        v["unverified_scales"]["yesno"] = json!({"th": "ยังไม่ได้ตรวจสอบ", "en": " "});
    });
    assert_refused(&err, "unverified_scales.yesno.en", "must not be empty");
}
