//! Reading a `frameworks/<year>/` folder: four TOML files laid out for people, merged into one
//! [`FrameworkDefinition`].
//!
//! - `framework.toml`: name, year, pass mark, weights, scales (values and labels together, and
//!   `unverified = { th, en }` on a scale whose options are not checked against NACC's),
//!   levels, rating rules, sample rules, headcount reference, notes;
//! - `iit.toml`, `eit.toml`: `[instrument]`, `[[indicators]]`, then `[[questions]]`, each naming
//!   its `indicator`; a question's `reverse` must be written out, `optional` defaults to false
//!   and `weight` to 1;
//! - `oit.toml`: `[instrument]` (with the default `allowed_scores` of its items and, while the
//!   item names are not NACC's exact wording, `unverified_item_names = { th, en }`),
//!   `[[indicators]]`, then `[[items]]`, each naming its `indicator`; `[[items.notes_by_type]]`
//!   gives one note to a list of agency types.
//!
//! An instrument's weight is taken from `[weights]` in `framework.toml` unless its file sets
//! one (then validation checks that they agree).

use crate::error::{FrameworkError, line_column, with_path};
use crate::model::{
    EmptyIndicatorRule, FrameworkDefinition, HeadcountReference, Indicator, Instrument,
    InstrumentCode, Level, OitItem, PerInstrument, Question, RatingRule, SamplePolicy, SampleRules,
    Text, TotalRounding, YearRule,
};
use crate::{Fraction, Framework};
use openita_types::AgencyType;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// The texts of the four files of one folder; `dir` prefixes file names in errors.
pub(crate) struct Sources {
    pub dir: String,
    pub framework: String,
    pub iit: String,
    pub eit: String,
    pub oit: String,
}

const FRAMEWORK_FILE: &str = "framework.toml";
const INSTRUMENT_FILES: [&str; 3] = ["iit.toml", "eit.toml", "oit.toml"];

fn one() -> Fraction {
    Fraction::ONE
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkFile {
    name: String,
    year: u16,
    title_th: String,
    title_en: String,
    pass_mark: Fraction,
    sample_policy: SamplePolicy,
    #[serde(default)]
    empty_indicator: EmptyIndicatorRule,
    #[serde(default)]
    total_rounding: TotalRounding,
    #[serde(default)]
    show_levels: Option<bool>,
    #[serde(default)]
    notes: Vec<Text>,
    weights: PerInstrument<Fraction>,
    scales: BTreeMap<String, ScaleFile>,
    levels: Vec<Level>,
    rating_rules: Vec<RatingRule>,
    sample_rules: SampleRules,
    headcount_reference: HeadcountReference,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleFile {
    values: Vec<Fraction>,
    labels: Vec<Text>,
    /// Why these options are not checked against NACC's current ones; absent when they are.
    unverified: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstrumentFile {
    instrument: InstrumentHeader,
    indicators: Vec<IndicatorFile>,
    #[serde(default)]
    questions: Vec<QuestionFile>,
    #[serde(default)]
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstrumentHeader {
    code: InstrumentCode,
    name_th: String,
    name_en: String,
    weight: Option<Fraction>,
    /// Default for items that do not list their own.
    allowed_scores: Option<Vec<Fraction>>,
    /// OIT: why the item names are not NACC's exact wording; absent when they are.
    unverified_item_names: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFile {
    number: u16,
    name_th: String,
    name_en: String,
    #[serde(default = "one")]
    weight: Fraction,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: String,
    indicator: u16,
    scale: String,
    reverse: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default = "one")]
    weight: Fraction,
    text_th: String,
    text_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    code: String,
    indicator: u16,
    name_th: String,
    name_en: String,
    group_th: String,
    group_en: String,
    year_rule: YearRule,
    #[serde(default = "one")]
    weight: Fraction,
    elements: Vec<Text>,
    #[serde(default)]
    notes_by_type: Vec<TypeNote>,
    allowed_scores: Option<Vec<Fraction>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeNote {
    types: Vec<AgencyType>,
    th: String,
    en: String,
}

/// Parses one TOML text; syntax and type errors carry line and column.
fn parse_toml<T: DeserializeOwned>(source: &str, file: &str) -> Result<T, FrameworkError> {
    let de = toml::Deserializer::new(source);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        let location = inner.span().map_or_else(
            || "line 1, column 1".to_string(),
            |span| line_column(source, span.start),
        );
        // The toml crate gives some errors no words (a NUL byte, for one).
        let said = match inner.message().trim() {
            "" => "this is not valid TOML here (a stray or invisible character?)",
            said => said,
        };
        let message = with_path(e.path(), said);
        FrameworkError::new(
            location,
            message.clone(),
            format!("ไฟล์ TOML ไม่ถูกต้อง: {message}"),
        )
        .in_file(file)
    })
}

fn file_error(file: &str, location: String, en: String, th: String) -> FrameworkError {
    FrameworkError::new(location, en, th).in_file(file)
}

fn build_instrument(
    file: &str,
    parsed: InstrumentFile,
    weights: &PerInstrument<Fraction>,
) -> Result<Instrument, FrameworkError> {
    let InstrumentFile {
        instrument: header,
        indicators,
        questions,
        items,
    } = parsed;
    let mut built: Vec<Indicator> = indicators
        .into_iter()
        .map(|i| Indicator {
            number: i.number,
            name_th: i.name_th,
            name_en: i.name_en,
            weight: i.weight,
            questions: Vec::new(),
            items: Vec::new(),
        })
        .collect();
    let unknown_indicator = |location: String, number: u16, numbers: &[u16]| {
        let list: Vec<String> = numbers.iter().map(u16::to_string).collect();
        file_error(
            file,
            location,
            format!(
                "indicator {number} is not among this file's [[indicators]] ({})",
                list.join(", ")
            ),
            format!(
                "ไม่มีตัวชี้วัดที่ {number} ใน [[indicators]] ของไฟล์นี้ ({})",
                list.join(", ")
            ),
        )
    };
    let numbers: Vec<u16> = built.iter().map(|i| i.number).collect();
    for (k, q) in questions.into_iter().enumerate() {
        let Some(target) = built.iter_mut().find(|i| i.number == q.indicator) else {
            return Err(unknown_indicator(
                format!("questions[{k}].indicator"),
                q.indicator,
                &numbers,
            ));
        };
        target.questions.push(Question {
            id: q.id,
            text_th: q.text_th,
            text_en: q.text_en,
            scale: q.scale,
            reverse: q.reverse,
            optional: q.optional,
            weight: q.weight,
        });
    }
    for (k, item) in items.into_iter().enumerate() {
        let Some(target) = built.iter_mut().find(|i| i.number == item.indicator) else {
            return Err(unknown_indicator(
                format!("items[{k}].indicator"),
                item.indicator,
                &numbers,
            ));
        };
        let Some(allowed_scores) = item
            .allowed_scores
            .or_else(|| header.allowed_scores.clone())
        else {
            return Err(file_error(
                file,
                format!("items[{k}].allowed_scores"),
                format!(
                    "item {} has no allowed_scores and [instrument] sets no default",
                    item.code
                ),
                format!(
                    "ข้อ {} ไม่ได้กำหนด allowed_scores และ [instrument] ไม่ได้กำหนดค่าเริ่มต้น",
                    item.code
                ),
            ));
        };
        let mut notes_by_type = BTreeMap::new();
        for (n, note) in item.notes_by_type.into_iter().enumerate() {
            for agency_type in note.types {
                let text = Text {
                    th: note.th.clone(),
                    en: note.en.clone(),
                };
                if notes_by_type.insert(agency_type, text).is_some() {
                    return Err(file_error(
                        file,
                        format!("items[{k}].notes_by_type[{n}].types"),
                        format!("item {} has two notes for {agency_type}", item.code),
                        format!("ข้อ {} มีหมายเหตุสำหรับ {agency_type} ซ้ำกัน", item.code),
                    ));
                }
            }
        }
        target.items.push(OitItem {
            code: item.code,
            name_th: item.name_th,
            name_en: item.name_en,
            year_rule: item.year_rule,
            weight: item.weight,
            group_th: item.group_th,
            group_en: item.group_en,
            elements: item.elements,
            notes_by_type,
            allowed_scores,
        });
    }
    Ok(Instrument {
        code: header.code,
        name_th: header.name_th,
        name_en: header.name_en,
        weight: header.weight.unwrap_or(*weights.get(header.code)),
        indicators: built,
        unverified_item_names: header.unverified_item_names,
    })
}

/// The file a semantic error's path points into.
fn file_of_location<'a>(location: &str, instrument_files: &[&'a str; 3]) -> &'a str {
    instrument_files
        .iter()
        .enumerate()
        .find(|(i, _)| {
            let prefix = format!("instruments[{i}]");
            location == prefix || location.starts_with(&format!("{prefix}."))
        })
        .map_or(FRAMEWORK_FILE, |(_, f)| *f)
}

