//! Properties over random agencies scored with the shipped 2568 framework.

use openita_framework::{Fraction, Framework, InstrumentCode};
use openita_scoring::{
    AgencyInputs, AgencyScore, InstrumentStatus, OitItemInput, OitItemState, QuestionTally, Score,
    Scorer, SurveyTally,
};
use openita_types::AgencyType;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::sync::OnceLock;

fn framework() -> &'static Framework {
    static FW: OnceLock<Framework> = OnceLock::new();
    FW.get_or_init(crate::ita2568)
}

fn scorer() -> &'static Scorer<'static> {
    static SCORER: OnceLock<Scorer<'static>> = OnceLock::new();
    SCORER.get_or_init(|| Scorer::new(framework()))
}

fn score(inputs: &AgencyInputs) -> AgencyScore {
    scorer().score(inputs).unwrap()
}

/// A consistent tally: every required question answered by every response, optional ones by
/// some; sometimes no responses at all.
fn survey(code: InstrumentCode) -> impl Strategy<Value = SurveyTally> {
    let questions: Vec<(String, usize, bool)> = framework()
        .questions(code)
        .map(|(_, q)| {
            let levels = framework().scale(&q.scale).unwrap().len();
            (q.id.clone(), levels, q.optional)
        })
        .collect();
    let per_question: Vec<_> = questions
        .iter()
        .map(|(_, levels, _)| (proptest::collection::vec(0_u64..5, *levels + 1), 0..*levels))
        .collect();
    (per_question, 0_u64..=3).prop_map(move |(raw, multiplier)| {
        let mut tallies: Vec<QuestionTally> = Vec::new();
        let mut responses = 0;
        for ((id, levels, optional), (mut counts, _)) in questions.iter().zip(raw.iter().cloned()) {
            for c in &mut counts {
                *c *= multiplier;
            }
            let blank = if *optional { counts[*levels] } else { 0 };
            counts.truncate(*levels);
            responses = responses.max(counts.iter().sum::<u64>() + blank);
            tallies.push(QuestionTally::new(id.clone(), counts));
        }
        // Top up required questions so that each is answered by every response.
        for ((_, _, optional), (tally, (_, top_up))) in
            questions.iter().zip(tallies.iter_mut().zip(raw.iter()))
        {
            let answered: u64 = tally.counts.iter().sum();
            if !optional {
                tally.counts[*top_up] += responses - answered;
            }
        }
        SurveyTally {
            responses,
            questions: tallies,
        }
    })
}

fn item_state() -> impl Strategy<Value = Option<OitItemState>> {
    prop_oneof![
        Just(Some(OitItemState::Final(Fraction::HUNDRED))),
        Just(Some(OitItemState::Final(Fraction::ZERO))),
        Just(Some(OitItemState::Provisional(Fraction::HUNDRED))),
        Just(Some(OitItemState::Provisional(Fraction::ZERO))),
        Just(Some(OitItemState::Missing)),
        Just(None),
    ]
}

fn agency() -> impl Strategy<Value = AgencyInputs> {
    let codes: Vec<String> = framework().oit_items().map(|i| i.code.clone()).collect();
    (
        select(AgencyType::ALL.to_vec()),
        proptest::option::of(0_u32..300),
        survey(InstrumentCode::Iit),
        survey(InstrumentCode::Eit),
        proptest::collection::vec(item_state(), codes.len()),
    )
        .prop_map(
            move |(agency_type, headcount, iit, eit, states)| AgencyInputs {
                agency_type,
                headcount,
                iit,
                eit,
                oit: codes
                    .iter()
                    .zip(states)
                    .filter_map(|(code, state)| state.map(|s| OitItemInput::new(code.clone(), s)))
                    .collect(),
            },
        )
}

fn within_0_100(s: &Score) -> bool {
    !s.is_negative() && *s <= Score::hundred()
}

/// Question, indicator, instrument (computed and counted) and total, in one list, in order.
fn all_scores(r: &AgencyScore) -> Vec<Option<Score>> {
    let mut out = vec![Some(r.total.clone())];
    for instrument in &r.instruments {
        out.push(Some(instrument.score.clone()));
        out.push(instrument.computed.clone());
        for indicator in &instrument.indicators {
            out.push(indicator.score.clone());
            out.push(indicator.computed.clone());
            for q in &indicator.questions {
                out.push(q.score.clone());
            }
        }
    }
    out
}

