//! [`Score`]: an exact rational number of points, as every score is kept inside the engine.
//!
//! A question score is a mean over hundreds of answers worth 0, 100/3, 200/3 or 100; an indicator
//! is a weighted mean of question means with different denominators (optional questions have
//! fewer answers); the total mixes three instruments. The denominators multiply, so even `i128`
//! can overflow for a large agency: scores are arbitrary-precision rationals
//! ([`BigRational`]), and no arithmetic can fail or lose a digit.

use crate::rounding::Decimal2;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use openita_framework::Fraction;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul};
use std::str::FromStr;

/// An exact number of points (a score, a share of a score, a gain), always reduced.
///
/// Serialized as `{"exact": "2292/25", "rounded": 91.68}`: `exact` is the value itself (an
/// integer, a terminating decimal such as `"91.68"`, or a fraction `"275/3"`) and is what is read
/// back; `rounded` is [`Score::rounded`] for people and is ignored when reading.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Score(BigRational);

impl Score {
    pub fn zero() -> Score {
        Score(BigRational::zero())
    }

    pub fn hundred() -> Score {
        Score::from_integer(100)
    }

    pub fn from_integer(n: i64) -> Score {
        Score(BigRational::from_integer(BigInt::from(n)))
    }

    /// `numerator / denominator`; `None` when the denominator is 0.
    pub fn ratio(numerator: impl Into<BigInt>, denominator: impl Into<BigInt>) -> Option<Score> {
        let d = denominator.into();
        if d.is_zero() {
            return None;
        }
        Some(Score(BigRational::new(numerator.into(), d)))
    }

    pub fn from_rational(value: BigRational) -> Score {
        Score(value)
    }

    pub fn exact(&self) -> &BigRational {
        &self.0
    }

    pub fn into_rational(self) -> BigRational {
        self.0
    }

    pub fn numerator(&self) -> &BigInt {
        self.0.numer()
    }

    pub fn denominator(&self) -> &BigInt {
        self.0.denom()
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Rounded to 2 decimals, half away from zero, from the exact value (never via `f64`).
    pub fn rounded(&self) -> Decimal2 {
        Decimal2::round(&self.0)
    }

    /// The nearest `f64`, for charts only; never for deciding anything.
    pub fn approx_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    /// The same value as a framework [`Fraction`] when it fits in `i64 / i64`.
    pub fn to_fraction(&self) -> Option<Fraction> {
        let n = i64::try_from(self.0.numer()).ok()?;
        let d = i64::try_from(self.0.denom()).ok()?;
        Fraction::new(n, d)
    }

    /// `self * weight` with a framework fraction.
    pub fn times(&self, f: Fraction) -> Score {
        Score(&self.0 * rational(f))
    }

    /// `self / d`; `None` when `d` is 0.
    pub fn divided_by(&self, d: &Score) -> Option<Score> {
        if d.is_zero() {
            return None;
        }
        Some(Score(&self.0 / &d.0))
    }

    /// `self - other`.
    pub fn minus(&self, other: &Score) -> Score {
        Score(&self.0 - &other.0)
    }

    pub fn max(self, other: Score) -> Score {
        if other > self { other } else { self }
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }
}

/// A framework fraction as a big rational.
pub(crate) fn rational(f: Fraction) -> BigRational {
    BigRational::new(BigInt::from(f.numerator()), BigInt::from(f.denominator()))
}

impl From<Fraction> for Score {
    fn from(f: Fraction) -> Score {
        Score(rational(f))
    }
}

impl From<&Score> for Score {
    fn from(s: &Score) -> Score {
        s.clone()
    }
}

impl From<BigRational> for Score {
    fn from(r: BigRational) -> Score {
        Score(r)
    }
}

impl Add<&Score> for &Score {
    type Output = Score;
    fn add(self, rhs: &Score) -> Score {
        Score(&self.0 + &rhs.0)
    }
}

impl Add for Score {
    type Output = Score;
    fn add(self, rhs: Score) -> Score {
        Score(self.0 + rhs.0)
    }
}

impl Mul<&Score> for &Score {
    type Output = Score;
    fn mul(self, rhs: &Score) -> Score {
        Score(&self.0 * &rhs.0)
    }
}

impl Mul<u64> for Score {
    type Output = Score;
    fn mul(self, rhs: u64) -> Score {
        Score(self.0 * BigRational::from_integer(BigInt::from(rhs)))
    }
}

impl std::iter::Sum for Score {
    fn sum<I: Iterator<Item = Score>>(iter: I) -> Score {
        iter.fold(Score::zero(), |a, b| a + b)
    }
}

impl PartialEq<Fraction> for Score {
    fn eq(&self, other: &Fraction) -> bool {
        self.0 == rational(*other)
    }
}

impl PartialOrd<Fraction> for Score {
    fn partial_cmp(&self, other: &Fraction) -> Option<Ordering> {
        Some(self.0.cmp(&rational(*other)))
    }
}

impl fmt::Display for Score {
    /// Exact and readable back by `FromStr`: `85`, `91.68` (terminating decimals), `275/3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, d) = (self.0.numer(), self.0.denom());
        if d.is_one() {
            return write!(f, "{n}");
        }
        // Terminating iff the denominator is 2^a 5^b: then 10^max(a,b) is a multiple of it.
        let (mut rest, mut twos, mut fives) = (d.clone(), 0_u32, 0_u32);
        let (two, five) = (BigInt::from(2), BigInt::from(5));
        while (&rest % &two).is_zero() {
            rest /= &two;
            twos += 1;
        }
        while (&rest % &five).is_zero() {
            rest /= &five;
            fives += 1;
        }
        if !rest.is_one() {
            return write!(f, "{n}/{d}");
        }
        let k = twos.max(fives);
        let power = BigInt::from(10).pow(k);
        let scaled = n * (&power / d);
        let sign = if scaled.is_negative() { "-" } else { "" };
        let digits = scaled.abs();
        let whole = &digits / &power;
        let frac = (&digits % &power).to_string();
        let width = k as usize;
        write!(f, "{sign}{whole}.{frac:0>width$}")
    }
}

