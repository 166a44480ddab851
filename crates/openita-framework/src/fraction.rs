//! Exact rational numbers for framework values (scale values, weights, thresholds).
//!
//! The 4-level scale is worth 0, 100/3, 200/3 and 100: a float cannot hold 100/3, and a score
//! that decides whether an agency passes must not depend on how a file author rounded it. So a
//! framework keeps every value as a reduced fraction of two `i64`, and only the scoring
//! arithmetic (or display) turns it into `f64` with [`Fraction::as_f64`].
//!
//! Written forms accepted when reading (TOML or JSON):
//! - an integer: `100`;
//! - a float: `12.5` or `33.333333333333336` (the float JSON produced for 100/3): the fraction
//!   with the smallest denominator (up to 10,000) whose `as_f64` is exactly that float, else the
//!   float's shortest decimal form. So JSON written by this crate reads back to the same fraction;
//! - a string `"100/3"`, `"-1/2"`, `"85"` or `"12.5"`.
//!
//! Serialized as a plain JSON number: an integer when the denominator is 1, else the nearest `f64`.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Largest denominator tried when turning a float back into a fraction.
const MAX_RECOVERED_DENOMINATOR: i64 = 10_000;

/// An exact rational number, always reduced, with a positive denominator.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction {
    numerator: i64,
    denominator: i64,
}

/// Why a text or float could not be read as a [`Fraction`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FractionError(String);

impl fmt::Display for FractionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FractionError {}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Fraction {
    pub const ZERO: Fraction = Fraction {
        numerator: 0,
        denominator: 1,
    };
    pub const ONE: Fraction = Fraction {
        numerator: 1,
        denominator: 1,
    };
    pub const HUNDRED: Fraction = Fraction {
        numerator: 100,
        denominator: 1,
    };

    /// `numerator / denominator`, reduced. `None` when the denominator is 0.
    pub fn new(numerator: i64, denominator: i64) -> Option<Fraction> {
        Self::from_i128(i128::from(numerator), i128::from(denominator))
    }

    /// A whole number.
    pub const fn from_integer(n: i64) -> Fraction {
        Fraction {
            numerator: n,
            denominator: 1,
        }
    }

    /// Reduces `n / d`; `None` when `d` is 0 or the reduced parts do not fit in `i64`.
    fn from_i128(n: i128, d: i128) -> Option<Fraction> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let (mut n, mut d) = (n / g, d / g);
        if d < 0 {
            n = -n;
            d = -d;
        }
        Some(Fraction {
            numerator: i64::try_from(n).ok()?,
            denominator: i64::try_from(d).ok()?,
        })
    }

    pub const fn numerator(self) -> i64 {
        self.numerator
    }

    pub const fn denominator(self) -> i64 {
        self.denominator
    }

    /// The nearest `f64` (one correctly rounded division; exact parts up to 2^53).
    pub fn as_f64(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    pub const fn is_integer(self) -> bool {
        self.denominator == 1
    }

    /// Exact sum; `None` on overflow.
    pub fn checked_add(self, other: Fraction) -> Option<Fraction> {
        let (a, b) = (i128::from(self.numerator), i128::from(self.denominator));
        let (c, d) = (i128::from(other.numerator), i128::from(other.denominator));
        Self::from_i128(a * d + c * b, b * d)
    }

    /// Exact difference; `None` on overflow.
    pub fn checked_sub(self, other: Fraction) -> Option<Fraction> {
        self.checked_add(Fraction {
            numerator: other.numerator.checked_neg()?,
            ..other
        })
    }

    /// The smallest integer not below `self * n / 100` for a non-negative whole `n`
    /// (used for "percent of headcount"). Saturates at `u64::MAX`.
    pub fn percent_of_ceil(self, n: u64) -> u64 {
        let num = i128::from(self.numerator) * i128::from(n);
        let den = i128::from(self.denominator) * 100;
        // den > 0; ceiling division that is also right for negative numerators.
        let q = num.div_euclid(den) + i128::from(num.rem_euclid(den) != 0);
        u64::try_from(q.max(0)).unwrap_or(u64::MAX)
    }

    /// Reads a float: the simplest fraction that maps back to exactly this float.
    pub fn from_f64(x: f64) -> Result<Fraction, FractionError> {
        if !x.is_finite() {
            return Err(FractionError(format!("{x} is not a finite number")));
        }
        if x.abs() > 1e15 {
            return Err(FractionError(format!("{x} is too large")));
        }
        for den in 1..=MAX_RECOVERED_DENOMINATOR {
            // Exact: den <= 10_000, and |scaled| < 9e18 is checked before the cast.
            let scaled = (x * den as f64).round();
            // A cheap float test first, so that a number that is no simple fraction costs
            // microseconds, not 10,000 reductions (an upload holds up to ~100,000 numbers).
            // While |scaled| <= 2^53 both parts are exact, and `scaled / den` is the same
            // correctly rounded quotient that the reduced fraction's `as_f64` gives; beyond,
            // the full test decides.
            if scaled.abs() <= 9_007_199_254_740_992.0 && scaled / den as f64 != x {
                continue;
            }
            if scaled.abs() < 9e18
                && let Some(f) = Fraction::new(scaled as i64, den)
                && f.as_f64() == x
            {
                return Ok(f);
            }
        }
        // Not a simple fraction: take the shortest decimal that round-trips.
        let decimal: Fraction = format!("{x}").parse()?;
        if decimal.as_f64() == x {
            Ok(decimal)
        } else {
            Err(FractionError(format!(
                "{x} cannot be stored exactly; write it as a fraction string such as \"100/3\""
            )))
        }
    }

    fn parse_decimal(s: &str) -> Option<Fraction> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let scale = 10_i128.checked_pow(u32::try_from(frac_part.len()).ok()?)?;
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        let part: i128 = if frac_part.is_empty() {
            0
        } else {
            frac_part.parse().ok()?
        };
        let n = whole.checked_mul(scale)?.checked_add(part)?;
        Self::from_i128(if negative { -n } else { n }, scale)
    }
}

