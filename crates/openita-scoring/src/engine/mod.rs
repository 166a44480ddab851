//! The scoring engine: inputs + framework -> [`AgencyScore`], exactly (ITA-FRAMEWORK.md §3).

mod question_facts;
mod shares;

use crate::error::ScoringError;
use crate::exact::Score;
use crate::flags::Flag;
use crate::inputs::{AgencyInputs, OitItemState, QuestionTally, SurveyTally};
use crate::result::{
    AgencyScore, FrameworkRef, IndicatorScore, InstrumentScore, InstrumentStatus, ItemScore,
    QuestionScore, SampleCheck,
};
use crate::verdict;
use openita_framework::{
    EmptyIndicatorRule, Fraction, Framework, Indicator, Instrument, InstrumentCode, PerInstrument,
    SamplePolicy, TotalRounding,
};
use question_facts::{QuestionFacts, question_facts};
use rayon::prelude::*;
use shares::{distribute, hundredth, share, sum_weights, weighted_mean};
use std::collections::{BTreeSet, HashMap};

/// Scores agencies with one framework. Build it once per cycle: it keeps the framework's
/// fingerprint (a SHA-256 of the whole definition) so that it is not recomputed per agency.
#[derive(Debug, Clone)]
pub struct Scorer<'f> {
    framework: &'f Framework,
    reference: FrameworkRef,
    /// Every question by id, looked up once per cycle instead of once per agency.
    questions: HashMap<&'f str, QuestionFacts>,
}

/// Scores one agency (computes the framework fingerprint; prefer a [`Scorer`] for many).
pub fn score(framework: &Framework, inputs: &AgencyInputs) -> Result<AgencyScore, ScoringError> {
    Scorer::new(framework).score(inputs)
}

impl<'f> Scorer<'f> {
    pub fn new(framework: &'f Framework) -> Scorer<'f> {
        let fingerprint = framework.fingerprint();
        Scorer::with_fingerprint(framework, fingerprint)
    }

    /// With the fingerprint the caller already has (stored with the cycle).
    pub fn with_fingerprint(framework: &'f Framework, fingerprint: String) -> Scorer<'f> {
        Scorer {
            framework,
            questions: question_facts(framework),
            reference: FrameworkRef {
                name: framework.name.clone(),
                year: framework.year,
                fingerprint,
            },
        }
    }

    pub fn framework(&self) -> &'f Framework {
        self.framework
    }

    pub fn reference(&self) -> &FrameworkRef {
        &self.reference
    }

    /// Every agency's result, on every core (agencies are independent and the engine is pure),
    /// in the order given. The first refusal stops the whole: a cycle is scored completely or
    /// not at all.
    pub fn score_all<K: Copy + Send + Sync>(
        &self,
        inputs: &[(K, &AgencyInputs)],
    ) -> Result<Vec<(K, AgencyScore)>, (K, ScoringError)> {
        inputs
            .par_iter()
            .map(|&(key, input)| self.score(input).map(|s| (key, s)).map_err(|e| (key, e)))
            .collect()
    }

    /// The agency's result. Refuses inputs that do not fit the framework (unknown or duplicate
    /// question or item, wrong number of levels, more answers than responses, an OIT score
    /// that is not allowed); accepts everything else, flagging what a reader must know.
    pub fn score(&self, inputs: &AgencyInputs) -> Result<AgencyScore, ScoringError> {
        let fw = self.framework;
        let mut flags = BTreeSet::new();
        let mut instruments = Vec::with_capacity(3);
        for instrument in &fw.instruments {
            let scored = match inputs.survey(instrument.code) {
                Some(tally) => self.survey_instrument(instrument, tally, inputs, &mut flags)?,
                None => self.oit_instrument(instrument, inputs, &mut flags)?,
            };
            instruments.push(scored);
        }
        if inputs.headcount.is_none() {
            flags.insert(Flag::HeadcountMissing);
        }

        let total: Score = instruments.iter().map(|i| i.points.clone()).sum();
        let total_rounded = match fw.total_rounding {
            TotalRounding::Total => total.rounded(),
            // Each weighted part to 2 decimals, then their sum (exact in hundredths).
            TotalRounding::InstrumentParts => crate::Decimal2::from_hundredths(
                instruments
                    .iter()
                    .map(|i| i.points.rounded().hundredths())
                    .sum(),
            ),
        };
        let rounded = |code| {
            instruments
                .iter()
                .find(|i: &&InstrumentScore| i.code == code)
                .map_or(crate::Decimal2::ZERO, InstrumentScore::rounded)
        };
        let each = PerInstrument {
            iit: rounded(InstrumentCode::Iit),
            eit: rounded(InstrumentCode::Eit),
            oit: rounded(InstrumentCode::Oit),
        };
        Ok(AgencyScore {
            framework: self.reference.clone(),
            agency_type: inputs.agency_type,
            headcount: inputs.headcount,
            level: verdict::level_for(fw, total_rounded).name.clone(),
            tier: verdict::rating_for(fw, total_rounded, &each).tier.clone(),
            pass_mark: fw.pass_mark,
            pass: verdict::passes(fw, total_rounded),
            total,
            total_rounded,
            instruments,
            flags: flags.into_iter().collect(),
        })
    }

    /// The tallies of one survey instrument by question id, checked against the framework.
    fn checked_tallies<'t>(
        &self,
        instrument: &Instrument,
        tally: &'t SurveyTally,
    ) -> Result<HashMap<&'t str, &'t QuestionTally>, ScoringError> {
        let code = instrument.code;
        let mut by_id = HashMap::with_capacity(tally.questions.len());
        for q in &tally.questions {
            let facts = self
                .questions
                .get(q.question.as_str())
                .filter(|f| f.instrument == code);
            let Some(facts) = facts else {
                return Err(ScoringError::UnknownQuestion {
                    instrument: code,
                    question: q.question.clone(),
                });
            };
            let expected = facts.values.len();
            if q.counts.len() != expected {
                return Err(ScoringError::WrongLevelCount {
                    question: q.question.clone(),
                    expected,
                    got: q.counts.len(),
                });
            }
            let answers = q.answers();
            if answers > u128::from(tally.responses) {
                return Err(ScoringError::MoreAnswersThanResponses {
                    question: q.question.clone(),
                    answers,
                    responses: tally.responses,
                });
            }
            if by_id.insert(q.question.as_str(), q).is_some() {
                return Err(ScoringError::DuplicateQuestion {
                    instrument: code,
                    question: q.question.clone(),
                });
            }
        }
        Ok(by_id)
    }