/// Parses, merges and validates the four files.
pub(crate) fn parse(sources: &Sources) -> Result<Framework, FrameworkError> {
    let path = |name: &str| {
        if sources.dir.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", sources.dir)
        }
    };
    let fw: FrameworkFile = parse_toml(&sources.framework, &path(FRAMEWORK_FILE))?;
    let texts = [&sources.iit, &sources.eit, &sources.oit];
    let mut instruments = Vec::with_capacity(3);
    for (name, text) in INSTRUMENT_FILES.iter().zip(texts) {
        let file = path(name);
        let parsed: InstrumentFile = parse_toml(text, &file)?;
        instruments.push(build_instrument(&file, parsed, &fw.weights)?);
    }
    let mut scales = BTreeMap::new();
    let mut scale_labels = BTreeMap::new();
    let mut unverified_scales = BTreeMap::new();
    for (name, scale) in fw.scales {
        scales.insert(name.clone(), scale.values);
        scale_labels.insert(name.clone(), scale.labels);
        if let Some(why) = scale.unverified {
            unverified_scales.insert(name, why);
        }
    }
    let definition = FrameworkDefinition {
        name: fw.name,
        year: fw.year,
        title_th: fw.title_th,
        title_en: fw.title_en,
        pass_mark: fw.pass_mark,
        weights: fw.weights,
        scales,
        scale_labels,
        unverified_scales,
        instruments,
        levels: fw.levels,
        rating_rules: fw.rating_rules,
        sample_policy: fw.sample_policy,
        empty_indicator: fw.empty_indicator,
        total_rounding: fw.total_rounding,
        show_levels: fw.show_levels,
        sample_rules: fw.sample_rules,
        headcount_reference: fw.headcount_reference,
        notes: fw.notes,
    };
    Framework::try_from(definition).map_err(|e| {
        let file = file_of_location(&e.location, &INSTRUMENT_FILES);
        e.in_file(path(file))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantic_errors_point_at_the_file_holding_the_value() {
        let files = INSTRUMENT_FILES;
        assert_eq!(
            file_of_location("instruments[0].indicators[1].questions[0].scale", &files),
            "iit.toml"
        );
        assert_eq!(file_of_location("instruments[2]", &files), "oit.toml");
        assert_eq!(
            file_of_location("instruments[1].weight", &files),
            "eit.toml"
        );
        assert_eq!(file_of_location("instruments", &files), "framework.toml");
        assert_eq!(file_of_location("weights", &files), "framework.toml");
    }
}
