//! Each question of the framework with what scoring needs of it, looked up once per cycle
//! (the framework's own lookups search its lists, per agency that added up).

use openita_framework::{Fraction, Framework, InstrumentCode};
use std::collections::HashMap;

/// What the engine needs of a question: its instrument and what an answer at each level is
/// worth (after reversal; `Framework::answer_value`).
#[derive(Debug, Clone)]
pub(super) struct QuestionFacts {
    pub instrument: InstrumentCode,
    pub values: Vec<Fraction>,
}

pub(super) fn question_facts(framework: &Framework) -> HashMap<&str, QuestionFacts> {
    let mut facts = HashMap::new();
    for instrument in &framework.instruments {
        for question in instrument.indicators.iter().flat_map(|i| &i.questions) {
            let levels = framework.scale(&question.scale).map_or(0, <[_]>::len);
            let values = (1..=levels)
                .map(|l| {
                    framework
                        .answer_value(question, l)
                        .unwrap_or(Fraction::ZERO)
                })
                .collect();
            facts.insert(
                question.id.as_str(),
                QuestionFacts {
                    instrument: instrument.code,
                    values,
                },
            );
        }
    }
    facts
}
