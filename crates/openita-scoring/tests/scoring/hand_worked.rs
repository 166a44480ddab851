//! A tiny agency worked out by hand, every level of the breakdown checked exactly and rounded.

use crate::{edited, exact, frac, run};
use openita_framework::{Framework, InstrumentCode};
use openita_scoring::{
    AgencyInputs, Flag, InstrumentStatus, OitItemInput, OitItemState, PlanStep, QuestionTally,
    SurveyTally, path_to_pass,
};
use openita_types::AgencyType;
use serde_json::{Value, json};

/// The 2568 framework cut down to:
/// - IIT indicator 1: i1_1 (4-level, weight 2), i1_3 (4-level, reversed), i1_4 (yes/no,
///   reversed); indicator 4: i4_2 (4-level), i4_3 (yes/no), i4_5 (yes/no, reversed, optional);
/// - EIT indicator 6: e6_1, e6_2 (4-level);
/// - OIT indicator 9: O1, O2, O3; indicator 10: O21, O22 (scores 0 or 100).
///
/// All indicator and item weights 1; instruments IIT 30, EIT 30, OIT 40.
pub fn tiny() -> Framework {
    let keep: [(u16, &[&str]); 5] = [
        (1, &["i1_1", "i1_3", "i1_4"]),
        (4, &["i4_2", "i4_3", "i4_5"]),
        (6, &["e6_1", "e6_2"]),
        (9, &["O1", "O2", "O3"]),
        (10, &["O21", "O22"]),
    ];
    edited(|v| {
        for instrument in v["instruments"].as_array_mut().unwrap() {
            let indicators = instrument["indicators"].as_array_mut().unwrap();
            indicators.retain(|ind| {
                keep.iter()
                    .any(|(n, _)| ind["number"].as_u64() == Some(u64::from(*n)))
            });
            for ind in indicators.iter_mut() {
                let n = ind["number"].as_u64().unwrap();
                let ids = keep.iter().find(|(k, _)| u64::from(*k) == n).unwrap().1;
                let wanted = |x: &Value, key: &str| ids.contains(&x[key].as_str().unwrap());
                ind["questions"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|q| wanted(q, "id"));
                ind["items"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|i| wanted(i, "code"));
                for q in ind["questions"].as_array_mut().unwrap() {
                    if q["id"] == "i1_1" {
                        q["weight"] = json!(2);
                    }
                }
            }
        }
    })
}

pub fn tiny_inputs() -> AgencyInputs {
    let t = |id: &str, counts: &[u64]| QuestionTally::new(id, counts.to_vec());
    AgencyInputs {
        agency_type: AgencyType::Sao,
        headcount: Some(3),
        iit: SurveyTally {
            responses: 3,
            questions: vec![
                t("i1_1", &[0, 0, 1, 2]),
                t("i1_3", &[1, 2, 0, 0]),
                t("i1_4", &[2, 1]),
                t("i4_2", &[0, 1, 2, 0]),
                t("i4_3", &[1, 2]),
                t("i4_5", &[2, 0]),
            ],
        },
        eit: SurveyTally {
            responses: 4,
            questions: vec![t("e6_1", &[0, 0, 0, 4]), t("e6_2", &[0, 0, 2, 2])],
        },
        oit: vec![
            OitItemInput::new("O1", OitItemState::Final(frac("100"))),
            OitItemInput::new("O2", OitItemState::Provisional(frac("100"))),
            // O3 not listed: missing.
            OitItemInput::new("O21", OitItemState::Final(frac("100"))),
            OitItemInput::new("O22", OitItemState::Final(frac("0"))),
        ],
    }
}

#[track_caller]
fn q(result: &openita_scoring::AgencyScore, id: &str, score: &str, rounded: &str) {
    let question = result.question(id).unwrap();
    let s = question.score.as_ref().unwrap();
    assert_eq!(*s, exact(score), "{id}");
    assert_eq!(s.rounded().to_string(), rounded, "{id}");
}

