//! The ITA scoring engine: exact, explained, reproducible scores.
//!
//! Given a validated [`openita_framework::Framework`] and one agency's [`AgencyInputs`] (survey
//! tallies, OIT item states, headcount, agency type), [`score`] (or a [`Scorer`], which keeps
//! the framework fingerprint for a whole cycle and scores many agencies on every core with
//! [`Scorer::score_all`]) returns an [`AgencyScore`]: the total, level,
//! tier, pass, flags, and the full breakdown down to each question's counts and each OIT item's
//! state. Also: [`path_to_pass`] (the fewest OIT items, then survey indicators, that lift the
//! rounded total to the pass mark) and [`summary`] (province, district or national aggregates).
//!
//! The crate is pure: no I/O, no database, no clock, no async. Same inputs, same framework:
//! same output, bit for bit (including its JSON).
//!
//! # The model (ITA-FRAMEWORK.md §3, binding)
//!
//! 1. **Answer value**: the framework scale's value of the answered level
//!    ([`Framework::answer_value`](openita_framework::Framework::answer_value)): 4-level scale
//!    0, 100/3, 200/3, 100; yes/no 0, 100; a reversed question scores 100 - value.
//! 2. **Question** = mean of its values over the answers it got:
//!    `sum(counts[l] x value[l]) / sum(counts)`. A blank optional answer is simply not among the
//!    counts, so it leaves this question's mean only. A question with no answer at all has no
//!    score and is left out of its indicator's mean (flag `question_without_answers`).
//! 3. **Indicator 1-8** = weighted mean of its answered questions (framework weights). An
//!    indicator with no answered question is left out of its instrument's mean (flag
//!    `indicator_without_answers`; cannot happen unless all its questions are optional).
//! 4. **OIT item** = the assessor's score (one of the item's `allowed_scores`; 2568: 0 or 100).
//!    **Indicator 9/10** = weighted mean of its items.
//! 5. **Instrument** = weighted mean of its indicators.
//! 6. **Total** = sum of instrument score x instrument weight / 100 (IIT 30, EIT 30, OIT 40).
//! 7. Exact inside; rounded to 2 decimals, half away from zero, only at the edge. **Level**,
//!    **pass** (`rounded total >= pass_mark`) and **tier** (the first `rating_rules` entry that
//!    holds for the rounded total and the rounded instrument scores) use rounded values.
//! 8. **No responses**: an instrument with 0 responses (or whose responses answered no
//!    question) scores 0, flag `no_responses_iit` / `no_responses_eit`.
//! 9. **Minimum sample**: IIT from the headcount (`SampleRules::iit_minimum`), EIT from the
//!    agency type (`SampleRules::eit_minimum`). Below it: flag `sample_below_minimum_*`; policy
//!    `flag` keeps the score, policy `zero` scores the instrument 0. Without a headcount the IIT
//!    minimum is unknown: flag `headcount_missing`, no IIT check.
//!
//! # OIT items that are not final
//!
//! Before the assessor confirms every item, results are still useful (province dashboards,
//! "path to 85"), so the engine scores them and says so:
//! - [`OitItemState::Final`]: its score.
//! - [`OitItemState::Provisional`]: its provisional score, as if it became final. This is what
//!   happens by default: silence in the clarification window accepts the provisional score
//!   (ITA-FRAMEWORK.md §5), so it is the best forecast of the final one.
//! - [`OitItemState::Missing`] (not answered or not reviewed): 0. Nothing has been verified as
//!   published, and an item earns credit only from an assessor's score, never by default.
//!
//! Any item that is not final flags the result `oit_not_final`; each item's state is in the
//! breakdown. A published result should have none.
//!
//! # Exactness
//!
//! Scale values like 100/3 have no `f64`; means over thousands of answers and weighted means of
//! means with different denominators overflow `i64` and even `i128` for large agencies. So
//! every score is a [`Score`], an exact rational of any size: no operation can overflow, lose
//! a digit or depend on evaluation order. (Inside, a value that fits in a fraction of two
//! `i64` is kept as one and computed in `i128`; anything bigger is a [`BigRational`]. The two
//! give the same values, a property test checks it; the small path makes the millions of
//! operations behind a national run cheap.) Rounding is done on the rational
//! ([`Decimal2::round`]): `floor(100 x + 1/2) / 100`. A total of exactly 84.995 rounds to 85.00
//! and passes, where `f64` (84.99499999...) would fail it. Level, pass and tier compare the
//! rounded [`Decimal2`] with the framework's fractions exactly ([`level_for`], [`passes`],
//! [`rating_for`]).
//!
//! # Explanation and reproducibility
//!
//! The [`AgencyScore`] carries the [`FrameworkRef`] (name, year, fingerprint), the counts and
//! level values used for every question, every OIT item's state and counted score, and for every
//! indicator its share of its instrument and its points of the total. Points add up exactly:
//! items or questions -> indicator, indicators -> instrument, instruments -> total.
//! [`AgencyScore::explain`] renders it as text; [`AgencyScore::api_fields`] gives the API's
//! results row fields; every exact value serializes as `{"exact": "275/3", "rounded": 91.67}`.
//!
//! # Example
//!
//! ```
//! use openita_scoring::{AgencyInputs, OitItemInput, OitItemState, QuestionTally, score};
//! use openita_framework::{Fraction, shipped};
//! use openita_types::AgencyType;
//!
//! let framework = shipped::load("ita-2568").unwrap();
//! let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(12));
//! inputs.iit.responses = 3;
//! inputs.iit.questions.push(QuestionTally::new("i1_1", vec![0, 1, 0, 2]));
//! inputs.oit.push(OitItemInput::new("O1", OitItemState::Final(Fraction::HUNDRED)));
//! let result = score(&framework, &inputs).unwrap();
//! assert_eq!(result.question("i1_1").unwrap().score.as_ref().unwrap().to_string(), "700/9");
//! assert!(!result.pass);
//! ```

mod api;
mod digest;
mod engine;
mod error;
mod exact;
mod explain;
mod flags;
mod inputs;
mod path_to_pass;
mod result;
mod rounding;
mod summary;
mod verdict;

pub use api::ResultFields;
pub use digest::{ResultDigest, Summarised};
pub use engine::{Scorer, score};
pub use error::ScoringError;
pub use exact::{ExactSum, ParseScoreError, Score};
pub use flags::Flag;
pub use inputs::{AgencyInputs, OitItemInput, OitItemState, QuestionTally, SurveyTally};
pub use num_bigint::BigInt;
pub use num_rational::BigRational;
pub use path_to_pass::{
    BlockedInstrument, IndicatorGain, PassPlan, PlanStep, pass_target, path_to_pass,
};
pub use result::{
    AgencyScore, FrameworkRef, IndicatorScore, InstrumentScore, InstrumentStatus, ItemScore,
    QuestionScore, Responses, SampleCheck,
};
pub use rounding::{Decimal2, round_half_away, rounded};
pub use summary::{Summary, TypeSummary, summary};
pub use verdict::{level_for, passes, rating_for, rule_holds};
