//! "Path to 85": the plan's OIT items lift the rounded total to the pass mark, and no smaller
//! set of items does (checked by brute force, rescoring every subset through the engine).

use crate::{best, exact, ita2568, oit_except, run, tally};
use openita_framework::{Fraction, Framework, InstrumentCode};
use openita_scoring::{AgencyInputs, OitItemState, PlanStep, path_to_pass};
use openita_types::AgencyType;

/// Every answer worth 200/3: normal 4-level questions at level 3, reversed ones at level 2,
/// yes/no 2 "good" answers of 3 per 3 responses.
fn two_thirds(fw: &Framework, code: InstrumentCode, threes: u64) -> openita_scoring::SurveyTally {
    tally(fw, code, 3 * threes, |q| {
        let counts = match (q.scale.as_str(), q.reverse) {
            ("yesno", false) => vec![1, 2],
            ("yesno", true) => vec![2, 1],
            (_, false) => vec![0, 0, 3, 0],
            (_, true) => vec![0, 3, 0, 0],
        };
        counts.into_iter().map(|c| c * threes).collect()
    })
}

fn raised(inputs: &AgencyInputs, codes: &[&str]) -> AgencyInputs {
    let mut out = inputs.clone();
    for item in &mut out.oit {
        if codes.contains(&item.code.as_str()) {
            item.state = OitItemState::Final(Fraction::HUNDRED);
        }
    }
    out
}

fn plan_items(plan: &openita_scoring::PassPlan) -> Vec<String> {
    plan.steps
        .iter()
        .filter_map(|s| match s {
            PlanStep::RaiseItem { code, .. } => Some(code.clone()),
            PlanStep::RaiseIndicator { .. } => None,
        })
        .collect()
}

/// Every subset of `zero`: (subset, passes when raised).
fn brute_force(fw: &Framework, inputs: &AgencyInputs, zero: &[&str]) -> Vec<(Vec<String>, bool)> {
    (0_u32..(1 << zero.len()))
        .map(|mask| {
            let subset: Vec<&str> = zero
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, c)| *c)
                .collect();
            let passes = run(fw, &raised(inputs, &subset)).pass;
            (subset.iter().map(ToString::to_string).collect(), passes)
        })
        .collect()
}

#[test]
fn an_agency_at_80_needs_two_indicator_10_items() {
    // IIT 100, EIT 100 (60 points); OIT indicator 9 with O11-O20 at 0 -> 50, indicator 10 with
    // O25-O28 at 0 -> 50; OIT 50 -> 20 points; total 80 exactly.
    // Raising an indicator-9 item adds 100 x 1/20 x 1/2 x 40/100 = 1 point, an indicator-10
    // item 100 x 1/8 x 1/2 x 40/100 = 2.5. Needed: 84.995 - 80 = 4.995: two indicator-10
    // items (5 points, total 85.00), no single item.
    let fw = ita2568();
    let zero = [
        "O11", "O12", "O13", "O14", "O15", "O16", "O17", "O18", "O19", "O20", "O25", "O26", "O27",
        "O28",
    ];
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(40));
    inputs.iit = best(&fw, InstrumentCode::Iit, 40);
    inputs.eit = best(&fw, InstrumentCode::Eit, 40);
    inputs.oit = oit_except(&fw, &zero);
    let result = run(&fw, &inputs);
    assert_eq!(result.total, exact("80"));

    let plan = path_to_pass(&result);
    assert_eq!(plan.points_needed, exact("4.995"));
    assert_eq!(plan_items(&plan), ["O25", "O26"]);
    for step in &plan.steps {
        assert_eq!(*step.points(), exact("2.5"));
    }
    assert_eq!(plan.total_after, exact("85"));
    assert!(plan.reaches_pass_mark && plan.oit_alone_suffices);

    // The plan works when scored for real...
    let items = plan_items(&plan);
    let codes: Vec<&str> = items.iter().map(String::as_str).collect();
    let after = run(&fw, &raised(&inputs, &codes));
    assert_eq!(after.total, plan.total_after);
    assert_eq!(after.total_rounded.to_string(), "85.00");
    assert!(after.pass);
    // ...and no single item is enough.
    for code in zero {
        assert!(!run(&fw, &raised(&inputs, &[code])).pass, "{code} alone");
    }
}

#[test]
fn the_plan_is_a_smallest_set_by_brute_force_over_every_subset() {
    // IIT 200/3 (20 points), EIT 100 (30), OIT: O18-O20 at 0 -> indicator 9 = 85; O26-O28 at 0
    // -> indicator 10 = 62.5; OIT 73.75 -> 29.5 points. Total 79.5; needed 5.495.
    // Gains: 1 per indicator-9 item, 2.5 per indicator-10 item: two items give at most 5, so
    // three are needed (e.g. O26, O27, O28: +7.5).
    let fw = ita2568();
    let zero = ["O18", "O19", "O20", "O26", "O27", "O28"];
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(3));
    inputs.iit = two_thirds(&fw, InstrumentCode::Iit, 1);
    inputs.eit = best(&fw, InstrumentCode::Eit, 30);
    inputs.oit = oit_except(&fw, &zero);
    let result = run(&fw, &inputs);
    assert_eq!(result.total, exact("79.5"));
    let plan = path_to_pass(&result);
    assert_eq!(plan.points_needed, exact("5.495"));
    assert_eq!(plan_items(&plan), ["O26", "O27", "O28"]);
    assert_eq!(plan.total_after, exact("87"));

    let all = brute_force(&fw, &inputs, &zero);
    assert_eq!(all.len(), 64);
    let smallest = all
        .iter()
        .filter(|(_, passes)| *passes)
        .map(|(s, _)| s.len())
        .min()
        .unwrap();
    assert_eq!(smallest, plan.steps.len());
    let planned = plan_items(&plan);
    assert!(all.iter().any(|(s, passes)| *s == planned && *passes));
}