#[track_caller]
fn ind(result: &openita_scoring::AgencyScore, number: u16, score: &str, rounded: &str) {
    let indicator = result.indicator(number).unwrap();
    let s = indicator.score.as_ref().unwrap();
    assert_eq!(*s, exact(score), "indicator {number}");
    assert_eq!(s.rounded().to_string(), rounded, "indicator {number}");
}

#[test]
fn every_level_of_the_breakdown_matches_the_hand_computation() {
    let result = run(&tiny(), &tiny_inputs());

    // --- IIT: 3 responses, headcount 3 (fewer than the floor 10: minimum = everyone = 3).
    // i1_1, normal, weight 2: one answer at level 3 (200/3), two at level 4 (100):
    //   (200/3 + 200) / 3 = 800/9 = 88.888... -> 88.89
    q(&result, "i1_1", "800/9", "88.89");
    // i1_3, reversed: level 1 scores 100, level 2 scores 100 - 100/3 = 200/3:
    //   (100 + 2 x 200/3) / 3 = 700/9 = 77.777... -> 77.78
    q(&result, "i1_3", "700/9", "77.78");
    // i1_4, yes/no reversed: 2 "no" score 100, 1 "yes" scores 0: 200/3 -> 66.67
    q(&result, "i1_4", "200/3", "66.67");
    // Indicator 1 = (2 x 800/9 + 700/9 + 200/3) / (2 + 1 + 1) = (2900/9) / 4 = 725/9 -> 80.56
    ind(&result, 1, "725/9", "80.56");
    // i4_2, normal: (100/3 + 2 x 200/3) / 3 = 500/9 -> 55.56
    q(&result, "i4_2", "500/9", "55.56");
    // i4_3, yes/no: 2 yes of 3 -> 200/3
    q(&result, "i4_3", "200/3", "66.67");
    // i4_5, yes/no reversed, optional: 2 answers (both "no" = 100), one respondent left it
    // blank, which is out of this question's mean only: 200 / 2 = 100.
    q(&result, "i4_5", "100", "100.00");
    let i4_5 = result.question("i4_5").unwrap();
    assert_eq!((i4_5.answers, i4_5.blank), (2, 1));
    // Indicator 4 = (500/9 + 600/9 + 900/9) / 3 = 2000/27 = 74.074... -> 74.07
    ind(&result, 4, "2000/27", "74.07");
    // IIT = (725/9 + 2000/27) / 2 = (2175/27 + 2000/27) / 2 = 4175/54 = 77.3148... -> 77.31
    let iit = result.instrument(InstrumentCode::Iit).unwrap();
    assert_eq!(iit.score, exact("4175/54"));
    assert_eq!(iit.rounded().to_string(), "77.31");
    // Its part of the total: 4175/54 x 30/100 = 835/36 = 23.194... -> 23.19
    assert_eq!(iit.points, exact("835/36"));
    assert_eq!(iit.points.rounded().to_string(), "23.19");
    // Indicator 1's share: 1/2 of IIT -> 725/18 points of IIT, 725/18 x 3/10 = 145/12 of total.
    let i1 = result.indicator(1).unwrap();
    assert_eq!(i1.share, exact("1/2"));
    assert_eq!(i1.points_in_instrument, exact("725/18"));
    assert_eq!(i1.points_in_total, exact("145/12"));
    // Indicator 4: 2000/27 x 1/2 x 3/10 = 100/9; 145/12 + 100/9 = 435/36 + 400/36 = 835/36.
    assert_eq!(result.indicator(4).unwrap().points_in_total, exact("100/9"));
    // i1_1's share of indicator 1 is 2/4; its points of the total: 800/9 x 1/2 x 1/2 x 3/10
    // = 20/3. i4_5: 100 x 1/3 x 1/2 x 3/10 = 5.
    let i1_1 = result.question("i1_1").unwrap();
    assert_eq!(i1_1.share, exact("1/2"));
    assert_eq!(i1_1.points_in_total, exact("20/3"));
    assert_eq!(
        i1_1.values,
        vec![frac("0"), frac("100/3"), frac("200/3"), frac("100")]
    );
    assert_eq!(result.question("i1_3").unwrap().values[1], frac("200/3"));
    assert_eq!(result.question("i4_5").unwrap().points_in_total, exact("5"));

    // --- EIT: 4 responses; the SAO minimum is 30, so the sample is below it (policy flag:
    // scored as usual).
    // e6_1: four answers at level 4 -> 100; e6_2: (2 x 200/3 + 2 x 100) / 4 = 250/3 -> 83.33
    q(&result, "e6_1", "100", "100.00");
    q(&result, "e6_2", "250/3", "83.33");
    // Indicator 6 = EIT = (100 + 250/3) / 2 = 275/3 = 91.666... -> 91.67; x 3/10 = 27.5
    ind(&result, 6, "275/3", "91.67");
    let eit = result.instrument(InstrumentCode::Eit).unwrap();
    assert_eq!(eit.score, exact("275/3"));
    assert_eq!(eit.points, exact("27.5"));
    assert_eq!(eit.status, InstrumentStatus::Counted);
    let sample = eit.sample.unwrap();
    assert_eq!(
        (sample.responses, sample.minimum, sample.below_minimum),
        (4, Some(30), true)
    );
    assert_eq!(sample.shortfall(), 26);

    // --- OIT: indicator 9 = (100 final + 100 provisional + 0 missing) / 3 = 200/3 -> 66.67;
    // indicator 10 = (100 + 0) / 2 = 50; OIT = (200/3 + 50) / 2 = 175/3 -> 58.33;
    // x 40/100 = 70/3 = 23.333... -> 23.33
    ind(&result, 9, "200/3", "66.67");
    ind(&result, 10, "50", "50.00");
    let oit = result.instrument(InstrumentCode::Oit).unwrap();
    assert_eq!(oit.score, exact("175/3"));
    assert_eq!(oit.points, exact("70/3"));
    // O1: 100 x 1/3 x 1/2 x 2/5 = 20/3 points. O3 (missing, counts 0) would add
    // 100 x 1/3 x 1/2 x 2/5 = 20/3; O22 (final 0) would add 100 x 1/2 x 1/2 x 2/5 = 10.
    assert_eq!(result.item("O1").unwrap().points_in_total, exact("20/3"));
    assert_eq!(result.item("O3").unwrap().state, OitItemState::Missing);
    assert_eq!(result.item("O3").unwrap().gain_to_max, exact("20/3"));
    assert_eq!(result.item("O22").unwrap().gain_to_max, exact("10"));
    assert_eq!(result.item("O2").unwrap().gain_to_max, exact("0"));

    // --- Total = 835/36 + 27.5 + 70/3 = 835/36 + 990/36 + 840/36 = 2665/36 = 74.0277...
    // -> 74.03: level C (65-74.99), below 85, tier "fail".
    assert_eq!(result.total, exact("2665/36"));
    assert_eq!(result.total_rounded.to_string(), "74.03");
    assert_eq!(result.level, "C");
    assert!(!result.pass);
    assert_eq!(result.tier, "fail");
    assert_eq!(
        result.flags,
        vec![Flag::SampleBelowMinimumEit, Flag::OitNotFinal]
    );

    // The API row's fields, rounded to 2 decimals.
    let api = serde_json::to_value(result.api_fields()).unwrap();
    assert_eq!(
        api,
        json!({
            "total": 74.03, "level": "C", "tier": "fail", "pass": false,
            "instruments": {"IIT": 77.31, "EIT": 91.67, "OIT": 58.33},
            "indicators": {"1": 80.56, "4": 74.07, "6": 91.67, "9": 66.67, "10": 50.0},
            "responses": {"iit": 3, "eit": 4},
            "flags": ["sample_below_minimum_eit", "oit_not_final"]
        })
    );

    // The explanation shows the exact figures next to the rounded ones.
    let text = result.explain().join("\n");
    assert!(text.contains("Total 74.03 (exact 2665/36) = IIT 23.19 (exact 835/36) + EIT 27.50 + OIT 23.33 (exact 70/3) points"), "{text}");
    assert!(text.contains("O3: missing (counts 0)"), "{text}");
    assert!(text.contains(&result.framework.fingerprint), "{text}");
}

