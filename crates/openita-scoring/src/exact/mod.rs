//! [`Score`]: an exact rational number of points, as every score is kept inside the engine.
//!
//! A question score is a mean over hundreds of answers worth 0, 100/3, 200/3 or 100; an indicator
//! is a weighted mean of question means with different denominators (optional questions have
//! fewer answers); the total mixes three instruments. The denominators multiply, so even `i128`
//! can overflow for a large agency: a score is an arbitrary-precision rational
//! ([`BigRational`]) whenever it needs to be, and no arithmetic can fail or lose a digit. Most
//! values fit in a fraction of two `i64`, and are kept and computed that way ([`small`]): the
//! same numbers, without allocating.

mod small;
mod sum;
mod text;

pub use sum::ExactSum;
pub use text::ParseScoreError;

use crate::rounding::Decimal2;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use openita_framework::Fraction;
use small::Small;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::ops::{Add, Mul};

/// An exact number of points (a score, a share of a score, a gain), always reduced.
///
/// Serialized as `{"exact": "2292/25", "rounded": 91.68}`: `exact` is the value itself (an
/// integer, a terminating decimal such as `"91.68"`, or a fraction `"275/3"`) and is what is read
/// back; `rounded` is [`Score::rounded`] for people and is ignored when reading.
#[derive(Clone)]
pub struct Score(Repr);

/// One value has one representation: `Big` only when it does not fit in `Small`, so that
/// equality and hashing can look at the parts.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Small(Small),
    Big(BigRational),
}

impl Score {
    pub fn zero() -> Score {
        Score(Repr::Small(Small::ZERO))
    }

    pub fn hundred() -> Score {
        Score::from_integer(100)
    }

    pub fn from_integer(n: i64) -> Score {
        Score::from_i128(i128::from(n), 1).unwrap_or_else(Score::zero)
    }

    fn from_i128(n: i128, d: i128) -> Option<Score> {
        if d == 0 {
            return None;
        }
        Some(match Small::new(n, d) {
            Some(s) => Score(Repr::Small(s)),
            None => Score::from_rational(BigRational::new(BigInt::from(n), BigInt::from(d))),
        })
    }

    /// `numerator / denominator`; `None` when the denominator is 0.
    pub fn ratio(numerator: impl Into<BigInt>, denominator: impl Into<BigInt>) -> Option<Score> {
        let d = denominator.into();
        if d.is_zero() {
            return None;
        }
        Some(Score::from_rational(BigRational::new(numerator.into(), d)))
    }

    /// Any rational (stored small when it fits).
    pub fn from_rational(value: BigRational) -> Score {
        let small = value
            .numer()
            .to_i128()
            .zip(value.denom().to_i128())
            .and_then(|(n, d)| Small::new(n, d));
        match small {
            Some(s) => Score(Repr::Small(s)),
            None => Score(Repr::Big(value)),
        }
    }

    /// The value as a big rational (a copy).
    pub fn to_rational(&self) -> BigRational {
        match &self.0 {
            Repr::Small(s) => {
                BigRational::new_raw(BigInt::from(s.numerator), BigInt::from(s.denominator))
            }
            Repr::Big(b) => b.clone(),
        }
    }

    pub fn into_rational(self) -> BigRational {
        match self.0 {
            Repr::Big(b) => b,
            Repr::Small(_) => self.to_rational(),
        }
    }

    pub fn numerator(&self) -> BigInt {
        match &self.0 {
            Repr::Small(s) => BigInt::from(s.numerator),
            Repr::Big(b) => b.numer().clone(),
        }
    }