impl fmt::Debug for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a text is not an exact number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseScoreError(pub String);

impl fmt::Display for ParseScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an exact number (write e.g. 85, 91.68 or 275/3)",
            self.0
        )
    }
}

impl std::error::Error for ParseScoreError {}

fn parse_decimal(s: &str) -> Option<BigRational> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let all = format!("{whole}{frac}");
    let n: BigInt = if all.is_empty() {
        BigInt::zero()
    } else {
        all.parse().ok()?
    };
    let power = BigInt::from(10).pow(u32::try_from(frac.len()).ok()?);
    let n = if negative { -n } else { n };
    Some(BigRational::new(n, power))
}

impl FromStr for Score {
    type Err = ParseScoreError;

    fn from_str(s: &str) -> Result<Score, ParseScoreError> {
        let t = s.trim();
        let bad = || ParseScoreError(s.to_string());
        match t.split_once('/') {
            Some((n, d)) => {
                let n: BigInt = n.trim().parse().map_err(|_| bad())?;
                let d: BigInt = d.trim().parse().map_err(|_| bad())?;
                Score::ratio(n, d).ok_or_else(bad)
            }
            None => parse_decimal(t).map(Score).ok_or_else(bad),
        }
    }
}

#[derive(Serialize)]
struct ScoreOut<'a> {
    exact: String,
    rounded: &'a Decimal2,
}

#[derive(Deserialize)]
struct ScoreIn {
    exact: String,
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "written for people, recomputed from `exact` when read"
    )]
    rounded: Option<serde::de::IgnoredAny>,
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ScoreOut {
            exact: self.to_string(),
            rounded: &self.rounded(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Score, D::Error> {
        let raw = ScoreIn::deserialize(deserializer)?;
        raw.exact.parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn s(text: &str) -> Score {
        text.parse().unwrap()
    }

    #[test]
    fn display_is_exact_and_reads_back() {
        for (value, text) in [
            (Score::ratio(2292, 25).unwrap(), "91.68"),
            (Score::ratio(275, 3).unwrap(), "275/3"),
            (Score::from_integer(85), "85"),
            (Score::ratio(-1, 8).unwrap(), "-0.125"),
            (Score::ratio(1, 20).unwrap(), "0.05"),
            (Score::ratio(16999, 200).unwrap(), "84.995"),
        ] {
            assert_eq!(value.to_string(), text);
            assert_eq!(s(text), value);
        }
        assert!("1/0".parse::<Score>().is_err());
        assert!("x".parse::<Score>().is_err());
        assert!(".".parse::<Score>().is_err());
    }

    #[test]
    fn serde_keeps_the_exact_value() {
        let third = Score::ratio(100, 3).unwrap();
        let json = serde_json::to_string(&third).unwrap();
        assert_eq!(json, r#"{"exact":"100/3","rounded":33.33}"#);
        assert_eq!(serde_json::from_str::<Score>(&json).unwrap(), third);
    }

    #[test]
    fn compares_with_fractions_exactly() {
        let f = Fraction::new(100, 3).unwrap();
        assert!(Score::ratio(100, 3).unwrap() == f);
        assert!(Score::ratio(3333, 100).unwrap() < f);
        assert_eq!(Score::from(f).to_fraction(), Some(f));
    }
}
