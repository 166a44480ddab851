//! Integration tests of openita-scoring. Every expected number is worked out by hand in the
//! comments next to it (exact fractions first, then the rounded display).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod assessor_table;
mod exact_arithmetic;
mod framework_rules;
mod hand_worked;
mod path_to_pass;
mod properties;
mod rating;
mod rounding;
mod sample_policy;
mod summary;

use openita_framework::{Fraction, Framework, InstrumentCode, shipped};
use openita_scoring::{
    AgencyInputs, AgencyScore, OitItemInput, OitItemState, QuestionTally, Score, SurveyTally,
};
use openita_types::AgencyType;
use serde_json::{Value, json};

pub fn ita2568() -> Framework {
    shipped::load("ita-2568").expect("ita-2568 loads")
}

/// The shipped 2568 framework as API JSON, edited, then read back (and validated).
pub fn edited(edit: impl FnOnce(&mut Value)) -> Framework {
    let mut value = ita2568().to_json_value();
    edit(&mut value);
    Framework::from_json_str(&value.to_string())
        .unwrap_or_else(|e| panic!("the edited framework must be valid: {e}"))
}

pub fn frac(text: &str) -> Fraction {
    text.parse().unwrap()
}

pub fn exact(text: &str) -> Score {
    text.parse().unwrap()
}

/// Every question and item of `value`'s instruments, mutably.
pub fn indicators_mut(value: &mut Value) -> impl Iterator<Item = &mut Value> {
    value["instruments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|i| i["indicators"].as_array_mut().unwrap().iter_mut())
}

/// A framework in which every IIT question is worth `iit` for an answer at level 2, every EIT
/// question `eit`, and every OIT item may score `oit`: so an agency answering level 2
/// everywhere with every item final at `oit` scores exactly those instrument scores, and the
/// total `0.3 iit + 0.3 eit + 0.4 oit`. Used to put a total exactly where a test needs it.
pub fn flat(iit: &str, eit: &str, oit: &str) -> Framework {
    edited(|v| {
        for (name, value) in [("flat_iit", iit), ("flat_eit", eit)] {
            v["scales"][name] = json!([0, value]);
            v["scale_labels"][name] = json!([{"th": "ไม่", "en": "no"}, {"th": "ใช่", "en": "yes"}]);
        }
        let mut allowed: Vec<Fraction> = vec![Fraction::ZERO, frac(oit), Fraction::HUNDRED];
        allowed.sort();
        allowed.dedup();
        let allowed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        for instrument in v["instruments"].as_array_mut().unwrap() {
            let scale = match instrument["code"].as_str().unwrap() {
                "IIT" => "flat_iit",
                "EIT" => "flat_eit",
                _ => "",
            };
            for indicator in instrument["indicators"].as_array_mut().unwrap() {
                for q in indicator["questions"].as_array_mut().unwrap() {
                    q["scale"] = json!(scale);
                    q["reverse"] = json!(false);
                }
                for item in indicator["items"].as_array_mut().unwrap() {
                    item["allowed_scores"] = json!(allowed);
                }
            }
        }
    })
}

/// Inputs for a [`flat`] framework: `responses` responses answering level 2 everywhere (a
/// level-1 answer is worth 0), every OIT item final at `oit`.
pub fn flat_inputs(fw: &Framework, responses: u64, oit: &str) -> AgencyInputs {
    let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(u32::try_from(responses).unwrap()));
    for code in [InstrumentCode::Iit, InstrumentCode::Eit] {
        let tally = inputs.survey_mut(code).unwrap();
        tally.responses = responses;
        for (_, q) in fw.questions(code) {
            tally
                .questions
                .push(QuestionTally::new(q.id.clone(), vec![0, responses]));
        }
    }
    inputs.oit = fw
        .oit_items()
        .map(|item| OitItemInput::new(item.code.clone(), OitItemState::Final(frac(oit))))
        .collect();
    inputs
}

/// Scores `inputs` with `fw`, panicking on a refused input.
pub fn run(fw: &Framework, inputs: &AgencyInputs) -> AgencyScore {
    openita_scoring::score(fw, inputs).unwrap_or_else(|e| panic!("scoring failed: {e}"))
}

/// A survey tally in which every question of `code` has the counts `pick(question)` returns.
pub fn tally(
    fw: &Framework,
    code: InstrumentCode,
    responses: u64,
    pick: impl Fn(&openita_framework::Question) -> Vec<u64>,
) -> SurveyTally {
    SurveyTally {
        responses,
        questions: fw
            .questions(code)
            .map(|(_, q)| QuestionTally::new(q.id.clone(), pick(q)))
            .collect(),
    }
}

/// Every answer at the best level (the highest for a normal question, level 1 for a reversed).
pub fn best(fw: &Framework, code: InstrumentCode, responses: u64) -> SurveyTally {
    tally(fw, code, responses, |q| {
        let levels = fw.scale(&q.scale).unwrap().len();
        let mut counts = vec![0; levels];
        let at = if q.reverse { 0 } else { levels - 1 };
        counts[at] = responses;
        counts
    })
}

/// OIT items of indicator 9 and 10 final at 100, except `zero` (final at 0).
pub fn oit_except(fw: &Framework, zero: &[&str]) -> Vec<OitItemInput> {
    fw.oit_items()
        .map(|item| {
            let score = if zero.contains(&item.code.as_str()) {
                Fraction::ZERO
            } else {
                Fraction::HUNDRED
            };
            OitItemInput::new(item.code.clone(), OitItemState::Final(score))
        })
        .collect()
}