#[test]
fn path_to_85_for_the_tiny_agency() {
    // Needed: 84.995 - 2665/36 = 16999/200 - 2665/36 = (152991 - 133250) / 1800 = 19741/1800
    // = 10.967. Gains: O22 10, O3 20/3 = 6.67: neither alone suffices, both do.
    let result = run(&tiny(), &tiny_inputs());
    let plan = path_to_pass(&result);
    assert_eq!(plan.points_needed, exact("19741/1800"));
    let codes: Vec<&str> = plan
        .steps
        .iter()
        .map(|s| match s {
            PlanStep::RaiseItem { code, .. } => code.as_str(),
            PlanStep::RaiseIndicator { .. } => "indicator",
        })
        .collect();
    assert_eq!(codes, ["O22", "O3"]);
    // 2665/36 + 10 + 20/3 = 2665/36 + 600/36 = 3265/36 = 90.69
    assert_eq!(plan.total_after, exact("3265/36"));
    assert!(plan.reaches_pass_mark && plan.oit_alone_suffices);
}

#[test]
fn serde_round_trip_keeps_every_exact_value() {
    let result = run(&tiny(), &tiny_inputs());
    let json = serde_json::to_string(&result).unwrap();
    let back: openita_scoring::AgencyScore = serde_json::from_str(&json).unwrap();
    assert_eq!(back, result);
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["total"],
        json!({"exact": "2665/36", "rounded": 74.03})
    );
}

