//! The framework's data, field for field the JSON of `GET /api/v1/cycles/{year}/framework`.
//!
//! These types hold anything, valid or not; [`crate::Framework`] is the validated form.

use crate::{Fraction, FrameworkError};
use openita_types::AgencyType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One fiscal year's framework, unvalidated. Field order is the JSON order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkDefinition {
    /// Stable name, e.g. `ita-2568`.
    pub name: String,
    /// Buddhist-era fiscal year, e.g. 2568.
    pub year: u16,
    pub title_th: String,
    pub title_en: String,
    /// Total needed to pass (85).
    pub pass_mark: Fraction,
    /// Instrument weights in percent; they sum to 100.
    pub weights: PerInstrument<Fraction>,
    /// Answer value of each level (level 1 first) per scale name.
    pub scales: BTreeMap<String, Vec<Fraction>>,
    /// Label of each level per scale name; as many labels as values.
    pub scale_labels: BTreeMap<String, Vec<Text>>,
    /// Scales whose options (labels and values) are not checked against NACC's current
    /// options, each with the reason. Shown to administrators wherever the scales are; absent
    /// from the JSON when empty, so frameworks stored before it keep their fingerprint.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unverified_scales: BTreeMap<String, Text>,
    /// Exactly IIT, EIT, OIT, in this order.
    pub instruments: Vec<Instrument>,
    /// Bands of the total, highest first, the last starting at 0.
    pub levels: Vec<Level>,
    /// Tried in order; the first that holds gives the tier. The last is a catch-all.
    pub rating_rules: Vec<RatingRule>,
    pub sample_policy: SamplePolicy,
    /// An IIT/EIT indicator none of whose questions got an answer: counts 0 (`zero`, the
    /// default) or is left out of its instrument's mean (`drop`, which raises the score).
    #[serde(default, skip_serializing_if = "EmptyIndicatorRule::is_default")]
    pub empty_indicator: EmptyIndicatorRule,
    /// How the total is rounded to 2 decimals: once, from the exact sum (`total`, the
    /// default), or each instrument's weighted part first, then summed (`instrument_parts`, as
    /// the 2564 assessors' table prints them).
    #[serde(default, skip_serializing_if = "TotalRounding::is_default")]
    pub total_rounding: TotalRounding,
    /// Whether results show the AA-F band of the total. NACC showed bands until 2565 and
    /// reports pass/fail and the tier from 2566; absent: shown for years before 2566.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_levels: Option<bool>,
    pub sample_rules: SampleRules,
    pub headcount_reference: HeadcountReference,
    /// Provenance and assumptions, for people.
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// A text in Thai and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub th: String,
    pub en: String,
}

/// The three instruments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum InstrumentCode {
    #[serde(rename = "IIT")]
    Iit,
    #[serde(rename = "EIT")]
    Eit,
    #[serde(rename = "OIT")]
    Oit,
}

impl InstrumentCode {
    /// In the order a framework lists them.
    pub const ALL: [InstrumentCode; 3] = [
        InstrumentCode::Iit,
        InstrumentCode::Eit,
        InstrumentCode::Oit,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            InstrumentCode::Iit => "IIT",
            InstrumentCode::Eit => "EIT",
            InstrumentCode::Oit => "OIT",
        }
    }

    /// Survey instruments have questions; OIT has items.
    pub const fn is_survey(self) -> bool {
        !matches!(self, InstrumentCode::Oit)
    }
}

impl std::str::FromStr for InstrumentCode {
    type Err = FrameworkError;

    /// `IIT`, `EIT`, `OIT`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InstrumentCode::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                FrameworkError::new(
                    "code",
                    format!("`{s}` is not an instrument; expected IIT, EIT or OIT"),
                    format!("`{s}` ไม่ใช่แบบวัด ต้องเป็น IIT, EIT หรือ OIT"),
                )
            })
    }
}

