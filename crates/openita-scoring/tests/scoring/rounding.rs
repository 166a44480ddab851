//! Rounding at the edge: half away from zero on the exact total; level and pass on the
//! rounded total.

use crate::{exact, flat, flat_inputs, run};
use openita_scoring::Decimal2;

/// The result of an agency whose IIT, EIT and OIT all score exactly `value`, so that its total
/// is exactly `value` too (0.3 v + 0.3 v + 0.4 v = v).
fn with_total(value: &str) -> openita_scoring::AgencyScore {
    let fw = flat(value, value, value);
    let result = run(&fw, &flat_inputs(&fw, 30, value));
    assert_eq!(result.total, exact(value), "the total is exactly {value}");
    result
}

#[test]
fn exactly_84_995_rounds_to_85_00_and_passes() {
    let result = with_total("84.995");
    assert_eq!(result.total_rounded.to_string(), "85.00");
    assert!(result.pass);
    assert_eq!(result.level, "A");
}

#[test]
fn a_hair_below_84_995_rounds_to_84_99_and_fails() {
    let result = with_total("84.994999");
    assert_eq!(result.total_rounded.to_string(), "84.99");
    assert!(!result.pass);
    assert_eq!(result.level, "B");
    assert_eq!(result.tier, "fail");
}

#[test]
fn level_boundaries_are_decided_on_the_rounded_total() {
    // 94.995 -> 95.00 -> AA; 94.994999 -> 94.99 -> A; 74.995 -> 75.00 -> B; 49.995 -> 50.00 -> E.
    for (total, rounded, level) in [
        ("94.995", "95.00", "AA"),
        ("94.994999", "94.99", "A"),
        ("74.995", "75.00", "B"),
        ("74.994", "74.99", "C"),
        ("49.995", "50.00", "E"),
        ("49.99", "49.99", "F"),
        ("100", "100.00", "AA"),
        ("0", "0.00", "F"),
    ] {
        let result = with_total(total);
        assert_eq!(result.total_rounded.to_string(), rounded, "{total}");
        assert_eq!(result.level, level, "{total}");
    }
}

#[test]
fn a_total_of_thirds_rounds_from_the_exact_value() {
    // IIT 200/3, EIT 200/3, OIT 200/3 -> total 200/3 = 66.666... -> 66.67.
    let fw = flat("200/3", "200/3", "200/3");
    let result = run(&fw, &flat_inputs(&fw, 30, "200/3"));
    assert_eq!(result.total, exact("200/3"));
    assert_eq!(result.total_rounded, Decimal2::from_hundredths(6667));
}
