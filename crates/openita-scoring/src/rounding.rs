//! Rounding to 2 decimals, half away from zero, computed from the exact value.
//!
//! ITA-FRAMEWORK.md §3.7: keep full precision inside, show 2 decimals, decide level and pass on
//! the total rounded to 2 decimals. Rounding through `f64` is wrong exactly where it matters:
//! 84.995 has no `f64`, the nearest is 84.99499999999999..., which rounds to 84.99 and fails an
//! agency that passes. So [`Decimal2::round`] works on the rational: `floor(100 x + 1/2) / 100`
//! for `x >= 0` and the mirror image below 0.

use crate::exact::{Score, rational};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use openita_framework::Fraction;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// The integer nearest to `x`; halves go away from zero (2.5 -> 3, -2.5 -> -3).
pub fn round_half_away(x: &BigRational) -> BigInt {
    let half = BigRational::new(BigInt::from(1), BigInt::from(2));
    if x.is_negative() {
        -(-x + half).floor().to_integer()
    } else {
        (x + half).floor().to_integer()
    }
}

/// A number rounded to 2 decimals, held exactly as a whole number of hundredths.
///
/// Displays as `93.82`, `85.00`; serializes as a JSON number (`93.82`, the `f64` nearest to the
/// decimal, which JSON writers print back as the same 2-decimal text).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Decimal2 {
    hundredths: i64,
}

impl Decimal2 {
    pub const ZERO: Decimal2 = Decimal2 { hundredths: 0 };

    pub const fn from_hundredths(hundredths: i64) -> Decimal2 {
        Decimal2 { hundredths }
    }

    pub const fn hundredths(self) -> i64 {
        self.hundredths
    }

    /// `x` rounded to 2 decimals, half away from zero, exactly. Saturates at `i64` hundredths
    /// (far outside any score).
    pub fn round(x: &BigRational) -> Decimal2 {
        let scaled = x * BigRational::from_integer(BigInt::from(100));
        let hundredths = round_half_away(&scaled)
            .to_i64()
            .unwrap_or(if x.is_negative() { i64::MIN } else { i64::MAX });
        Decimal2 { hundredths }
    }

    /// A framework fraction rounded to 2 decimals, half away from zero.
    pub fn round_fraction(f: Fraction) -> Decimal2 {
        Decimal2::round(&rational(f))
    }

    /// The nearest `f64` to the 2-decimal value (one correctly rounded division).
    pub fn as_f64(self) -> f64 {
        self.hundredths as f64 / 100.0
    }

    /// The rounded value as an exact number.
    pub fn to_score(self) -> Score {
        Score::from_rational(BigRational::new(
            BigInt::from(self.hundredths),
            BigInt::from(100),
        ))
    }

    /// Whether this value is at least `min`, compared exactly: `hundredths / 100 >= n / d`.
    pub fn reaches(self, min: Fraction) -> bool {
        i128::from(self.hundredths) * i128::from(min.denominator())
            >= i128::from(min.numerator()) * 100
    }
}

/// A framework fraction rounded to 2 decimals (half away from zero, exactly), as `f64`.
pub fn rounded(value: &Fraction) -> f64 {
    Decimal2::round_fraction(*value).as_f64()
}

impl fmt::Display for Decimal2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.hundredths < 0 { "-" } else { "" };
        let abs = self.hundredths.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Debug for Decimal2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Decimal2 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Decimal2 {
    /// A JSON number with at most 2 decimals (`93.82`, `85`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Decimal2, D::Error> {
        let x = f64::deserialize(deserializer)?;
        if !x.is_finite() || x.abs() > 1e13 {
            return Err(de::Error::custom(format!("{x} is not a 2-decimal score")));
        }
        let hundredths = (x * 100.0).round();
        let value = Decimal2 {
            hundredths: hundredths as i64,
        };
        if value.as_f64() == x {
            Ok(value)
        } else {
            Err(de::Error::custom(format!("{x} has more than 2 decimals")))
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!(round_half_away(&r(5, 2)), BigInt::from(3));
        assert_eq!(round_half_away(&r(-5, 2)), BigInt::from(-3));
        assert_eq!(round_half_away(&r(7, 3)), BigInt::from(2));
        assert_eq!(round_half_away(&r(-7, 3)), BigInt::from(-2));
        assert_eq!(round_half_away(&r(0, 1)), BigInt::from(0));
    }

    #[test]
    fn exactly_84_995_rounds_up_although_its_f64_rounds_down() {
        let x = r(84_995, 1000);
        assert_eq!(Decimal2::round(&x).to_string(), "85.00");
        // The float path gets such halves wrong whenever the nearest f64 lies below the half:
        // 84.985 is stored as 84.98499999999999943..., so f64 rounding gives 84.98.
        assert_eq!(format!("{:.2}", 84.985_f64), "84.98");
        assert_eq!(Decimal2::round(&r(84_985, 1000)).to_string(), "84.99");
        assert_eq!(
            Decimal2::round(&r(84_994_999, 1_000_000)).to_string(),
            "84.99"
        );
        assert_eq!(Decimal2::round(&r(-84_995, 1000)).to_string(), "-85.00");
        assert_eq!(Decimal2::round(&r(100, 3)).to_string(), "33.33");
        assert_eq!(Decimal2::round(&r(200, 3)).to_string(), "66.67");
    }

    #[test]
    fn display_serde_and_comparison() {
        let d = Decimal2::from_hundredths(9382);
        assert_eq!(d.to_string(), "93.82");
        assert_eq!(Decimal2::from_hundredths(5).to_string(), "0.05");
        assert_eq!(Decimal2::from_hundredths(-5).to_string(), "-0.05");
        assert_eq!(serde_json::to_string(&d).unwrap(), "93.82");
        assert_eq!(serde_json::from_str::<Decimal2>("93.82").unwrap(), d);
        assert!(serde_json::from_str::<Decimal2>("93.825").is_err());
        assert!(Decimal2::from_hundredths(8500).reaches(Fraction::from_integer(85)));
        assert!(!Decimal2::from_hundredths(8499).reaches(Fraction::from_integer(85)));
        assert!(Decimal2::from_hundredths(3334).reaches(Fraction::new(100, 3).unwrap()));
        assert!(!Decimal2::from_hundredths(3333).reaches(Fraction::new(100, 3).unwrap()));
    }

    #[test]
    fn rounded_helper_for_fractions() {
        assert_eq!(rounded(&Fraction::new(16_999, 200).unwrap()), 85.0);
        assert_eq!(rounded(&Fraction::new(100, 3).unwrap()), 33.33);
    }
}