/// A permutation of `v` drawn from `seed` (Fisher-Yates with xorshift).
fn shuffled<T>(mut v: Vec<T>, mut seed: u64) -> Vec<T> {
    seed |= 1;
    for i in (1..v.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = usize::try_from(seed % (i as u64 + 1)).unwrap();
        v.swap(i, j);
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_summary_of_digests_equals_the_summary_of_the_full_results(
        agencies in proptest::collection::vec(agency(), 1..12),
    ) {
        let scores: Vec<AgencyScore> = agencies.iter().map(score).collect();
        // Stored as JSON and read back, as the results table keeps them.
        let digests: Vec<openita_scoring::ResultDigest> = scores
            .iter()
            .map(|s| serde_json::from_str(&serde_json::to_string(&s.digest()).unwrap()).unwrap())
            .collect();
        prop_assert_eq!(
            openita_scoring::summary(digests.iter()),
            openita_scoring::summary(scores.iter())
        );
    }

    #[test]
    fn scoring_many_on_every_core_equals_scoring_each(
        agencies in proptest::collection::vec(agency(), 1..12),
    ) {
        let keyed: Vec<(usize, &AgencyInputs)> = agencies.iter().enumerate().collect();
        let all = scorer().score_all(&keyed).unwrap();
        prop_assert_eq!(all.len(), agencies.len());
        for ((key, result), (expected_key, inputs)) in all.iter().zip(&keyed) {
            prop_assert_eq!(key, expected_key);
            prop_assert_eq!(result, &score(inputs));
        }
        // One agency the engine refuses: the whole run is refused, naming that agency.
        let mut broken = agencies[0].clone();
        broken.oit.push(OitItemInput::new("O999", OitItemState::Missing));
        let mut keyed = keyed;
        keyed.push((99, &broken));
        prop_assert_eq!(scorer().score_all(&keyed).err().map(|(key, _)| key), Some(99));
    }

    #[test]
    fn every_score_is_within_0_and_100_and_the_points_add_up(inputs in agency()) {
        let r = score(&inputs);
        for s in all_scores(&r).iter().flatten() {
            prop_assert!(within_0_100(s), "{s} out of range");
        }
        let points: Score = r.instruments.iter().map(|i| i.points.clone()).sum();
        prop_assert_eq!(&points, &r.total);
        let weights: Score = r.instruments.iter().map(|i| Score::from(i.weight)).sum();
        prop_assert_eq!(weights, Score::hundred());
        for instrument in &r.instruments {
            let from_indicators: Score =
                instrument.indicators.iter().map(|i| i.points_in_total.clone()).sum();
            prop_assert_eq!(&from_indicators, &instrument.points);
            let in_instrument: Score =
                instrument.indicators.iter().map(|i| i.points_in_instrument.clone()).sum();
            prop_assert_eq!(&in_instrument, &instrument.score);
            for indicator in &instrument.indicators {
                let parts: Score = indicator
                    .questions
                    .iter()
                    .map(|q| q.points_in_total.clone())
                    .chain(indicator.items.iter().map(|i| i.points_in_total.clone()))
                    .sum();
                if instrument.status == InstrumentStatus::Counted {
                    prop_assert_eq!(&parts, &indicator.points_in_total);
                } else {
                    prop_assert!(parts.is_zero());
                }
            }
        }
        prop_assert_eq!(r.total_rounded, r.total.rounded());
        prop_assert_eq!(r.pass, r.total_rounded.reaches(Fraction::from_integer(85)));
    }

    #[test]
    fn recomputing_gives_identical_output(inputs in agency()) {
        let a = score(&inputs);
        let b = score(&inputs);
        prop_assert_eq!(&a, &b);
        let json = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&b).unwrap());
        let back: AgencyScore = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &a);
        // A fresh scorer (fingerprint recomputed) agrees too.
        prop_assert_eq!(&openita_scoring::score(framework(), &inputs).unwrap(), &a);
    }

    #[test]
    fn the_order_of_questions_and_items_does_not_matter(inputs in agency(), seed in any::<u64>()) {
        let a = score(&inputs);
        let mut other = inputs;
        other.iit.questions = shuffled(other.iit.questions, seed);
        other.eit.questions = shuffled(other.eit.questions, seed.rotate_left(17));
        other.oit = shuffled(other.oit, seed.rotate_left(31));
        prop_assert_eq!(score(&other), a);
    }

    #[test]
    fn a_better_answer_never_lowers_any_score(
        inputs in agency(),
        pick in any::<Index>(),
    ) {
        // Every (instrument, question, level) from which one answer can move to a better level:
        // up for a normal question, down for a reversed one.
        let mut movable = Vec::new();
        for code in [InstrumentCode::Iit, InstrumentCode::Eit] {
            let tally = inputs.survey(code).unwrap();
            for (qi, t) in tally.questions.iter().enumerate() {
                let (_, _, question) = framework().question(&t.question).unwrap();
                for (level, &count) in t.counts.iter().enumerate() {
                    let to = if question.reverse { level.checked_sub(1) } else { Some(level + 1) };
                    if let Some(to) = to.filter(|&to| to < t.counts.len() && count > 0) {
                        movable.push((code, qi, level, to));
                    }
                }
            }
        }
        prop_assume!(!movable.is_empty());
        let (code, qi, from, to) = movable[pick.index(movable.len())];
        let mut better = inputs.clone();
        let t = &mut better.survey_mut(code).unwrap().questions[qi];
        t.counts[from] -= 1;
        t.counts[to] += 1;
        let id = t.question.clone();

        let (a, b) = (score(&inputs), score(&better));
        let (qa, qb) = (a.question(&id).unwrap(), b.question(&id).unwrap());
        prop_assert!(qb.score > qa.score, "{id}: {:?} -> {:?}", qa.score, qb.score);
        let (_, indicator, _) = framework().question(&id).unwrap();
        let (ia, ib) = (a.indicator(indicator.number).unwrap(), b.indicator(indicator.number).unwrap());
        prop_assert!(ib.score >= ia.score);
        prop_assert!(ib.computed >= ia.computed);
        let (sa, sb) = (a.instrument(code).unwrap(), b.instrument(code).unwrap());
        prop_assert!(sb.score >= sa.score);
        prop_assert!(sb.computed >= sa.computed);
        prop_assert!(b.total >= a.total);
        prop_assert!(b.total_rounded >= a.total_rounded);
    }

    #[test]
    fn raising_an_oit_item_never_lowers_the_total(
        inputs in agency(),
        pick in any::<Index>(),
        to_final in any::<bool>(),
    ) {
        let codes: Vec<String> = framework().oit_items().map(|i| i.code.clone()).collect();
        let code = &codes[pick.index(codes.len())];
        let mut raised = inputs.clone();
        raised.oit.retain(|i| &i.code != code);
        let state = if to_final {
            OitItemState::Final(Fraction::HUNDRED)
        } else {
            OitItemState::Provisional(Fraction::HUNDRED)
        };
        raised.oit.push(OitItemInput::new(code.clone(), state));
        let (a, b) = (score(&inputs), score(&raised));
        prop_assert!(b.total >= a.total);
        prop_assert!(b.instrument(InstrumentCode::Oit).unwrap().score
            >= a.instrument(InstrumentCode::Oit).unwrap().score);
        // The gain is exactly what the breakdown promised.
        let item = a.item(code).unwrap();
        prop_assert_eq!(&b.total, &(&a.total + &item.gain_to_max));
    }
}

#[test]
fn the_shipped_weights_sum_to_100() {
    for name in openita_framework::shipped::names() {
        let fw = openita_framework::shipped::load(name).unwrap();
        let sum = [fw.weights.iit, fw.weights.eit, fw.weights.oit]
            .into_iter()
            .fold(Fraction::ZERO, |a, b| a.checked_add(b).unwrap());
        assert_eq!(sum, Fraction::HUNDRED, "{name}");
        for instrument in &fw.instruments {
            assert_eq!(instrument.weight, *fw.weights.get(instrument.code));
        }
    }
}