    pub fn denominator(&self) -> BigInt {
        match &self.0 {
            Repr::Small(s) => BigInt::from(s.denominator),
            Repr::Big(b) => b.denom().clone(),
        }
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(s) => s.is_zero(),
            Repr::Big(b) => b.is_zero(),
        }
    }

    /// Rounded to 2 decimals, half away from zero, from the exact value (never via `f64`).
    pub fn rounded(&self) -> Decimal2 {
        match &self.0 {
            Repr::Small(s) => match s.round_hundredths() {
                Some(h) => Decimal2::from_hundredths(h),
                None => Decimal2::round(&self.to_rational()),
            },
            Repr::Big(b) => Decimal2::round(b),
        }
    }

    /// The nearest `f64`, for charts only; never for deciding anything.
    pub fn approx_f64(&self) -> f64 {
        self.to_rational().to_f64().unwrap_or(f64::NAN)
    }

    /// The same value as a framework [`Fraction`] when it fits in `i64 / i64`.
    pub fn to_fraction(&self) -> Option<Fraction> {
        match &self.0 {
            Repr::Small(s) => Fraction::new(s.numerator, s.denominator),
            Repr::Big(_) => None,
        }
    }

    /// The mean value of `counts[i]` answers worth `values[i]`: `sum(c x v) / sum(c)`;
    /// `None` without answers. (One reduction instead of one per level.)
    pub fn mean_of_counts(counts: &[u64], values: &[Fraction]) -> Option<Score> {
        let small: Option<Vec<Small>> = values.iter().map(|v| Small::from_fraction(*v)).collect();
        if let Some(mean) = small.and_then(|v| Small::mean_of_counts(counts, &v)) {
            return Some(Score(Repr::Small(mean)));
        }
        let sum: Score = counts
            .iter()
            .zip(values)
            .map(|(&c, &v)| Score::from(v) * c)
            .sum();
        let answers: u128 = counts.iter().map(|&c| u128::from(c)).sum();
        Score::ratio(1, answers).map(|inverse| &sum * &inverse)
    }

    /// `self * weight` with a framework fraction.
    pub fn times(&self, f: Fraction) -> Score {
        self.combine(&Score::from(f), Small::mul, |a, b| a * b)
    }

    /// `self / d`; `None` when `d` is 0.
    pub fn divided_by(&self, d: &Score) -> Option<Score> {
        if d.is_zero() {
            return None;
        }
        Some(self.combine(d, Small::div, |a, b| a / b))
    }

    /// `self - other`.
    pub fn minus(&self, other: &Score) -> Score {
        self.combine(other, Small::sub, |a, b| a - b)
    }

    pub fn max(self, other: Score) -> Score {
        if other > self { other } else { self }
    }

    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(s) => s.is_negative(),
            Repr::Big(b) => b.is_negative(),
        }
    }

    /// `fast(self, rhs)` when both are small and the result fits, else `big` on big rationals.
    fn combine(
        &self,
        rhs: &Score,
        fast: fn(Small, Small) -> Option<Small>,
        big: fn(&BigRational, &BigRational) -> BigRational,
    ) -> Score {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &rhs.0)
            && let Some(r) = fast(*a, *b)
        {
            return Score(Repr::Small(r));
        }
        Score::from_rational(big(&self.to_rational(), &rhs.to_rational()))
    }
}

/// A framework fraction as a big rational.
pub(crate) fn rational(f: Fraction) -> BigRational {
    BigRational::new(BigInt::from(f.numerator()), BigInt::from(f.denominator()))
}

impl From<Fraction> for Score {
    fn from(f: Fraction) -> Score {
        match Small::from_fraction(f) {
            Some(s) => Score(Repr::Small(s)),
            None => Score::from_rational(rational(f)),
        }
    }
}

impl From<u64> for Score {
    fn from(n: u64) -> Score {
        Score::from_i128(i128::from(n), 1).unwrap_or_else(Score::zero)
    }
}

impl From<&Score> for Score {
    fn from(s: &Score) -> Score {
        s.clone()
    }
}

impl From<BigRational> for Score {
    fn from(r: BigRational) -> Score {
        Score::from_rational(r)
    }
}

impl PartialEq for Score {
    fn eq(&self, other: &Score) -> bool {
        self.0 == other.0
    }
}

impl Eq for Score {}

impl Hash for Score {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Score) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => a.cmp(*b),
            _ => self.to_rational().cmp(&other.to_rational()),
        }
    }
}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Score) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Add<&Score> for &Score {
    type Output = Score;
    fn add(self, rhs: &Score) -> Score {
        self.combine(rhs, Small::add, |a, b| a + b)
    }
}

impl Add for Score {
    type Output = Score;
    fn add(self, rhs: Score) -> Score {
        &self + &rhs
    }
}

impl Mul<&Score> for &Score {
    type Output = Score;
    fn mul(self, rhs: &Score) -> Score {
        self.combine(rhs, Small::mul, |a, b| a * b)
    }
}

