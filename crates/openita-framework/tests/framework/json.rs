//! The JSON contract of API.md, the round trip GET -> edit -> PUT, and the fingerprint.

use crate::{at, load};
use openita_framework::{Fraction, Framework, shipped};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[track_caller]
fn assert_has_keys(value: &Value, expected: &[&str]) {
    let present = keys(value);
    for key in expected {
        assert!(present.contains(key), "missing `{key}` in {present:?}");
    }
}

#[test]
fn json_has_the_shape_of_api_md() {
    for name in shipped::names() {
        let v = load(name).to_json_value();
        assert_has_keys(
            &v,
            &[
                "year",
                "pass_mark",
                "weights",
                "scales",
                "instruments",
                "levels",
                "rating_rules",
                "sample_policy",
            ],
        );
        assert_eq!(v["weights"], json!({"IIT": 30, "EIT": 30, "OIT": 40}));
        assert_eq!(v["sample_policy"], "flag");
        assert_eq!(v["pass_mark"], 85);
        let four = v["scales"]["four_level"].as_array().unwrap();
        assert!(
            four.iter().all(Value::is_number),
            "scale values are plain numbers"
        );
        assert!((four[1].as_f64().unwrap() - 100.0 / 3.0).abs() < 1e-12);
        assert_eq!(v["scales"]["yesno"], json!([0, 100]));
        let codes: Vec<&str> = v["instruments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["IIT", "EIT", "OIT"]);
        for instrument in v["instruments"].as_array().unwrap() {
            assert_has_keys(instrument, &["code", "weight", "indicators"]);
            for indicator in instrument["indicators"].as_array().unwrap() {
                assert_has_keys(
                    indicator,
                    &[
                        "number",
                        "name_th",
                        "name_en",
                        "weight",
                        "questions",
                        "items",
                    ],
                );
                assert!(indicator["questions"].is_array() && indicator["items"].is_array());
                for q in indicator["questions"].as_array().unwrap() {
                    assert_has_keys(
                        q,
                        &[
                            "id", "text_th", "text_en", "scale", "reverse", "optional", "weight",
                        ],
                    );
                    assert!(q["reverse"].is_boolean() && q["optional"].is_boolean());
                }
                for item in indicator["items"].as_array().unwrap() {
                    assert_has_keys(item, &["code", "name_th", "name_en", "year_rule", "weight"]);
                    assert!(["now", "cur", "prev"].contains(&item["year_rule"].as_str().unwrap()));
                }
            }
        }
        for level in v["levels"].as_array().unwrap() {
            assert_eq!(keys(level), BTreeSet::from(["name", "min"]));
        }
        for rule in v["rating_rules"].as_array().unwrap() {
            assert_has_keys(rule, &["tier", "name_th", "name_en", "min_total"]);
            // Optional field: absent rather than null when unset.
            assert_ne!(rule.get("min_each_instrument"), Some(&Value::Null));
        }
    }
    let v = load("ita-2568").to_json_value();
    assert_eq!(v["rating_rules"][0]["min_each_instrument"], 85);
    assert!(v["rating_rules"][1].get("min_each_instrument").is_none());
}

#[test]
fn an_edited_get_output_can_be_put_back_unchanged() {
    for name in shipped::names() {
        let original = load(name);
        for text in [
            serde_json::to_string(&original).unwrap(),
            serde_json::to_string_pretty(&original).unwrap(),
        ] {
            let back = Framework::from_json_str(&text).unwrap();
            assert_eq!(back, original, "{name}");
            assert_eq!(back.fingerprint(), original.fingerprint());
            assert_eq!(
                serde_json::to_string(&back).unwrap(),
                serde_json::to_string(&original).unwrap()
            );
        }
    }
}

#[test]
fn thirds_read_back_exactly_from_json_numbers_and_fraction_strings() {
    let fw = load("ita-2568");
    let third = Fraction::new(100, 3).unwrap();
    let back = Framework::from_json_str(&fw.to_json_value().to_string()).unwrap();
    assert_eq!(back.scale("four_level").unwrap()[1], third);
    let mut v = fw.to_json_value();
    *at(&mut v, "/scales/four_level") = json!(["0", "100/3", "200/3", "100"]);
    let from_strings = Framework::from_json_str(&v.to_string()).unwrap();
    assert_eq!(from_strings, fw);
}

#[test]
fn deserializing_a_framework_directly_also_validates() {
    let mut v = load("ita-2568").to_json_value();
    *at(&mut v, "/weights/OIT") = json!(30);
    let err = serde_json::from_value::<Framework>(v).unwrap_err();
    assert!(err.to_string().contains("must sum to 100"), "{err}");
}

#[test]
fn fingerprints_are_hex_sha256_stable_and_sensitive() {
    let a = load("ita-2568");
    let fp = a.fingerprint();
    assert_eq!(fp.len(), 64);
    assert!(
        fp.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(load("ita-2568").fingerprint(), fp);
    // The same framework for another year is another definition.
    let mut other_year = a.to_json_value();
    other_year["year"] = json!(2567);
    let other_year = Framework::from_json_str(&other_year.to_string()).unwrap();
    assert_ne!(other_year.fingerprint(), fp);

    // One comma in one question changes it.
    let mut definition = a.clone().into_definition();
    definition.instruments[0].indicators[0].questions[0]
        .text_en
        .push(',');
    let edited = Framework::try_from(definition).unwrap();
    assert_ne!(edited.fingerprint(), fp);

    // The canonical text has sorted keys, so key order in an upload does not matter.
    let canonical = a.canonical_json();
    assert!(
        canonical.starts_with("{\"headcount_reference\":{\"day\":1,"),
        "{}",
        &canonical[..60]
    );
    assert!(!canonical.contains('\n'));
}

/// Pinned versions of the shipped frameworks. A cycle stores the fingerprint of the framework
/// it was scored with; if this test fails, a shipped framework changed. If the change is
/// deliberate (a fix to the data), update the value here and say so in the changelog.
#[test]
fn shipped_fingerprints_are_pinned() {
    let pinned = [("ita-2568", PINNED_2568)];
    for (name, expected) in pinned {
        assert_eq!(load(name).fingerprint(), expected, "{name} changed");
    }
}

const PINNED_2568: &str = "c5de51f28f543257f55ec15fbe3bd6f5dc8e127ab8791d5ec931f21f326577c0";

/// A cycle stored before scales and item names could be marked unverified has no such keys:
/// it loads, gains no mark, and keeps its fingerprint (the marks are left out of the JSON when
/// absent).
#[test]
fn a_framework_stored_before_the_unverified_marks_loads_unchanged() {
    let mut value = load("ita-2568").to_json_value();
    value.as_object_mut().unwrap().remove("unverified_scales");
    value["instruments"][2]
        .as_object_mut()
        .unwrap()
        .remove("unverified_item_names");
    let old = Framework::from_json_str(&value.to_string()).unwrap();
    assert!(old.unverified_scales.is_empty());
    assert!(old.instruments[2].unverified_item_names.is_none());
    assert_eq!(old.to_json_value(), value, "no mark appears");
    assert_ne!(old.fingerprint(), load("ita-2568").fingerprint());
}

/// A cycle stores its framework as JSON numbers: a fraction its number does not give back
/// would be stored as another value, or as one that no longer loads (found by the fuzz
/// test). An upload of one is refused, naming the value; what JSON can hold is accepted.
#[test]
fn an_upload_whose_numbers_json_cannot_hold_exactly_is_refused_where_they_are() {
    for weight in ["1/20011", "9223372036854775807/9223372036854775806"] {
        let mut value = load("ita-2568").to_json_value();
        *at(&mut value, "/instruments/0/indicators/1/weight") = json!(weight);
        assert!(
            Framework::from_json_str(&value.to_string()).is_ok(),
            "the rules alone accept {weight}"
        );
        let err = Framework::from_upload(&value.to_string()).unwrap_err();
        crate::assert_refused(
            &err,
            "instruments[0].indicators[1].weight",
            "cannot be stored exactly",
        );
    }
    let mut value = load("ita-2568").to_json_value();
    *at(&mut value, "/instruments/0/indicators/1/weight") = json!("7/3");
    let uploaded = Framework::from_upload(&value.to_string()).unwrap();
    let stored = Framework::from_json_str(&uploaded.canonical_json()).unwrap();
    assert_eq!(stored.fingerprint(), uploaded.fingerprint());
}
