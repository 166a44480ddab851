//! Rating rules (tiers) of 2568: tried in order on the rounded total and rounded instrument
//! scores. OpenITA's reading of the reported case: 94.64 overall with EIT under 85 is rated one
//! tier below the top.

use crate::{exact, flat, flat_inputs, run};
use openita_framework::InstrumentCode;

#[test]
fn the_94_64_agency_with_eit_84_99_gets_the_tier_below_the_top() {
    // IIT 100, EIT 84.99, OIT 97.8575: 30 + 25.497 + 39.143 = 94.64 exactly.
    let fw = flat("100", "84.99", "97.8575");
    let result = run(&fw, &flat_inputs(&fw, 30, "97.8575"));
    assert_eq!(result.total, exact("94.64"));
    assert_eq!(result.level, "A");
    assert!(result.pass);
    assert_eq!(
        result
            .instrument(InstrumentCode::Eit)
            .unwrap()
            .rounded()
            .to_string(),
        "84.99"
    );
    let top = &fw.rating_rules[0];
    assert_eq!(top.tier, "pass_good");
    assert_eq!(result.tier, fw.rating_rules[1].tier);
    assert_eq!(result.tier, "pass");
}

#[test]
fn with_every_instrument_at_85_it_gets_the_top_tier() {
    // IIT 100, EIT 85, OIT 97.85: 30 + 25.5 + 39.14 = 94.64.
    let fw = flat("100", "85", "97.85");
    let result = run(&fw, &flat_inputs(&fw, 30, "97.85"));
    assert_eq!(result.total, exact("94.64"));
    assert_eq!(result.tier, "pass_good");
}

#[test]
fn instrument_minimums_test_the_rounded_instrument_score() {
    // EIT exactly 84.995 rounds to 85.00, which meets "every instrument 85 or more".
    // IIT 100, OIT 100: total 30 + 25.4985 + 40 = 95.4985 -> 95.50.
    let fw = flat("100", "84.995", "100");
    let result = run(&fw, &flat_inputs(&fw, 30, "100"));
    assert_eq!(result.total, exact("95.4985"));
    assert_eq!(result.tier, "pass_good");
    assert_eq!(result.level, "AA");
    // EIT 84.994 rounds to 84.99: one tier lower.
    let fw = flat("100", "84.994", "100");
    let result = run(&fw, &flat_inputs(&fw, 30, "100"));
    assert_eq!(result.tier, "pass");
}

#[test]
fn below_the_pass_mark_the_catch_all_applies() {
    let fw = flat("80", "80", "80");
    let result = run(&fw, &flat_inputs(&fw, 30, "80"));
    assert_eq!(result.tier, "fail");
    assert!(!result.pass);
}