impl Mul<u64> for Score {
    type Output = Score;
    fn mul(self, rhs: u64) -> Score {
        let factor = Score::from_i128(i128::from(rhs), 1).unwrap_or_else(Score::zero);
        &self * &factor
    }
}

impl std::iter::Sum for Score {
    fn sum<I: Iterator<Item = Score>>(iter: I) -> Score {
        iter.fold(Score::zero(), |a, b| a + b)
    }
}

impl PartialEq<Fraction> for Score {
    fn eq(&self, other: &Fraction) -> bool {
        self.cmp(&Score::from(*other)) == Ordering::Equal
    }
}

impl PartialOrd<Fraction> for Score {
    fn partial_cmp(&self, other: &Fraction) -> Option<Ordering> {
        Some(self.cmp(&Score::from(*other)))
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
    fn values_beyond_i64_stay_exact_and_come_back_small() {
        let big = Score::from_integer(i64::MAX);
        let twice = &big + &big;
        assert_eq!(twice.to_string(), "18446744073709551614");
        assert!(twice > big);
        // Back within i64: stored small again, so equal to the same value built directly.
        let back = twice.divided_by(&Score::from_integer(2)).unwrap();
        assert_eq!(back, big);
        assert_eq!(back.to_string(), big.to_string());
        let tiny = Score::ratio(1, i64::MAX).unwrap();
        let tinier = &tiny * &tiny;
        assert_eq!(
            tinier.to_string(),
            format!("1/{}", BigInt::from(i64::MAX) * BigInt::from(i64::MAX))
        );
        assert_eq!((&tinier * &Score::from_integer(i64::MAX)), tiny);
        assert!(tinier < tiny && tinier > Score::zero());
        assert_eq!(s("-0.125").rounded().to_string(), "-0.13");
    }

    #[test]
    fn small_and_big_paths_agree() {
        // The same operations on big rationals, for values on either side of i64.
        let values = [
            Score::ratio(100, 3).unwrap(),
            Score::ratio(-7, 9).unwrap(),
            Score::from_integer(i64::MAX),
            Score::ratio(3, i64::MAX).unwrap(),
            Score::ratio(BigInt::from(i64::MAX) * 5, 7).unwrap(),
            Score::zero(),
        ];
        for a in &values {
            for b in &values {
                let (x, y) = (a.to_rational(), b.to_rational());
                assert_eq!((a + b).to_rational(), &x + &y);
                assert_eq!((a * b).to_rational(), &x * &y);
                assert_eq!(a.minus(b).to_rational(), &x - &y);
                if !b.is_zero() {
                    assert_eq!(a.divided_by(b).unwrap().to_rational(), &x / &y);
                }
                assert_eq!(a.cmp(b), x.cmp(&y));
                assert_eq!(a.rounded(), crate::Decimal2::round(&x));
                assert_eq!(s(&a.to_string()), *a);
            }
        }
    }

    #[test]
    fn a_mean_of_counts_equals_the_sum_of_its_terms() {
        let f = |n, d| Fraction::new(n, d).unwrap();
        let four = [f(0, 1), f(100, 3), f(200, 3), f(100, 1)];
        // (1 x 100/3 + 2 x 100) / 4 = 700/12 = 175/3.
        assert_eq!(
            Score::mean_of_counts(&[1, 1, 0, 2], &four)
                .unwrap()
                .to_string(),
            "175/3"
        );
        assert_eq!(Score::mean_of_counts(&[0, 0, 0, 0], &four), None);
        // Values whose common denominator leaves i128: the big-rational path, same value.
        let odd = [f(1, i64::MAX), f(1, i64::MAX - 1), f(1, i64::MAX - 2)];
        let counts = [u64::MAX, 3, u64::MAX];
        let naive = counts
            .iter()
            .zip(&odd)
            .map(|(&c, &v)| Score::from(v) * c)
            .sum::<Score>()
            .divided_by(&Score::ratio(BigInt::from(u64::MAX) * 2 + 3, 1).unwrap())
            .unwrap();
        assert_eq!(Score::mean_of_counts(&counts, &odd).unwrap(), naive);
    }

    #[test]
    fn compares_with_fractions_exactly() {
        let f = Fraction::new(100, 3).unwrap();
        assert!(Score::ratio(100, 3).unwrap() == f);
        assert!(Score::ratio(3333, 100).unwrap() < f);
        assert_eq!(Score::from(f).to_fraction(), Some(f));
    }
}
