//! The score an agency would get if the cycle closed now (API.md "predicted").
//!
//! Surveys count as they stand (the running sums). An OIT item counts its assessor's final or
//! provisional score; an item not yet scored counts full marks when it is answered "published"
//! with at least one URL and every URL passed its last evidence check, and zero otherwise (not
//! answered, answered "not published", a link failing, or links not yet checked). The engine is
//! the one that scores the results (`openita-scoring`), so a prediction and the later result
//! differ only by what changes in between.

use openita_framework::{Fraction, Framework};
use openita_scoring::{AgencyInputs, AgencyScore, OitItemInput, OitItemState, Scorer};
use std::collections::{HashMap, HashSet};

/// What is known of one agency's OIT answers and their evidence checks.
#[derive(Debug, Default, Clone)]
pub struct OitEvidence {
    /// Items answered "published" with at least one URL, with their URLs.
    pub published: HashMap<String, Vec<String>>,
    /// Items answered at all (published or not).
    pub answered: HashSet<String>,
    /// (item, url) whose last check passed.
    pub passed: HashSet<(String, String)>,
    /// (item, url) whose last check failed.
    pub failed: HashSet<(String, String)>,
}

impl OitEvidence {
    /// Would this unscored item get full marks on its evidence as it stands?
    pub fn item_holds(&self, item: &str) -> bool {
        self.published.get(item).is_some_and(|urls| {
            !urls.is_empty()
                && urls
                    .iter()
                    .all(|u| self.passed.contains(&(item.to_string(), u.clone())))
        })
    }
}

/// The item's full marks: the largest score it may get.
fn full_marks(allowed: &[Fraction]) -> Option<Fraction> {
    allowed
        .iter()
        .copied()
        .reduce(|a, b| if b > a { b } else { a })
}

/// The inputs as they would stand if the cycle closed now.
pub fn inputs_if_closed_now(
    fw: &Framework,
    mut inputs: AgencyInputs,
    evidence: &OitEvidence,
) -> AgencyInputs {
    let scored: HashMap<String, OitItemState> = inputs
        .oit
        .iter()
        .filter(|i| !matches!(i.state, OitItemState::Missing))
        .map(|i| (i.code.clone(), i.state))
        .collect();
    let mut items: Vec<OitItemInput> = fw
        .oit_items()
        .map(|item| {
            let state = match scored.get(&item.code) {
                Some(state) => *state,
                None if evidence.item_holds(&item.code) => match full_marks(&item.allowed_scores) {
                    Some(full) => OitItemState::Provisional(full),
                    None => OitItemState::Missing,
                },
                None => OitItemState::Missing,
            };
            OitItemInput::new(item.code.clone(), state)
        })
        .collect();
    items.sort_by(|a, b| a.code.cmp(&b.code));
    inputs.oit = items;
    inputs
}

/// Items an assessor scored below full marks.
pub fn lost_items(fw: &Framework, inputs: &AgencyInputs) -> Vec<String> {
    inputs
        .oit
        .iter()
        .filter_map(|i| {
            let score = match i.state {
                OitItemState::Final(s) | OitItemState::Provisional(s) => s,
                OitItemState::Missing => return None,
            };
            let (_, item) = fw.oit_item(&i.code)?;
            let full = full_marks(&item.allowed_scores)?;
            (score < full).then(|| i.code.clone())
        })
        .collect()
}

/// Indicators scored below the pass mark, weakest first, at most three.
pub fn weakest_indicators(fw: &Framework, score: &AgencyScore) -> Vec<u16> {
    let mut below: Vec<_> = score
        .indicators()
        .filter_map(|i| i.score.as_ref().map(|s| (s, i.number)))
        .filter(|(s, _)| **s < fw.pass_mark)
        .collect();
    below.sort_by(|a, b| a.0.partial_cmp(b.0).unwrap_or(std::cmp::Ordering::Equal));
    below.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The predicted score (none only if the engine refuses the inputs, which it does for
/// inconsistent data, never for missing data).
pub fn predict(scorer: &Scorer<'_>, inputs: &AgencyInputs) -> Option<AgencyScore> {
    scorer.score(inputs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use openita_types::AgencyType;

    fn framework() -> Framework {
        match openita_framework::shipped::load("ita-2568") {
            Ok(fw) => fw,
            Err(e) => panic!("the shipped framework does not load: {e}"),
        }
    }

    fn evidence_for(items: &[&str]) -> OitEvidence {
        let mut e = OitEvidence::default();
        for item in items {
            let url = format!("https://example.go.th/{item}");
            e.published.insert(item.to_string(), vec![url.clone()]);
            e.answered.insert(item.to_string());
            e.passed.insert((item.to_string(), url));
        }
        e
    }

    #[test]
    fn an_answered_item_with_passing_links_counts_full_marks_and_others_zero() {
        let fw = framework();
        let codes: Vec<String> = fw.oit_items().map(|i| i.code.clone()).collect();
        let inputs = AgencyInputs::empty(AgencyType::Sao, Some(40));
        let mut evidence = evidence_for(&[codes[0].as_str(), codes[1].as_str()]);
        // The third is answered, but its link failed: zero.
        let url = "https://example.go.th/broken".to_string();
        evidence
            .published
            .insert(codes[2].clone(), vec![url.clone()]);
        evidence.failed.insert((codes[2].clone(), url));
        let predicted = inputs_if_closed_now(&fw, inputs, &evidence);
        let state = |code: &str| {
            predicted
                .oit
                .iter()
                .find(|i| i.code == code)
                .map(|i| i.state)
        };
        assert!(
            matches!(state(&codes[0]), Some(OitItemState::Provisional(s)) if s > Fraction::ZERO)
        );
        assert!(matches!(
            state(&codes[1]),
            Some(OitItemState::Provisional(_))
        ));
        assert_eq!(state(&codes[2]), Some(OitItemState::Missing));
        assert_eq!(state(&codes[3]), Some(OitItemState::Missing));
        assert_eq!(
            predicted.oit.len(),
            codes.len(),
            "every item of the framework"
        );
    }

    #[test]
    fn an_assessors_score_is_kept_and_a_low_one_is_a_lost_item() {
        let fw = framework();
        let codes: Vec<String> = fw.oit_items().map(|i| i.code.clone()).collect();
        let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(40));
        inputs.oit = vec![OitItemInput::new(
            codes[0].clone(),
            OitItemState::Final(Fraction::ZERO),
        )];
        // Its evidence would hold, but the assessor's zero stands.
        let predicted = inputs_if_closed_now(&fw, inputs, &evidence_for(&[codes[0].as_str()]));
        let first = predicted.oit.iter().find(|i| i.code == codes[0]);
        assert_eq!(
            first.map(|i| i.state),
            Some(OitItemState::Final(Fraction::ZERO))
        );
        assert_eq!(lost_items(&fw, &predicted), vec![codes[0].clone()]);
    }

    #[test]
    fn links_not_yet_checked_do_not_count() {
        let mut e = OitEvidence::default();
        e.published
            .insert("O1".into(), vec!["https://example.go.th/a".into()]);
        assert!(!e.item_holds("O1"));
        e.passed
            .insert(("O1".into(), "https://example.go.th/a".into()));
        assert!(e.item_holds("O1"));
    }
}
