//! A whole number in JSON as `2568` or `2568.0`: JSON Schema's "integer" is any number
//! without a fraction, so a client that writes the float form is not refused for it.

use serde::{Deserialize, Deserializer, de::Error};

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Whole(i64),
        Float(f64),
    }
    match Number::deserialize(deserializer)? {
        Number::Whole(n) => Ok(n),
        Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        Number::Float(f) => Err(D::Error::custom(format!("{f} is not a whole number"))),
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Year {
        #[serde(deserialize_with = "super::deserialize")]
        year: i64,
    }

    fn read(json: &str) -> Option<i64> {
        serde_json::from_str::<Year>(json).ok().map(|y| y.year)
    }

    #[test]
    fn whole_numbers_read_in_either_form_and_fractions_do_not() {
        assert_eq!(read(r#"{"year": 2568}"#), Some(2568));
        assert_eq!(read(r#"{"year": 2568.0}"#), Some(2568));
        assert_eq!(read(r#"{"year": -3}"#), Some(-3));
        assert_eq!(read(r#"{"year": 2568.5}"#), None);
        assert_eq!(read(r#"{"year": 1e300}"#), None);
        assert_eq!(read(r#"{"year": "2568"}"#), None);
    }
}