impl FromStr for Fraction {
    type Err = FractionError;

    /// `"100/3"`, `"-1/2"`, `"85"`, `"12.5"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || {
            FractionError(format!(
                "`{s}` is not a number or a fraction (write e.g. 100, 12.5 or \"100/3\")"
            ))
        };
        match t.split_once('/') {
            Some((n, d)) => {
                let n: i64 = n.trim().parse().map_err(|_| bad())?;
                let d: i64 = d.trim().parse().map_err(|_| bad())?;
                if d == 0 {
                    return Err(FractionError(format!("`{s}` divides by zero")));
                }
                Fraction::new(n, d).ok_or_else(bad)
            }
            None => Fraction::parse_decimal(t).ok_or_else(bad),
        }
    }
}

impl From<i64> for Fraction {
    fn from(n: i64) -> Self {
        Fraction::from_integer(n)
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        // Denominators are positive, so cross-multiplying keeps the order.
        (i128::from(self.numerator) * i128::from(other.denominator))
            .cmp(&(i128::from(other.numerator) * i128::from(self.denominator)))
    }
}

impl fmt::Display for Fraction {
    /// Exact and readable back by `FromStr`: `30`, `12.5` (when the decimal terminates),
    /// otherwise `100/3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denominator == 1 {
            return write!(f, "{}", self.numerator);
        }
        // A terminating decimal: 10^k is a multiple of the denominator for some k <= 18.
        let den = i128::from(self.denominator);
        let terminating = (1..=18_u32)
            .map(|k| (k, 10_i128.pow(k)))
            .find(|(_, p)| p % den == 0);
        match terminating {
            Some((k, power)) => {
                let scaled = i128::from(self.numerator) * (power / den);
                let sign = if scaled < 0 { "-" } else { "" };
                let digits = scaled.unsigned_abs();
                let power = power.unsigned_abs();
                let fraction = format!("{:0width$}", digits % power, width = k as usize);
                write!(
                    f,
                    "{sign}{}.{}",
                    digits / power,
                    fraction.trim_end_matches('0')
                )
            }
            None => write!(f, "{}/{}", self.numerator, self.denominator),
        }
    }
}