    fn survey_instrument(
        &self,
        instrument: &Instrument,
        tally: &SurveyTally,
        inputs: &AgencyInputs,
        flags: &mut BTreeSet<Flag>,
    ) -> Result<InstrumentScore, ScoringError> {
        let fw = self.framework;
        let code = instrument.code;
        let by_id = self.checked_tallies(instrument, tally)?;

        // Question and indicator means, before any instrument-level rule.
        let mut indicators: Vec<IndicatorScore> = instrument
            .indicators
            .iter()
            .map(|indicator| self.survey_indicator(code, indicator, &by_id, tally.responses))
            .collect();
        let zero_when_empty = fw.empty_indicator == EmptyIndicatorRule::Zero;
        let any_answer = indicators.iter().any(|i| i.computed.is_some());
        let computed = if zero_when_empty && any_answer {
            // An indicator without answers counts 0 with its full weight.
            let zero = Score::zero();
            weighted_mean(
                indicators
                    .iter()
                    .map(|i| (i.weight, i.computed.as_ref().unwrap_or(&zero))),
            )
        } else {
            weighted_mean(
                indicators
                    .iter()
                    .filter_map(|i| i.computed.as_ref().map(|s| (i.weight, s))),
            )
        };

        let minimum = match code {
            InstrumentCode::Iit => inputs.headcount.map(|h| fw.sample_rules.iit_minimum(h)),
            _ => Some(fw.sample_rules.eit_minimum(inputs.agency_type)),
        };
        let below_minimum = minimum.is_some_and(|m| tally.responses < u64::from(m));
        let sample = SampleCheck {
            responses: tally.responses,
            minimum,
            below_minimum,
            policy: fw.sample_policy,
        };
        if below_minimum && let Some(flag) = Flag::sample_below_minimum(code) {
            flags.insert(flag);
        }

        let status = if tally.responses == 0 || computed.is_none() {
            if let Some(flag) = Flag::no_responses(code) {
                flags.insert(flag);
            }
            InstrumentStatus::NoResponses
        } else if below_minimum && fw.sample_policy == SamplePolicy::Zero {
            InstrumentStatus::ZeroedBelowMinimum
        } else {
            InstrumentStatus::Counted
        };

        if status != InstrumentStatus::NoResponses {
            for indicator in &indicators {
                if indicator.computed.is_none() {
                    flags.insert(Flag::IndicatorWithoutAnswers);
                }
                if indicator.questions.iter().any(|q| q.score.is_none()) {
                    flags.insert(Flag::QuestionWithoutAnswers);
                }
            }
        }

        let score = match (&status, &computed) {
            (InstrumentStatus::Counted, Some(s)) => s.clone(),
            _ => Score::zero(),
        };
        let counted = status == InstrumentStatus::Counted;
        distribute(&mut indicators, instrument.weight, counted, zero_when_empty);
        Ok(InstrumentScore {
            code,
            weight: instrument.weight,
            status,
            points: score.times(instrument.weight).times(hundredth()),
            computed,
            score,
            sample: Some(sample),
            indicators,
        })
    }