#[test]
fn when_oit_alone_cannot_reach_85_the_plan_names_survey_indicators() {
    // IIT 200/3 -> 20, EIT 200/3 -> 20; OIT with O20 and O28 at 0: indicator 9 = 95,
    // indicator 10 = 87.5, OIT 91.25 -> 36.5. Total 76.5. All OIT at 100 gives 80 at most.
    // After O28 (+2.5) and O20 (+1): 80; still needed 84.995 - 80 = 4.995.
    // Raising an IIT indicator (share 1/5) from 200/3 to 100 adds 100/3 x 1/5 x 3/10 = 2;
    // an EIT indicator (share 1/3) 100/3 x 1/3 x 3/10 = 10/3. Greedy: indicator 6 (+10/3),
    // then indicator 7 for the remaining 4.995 - 10/3 = (14985 - 10000)/3000 = 997/600, i.e.
    // from 200/3 to 200/3 + (997/600) / (1/3 x 3/10) = 4000/60 + 997/60 = 4997/60 = 83.28.
    let fw = ita2568();
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(3));
    inputs.iit = two_thirds(&fw, InstrumentCode::Iit, 1);
    inputs.eit = two_thirds(&fw, InstrumentCode::Eit, 10);
    inputs.oit = oit_except(&fw, &["O20", "O28"]);
    let result = run(&fw, &inputs);
    assert_eq!(result.total, exact("76.5"));
    let plan = path_to_pass(&result);
    assert!(!plan.oit_alone_suffices);
    assert!(plan.reaches_pass_mark);
    assert_eq!(plan.steps.len(), 4);
    assert_eq!(plan_items(&plan), ["O28", "O20"]);
    match &plan.steps[2] {
        PlanStep::RaiseIndicator {
            indicator,
            points_needed,
            points_if_100,
            ..
        } => {
            assert_eq!(*indicator, 6);
            assert_eq!(*points_needed, exact("10/3"));
            assert_eq!(points_if_100, points_needed);
        }
        other => panic!("expected indicator 6, got {other:?}"),
    }
    match &plan.steps[3] {
        PlanStep::RaiseIndicator {
            indicator,
            instrument,
            points_needed,
            score_needed,
            ..
        } => {
            assert_eq!((*indicator, *instrument), (7, InstrumentCode::Eit));
            assert_eq!(*points_needed, exact("997/600"));
            assert_eq!(*score_needed, exact("4997/60"));
        }
        other => panic!("expected indicator 7, got {other:?}"),
    }
    // The plan ends exactly at the smallest passing total.
    assert_eq!(plan.total_after, exact("84.995"));
    assert_eq!(plan.total_after.rounded().to_string(), "85.00");
    // Indicator gains are listed for every survey indicator, biggest first (EIT 10/3, IIT 2).
    let gains: Vec<(u16, String)> = plan
        .indicator_gains
        .iter()
        .map(|g| (g.indicator, g.points_if_100.to_string()))
        .collect();
    assert_eq!(
        gains,
        [
            (6, "10/3"),
            (7, "10/3"),
            (8, "10/3"),
            (1, "2"),
            (2, "2"),
            (3, "2"),
            (4, "2"),
            (5, "2")
        ]
        .map(|(n, s)| (n, s.to_string()))
    );
}

#[test]
fn an_agency_that_passes_gets_an_empty_plan() {
    let fw = ita2568();
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(40));
    inputs.iit = best(&fw, InstrumentCode::Iit, 40);
    inputs.eit = best(&fw, InstrumentCode::Eit, 40);
    inputs.oit = oit_except(&fw, &["O1"]);
    let result = run(&fw, &inputs);
    assert!(result.pass);
    let plan = path_to_pass(&result);
    assert!(plan.already_passing && plan.steps.is_empty());
    assert_eq!(plan.points_needed, exact("0"));
}

#[test]
fn an_instrument_without_responses_is_reported_as_blocking() {
    // No EIT responses: EIT scores 0; IIT 100 (30) + OIT 100 (40) = 70; even raising every
    // IIT indicator (already 100) cannot help, so the plan does not reach 85 and names the EIT.
    let fw = ita2568();
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(40));
    inputs.iit = best(&fw, InstrumentCode::Iit, 40);
    inputs.oit = oit_except(&fw, &[]);
    let result = run(&fw, &inputs);
    let plan = path_to_pass(&result);
    assert!(!plan.reaches_pass_mark);
    assert!(plan.steps.is_empty());
    assert_eq!(plan.blocked.len(), 1);
    assert_eq!(plan.blocked[0].instrument, InstrumentCode::Eit);
    assert_eq!(plan.blocked[0].responses_missing, 30);
}
