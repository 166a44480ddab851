//! The weights side of scoring: weighted means, shares, and how an instrument's points are
//! distributed over its indicators and their questions or items, so that every part's points
//! add up exactly to the total.

use crate::exact::Score;
use crate::result::IndicatorScore;
use openita_framework::Fraction;

/// 1/100: turns a percent weight into a factor.
pub(super) fn hundredth() -> Fraction {
    Fraction::new(1, 100).unwrap_or(Fraction::ZERO)
}

pub(super) fn sum_weights(weights: impl Iterator<Item = Fraction>) -> Score {
    weights.map(Score::from).sum()
}

/// `weight / total`; 0 when `total` is 0.
pub(super) fn share(weight: Fraction, total: &Score) -> Score {
    Score::from(weight)
        .divided_by(total)
        .unwrap_or_else(Score::zero)
}

/// `sum(w * s) / sum(w)`; `None` for no terms.
pub(super) fn weighted_mean<S: Into<Score>>(
    terms: impl Iterator<Item = (Fraction, S)>,
) -> Option<Score> {
    let mut weights = Score::zero();
    let mut sum = Score::zero();
    for (w, s) in terms {
        sum = sum + s.into().times(w);
        weights = weights + Score::from(w);
    }
    sum.divided_by(&weights)
}

/// Fills in the counted score, share and points of an instrument's indicators and of their
/// questions or items. `counted`: the instrument's score is the mean of its indicators (else it
/// scores 0, and so do they, with shares over all indicators so that the explanation still
/// shows each one's weight). `zero_when_empty`: an indicator without answers counts 0 with its
/// share (the framework's `empty_indicator = "zero"`); otherwise it is left out.
pub(super) fn distribute(
    indicators: &mut [IndicatorScore],
    instrument_weight: Fraction,
    counted: bool,
    zero_when_empty: bool,
) {
    let factor = Score::from(instrument_weight).times(hundredth());
    let total_weight = sum_weights(
        indicators
            .iter()
            .filter(|i| !counted || zero_when_empty || i.computed.is_some())
            .map(|i| i.weight),
    );
    for indicator in indicators.iter_mut() {
        indicator.score = if counted {
            indicator
                .computed
                .clone()
                .or_else(|| zero_when_empty.then(Score::zero))
        } else {
            Some(Score::zero())
        };
        indicator.share = if indicator.score.is_some() {
            share(indicator.weight, &total_weight)
        } else {
            Score::zero()
        };
        let indicator_score = indicator.score.clone().unwrap_or_else(Score::zero);
        indicator.points_in_instrument = &indicator_score * &indicator.share;
        indicator.points_in_total = &indicator.points_in_instrument * &factor;
        // A question's / item's part of the total: its score x its share of the indicator x
        // the indicator's share of the instrument x the instrument's weight / 100.
        let to_total = if counted {
            &indicator.share * &factor
        } else {
            Score::zero()
        };
        let answered_weight = sum_weights(
            indicator
                .questions
                .iter()
                .filter(|q| q.score.is_some())
                .map(|q| q.weight),
        );
        for q in &mut indicator.questions {
            if let Some(s) = &q.score {
                q.share = share(q.weight, &answered_weight);
                q.points_in_total = &(s * &q.share) * &to_total;
            }
        }
        for item in &mut indicator.items {
            let per_point = &item.share * &to_total;
            item.points_in_total = &Score::from(item.counted) * &per_point;
            item.gain_to_max =
                &Score::from(item.max).minus(&Score::from(item.counted)) * &per_point;
        }
    }
}
