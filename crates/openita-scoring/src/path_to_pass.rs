//! "Path to 85": the fewest changes that lift an agency's rounded total to the pass mark.
//!
//! # Why greedy is optimal here
//!
//! With a result's weights fixed, the total is an affine function of the OIT item scores:
//!
//! ```text
//! total = (IIT and EIT points) + sum over items j of  c_j * score_j,
//! c_j   = item share in its indicator x indicator share in OIT x OIT weight / 100  (> 0)
//! ```
//!
//! Every OIT indicator always counts (a missing item counts 0, it is never left out), so the
//! shares do not depend on the scores, and raising a set S of items to their maximum adds
//! exactly `sum_{j in S} gain_j` with `gain_j = c_j * (max_j - score_j)`: the gains are
//! independent and add up. Among all sets of k items, the k largest gains give the largest
//! sum; so the smallest k whose k largest gains reach the points needed is the smallest
//! possible set, and taking items by decreasing gain finds it (ties: framework order, so the
//! plan is reproducible). The tests check this by brute force over every subset.
//!
//! The same holds for survey indicators of an instrument that counts: raising indicator i to
//! 100 adds `(100 - score_i) x share_i x weight / 100`, independent of the others (the set of
//! indicators that count does not change). An instrument that scores 0 because it has no
//! responses or too few under policy `zero` cannot be lifted by better answers: it is listed in
//! [`PassPlan::blocked`] with the responses it lacks and the points it would restore.

use crate::exact::Score;
use crate::result::{AgencyScore, InstrumentStatus};
use crate::rounding::Decimal2;
use num_bigint::BigInt;
use num_rational::BigRational;
use openita_framework::{Fraction, InstrumentCode};
use serde::{Deserialize, Serialize};

/// An ordered plan to reach the pass mark. Empty `steps` when already passing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassPlan {
    pub pass_mark: Fraction,
    pub current_total: Score,
    pub current_rounded: Decimal2,
    pub already_passing: bool,
    /// The smallest exact total whose 2-decimal rounding reaches the pass mark (84.995 for 85).
    pub target: Score,
    /// `target - current_total`, or 0 when passing.
    pub points_needed: Score,
    /// OIT items first (the fewest items that suffice, biggest gain first); then, only if all
    /// OIT items at their maximum are not enough, survey indicators (biggest gain first), the
    /// last one with just the points still needed.
    pub steps: Vec<PlanStep>,
    /// The exact total after every step.
    pub total_after: Score,
    /// Whether the steps reach the pass mark (false when even every item and indicator at its
    /// maximum would not, e.g. when an instrument scores 0 for lack of responses).
    pub reaches_pass_mark: bool,
    /// Whether OIT items alone can reach the pass mark.
    pub oit_alone_suffices: bool,
    /// Every indicator of a counted survey instrument: the points it would add at 100, biggest
    /// first.
    pub indicator_gains: Vec<IndicatorGain>,
    /// Survey instruments scoring 0 for lack of responses.
    pub blocked: Vec<BlockedInstrument>,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanStep {
    /// Raise an OIT item from its current (counted) score to its maximum.
    RaiseItem {
        code: String,
        indicator: u16,
        from: Fraction,
        to: Fraction,
        /// Points this adds to the total.
        points: Score,
    },
    /// Raise a survey indicator.
    RaiseIndicator {
        indicator: u16,
        instrument: InstrumentCode,
        from: Score,
        /// Points it would add at 100.
        points_if_100: Score,
        /// Points this step must add (all of `points_if_100` except, maybe, for the last step).
        points_needed: Score,
        /// The indicator score that adds `points_needed`.
        score_needed: Score,
    },
}

impl PlanStep {
    /// Points this step adds to the total.
    pub fn points(&self) -> &Score {
        match self {
            PlanStep::RaiseItem { points, .. } => points,
            PlanStep::RaiseIndicator { points_needed, .. } => points_needed,
        }
    }
}

/// What raising one survey indicator to 100 is worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorGain {
    pub indicator: u16,
    pub instrument: InstrumentCode,
    pub current: Score,
    pub points_if_100: Score,
}

/// A survey instrument that scores 0 whatever its answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockedInstrument {
    pub instrument: InstrumentCode,
    pub status: InstrumentStatus,
    /// Responses still missing to reach the minimum sample (0 when unknown).
    pub responses_missing: u64,
    /// Points of the total its computed score would give if it counted (0 without answers).
    pub points_if_counted: Score,
}

/// The smallest exact total that rounds (2 decimals, half away from zero) to at least
/// `pass_mark`: `ceil2(pass_mark) - 1/200`, not below 0.
pub fn pass_target(pass_mark: Fraction) -> Score {
    let p = Score::from(pass_mark);
    let hundred = BigRational::from_integer(BigInt::from(100));
    let ceil2 = (p.to_rational() * &hundred).ceil() / &hundred;
    let target = Score::from_rational(ceil2 - BigRational::new(BigInt::from(1), BigInt::from(200)));
    target.max(Score::zero())
}

