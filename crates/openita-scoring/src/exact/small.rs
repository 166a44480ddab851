//! The fast path of [`super::Score`]: a reduced fraction of two `i64`, with every operation
//! done in `i128` (a product of two `i64` cannot overflow it) and reduced before it is
//! stored. An operation whose reduced result does not fit in `i64` says so (`None`) and the
//! caller redoes it with big rationals, so no result is ever approximated.
//!
//! Nearly every number the engine meets fits: question means over a few thousand answers,
//! framework weights, shares. Without this path, each of the ~1,000 operations behind one
//! agency's breakdown allocated big integers (2.9 s for the nation; see docs/benchmarks.md).

use num_traits::PrimInt;
use std::cmp::Ordering;

/// `numerator / denominator`: reduced, `denominator > 0`, both within `±i64::MAX` (never
/// `i64::MIN`, so that negating cannot overflow).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) struct Small {
    pub numerator: i64,
    pub denominator: i64,
}

pub(super) fn gcd(a: u128, b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    // On `u64` when both fit, which is most of the time.
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(x), Ok(y)) => u128::from(binary_gcd(x, y)),
        _ => binary_gcd(a, b),
    }
}

/// `gcd(a, b)` for `b > 0` (so never 0).
fn gcd64_nonzero_denominator(a: u64, b: u64) -> u64 {
    if a == 0 { b } else { binary_gcd(a, b) }
}

/// Stein's algorithm; both non-zero.
fn binary_gcd<T: PrimInt>(mut a: T, mut b: T) -> T {
    let shift = (a | b).trailing_zeros() as usize;
    a = a >> a.trailing_zeros() as usize;
    loop {
        b = b >> b.trailing_zeros() as usize;
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b = b - a;
        if b.is_zero() {
            return a << shift;
        }
    }
}

impl Small {
    pub const ZERO: Small = Small {
        numerator: 0,
        denominator: 1,
    };

    /// `n / d` reduced, when `d != 0` and the reduced parts fit.
    pub fn new(n: i128, d: i128) -> Option<Small> {
        if d == 0 {
            return None;
        }
        let negative = (n < 0) != (d < 0);
        let (n, d) = (n.unsigned_abs(), d.unsigned_abs());
        let (n, d) = match (u64::try_from(n), u64::try_from(d)) {
            // Most values: 64-bit division is several times cheaper than 128-bit.
            (Ok(n), Ok(d)) => {
                let g = gcd64_nonzero_denominator(n, d);
                (u128::from(n / g), u128::from(d / g))
            }
            _ => {
                let g = gcd(n, d);
                (n / g, d / g)
            }
        };
        let limit = i64::MAX.unsigned_abs() as u128;
        if n > limit || d > limit {
            return None;
        }
        // Both are at most i64::MAX: the conversions and the negation cannot fail.
        let n = i64::try_from(n).ok()?;
        let d = i64::try_from(d).ok()?;
        Some(Small {
            numerator: if negative { -n } else { n },
            denominator: d,
        })
    }

    /// A framework fraction, already reduced with a positive denominator: no gcd needed.
    pub fn from_fraction(f: openita_framework::Fraction) -> Option<Small> {
        (f.numerator() != i64::MIN && f.denominator() > 0).then_some(Small {
            numerator: f.numerator(),
            denominator: f.denominator(),
        })
    }

    /// `sum(counts[i] * values[i]) / sum(counts)` (a question's mean), reduced once at the
    /// end; `None` without answers or when a partial sum leaves `i128`.
    pub fn mean_of_counts(counts: &[u64], values: &[Small]) -> Option<Small> {
        // Over the common denominator of the values (3 for the 4-level scale).
        let mut common: i128 = 1;
        for v in values {
            let d = i128::from(v.denominator);
            common = common.checked_mul(
                d / i128::try_from(gcd(common.unsigned_abs(), d.unsigned_abs())).ok()?,
            )?;
        }
        let mut sum: i128 = 0;
        let mut answers: i128 = 0;
        for (&c, v) in counts.iter().zip(values) {
            let c = i128::from(c);
            let scaled = i128::from(v.numerator).checked_mul(common / i128::from(v.denominator))?;
            sum = sum.checked_add(c.checked_mul(scaled)?)?;
            answers = answers.checked_add(c)?;
        }
        if answers == 0 {
            return None;
        }
        Small::new(sum, answers.checked_mul(common)?)
    }