#[test]
fn inputs_that_do_not_fit_the_framework_are_refused() {
    use openita_scoring::ScoringError;
    let fw = tiny();
    let refuse = |edit: &dyn Fn(&mut AgencyInputs)| {
        let mut inputs = tiny_inputs();
        edit(&mut inputs);
        openita_scoring::score(&fw, &inputs).unwrap_err()
    };
    assert!(matches!(
        refuse(&|i| i
            .iit
            .questions
            .push(QuestionTally::new("e6_1", vec![0, 0, 0, 1]))),
        ScoringError::UnknownQuestion { .. }
    ));
    assert!(matches!(
        refuse(&|i| i
            .iit
            .questions
            .push(QuestionTally::new("i1_1", vec![0, 0, 0, 1]))),
        ScoringError::DuplicateQuestion { .. }
    ));
    assert!(matches!(
        refuse(&|i| i.iit.questions[0].counts = vec![1, 2]),
        ScoringError::WrongLevelCount {
            expected: 4,
            got: 2,
            ..
        }
    ));
    assert!(matches!(
        refuse(&|i| i.iit.questions[0].counts = vec![0, 0, 2, 2]),
        ScoringError::MoreAnswersThanResponses {
            answers: 4,
            responses: 3,
            ..
        }
    ));
    assert!(matches!(
        refuse(&|i| i.oit.push(OitItemInput::new("O99", OitItemState::Missing))),
        ScoringError::UnknownItem { .. }
    ));
    assert!(matches!(
        refuse(&|i| i.oit.push(OitItemInput::new("O1", OitItemState::Missing))),
        ScoringError::DuplicateItem { .. }
    ));
    let not_allowed = refuse(&|i| i.oit[0].state = OitItemState::Final(frac("50")));
    assert!(matches!(not_allowed, ScoringError::ScoreNotAllowed { .. }));
    assert_eq!(
        not_allowed.to_string(),
        "OIT item `O1` cannot score 50; allowed: 0, 100"
    );
}

#[test]
fn an_optional_question_nobody_answered_is_left_out_and_flagged() {
    // i4_5 with no answer: indicator 4 = (500/9 + 200/3) / 2 = (1100/9) / 2 = 550/9 -> 61.11.
    let mut inputs = tiny_inputs();
    inputs.iit.questions.retain(|q| q.question != "i4_5");
    let result = run(&tiny(), &inputs);
    assert_eq!(result.question("i4_5").unwrap().score, None);
    assert_eq!(result.question("i4_5").unwrap().blank, 3);
    assert_eq!(result.indicator(4).unwrap().score, Some(exact("550/9")));
    assert!(result.has_flag(Flag::QuestionWithoutAnswers));
    assert!(!result.has_flag(Flag::IndicatorWithoutAnswers));
}
