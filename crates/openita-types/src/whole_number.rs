//! A whole number in JSON as `2568` or `2568.0`: JSON Schema's "integer" is any number
//! without a fraction, so a client that writes the float form is not refused for it.

use serde::{Deserialize, Deserializer, de::Error};

#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Whole(i64),
    Float(f64),
}

impl Number {
    fn whole<E: Error>(self) -> Result<i64, E> {
        match self {
            Number::Whole(n) => Ok(n),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
            Number::Float(f) => Err(E::custom(format!("{f} is not a whole number"))),
        }
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Number::deserialize(deserializer)?.whole()
}

/// The same for a number that may be `null`.
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    Option::<Number>::deserialize(deserializer)?
        .map(Number::whole)
        .transpose()
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

    #[derive(serde::Deserialize)]
    struct Hour {
        #[serde(deserialize_with = "super::deserialize_option")]
        hour: Option<i64>,
    }

    #[test]
    fn an_optional_whole_number_reads_null_too() {
        let read = |json: &str| serde_json::from_str::<Hour>(json).ok().map(|h| h.hour);
        assert_eq!(read(r#"{"hour": null}"#), Some(None));
        assert_eq!(read(r#"{"hour": 12.0}"#), Some(Some(12)));
        assert_eq!(read(r#"{"hour": 12.5}"#), None);
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
