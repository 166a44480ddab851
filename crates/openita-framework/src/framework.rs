//! [`Framework`]: a validated framework and the look-ups the rest of the system needs.

use crate::Fraction;
use crate::error::{FrameworkError, with_path};
use crate::model::{
    FrameworkDefinition, Indicator, Instrument, InstrumentCode, Level, OitItem, PerInstrument,
    Question, RatingRule,
};
use serde::{Deserialize, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::ops::Deref;
use std::path::Path;

/// The largest framework an administrator may upload, in bytes of JSON.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;

/// A framework that passed [`FrameworkDefinition::validate`]. Only this crate builds one (by
/// parsing, or from a definition through `TryFrom`), so code holding a `Framework` may rely on
/// every rule: weights sum to 100, scales exist, the levels end at 0, the last rating rule is a
/// catch-all, ...
///
/// Read its data through `Deref` (`framework.year`, `framework.instruments`); to change it,
/// take [`Framework::into_definition`], edit, and convert back with `Framework::try_from`.
///
/// Serializes to exactly the JSON of `GET /api/v1/cycles/{year}/framework`; deserializing
/// validates (so `serde_json::from_str::<Framework>` cannot produce an invalid one, but
/// [`Framework::from_json_str`] gives the better error).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "FrameworkDefinition")]
pub struct Framework {
    definition: FrameworkDefinition,
    /// The last level and rating rule, kept so that look-ups never fail.
    lowest_level: Level,
    catch_all_rule: RatingRule,
}

impl TryFrom<FrameworkDefinition> for Framework {
    type Error = FrameworkError;

    fn try_from(definition: FrameworkDefinition) -> Result<Self, Self::Error> {
        definition.validate()?;
        let internal = || {
            FrameworkError::new(
                "levels",
                "levels or rating rules are empty after validation",
                "ไม่พบระดับหรือเกณฑ์การตัดสินผลหลังการตรวจสอบ",
            )
        };
        let lowest_level = definition.levels.last().cloned().ok_or_else(internal)?;
        let catch_all_rule = definition
            .rating_rules
            .last()
            .cloned()
            .ok_or_else(internal)?;
        Ok(Framework {
            definition,
            lowest_level,
            catch_all_rule,
        })
    }
}

impl Serialize for Framework {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.definition.serialize(serializer)
    }
}

impl Deref for Framework {
    type Target = FrameworkDefinition;

    fn deref(&self) -> &FrameworkDefinition {
        &self.definition
    }
}

/// `"expected `,` or `}` at line 1 column 5"` -> `"expected `,` or `}`"`.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| message.get(..i).unwrap_or(message))
}

fn json_error(e: &serde_json::Error, path: Option<&serde_path_to_error::Path>) -> FrameworkError {
    let text = e.to_string();
    let message = strip_position(&text);
    let message = path.map_or_else(|| message.to_string(), |p| with_path(p, message));
    FrameworkError::new(
        format!("line {}, column {}", e.line(), e.column()),
        message.clone(),
        format!("ไฟล์ JSON ไม่ถูกต้อง: {message}"),
    )
}

