//! The 2564 assessor-table checks of ITA-FRAMEWORK.md §3.6: IIT 91.68 -> 27.50 weighted
//! (30%); OIT = mean of indicators 9 and 10, times 40%: (93.50, 100) -> 38.70,
//! (97.78, 93.75) -> 38.31, (97.50, 87.50) -> 37.00.

use crate::{edited, exact, frac, ita2568, run, tally};
use openita_framework::{Fraction, InstrumentCode};
use openita_scoring::{AgencyInputs, OitItemInput, OitItemState};
use openita_types::AgencyType;
use serde_json::json;

#[test]
fn iit_91_68_weighs_27_50() {
    // 625 responses answering every question the same way. A normal 4-level question with
    // counts [0, 31, 94, 500] scores (31 x 100/3 + 94 x 200/3 + 500 x 100) / 625
    // = (3100 + 18800 + 150000) / 3 / 625 = 171900 / 1875 = 91.68 exactly; a reversed one gets
    // the counts mirrored, [500, 94, 31, 0], which gives the same values. A yes/no question:
    // 573 yes of 625 = 57300 / 625 = 91.68 (reversed: 573 no). So every question, every
    // indicator and the IIT are exactly 91.68, and 91.68 x 30 / 100 = 27.504 -> 27.50.
    let fw = ita2568();
    let mut inputs = AgencyInputs::empty(AgencyType::Department, Some(1000));
    inputs.iit = tally(&fw, InstrumentCode::Iit, 625, |q| {
        let counts = if q.scale == "yesno" {
            vec![52, 573]
        } else {
            vec![0, 31, 94, 500]
        };
        if q.reverse {
            counts.into_iter().rev().collect()
        } else {
            counts
        }
    });
    let result = run(&fw, &inputs);
    let iit = result.instrument(InstrumentCode::Iit).unwrap();
    assert_eq!(iit.score, exact("91.68"));
    for indicator in &iit.indicators {
        assert_eq!(
            indicator.score,
            Some(exact("91.68")),
            "indicator {}",
            indicator.number
        );
    }
    assert_eq!(iit.points, exact("27.504"));
    assert_eq!(iit.points.rounded().to_string(), "27.50");
    assert_eq!(iit.rounded().to_string(), "91.68");
}

/// OIT with every item of indicator 9 scored `nine` and every item of indicator 10 `ten`
/// (2564 allowed partial credit: the allowed scores are edited to include these).
fn oit_points(nine: &str, ten: &str) -> (String, String) {
    let mut allowed: Vec<Fraction> = vec![Fraction::ZERO, frac(nine), frac(ten), Fraction::HUNDRED];
    allowed.sort();
    allowed.dedup();
    let allowed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    let fw = edited(|v| {
        for indicator in crate::indicators_mut(v) {
            for item in indicator["items"].as_array_mut().unwrap() {
                item["allowed_scores"] = json!(allowed);
            }
        }
    });
    let mut inputs = AgencyInputs::empty(AgencyType::Department, Some(100));
    for (indicator, score) in [(9, nine), (10, ten)] {
        let (_, ind) = fw.indicator(indicator).unwrap();
        for item in &ind.items {
            inputs.oit.push(OitItemInput::new(
                item.code.clone(),
                OitItemState::Final(frac(score)),
            ));
        }
    }
    let result = run(&fw, &inputs);
    assert_eq!(result.indicator(9).unwrap().score, Some(exact(nine)));
    assert_eq!(result.indicator(10).unwrap().score, Some(exact(ten)));
    let oit = result.instrument(InstrumentCode::Oit).unwrap();
    // The OIT's part of the total is its points; the whole total here is OIT only (no
    // survey responses), so it equals them.
    assert_eq!(result.total, oit.points);
    (oit.points.to_string(), oit.points.rounded().to_string())
}

#[test]
fn oit_93_50_and_100_weighs_38_70() {
    // (93.50 + 100) / 2 = 96.75; x 40 / 100 = 38.7 exactly.
    assert_eq!(oit_points("93.5", "100"), ("38.7".into(), "38.70".into()));
}

#[test]
fn oit_97_78_and_93_75_weighs_38_31() {
    // (97.78 + 93.75) / 2 = 95.765; x 0.4 = 38.306 -> 38.31.
    assert_eq!(
        oit_points("97.78", "93.75"),
        ("38.306".into(), "38.31".into())
    );
}

#[test]
fn oit_97_50_and_87_50_weighs_37_00() {
    // (97.50 + 87.50) / 2 = 92.5; x 0.4 = 37 exactly.
    assert_eq!(oit_points("97.5", "87.5"), ("37".into(), "37.00".into()));
}