impl fmt::Display for InstrumentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value per instrument, as JSON `{"IIT": .., "EIT": .., "OIT": ..}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerInstrument<T> {
    #[serde(rename = "IIT")]
    pub iit: T,
    #[serde(rename = "EIT")]
    pub eit: T,
    #[serde(rename = "OIT")]
    pub oit: T,
}

impl<T> PerInstrument<T> {
    pub fn get(&self, code: InstrumentCode) -> &T {
        match code {
            InstrumentCode::Iit => &self.iit,
            InstrumentCode::Eit => &self.eit,
            InstrumentCode::Oit => &self.oit,
        }
    }
}

/// An instrument (IIT, EIT or OIT) and its indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub code: InstrumentCode,
    pub name_th: String,
    pub name_en: String,
    /// Percent of the total; equals the framework's `weights` entry.
    pub weight: Fraction,
    pub indicators: Vec<Indicator>,
    /// OIT only: set while the item names are not checked word for word against NACC's
    /// manual (short forms), with the reason. Shown to administrators; absent from the JSON
    /// when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unverified_item_names: Option<Text>,
}

/// A scored dimension (1-10). IIT/EIT indicators have questions, OIT indicators items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub number: u16,
    pub name_th: String,
    pub name_en: String,
    /// Relative weight inside the instrument (equal weights by default).
    pub weight: Fraction,
    pub questions: Vec<Question>,
    pub items: Vec<OitItem>,
}

/// An IIT or EIT question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the framework, short and stable (`i1_1`, `e6_3`): survey answers are keyed by it.
    pub id: String,
    pub text_th: String,
    pub text_en: String,
    /// A key of the framework's `scales`.
    pub scale: String,
    /// A negative question: the answer scores 100 - value.
    pub reverse: bool,
    /// May be left blank; a blank answer is left out of this question's mean only.
    pub optional: bool,
    /// Relative weight inside the indicator.
    pub weight: Fraction,
}

/// Which period the published information of an OIT item must cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YearRule {
    /// Current when checked.
    Now,
    /// Covers the assessed fiscal year.
    Cur,
    /// Reports on the completed previous fiscal year.
    Prev,
}

impl YearRule {
    /// The fiscal year the information must cover in a cycle of `cycle_year`; `None` for `now`.
    pub fn fiscal_year_covered(self, cycle_year: u16) -> Option<u16> {
        match self {
            YearRule::Now => None,
            YearRule::Cur => Some(cycle_year),
            YearRule::Prev => cycle_year.checked_sub(1),
        }
    }
}

/// An OIT item (O1 ...): information the agency must publish on its website.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OitItem {
    /// Unique in the framework (`O1`).
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub year_rule: YearRule,
    /// Relative weight inside the indicator.
    pub weight: Fraction,
    pub group_th: String,
    pub group_en: String,
    /// What an assessor checks.
    pub elements: Vec<Text>,
    /// Extra guidance for some agency types.
    pub notes_by_type: BTreeMap<AgencyType, Text>,
    /// The scores an assessor may give, ascending (2568: `[0, 100]`, no partial credit).
    pub allowed_scores: Vec<Fraction>,
}

/// A band of the total (AA, A, ... F): `min` and above, up to the next band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    pub min: Fraction,
}

/// A result tier: holds when the total is at least `min_total` and, if set, every instrument
/// score is at least `min_each_instrument`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingRule {
    pub tier: String,
    pub name_th: String,
    pub name_en: String,
    pub min_total: Fraction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_each_instrument: Option<Fraction>,
}

impl RatingRule {
    /// Whether the rule holds for these (rounded) scores.
    pub fn holds(&self, total: f64, instruments: &PerInstrument<f64>) -> bool {
        total >= self.min_total.as_f64()
            && self.min_each_instrument.is_none_or(|min| {
                InstrumentCode::ALL
                    .iter()
                    .all(|&c| *instruments.get(c) >= min.as_f64())
            })
    }

    /// No condition: holds for every score from 0.
    pub fn is_catch_all(&self) -> bool {
        self.min_total == Fraction::ZERO && self.min_each_instrument.is_none()
    }
}

/// What an IIT/EIT indicator without any answer counts for in its instrument's mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmptyIndicatorRule {
    /// It counts 0 with its full weight (and is flagged).
    #[default]
    Zero,
    /// It is left out of the mean; the other indicators share its weight (and it is flagged).
    Drop,
}

impl EmptyIndicatorRule {
    fn is_default(&self) -> bool {
        *self == EmptyIndicatorRule::default()
    }
}

/// Where the total is rounded to 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalRounding {
    /// The exact sum of the weighted instrument scores, rounded once.
    #[default]
    Total,
    /// Each instrument's weighted part (score x weight / 100) rounded, then the parts summed.
    InstrumentParts,
}

impl TotalRounding {
    fn is_default(&self) -> bool {
        *self == TotalRounding::default()
    }
}

/// The year from which NACC stopped showing the AA-F bands of the total.
pub const LEVELS_HIDDEN_FROM_YEAR: u16 = 2566;

impl FrameworkDefinition {
    /// Whether results show the AA-F band (the framework's `show_levels`, else by year).
    pub fn shows_levels(&self) -> bool {
        self.show_levels
            .unwrap_or(self.year < LEVELS_HIDDEN_FROM_YEAR)
    }
}

/// What an instrument below its minimum sample scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SamplePolicy {
    /// Computed as usual and flagged "sample below minimum".
    Flag,
    /// Scores 0 (and is flagged).
    Zero,
}

/// Minimum numbers of IIT and EIT responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleRules {
    /// True while the numbers are OpenITA's guesses, not NACC's table: shown as such.
    pub placeholder: bool,
    pub note_th: String,
    pub note_en: String,
    pub iit: IitSampleRule,
    pub eit: EitSampleRule,
}

/// IIT minimum from the agency's headcount; see [`SampleRules::iit_minimum`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IitSampleRule {
    /// Percent of the headcount, rounded up.
    pub percent: Fraction,
    /// At least this many...
    pub floor: u32,
    /// ...and at most this many.
    pub cap: u32,
    /// An agency with fewer staff than `floor` needs all of them.
    pub all_if_fewer_than_floor: bool,
}

/// EIT minimum: a number per agency type, `minimum` for types not listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EitSampleRule {
    pub minimum: u32,
    pub by_agency_type: BTreeMap<AgencyType, u32>,
}

/// The date on which staff must have served `min_service_years` to count in the headcount
/// (and so to answer the IIT): 1 January of the fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadcountReference {
    pub month: u8,
    pub day: u8,
    pub min_service_years: u8,
}