impl fmt::Debug for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Fraction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.denominator == 1 {
            serializer.serialize_i64(self.numerator)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

struct FractionVisitor;

impl de::Visitor<'_> for FractionVisitor {
    type Value = Fraction;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a fraction string such as \"100/3\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fraction, E> {
        Ok(Fraction::from_integer(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fraction, E> {
        i64::try_from(v)
            .map(Fraction::from_integer)
            .map_err(|_| E::custom(format!("{v} is too large")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fraction, E> {
        Fraction::from_f64(v).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Fraction, E> {
        v.parse().map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FractionVisitor)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn f(n: i64, d: i64) -> Fraction {
        Fraction::new(n, d).unwrap()
    }

    #[test]
    fn new_reduces_and_keeps_the_denominator_positive() {
        assert_eq!(f(200, 6), f(100, 3));
        assert_eq!(f(200, 6).numerator(), 100);
        assert_eq!(f(200, 6).denominator(), 3);
        assert_eq!(f(1, -2).numerator(), -1);
        assert_eq!(f(1, -2).denominator(), 2);
        assert_eq!(Fraction::new(1, 0), None);
        assert_eq!(f(0, -5), Fraction::ZERO);
    }

    #[test]
    fn strings_parse_as_fractions_and_decimals() {
        assert_eq!("100/3".parse::<Fraction>().unwrap(), f(100, 3));
        assert_eq!(" 200 / 3 ".parse::<Fraction>().unwrap(), f(200, 3));
        assert_eq!("85".parse::<Fraction>().unwrap(), f(85, 1));
        assert_eq!("12.5".parse::<Fraction>().unwrap(), f(25, 2));
        assert_eq!("-0.25".parse::<Fraction>().unwrap(), f(-1, 4));
        assert!("1/0".parse::<Fraction>().is_err());
        assert!("abc".parse::<Fraction>().is_err());
        assert!("1.2.3".parse::<Fraction>().is_err());
        assert!(".".parse::<Fraction>().is_err());
    }

    #[test]
    fn floats_written_for_thirds_read_back_as_thirds() {
        let third = f(100, 3);
        assert_eq!(Fraction::from_f64(third.as_f64()).unwrap(), third);
        assert_eq!(Fraction::from_f64(f(200, 3).as_f64()).unwrap(), f(200, 3));
        assert_eq!(Fraction::from_f64(33.33).unwrap(), f(3333, 100));
        assert_eq!(Fraction::from_f64(0.1).unwrap(), f(1, 10));
        assert!(Fraction::from_f64(f64::NAN).is_err());
    }

    #[test]
    fn json_writes_integers_as_integers_and_reads_its_own_output() {
        assert_eq!(serde_json::to_string(&f(30, 1)).unwrap(), "30");
        let third = serde_json::to_string(&f(100, 3)).unwrap();
        assert_eq!(third, "33.333333333333336");
        assert_eq!(serde_json::from_str::<Fraction>(&third).unwrap(), f(100, 3));
        assert_eq!(
            serde_json::from_str::<Fraction>("\"200/3\"").unwrap(),
            f(200, 3)
        );
    }

    #[test]
    fn display_is_exact_and_reads_back() {
        let cases = [
            (f(30, 1), "30"),
            (f(25, 2), "12.5"),
            (f(-1, 8), "-0.125"),
            (f(100, 3), "100/3"),
        ];
        for (value, text) in cases {
            assert_eq!(value.to_string(), text);
            assert_eq!(text.parse::<Fraction>().unwrap(), value);
        }
        assert_eq!(f(1, 3).to_string(), "1/3");
        assert_eq!(f(3333, 100).to_string(), "33.33");
    }

    #[test]
    fn order_and_arithmetic_are_exact() {
        assert!(f(100, 3) < f(34, 1));
        assert!(f(200, 3) > f(66, 1));
        let sum = f(100, 3).checked_add(f(200, 3)).unwrap();
        assert_eq!(sum, Fraction::HUNDRED);
        assert_eq!(Fraction::HUNDRED.checked_sub(f(100, 3)).unwrap(), f(200, 3));
    }

    /// The reading of floats before its fast path: every denominator reduced and compared.
    fn from_f64_reference(x: f64) -> Option<Fraction> {
        (1..=MAX_RECOVERED_DENOMINATOR).find_map(|den| {
            let scaled = (x * den as f64).round();
            (scaled.abs() < 9e18)
                .then(|| Fraction::new(scaled as i64, den))
                .flatten()
                .filter(|f| f.as_f64() == x)
        })
    }

    #[test]
    fn a_float_that_is_no_simple_fraction_is_read_far_faster_than_by_the_full_search() {
        // Numbers that need the whole search: each once cost 10,000 reductions, so an
        // upload of 100,000 of them held a request for minutes.
        let floats: Vec<f64> = (0..300)
            .map(|i| 0.123_456_789 + f64::from(i) * 1e-9)
            .collect();
        let time = |read: &dyn Fn(f64) -> Option<Fraction>| {
            let started = std::time::Instant::now();
            for &x in &floats {
                assert!(read(x).is_none_or(|f| f.denominator() > MAX_RECOVERED_DENOMINATOR));
            }
            started.elapsed()
        };
        let full = time(&from_f64_reference);
        let fast = time(&|x| Fraction::from_f64(x).ok());
        assert!(fast * 5 < full, "fast {fast:?}, full search {full:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, failure_persistence: None, ..Default::default() })]

        /// The fast path reads every float exactly as the full search does: simple fractions
        /// (any size, near the 10,000 limit), huge magnitudes, and arbitrary floats.
        #[test]
        fn the_fast_path_reads_floats_as_the_full_search_does(
            n in -2_000_000_i64..2_000_000,
            d in 1_i64..12_000,
            big in -1e15_f64..1e15,
            bits in proptest::prelude::any::<u64>(),
        ) {
            let simple = n as f64 / d as f64;
            let arbitrary = f64::from_bits(bits);
            for x in [simple, big, big.round() + 0.5, arbitrary, simple * 1e9] {
                if x.is_finite() && x.abs() <= 1e15 {
                    let fast = Fraction::from_f64(x).ok();
                    match from_f64_reference(x) {
                        Some(expected) => proptest::prop_assert_eq!(fast, Some(expected), "{}", x),
                        None => proptest::prop_assert!(
                            fast.is_none_or(|f| f.denominator() > MAX_RECOVERED_DENOMINATOR),
                            "{}",
                            x
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn percent_of_ceil_rounds_up_exactly() {
        assert_eq!(f(30, 1).percent_of_ceil(10), 3);
        assert_eq!(f(30, 1).percent_of_ceil(11), 4); // 3.3 -> 4
        assert_eq!(f(100, 3).percent_of_ceil(3), 1);
        assert_eq!(f(100, 3).percent_of_ceil(4), 2); // 1.33 -> 2
        assert_eq!(Fraction::ZERO.percent_of_ceil(50), 0);
    }
}
