//! Level, pass and tier: decided on rounded scores, compared exactly with the framework.
//!
//! The framework's own `level_for`, `passes` and `rating_for` take `f64`; these functions apply
//! the same rules to a [`Decimal2`] and compare it exactly with the framework's fractions
//! (`hundredths * d >= n * 100`), so no threshold can be missed by a float. The tests check that
//! both agree on every 2-decimal total.

use crate::rounding::Decimal2;
use openita_framework::{Framework, InstrumentCode, Level, PerInstrument, RatingRule};

/// The level band (AA ... F) of a rounded total: the first level whose `min` it reaches, the
/// lowest level otherwise.
pub fn level_for(framework: &Framework, total: Decimal2) -> &Level {
    framework
        .levels
        .iter()
        .find(|level| total.reaches(level.min))
        .or_else(|| framework.levels.last())
        .unwrap_or_else(|| framework.level_for(total.as_f64()))
}

/// Whether a rounded total reaches the pass mark.
pub fn passes(framework: &Framework, total: Decimal2) -> bool {
    total.reaches(framework.pass_mark)
}

/// Whether a rating rule holds for a rounded total and rounded instrument scores.
pub fn rule_holds(
    rule: &RatingRule,
    total: Decimal2,
    instruments: &PerInstrument<Decimal2>,
) -> bool {
    total.reaches(rule.min_total)
        && rule.min_each_instrument.is_none_or(|min| {
            InstrumentCode::ALL
                .iter()
                .all(|&c| instruments.get(c).reaches(min))
        })
}

/// The tier: the first rating rule that holds, else the last (the catch-all).
pub fn rating_for<'f>(
    framework: &'f Framework,
    total: Decimal2,
    instruments: &PerInstrument<Decimal2>,
) -> &'f RatingRule {
    framework
        .rating_rules
        .iter()
        .find(|rule| rule_holds(rule, total, instruments))
        .or_else(|| framework.rating_rules.last())
        .unwrap_or_else(|| {
            let as_f64 = PerInstrument {
                iit: instruments.iit.as_f64(),
                eit: instruments.eit.as_f64(),
                oit: instruments.oit.as_f64(),
            };
            framework.rating_for(total.as_f64(), &as_f64)
        })
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_framework_on_every_two_decimal_total() {
        let fw = openita_framework::shipped::load("ita-2568").unwrap();
        for h in 0..=10_000 {
            let total = Decimal2::from_hundredths(h);
            assert_eq!(
                level_for(&fw, total),
                fw.level_for(total.as_f64()),
                "{total}"
            );
            assert_eq!(passes(&fw, total), fw.passes(total.as_f64()), "{total}");
            let each = PerInstrument {
                iit: Decimal2::from_hundredths(10_000),
                eit: total,
                oit: Decimal2::from_hundredths(10_000),
            };
            let f = PerInstrument {
                iit: 100.0,
                eit: total.as_f64(),
                oit: 100.0,
            };
            assert_eq!(
                rating_for(&fw, total, &each),
                fw.rating_for(total.as_f64(), &f)
            );
        }
    }
}
