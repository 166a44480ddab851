//! Minimum samples and the sample policy (ITA-FRAMEWORK.md §3.9-10): `flag` keeps the score,
//! `zero` scores the instrument 0; no responses score 0; both are flagged.

use crate::{best, edited, exact, ita2568, oit_except, run};
use openita_framework::{Framework, InstrumentCode};
use openita_scoring::{AgencyInputs, Flag, InstrumentStatus};
use openita_types::AgencyType;
use serde_json::json;

/// An SAO (EIT minimum 30 in 2568) with every answer at the best level and every OIT item at
/// 100, `iit` and `eit` responses, headcount `headcount`.
fn agency(fw: &Framework, headcount: Option<u32>, iit: u64, eit: u64) -> AgencyInputs {
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, headcount);
    inputs.iit = best(fw, InstrumentCode::Iit, iit);
    inputs.eit = best(fw, InstrumentCode::Eit, eit);
    inputs.oit = oit_except(fw, &[]);
    inputs
}

fn zero_policy() -> Framework {
    edited(|v| v["sample_policy"] = json!("zero"))
}

#[test]
fn policy_flag_keeps_the_score_and_flags_it() {
    let fw = ita2568();
    let result = run(&fw, &agency(&fw, Some(20), 20, 10));
    let eit = result.instrument(InstrumentCode::Eit).unwrap();
    assert_eq!(eit.status, InstrumentStatus::Counted);
    assert_eq!(eit.score, exact("100"));
    assert_eq!(eit.sample.unwrap().minimum, Some(30));
    assert_eq!(result.flags, vec![Flag::SampleBelowMinimumEit]);
    assert_eq!(result.total, exact("100"));
    assert!(result.pass);
}

#[test]
fn policy_zero_scores_the_instrument_0_and_flags_it() {
    let fw = zero_policy();
    let result = run(&fw, &agency(&fw, Some(20), 20, 10));
    let eit = result.instrument(InstrumentCode::Eit).unwrap();
    assert_eq!(eit.status, InstrumentStatus::ZeroedBelowMinimum);
    assert_eq!(
        eit.computed,
        Some(exact("100")),
        "the computed score is kept for the record"
    );
    assert_eq!(eit.score, exact("0"));
    assert_eq!(eit.points, exact("0"));
    for indicator in &eit.indicators {
        assert_eq!(indicator.score, Some(exact("0")));
        assert_eq!(indicator.computed, Some(exact("100")));
    }
    assert_eq!(result.flags, vec![Flag::SampleBelowMinimumEit]);
    // 30 (IIT) + 0 (EIT) + 40 (OIT) = 70: level C, fails.
    assert_eq!(result.total, exact("70"));
    assert_eq!(result.level, "C");
    assert!(!result.pass);
    let api = serde_json::to_value(result.api_fields()).unwrap();
    assert_eq!(api["instruments"]["EIT"], json!(0.0));
    assert_eq!(api["indicators"]["6"], json!(0.0));
    // At the minimum the instrument counts again.
    let result = run(&fw, &agency(&fw, Some(20), 20, 30));
    assert_eq!(result.total, exact("100"));
    assert!(result.flags.is_empty());
}

#[test]
fn no_responses_score_0_and_are_flagged() {
    let fw = ita2568();
    let result = run(&fw, &agency(&fw, Some(20), 20, 0));
    let eit = result.instrument(InstrumentCode::Eit).unwrap();
    assert_eq!(eit.status, InstrumentStatus::NoResponses);
    assert_eq!(eit.score, exact("0"));
    assert_eq!(eit.computed, None);
    // 0 responses are also below the minimum of 30: both facts are flagged.
    assert_eq!(
        result.flags,
        vec![Flag::NoResponsesEit, Flag::SampleBelowMinimumEit]
    );
    assert_eq!(result.total, exact("70"));
    let api = serde_json::to_value(result.api_fields()).unwrap();
    assert_eq!(api["indicators"]["7"], json!(0.0));
    assert_eq!(api["responses"], json!({"iit": 20, "eit": 0}));
}

#[test]
fn no_responses_anywhere_gives_only_the_oit() {
    let fw = ita2568();
    let mut inputs = AgencyInputs::empty(AgencyType::Department, Some(0));
    inputs.oit = oit_except(&fw, &[]);
    let result = run(&fw, &inputs);
    assert_eq!(result.total, exact("40"));
    // Headcount 0: IIT minimum 0, so not below it; EIT minimum for a department is 100.
    assert_eq!(
        result.flags,
        vec![
            Flag::NoResponsesIit,
            Flag::NoResponsesEit,
            Flag::SampleBelowMinimumEit
        ]
    );
    assert_eq!(result.level, "F");
}

#[test]
fn iit_minimum_comes_from_the_headcount() {
    // 2568 placeholder rule: 30% of the headcount rounded up, at least 10, at most 200.
    // Headcount 100 -> 30.
    let fw = ita2568();
    let below = run(&fw, &agency(&fw, Some(100), 29, 30));
    assert_eq!(below.flags, vec![Flag::SampleBelowMinimumIit]);
    assert_eq!(
        below
            .instrument(InstrumentCode::Iit)
            .unwrap()
            .sample
            .unwrap()
            .shortfall(),
        1
    );
    let enough = run(&fw, &agency(&fw, Some(100), 30, 30));
    assert!(enough.flags.is_empty());
    // The zero policy applies to the IIT as well.
    let fw = zero_policy();
    let zeroed = run(&fw, &agency(&fw, Some(100), 29, 30));
    assert_eq!(zeroed.total, exact("70"));
}

#[test]
fn without_a_headcount_the_iit_minimum_is_unknown_and_flagged() {
    let fw = zero_policy();
    let result = run(&fw, &agency(&fw, None, 1, 30));
    let iit = result.instrument(InstrumentCode::Iit).unwrap();
    assert_eq!(iit.sample.unwrap().minimum, None);
    assert_eq!(iit.status, InstrumentStatus::Counted);
    assert_eq!(result.flags, vec![Flag::HeadcountMissing]);
    assert_eq!(result.total, exact("100"));
}
