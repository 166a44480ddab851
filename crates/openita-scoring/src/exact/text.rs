//! [`Score`] as text: exact and readable back (`85`, `91.68`, `275/3`), and in JSON as
//! `{"exact": "...", "rounded": 91.68}`.

use super::{Repr, Score, small::Small};
use crate::rounding::Decimal2;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;
use std::str::FromStr;

impl fmt::Display for Score {
    /// Exact and readable back by `FromStr`: `85`, `91.68` (terminating decimals), `275/3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Repr::Small(s) = &self.0
            && let Some(text) = small_text(*s)
        {
            return f.write_str(&text);
        }
        let r = self.to_rational();
        let (n, d) = (r.numer(), r.denom());
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

/// [`Score`]'s text of a small value, in `i128` arithmetic; `None` when a terminating decimal
/// needs more digits than `i128` holds (the caller then writes it with big integers).
fn small_text(s: Small) -> Option<String> {
    let (n, d) = (s.numerator, s.denominator);
    if d == 1 {
        return Some(n.to_string());
    }
    let (mut rest, mut twos, mut fives) = (d, 0_u32, 0_u32);
    while rest % 2 == 0 {
        rest /= 2;
        twos += 1;
    }
    while rest % 5 == 0 {
        rest /= 5;
        fives += 1;
    }
    if rest != 1 {
        return Some(format!("{n}/{d}"));
    }
    let k = twos.max(fives);
    let power = 10_i128.checked_pow(k)?;
    let scaled = i128::from(n).checked_mul(power / i128::from(d))?;
    let sign = if scaled < 0 { "-" } else { "" };
    let digits = scaled.unsigned_abs();
    let power = power.unsigned_abs();
    let width = k as usize;
    Some(format!(
        "{sign}{}.{:0>width$}",
        digits / power,
        digits % power
    ))
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
                // Most stored fractions fit in i64: no big integers to read them.
                if let (Ok(n), Ok(d)) = (n.trim().parse::<i64>(), d.trim().parse::<i64>()) {
                    return Score::from_i128(i128::from(n), i128::from(d)).ok_or_else(bad);
                }
                let n: BigInt = n.trim().parse().map_err(|_| bad())?;
                let d: BigInt = d.trim().parse().map_err(|_| bad())?;
                Score::ratio(n, d).ok_or_else(bad)
            }
            None => {
                if let Ok(n) = t.parse::<i64>() {
                    return Ok(Score::from_integer(n));
                }
                parse_decimal(t).map(Score::from_rational).ok_or_else(bad)
            }
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
}