/// The plan for this result (see the module docs). Pure: reads only the result, whose
/// breakdown carries every share and gain.
pub fn path_to_pass(result: &AgencyScore) -> PassPlan {
    let target = pass_target(result.pass_mark);
    let already_passing = result.pass;
    let points_needed = if already_passing {
        Score::zero()
    } else {
        target.minus(&result.total).max(Score::zero())
    };

    // OIT items below their maximum, biggest gain first; framework order breaks ties
    // (sort_by is stable).
    let mut items: Vec<(u16, &crate::ItemScore)> = result
        .indicators()
        .flat_map(|ind| ind.items.iter().map(move |item| (ind.number, item)))
        .filter(|(_, item)| !item.gain_to_max.is_zero() && !item.gain_to_max.is_negative())
        .collect();
    items.sort_by(|a, b| b.1.gain_to_max.cmp(&a.1.gain_to_max));

    let mut indicator_gains: Vec<IndicatorGain> = result
        .instruments
        .iter()
        .filter(|i| i.code.is_survey() && i.status == InstrumentStatus::Counted)
        .flat_map(|instrument| {
            let factor = Score::from(instrument.weight)
                .times(Fraction::new(1, 100).unwrap_or(Fraction::ZERO));
            instrument.indicators.iter().filter_map(move |ind| {
                let current = ind.score.clone()?;
                let per_point = &ind.share * &factor;
                Some(IndicatorGain {
                    indicator: ind.number,
                    instrument: instrument.code,
                    points_if_100: &Score::hundred().minus(&current) * &per_point,
                    current,
                })
            })
        })
        .collect();
    indicator_gains.sort_by(|a, b| b.points_if_100.cmp(&a.points_if_100));

    let blocked = result
        .instruments
        .iter()
        .filter(|i| i.code.is_survey() && i.status != InstrumentStatus::Counted)
        .map(|i| BlockedInstrument {
            instrument: i.code,
            status: i.status,
            responses_missing: i.sample.map_or(0, |s| {
                if i.status == InstrumentStatus::NoResponses {
                    s.shortfall().max(u64::from(s.responses == 0))
                } else {
                    s.shortfall()
                }
            }),
            points_if_counted: i.computed.as_ref().map_or_else(Score::zero, |c| {
                c.times(i.weight)
                    .times(Fraction::new(1, 100).unwrap_or(Fraction::ZERO))
            }),
        })
        .collect();

    let mut steps = Vec::new();
    let mut gained = Score::zero();
    if !already_passing {
        for (indicator, item) in &items {
            if gained >= points_needed {
                break;
            }
            gained = &gained + &item.gain_to_max;
            steps.push(PlanStep::RaiseItem {
                code: item.code.clone(),
                indicator: *indicator,
                from: item.counted,
                to: item.max,
                points: item.gain_to_max.clone(),
            });
        }
    }
    let oit_alone_suffices = already_passing || gained >= points_needed;
    if !oit_alone_suffices {
        for gain in &indicator_gains {
            if gained >= points_needed || gain.points_if_100.is_zero() {
                break;
            }
            let still = points_needed.minus(&gained);
            let needed = if gain.points_if_100 > still {
                still
            } else {
                gain.points_if_100.clone()
            };
            // score_needed = from + needed / per_point, per_point = points_if_100 / (100 - from).
            let headroom = Score::hundred().minus(&gain.current);
            let rise = (&needed * &headroom)
                .divided_by(&gain.points_if_100)
                .unwrap_or_else(Score::zero);
            gained = &gained + &needed;
            steps.push(PlanStep::RaiseIndicator {
                indicator: gain.indicator,
                instrument: gain.instrument,
                from: gain.current.clone(),
                points_if_100: gain.points_if_100.clone(),
                score_needed: &gain.current + &rise,
                points_needed: needed,
            });
        }
    }
    let total_after = &result.total + &gained;
    PassPlan {
        pass_mark: result.pass_mark,
        current_rounded: result.total_rounded,
        current_total: result.total.clone(),
        already_passing,
        reaches_pass_mark: total_after.rounded().reaches(result.pass_mark),
        target,
        points_needed,
        steps,
        total_after,
        oit_alone_suffices,
        indicator_gains,
        blocked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_the_smallest_total_rounding_to_the_pass_mark() {
        let t = pass_target(Fraction::from_integer(85));
        assert_eq!(t.to_string(), "84.995");
        assert_eq!(t.rounded().to_string(), "85.00");
        let just_below = t.minus(&Score::ratio(1, 1_000_000_000).unwrap_or_else(Score::zero));
        assert_eq!(just_below.rounded().to_string(), "84.99");
        // A pass mark with more decimals: 84.991 needs a rounded 85.00 too.
        let odd = pass_target(Fraction::new(84_991, 1000).unwrap_or(Fraction::ZERO));
        assert_eq!(odd.to_string(), "84.995");
        assert_eq!(pass_target(Fraction::ZERO), Score::zero());
    }
}