impl Framework {
    /// Parses a framework in the JSON shape of `GET /api/v1/cycles/{year}/framework` (what an
    /// admin uploads with `PUT .../framework`) and validates it.
    ///
    /// Syntax and type errors are located as `"line L, column C"` (the message names the path
    /// of the value when known); rule violations by their path, e.g. `"weights"`.
    pub fn from_json_str(json: &str) -> Result<Framework, FrameworkError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let definition: FrameworkDefinition = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| json_error(e.inner(), Some(e.path())))?;
        de.end().map_err(|e| json_error(&e, None))?;
        Framework::try_from(definition)
    }

    /// Reads a framework an administrator uploads ([`Framework::from_json_str`]), refusing
    /// at once a text longer than [`MAX_UPLOAD_BYTES`]: the shipped frameworks are about
    /// 70 KB as JSON, and every number in an upload may cost a search for its fraction.
    pub fn from_upload(json: &str) -> Result<Framework, FrameworkError> {
        if json.len() > MAX_UPLOAD_BYTES {
            let kb = |n: usize| n.div_ceil(1024);
            return Err(FrameworkError::new(
                "framework",
                format!(
                    "the framework is {} KB, more than the {} KB an upload may be (the shipped ones are about 70 KB)",
                    kb(json.len()),
                    kb(MAX_UPLOAD_BYTES)
                ),
                format!(
                    "ไฟล์เกณฑ์มีขนาด {} KB เกิน {} KB ที่อัปโหลดได้ (เกณฑ์ที่มากับระบบมีขนาดราว 70 KB)",
                    kb(json.len()),
                    kb(MAX_UPLOAD_BYTES)
                ),
            ));
        }
        let framework = Framework::from_json_str(json)?;
        framework.check_stored_exactly()?;
        Ok(framework)
    }

    /// A cycle keeps its framework as canonical JSON, where a value is a JSON number: a
    /// fraction that its number does not give back (a denominator above 10,000 that is no
    /// short decimal, such as `"1/20011"`) would be stored as another value, or as one that
    /// no longer loads. Such an upload is refused, naming the value.
    fn check_stored_exactly(&self) -> Result<(), FrameworkError> {
        let stored = Framework::from_json_str(&self.canonical_json());
        if stored.as_ref().is_ok_and(|stored| stored == self) {
            return Ok(());
        }
        let location = match &stored {
            Ok(stored) => first_difference(&self.to_json_value(), &stored.to_json_value())
                .unwrap_or_else(|| "framework".to_owned()),
            Err(e) => e
                .message_en
                .split(':')
                .next()
                .unwrap_or("framework")
                .to_owned(),
        };
        Err(FrameworkError::new(
            location,
            "this number cannot be stored exactly: write it as a fraction with a denominator of at most 10,000 (\"100/3\") or as a short decimal",
            "ตัวเลขนี้เก็บให้ตรงทุกตำแหน่งไม่ได้ ให้เขียนเป็นเศษส่วนที่ตัวส่วนไม่เกิน 10,000 (เช่น \"100/3\") หรือทศนิยมสั้น ๆ",
        ))
    }

    /// Reads a `frameworks/<year>/` folder (`framework.toml`, `iit.toml`, `eit.toml`,
    /// `oit.toml`) for tools and tests; the server uses [`crate::shipped`], embedded at build time.
    pub fn from_dir(path: impl AsRef<Path>) -> Result<Framework, FrameworkError> {
        let dir = path.as_ref();
        let read = |name: &str| {
            let file = dir.join(name);
            std::fs::read_to_string(&file).map_err(|e| {
                FrameworkError::new(
                    "file",
                    format!("cannot read {}: {e}", file.display()),
                    format!("อ่านไฟล์ {} ไม่ได้: {e}", file.display()),
                )
                .in_file(file.display().to_string())
            })
        };
        let sources = crate::toml_source::Sources {
            dir: dir.display().to_string(),
            framework: read("framework.toml")?,
            iit: read("iit.toml")?,
            eit: read("eit.toml")?,
            oit: read("oit.toml")?,
        };
        crate::toml_source::parse(&sources)
    }

    /// Checks every rule again (always `Ok` for a `Framework`, which is validated when built).
    pub fn validate(&self) -> Result<(), FrameworkError> {
        self.definition.validate()
    }

    pub fn definition(&self) -> &FrameworkDefinition {
        &self.definition
    }

    pub fn into_definition(self) -> FrameworkDefinition {
        self.definition
    }

    /// The API JSON.
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::to_value(&self.definition).unwrap_or(serde_json::Value::Null)
    }

    /// The API JSON with object keys sorted and no white space: the same text for the same
    /// framework, whatever serde_json's map features.
    pub fn canonical_json(&self) -> String {
        let mut out = String::new();
        write_canonical(&self.to_json_value(), &mut out);
        out
    }

    /// Lowercase hex SHA-256 of [`Framework::canonical_json`]: store it with a cycle as the
    /// framework's version; equal fingerprints mean equal frameworks.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn instrument(&self, code: InstrumentCode) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.code == code)
    }

    /// An indicator by number (1-10) with its instrument.
    pub fn indicator(&self, number: u16) -> Option<(&Instrument, &Indicator)> {
        self.instruments
            .iter()
            .flat_map(|ins| ins.indicators.iter().map(move |ind| (ins, ind)))
            .find(|(_, ind)| ind.number == number)
    }

    /// A question by id with its instrument and indicator.
    pub fn question(&self, id: &str) -> Option<(&Instrument, &Indicator, &Question)> {
        self.instruments.iter().find_map(|ins| {
            ins.indicators.iter().find_map(|ind| {
                ind.questions
                    .iter()
                    .find(|q| q.id == id)
                    .map(|q| (ins, ind, q))
            })
        })
    }

    /// The questions of one instrument in survey order, with their indicator.
    pub fn questions(&self, code: InstrumentCode) -> impl Iterator<Item = (&Indicator, &Question)> {
        self.instrument(code)
            .into_iter()
            .flat_map(|ins| ins.indicators.iter())
            .flat_map(|ind| ind.questions.iter().map(move |q| (ind, q)))
    }

    /// All OIT items in order (O1, O2, ...).
    pub fn oit_items(&self) -> impl Iterator<Item = &OitItem> {
        self.instruments
            .iter()
            .flat_map(|ins| ins.indicators.iter())
            .flat_map(|ind| ind.items.iter())
    }

    /// An OIT item by code with its indicator.
    pub fn oit_item(&self, code: &str) -> Option<(&Indicator, &OitItem)> {
        self.instruments
            .iter()
            .flat_map(|ins| ins.indicators.iter())
            .find_map(|ind| ind.items.iter().find(|i| i.code == code).map(|i| (ind, i)))
    }

    /// The values of a scale, level 1 first.
    pub fn scale(&self, name: &str) -> Option<&[Fraction]> {
        self.scales.get(name).map(Vec::as_slice)
    }

    /// The score of answering `level` (1 = lowest; for `yesno`, 1 = no and 2 = yes) to
    /// `question`: the scale's value, or 100 minus it for a reversed question. `None` when the
    /// level is not on the question's scale.
    pub fn answer_value(&self, question: &Question, level: usize) -> Option<Fraction> {
        let value = *self.scale(&question.scale)?.get(level.checked_sub(1)?)?;
        if question.reverse {
            Fraction::HUNDRED.checked_sub(value)
        } else {
            Some(value)
        }
    }

    /// The level band (AA ... F) of a total already rounded to 2 decimals: the first level whose
    /// `min` it reaches; the lowest level for anything below (or NaN).
    pub fn level_for(&self, total_rounded: f64) -> &Level {
        self.levels
            .iter()
            .find(|level| total_rounded >= level.min.as_f64())
            .unwrap_or(&self.lowest_level)
    }

    /// The tier of a result: the first rating rule that holds for the rounded total and rounded
    /// instrument scores; the catch-all last rule otherwise.
    pub fn rating_for(
        &self,
        total_rounded: f64,
        instruments_rounded: &PerInstrument<f64>,
    ) -> &RatingRule {
        self.rating_rules
            .iter()
            .find(|rule| rule.holds(total_rounded, instruments_rounded))
            .unwrap_or(&self.catch_all_rule)
    }

    /// The rating rule of a tier code (`pass_good`), for its names.
    pub fn rating_rule(&self, tier: &str) -> Option<&RatingRule> {
        self.rating_rules.iter().find(|rule| rule.tier == tier)
    }

    /// Whether a total rounded to 2 decimals reaches the pass mark.
    pub fn passes(&self, total_rounded: f64) -> bool {
        total_rounded >= self.pass_mark.as_f64()
    }
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The path (`instruments[0].indicators[1].weight`) of the first value where `a` and `b`
/// differ.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.iter().find_map(|(key, value)| {
            let other = y.get(key).unwrap_or(&Value::Null);
            first_difference(value, other).map(|rest| join_path(key, &rest))
        }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (value, other))| {
                first_difference(value, other).map(|rest| format!("[{i}]{}", dotted(&rest)))
            })
        }
        _ if a == b => None,
        _ => Some(String::new()),
    }
}

fn join_path(key: &str, rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        format!("{key}{rest}")
    } else {
        format!("{key}.{rest}")
    }
}

fn dotted(rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        rest.to_owned()
    } else {
        format!(".{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v = serde_json::json!({"b": 1, "a": {"d": [1, {"z": 0, "y": "ข"}], "c": 2.5}});
        let mut out = String::new();
        write_canonical(&v, &mut out);
        assert_eq!(out, r#"{"a":{"c":2.5,"d":[1,{"y":"ข","z":0}]},"b":1}"#);
    }

    #[test]
    fn json_positions_are_stripped_from_messages() {
        assert_eq!(
            strip_position("expected `,` at line 1 column 5"),
            "expected `,`"
        );
        assert_eq!(strip_position("no position"), "no position");
    }
}
