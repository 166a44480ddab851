//! Rules a framework sets that change a score: where the total is rounded
//! (`total_rounding`) and what an indicator without answers counts (`empty_indicator`).
//! docs/scoring.md works the same cases by hand.

use crate::{best, edited, exact, flat, flat_inputs, ita2568, run};
use openita_framework::{Framework, InstrumentCode};
use openita_scoring::{AgencyInputs, Flag};
use openita_types::AgencyType;
use serde_json::json;

/// `fw` with its `total_rounding` set to `rule`.
fn rounding(fw: &Framework, rule: &str) -> Framework {
    let mut value = fw.to_json_value();
    value["total_rounding"] = json!(rule);
    Framework::from_json_str(&value.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_shipped_2568_rounds_the_total_once_and_counts_an_empty_indicator_as_zero() {
    let fw = ita2568();
    assert_eq!(fw.total_rounding, openita_framework::TotalRounding::Total);
    assert_eq!(
        fw.empty_indicator,
        openita_framework::EmptyIndicatorRule::Zero
    );
    assert!(
        !fw.shows_levels(),
        "from 2566 NACC shows pass/fail and the tier"
    );
}

#[test]
fn rounding_the_parts_first_can_lift_a_total_of_84_99_to_a_pass() {
    // IIT and EIT 5099/60 (= 84.98333...), OIT 85: parts 25.495 + 25.495 + 34 = 84.99 exactly.
    let fw = flat("5099/60", "5099/60", "85");
    let inputs = flat_inputs(&fw, 30, "85");
    let once = run(&rounding(&fw, "total"), &inputs);
    assert_eq!(once.total, exact("84.99"));
    assert_eq!(once.total_rounded.to_string(), "84.99");
    assert!(!once.pass);
    // 25.495 -> 25.50 twice, 34.00: 85.00.
    let parts = run(&rounding(&fw, "instrument_parts"), &inputs);
    assert_eq!(
        parts.total,
        exact("84.99"),
        "the exact total does not change"
    );
    assert_eq!(parts.total_rounded.to_string(), "85.00");
    assert!(parts.pass);
    assert_eq!(parts.tier, "pass", "IIT and EIT are under 85: not \"ผ่านดี\"");
}

#[test]
fn rounding_the_parts_first_can_drop_a_total_of_85_00_below_the_mark() {
    // IIT and EIT 84.98 (parts 25.494), OIT 85.03 (part 34.012): exactly 85.000.
    let fw = flat("84.98", "84.98", "85.03");
    let inputs = flat_inputs(&fw, 30, "85.03");
    let once = run(&rounding(&fw, "total"), &inputs);
    assert_eq!(once.total_rounded.to_string(), "85.00");
    assert!(once.pass);
    // 25.49 + 25.49 + 34.01 = 84.99.
    let parts = run(&rounding(&fw, "instrument_parts"), &inputs);
    assert_eq!(parts.total_rounded.to_string(), "84.99");
    assert!(!parts.pass);
    assert_eq!(parts.tier, "fail");
}

/// Best answers everywhere, except that nobody answered indicator 5's questions (all optional
/// in this test, so the blank answers are allowed).
fn inputs_without_indicator_5(fw: &Framework) -> AgencyInputs {
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(40));
    inputs.iit = best(fw, InstrumentCode::Iit, 40);
    inputs.eit = best(fw, InstrumentCode::Eit, 40);
    let empty: Vec<String> = fw
        .instrument(InstrumentCode::Iit)
        .and_then(|i| i.indicators.iter().find(|ind| ind.number == 5))
        .map(|ind| ind.questions.iter().map(|q| q.id.clone()).collect())
        .unwrap_or_default();
    assert!(!empty.is_empty());
    for q in &mut inputs.iit.questions {
        if empty.contains(&q.question) {
            q.counts.iter_mut().for_each(|c| *c = 0);
        }
    }
    inputs
}

fn empty_indicator(rule: &str) -> Framework {
    edited(|v| {
        v["empty_indicator"] = json!(rule);
    })
}

#[test]
fn an_indicator_without_answers_counts_zero_by_default_and_is_flagged() {
    let fw = empty_indicator("zero");
    let result = run(&fw, &inputs_without_indicator_5(&fw));
    let iit = result
        .instrument(InstrumentCode::Iit)
        .unwrap_or_else(|| panic!("IIT"));
    // Five equal indicators, four at 100 and one at 0.
    assert_eq!(iit.score, exact("80"));
    let fifth = iit
        .indicators
        .iter()
        .find(|i| i.number == 5)
        .unwrap_or_else(|| panic!("indicator 5"));
    assert_eq!(fifth.score, Some(exact("0")));
    assert_eq!(fifth.share, exact("1/5"));
    assert!(result.has_flag(Flag::IndicatorWithoutAnswers));
    // The parts still add up to the total exactly.
    let sum: openita_scoring::Score = result
        .instruments
        .iter()
        .flat_map(|i| i.indicators.iter().map(|ind| ind.points_in_total.clone()))
        .sum();
    assert_eq!(sum, result.total);
}

#[test]
fn a_framework_may_leave_an_indicator_without_answers_out_instead() {
    let fw = empty_indicator("drop");
    let result = run(&fw, &inputs_without_indicator_5(&fw));
    let iit = result
        .instrument(InstrumentCode::Iit)
        .unwrap_or_else(|| panic!("IIT"));
    assert_eq!(iit.score, exact("100"), "the four answered indicators only");
    let fifth = iit
        .indicators
        .iter()
        .find(|i| i.number == 5)
        .unwrap_or_else(|| panic!("indicator 5"));
    assert_eq!(fifth.score, None);
    assert!(result.has_flag(Flag::IndicatorWithoutAnswers));
}