    /// An IIT/EIT indicator from the tallies: question means and their weighted mean. Shares
    /// and points are filled in by [`distribute`].
    fn survey_indicator(
        &self,
        code: InstrumentCode,
        indicator: &Indicator,
        by_id: &HashMap<&str, &QuestionTally>,
        responses: u64,
    ) -> IndicatorScore {
        let questions: Vec<QuestionScore> = indicator
            .questions
            .iter()
            .map(|q| {
                let values: Vec<Fraction> = self
                    .questions
                    .get(q.id.as_str())
                    .map(|f| f.values.clone())
                    .unwrap_or_default();
                let levels = values.len();
                let counts = by_id
                    .get(q.id.as_str())
                    .map_or_else(|| vec![0; levels], |t| t.counts.clone());
                let answers: u64 = counts.iter().sum();
                let score = Score::mean_of_counts(&counts, &values);
                QuestionScore {
                    id: q.id.clone(),
                    scale: q.scale.clone(),
                    reverse: q.reverse,
                    optional: q.optional,
                    weight: q.weight,
                    counts,
                    values,
                    answers,
                    blank: responses.saturating_sub(answers),
                    score,
                    share: Score::zero(),
                    points_in_total: Score::zero(),
                }
            })
            .collect();
        let computed = weighted_mean(
            questions
                .iter()
                .filter_map(|q| q.score.as_ref().map(|s| (q.weight, s))),
        );
        unshared(indicator, code, computed, questions, Vec::new())
    }

    fn oit_instrument(
        &self,
        instrument: &Instrument,
        inputs: &AgencyInputs,
        flags: &mut BTreeSet<Flag>,
    ) -> Result<InstrumentScore, ScoringError> {
        let mut states: HashMap<&str, OitItemState> = HashMap::with_capacity(inputs.oit.len());
        for input in &inputs.oit {
            let Some((_, item)) = self.framework.oit_item(&input.code) else {
                return Err(ScoringError::UnknownItem {
                    code: input.code.clone(),
                });
            };
            if let OitItemState::Final(s) | OitItemState::Provisional(s) = input.state
                && !item.allowed_scores.contains(&s)
            {
                return Err(ScoringError::ScoreNotAllowed {
                    code: input.code.clone(),
                    score: s,
                    allowed: item.allowed_scores.clone(),
                });
            }
            if states.insert(input.code.as_str(), input.state).is_some() {
                return Err(ScoringError::DuplicateItem {
                    code: input.code.clone(),
                });
            }
        }

        let mut indicators: Vec<IndicatorScore> = instrument
            .indicators
            .iter()
            .map(|indicator| {
                let total_weight = sum_weights(indicator.items.iter().map(|i| i.weight));
                let items: Vec<ItemScore> = indicator
                    .items
                    .iter()
                    .map(|item| {
                        let state = states
                            .get(item.code.as_str())
                            .copied()
                            .unwrap_or(OitItemState::Missing);
                        if !state.is_final() {
                            flags.insert(Flag::OitNotFinal);
                        }
                        ItemScore {
                            code: item.code.clone(),
                            weight: item.weight,
                            state,
                            counted: state.counted(),
                            max: item
                                .allowed_scores
                                .last()
                                .copied()
                                .unwrap_or(Fraction::ZERO),
                            share: share(item.weight, &total_weight),
                            points_in_total: Score::zero(),
                            gain_to_max: Score::zero(),
                        }
                    })
                    .collect();
                let computed = weighted_mean(items.iter().map(|i| (i.weight, i.counted)));
                unshared(indicator, instrument.code, computed, Vec::new(), items)
            })
            .collect();
        let computed = weighted_mean(
            indicators
                .iter()
                .filter_map(|i| i.computed.as_ref().map(|s| (i.weight, s))),
        );
        let score = computed.clone().unwrap_or_else(Score::zero);
        distribute(&mut indicators, instrument.weight, true, false);
        Ok(InstrumentScore {
            code: instrument.code,
            weight: instrument.weight,
            status: InstrumentStatus::Counted,
            points: score.times(instrument.weight).times(hundredth()),
            computed,
            score,
            sample: None,
            indicators,
        })
    }
}

/// An indicator with its computed score and its questions or items, before [`distribute`]
/// fills in what counts, its share and its points.
fn unshared(
    indicator: &Indicator,
    instrument: InstrumentCode,
    computed: Option<Score>,
    questions: Vec<QuestionScore>,
    items: Vec<ItemScore>,
) -> IndicatorScore {
    IndicatorScore {
        number: indicator.number,
        instrument,
        weight: indicator.weight,
        computed,
        score: None,
        share: Score::zero(),
        points_in_instrument: Score::zero(),
        points_in_total: Score::zero(),
        questions,
        items,
    }
}
