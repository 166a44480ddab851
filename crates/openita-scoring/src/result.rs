//! [`AgencyScore`]: an agency's result with its full, exact breakdown.
//!
//! Every number that went into the total is here, exact, with the rule that produced it, so the
//! result can be re-derived by hand (or by [`crate::score`] from the same inputs) and explained
//! point by point: each instrument's `points` add up to the total; each indicator's
//! `points_in_total` add up to its instrument's `points`; each question's or item's
//! `points_in_total` add up to its indicator's.

use crate::exact::Score;
use crate::flags::Flag;
use crate::inputs::OitItemState;
use crate::rounding::Decimal2;
use openita_framework::{Fraction, InstrumentCode, PerInstrument, SamplePolicy};
use openita_types::AgencyType;
use serde::{Deserialize, Serialize};

/// Which framework scored a result: store it with the result (ITA-FRAMEWORK.md §3.11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkRef {
    /// `ita-2568`.
    pub name: String,
    pub year: u16,
    /// [`openita_framework::Framework::fingerprint`]: equal fingerprints, equal frameworks.
    pub fingerprint: String,
}

/// One agency's result in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyScore {
    pub framework: FrameworkRef,
    pub agency_type: AgencyType,
    pub headcount: Option<u32>,
    /// Sum of the instruments' `points`, exact.
    pub total: Score,
    /// `total` rounded to 2 decimals, half away from zero: what level, pass and tier are
    /// decided on.
    pub total_rounded: Decimal2,
    /// The framework level band (`AA` ... `F`) of `total_rounded`.
    pub level: String,
    /// The first rating rule that holds for `total_rounded` and the rounded instrument scores.
    pub tier: String,
    pub pass_mark: Fraction,
    /// `total_rounded >= pass_mark`.
    pub pass: bool,
    /// IIT, EIT, OIT, in this order.
    pub instruments: Vec<InstrumentScore>,
    pub flags: Vec<Flag>,
}

/// Why an instrument scores what it scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentStatus {
    /// Its score is the weighted mean of its indicators.
    Counted,
    /// No responses (or no answer to any question): it scores 0.
    NoResponses,
    /// Fewer responses than the minimum under sample policy `zero`: it scores 0.
    ZeroedBelowMinimum,
}

/// The minimum-sample check of a survey instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleCheck {
    pub responses: u64,
    /// `None` when unknown (IIT without an approved headcount).
    pub minimum: Option<u32>,
    /// `responses < minimum` (false when the minimum is unknown).
    pub below_minimum: bool,
    /// The framework's policy for a sample below the minimum.
    pub policy: SamplePolicy,
}

impl SampleCheck {
    /// How many more responses reach the minimum (0 when reached or unknown).
    pub fn shortfall(&self) -> u64 {
        self.minimum
            .map_or(0, |m| u64::from(m).saturating_sub(self.responses))
    }
}

/// One instrument's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstrumentScore {
    pub code: InstrumentCode,
    /// Percent of the total (IIT 30, EIT 30, OIT 40).
    pub weight: Fraction,
    pub status: InstrumentStatus,
    /// The weighted mean of its indicators that have a score, before the status rule; `None`
    /// when no indicator has one.
    pub computed: Option<Score>,
    /// What counts: `computed` when `Counted`, else 0.
    pub score: Score,
    /// Contribution to the total: `score * weight / 100`.
    pub points: Score,
    /// Survey instruments only.
    pub sample: Option<SampleCheck>,
    pub indicators: Vec<IndicatorScore>,
}

impl InstrumentScore {
    pub fn rounded(&self) -> Decimal2 {
        self.score.rounded()
    }
}

/// One indicator's score and its part in its instrument and in the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    pub number: u16,
    pub instrument: InstrumentCode,
    /// Relative weight inside the instrument.
    pub weight: Fraction,
    /// Weighted mean of its answered questions (IIT/EIT) or of its items (OIT); `None` when no
    /// question of it got an answer.
    pub computed: Option<Score>,
    /// What counts: `computed` when the instrument is counted, 0 when the instrument scores 0,
    /// `None` when the indicator has no answers and is left out of the instrument's mean.
    pub score: Option<Score>,
    /// Its share of the instrument: `weight / (sum of the weights of the indicators that
    /// count)`; 0 when left out.
    pub share: Score,
    /// `score * share`: points of the instrument's score (they add up to the instrument score).
    pub points_in_instrument: Score,
    /// `points_in_instrument * instrument weight / 100`: points of the total.
    pub points_in_total: Score,
    /// IIT/EIT indicators.
    pub questions: Vec<QuestionScore>,
    /// OIT indicators.
    pub items: Vec<ItemScore>,
}