    fn parts(self) -> (i128, i128) {
        (i128::from(self.numerator), i128::from(self.denominator))
    }

    pub fn add(self, rhs: Small) -> Option<Small> {
        let ((a, b), (c, d)) = (self.parts(), rhs.parts());
        if b == d {
            return Small::new(a + c, b);
        }
        // |a*d| and |c*b| are below 2^126: their sum fits in i128.
        Small::new(a * d + c * b, b * d)
    }

    pub fn sub(self, rhs: Small) -> Option<Small> {
        self.add(Small {
            numerator: -rhs.numerator,
            denominator: rhs.denominator,
        })
    }

    pub fn mul(self, rhs: Small) -> Option<Small> {
        let ((a, b), (c, d)) = (self.parts(), rhs.parts());
        Small::new(a * c, b * d)
    }

    /// `None` also when `rhs` is 0.
    pub fn div(self, rhs: Small) -> Option<Small> {
        let ((a, b), (c, d)) = (self.parts(), rhs.parts());
        Small::new(a * d, b * c)
    }

    pub fn is_zero(self) -> bool {
        self.numerator == 0
    }

    pub fn is_negative(self) -> bool {
        self.numerator < 0
    }

    pub fn cmp(self, rhs: Small) -> Ordering {
        let ((a, b), (c, d)) = (self.parts(), rhs.parts());
        (a * d).cmp(&(c * b))
    }

    /// Hundredths rounded half away from zero: `round(100 n / d)`; `None` beyond `i64`.
    pub fn round_hundredths(self) -> Option<i64> {
        let (n, d) = self.parts();
        let scaled = n.unsigned_abs() * 100;
        let d = d.unsigned_abs();
        // floor(s / d + 1/2) = floor((2 s + d) / 2 d); 2 s + d < 2^127.
        let magnitude = i64::try_from((2 * scaled + d) / (2 * d)).ok()?;
        Some(if n < 0 { -magnitude } else { magnitude })
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn reduces_and_keeps_the_sign_on_the_numerator() {
        assert_eq!(
            Small::new(200, -6).unwrap(),
            Small {
                numerator: -100,
                denominator: 3
            }
        );
        assert_eq!(Small::new(0, -5).unwrap(), Small::ZERO);
        assert_eq!(Small::new(1, 0), None);
    }

    #[test]
    fn says_when_a_result_does_not_fit() {
        let big = Small::new(i128::from(i64::MAX), 1).unwrap();
        assert_eq!(big.add(Small::new(1, 1).unwrap()), None);
        assert_eq!(big.mul(big), None);
        assert_eq!(Small::new(i128::from(i64::MIN), 1), None);
        let third = Small::new(1, 3).unwrap();
        assert_eq!(third.add(third).unwrap(), Small::new(2, 3).unwrap());
        assert_eq!(third.div(Small::ZERO), None);
    }

    #[test]
    fn gcd_on_both_widths() {
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(0, 7), 7);
        let p = 1u128 << 100;
        assert_eq!(gcd(p * 3, p * 9), p * 3);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let r = |n, d| Small::new(n, d).unwrap().round_hundredths().unwrap();
        assert_eq!(r(16999, 200), 8500); // 84.995 -> 85.00
        assert_eq!(r(-16999, 200), -8500);
        assert_eq!(r(100, 3), 3333);
        assert_eq!(r(200, 3), 6667);
    }
}
