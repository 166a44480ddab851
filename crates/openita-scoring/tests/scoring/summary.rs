//! Area summaries: mean of the exact totals then rounded, pass rate in percent, by agency
//! type, mean per indicator.

use crate::{exact, flat, flat_inputs, run};
use openita_scoring::{AgencyScore, Decimal2, summary};
use openita_types::AgencyType;

/// `n` results of `agency_type` whose total is exactly `total` (IIT = EIT = OIT = total).
fn results(n: usize, agency_type: AgencyType, total: &str) -> Vec<AgencyScore> {
    let fw = flat(total, total, total);
    let mut inputs = flat_inputs(&fw, 30, total);
    inputs.agency_type = agency_type;
    let result = run(&fw, &inputs);
    assert_eq!(result.total, exact(total));
    vec![result; n]
}

#[test]
fn krabi_2567_shape_63_agencies_57_passed() {
    // 45 SAOs at 92.5 (pass), 5 SAOs at 71.29 (fail), 12 subdistrict municipalities at 92.5,
    // 1 at 71.29: 63 agencies, 57 passed.
    // Mean = (57 x 92.5 + 6 x 71.29) / 63 = (5272.5 + 427.74) / 63 = 5700.24 / 63 = 90.48.
    // Pass rate = 57 / 63 = 90.476...% -> 90.48%.
    let mut all = results(45, AgencyType::Sao, "92.5");
    all.extend(results(5, AgencyType::Sao, "71.29"));
    all.extend(results(12, AgencyType::SubdistrictMunicipality, "92.5"));
    all.extend(results(1, AgencyType::SubdistrictMunicipality, "71.29"));
    let s = summary(&all);
    assert_eq!(s.agencies, 63);
    assert_eq!(s.passed, 57);
    assert_eq!(s.mean_exact, Some(exact("90.48")));
    assert_eq!(s.mean.unwrap().to_string(), "90.48");
    assert_eq!(s.pass_rate.unwrap().to_string(), "90.48");
    // By type, in the order of AgencyType::ALL (subdistrict municipality before SAO):
    // 12 of 13 = 92.307...% -> 92.31; 45 of 50 = 90.00%.
    let types: Vec<(AgencyType, u64, u64, String)> = s
        .by_type
        .iter()
        .map(|t| {
            (
                t.agency_type,
                t.agencies,
                t.passed,
                t.pass_rate.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        types,
        vec![
            (
                AgencyType::SubdistrictMunicipality,
                13,
                12,
                "92.31".to_string()
            ),
            (AgencyType::Sao, 50, 45, "90.00".to_string()),
        ]
    );
    // SAO mean: (45 x 92.5 + 5 x 71.29) / 50 = (4162.5 + 356.45) / 50 = 90.379 -> 90.38.
    assert_eq!(s.by_type[1].mean.unwrap().to_string(), "90.38");
    // Every indicator of every agency equals its total here, so indicator means equal 90.48.
    assert_eq!(s.indicators.len(), 10);
    assert!(s.indicators.values().all(|m| m.to_string() == "90.48"));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["pass_rate"], serde_json::json!(90.48));
    assert_eq!(json["by_type"][0]["type"], "subdistrict_municipality");
    assert_eq!(json["indicators"]["10"], serde_json::json!(90.48));
}

#[test]
fn the_mean_is_taken_over_exact_totals_then_rounded() {
    // Totals 80.0049, 80.0049, 80.0149: rounded first they are 80.00, 80.00, 80.01, whose mean
    // 80.00333 shows as 80.00; the exact mean is 240.0247 / 3 = 80.008233... -> 80.01.
    let mut all = results(2, AgencyType::Sao, "80.0049");
    all.extend(results(1, AgencyType::Sao, "80.0149"));
    let s = summary(&all);
    assert_eq!(
        s.mean_exact,
        Some(exact("240.0247").divided_by(&exact("3")).unwrap())
    );
    assert_eq!(s.mean, Some(Decimal2::from_hundredths(8001)));
    assert_eq!(s.passed, 0);
    assert_eq!(s.pass_rate.unwrap().to_string(), "0.00");
}

#[test]
fn an_empty_area_has_no_mean() {
    let s = summary::<AgencyScore>(&[]);
    assert_eq!(
        (s.agencies, s.passed, s.mean, s.pass_rate),
        (0, 0, None, None)
    );
    assert!(s.by_type.is_empty() && s.indicators.is_empty());
}