impl IndicatorScore {
    pub fn rounded(&self) -> Option<Decimal2> {
        self.score.as_ref().map(Score::rounded)
    }
}

/// One IIT/EIT question: the counts used and the mean they give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionScore {
    pub id: String,
    pub scale: String,
    pub reverse: bool,
    pub optional: bool,
    /// Relative weight inside the indicator.
    pub weight: Fraction,
    /// Answers at level 1, 2, ... (the tally used).
    pub counts: Vec<u64>,
    /// What one answer at each level is worth (after reversal): `Framework::answer_value`.
    pub values: Vec<Fraction>,
    /// Sum of `counts`.
    pub answers: u64,
    /// Responses that left it blank (`responses - answers`).
    pub blank: u64,
    /// `sum(counts[l] * values[l]) / answers`; `None` without answers.
    pub score: Option<Score>,
    /// Its share of the indicator: `weight / (sum of the weights of the answered questions)`.
    pub share: Score,
    /// Points of the total it contributes (0 when its instrument scores 0).
    pub points_in_total: Score,
}

/// One OIT item: its state and the score counted for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    pub code: String,
    /// Relative weight inside the indicator.
    pub weight: Fraction,
    pub state: OitItemState,
    /// The score counted: the final or provisional score, 0 when missing.
    pub counted: Fraction,
    /// The highest allowed score.
    pub max: Fraction,
    /// Its share of the indicator: `weight / (sum of the indicator's item weights)`.
    pub share: Score,
    /// Points of the total it contributes.
    pub points_in_total: Score,
    /// Points of the total it would add if raised to `max`.
    pub gain_to_max: Score,
}

/// The survey response counts of the API row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responses {
    pub iit: u64,
    pub eit: u64,
}

impl AgencyScore {
    pub fn instrument(&self, code: InstrumentCode) -> Option<&InstrumentScore> {
        self.instruments.iter().find(|i| i.code == code)
    }

    /// The rounded score of each instrument (what rating rules test).
    pub fn instruments_rounded(&self) -> PerInstrument<Decimal2> {
        let get = |c| {
            self.instrument(c)
                .map_or(Decimal2::ZERO, InstrumentScore::rounded)
        };
        PerInstrument {
            iit: get(InstrumentCode::Iit),
            eit: get(InstrumentCode::Eit),
            oit: get(InstrumentCode::Oit),
        }
    }

    pub fn indicators(&self) -> impl Iterator<Item = &IndicatorScore> {
        self.instruments.iter().flat_map(|i| i.indicators.iter())
    }

    pub fn indicator(&self, number: u16) -> Option<&IndicatorScore> {
        self.indicators().find(|i| i.number == number)
    }

    pub fn question(&self, id: &str) -> Option<&QuestionScore> {
        self.indicators()
            .flat_map(|i| i.questions.iter())
            .find(|q| q.id == id)
    }

    pub fn item(&self, code: &str) -> Option<&ItemScore> {
        self.indicators()
            .flat_map(|i| i.items.iter())
            .find(|item| item.code == code)
    }

    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    pub fn responses(&self) -> Responses {
        let get = |c| {
            self.instrument(c)
                .and_then(|i| i.sample)
                .map_or(0, |s| s.responses)
        };
        Responses {
            iit: get(InstrumentCode::Iit),
            eit: get(InstrumentCode::Eit),
        }
    }

    /// The fields of a row of `GET /api/v1/cycles/{year}/results` (API.md "Results"), numbers
    /// rounded to 2 decimals; the caller adds `agency`.
    pub fn api_fields(&self) -> crate::ResultFields {
        crate::ResultFields {
            total: self.total_rounded,
            level: self.level.clone(),
            tier: self.tier.clone(),
            pass: self.pass,
            instruments: self.instruments_rounded(),
            indicators: self.indicators().map(|i| (i.number, i.rounded())).collect(),
            responses: self.responses(),
            flags: self.flags.clone(),
        }
    }
}
