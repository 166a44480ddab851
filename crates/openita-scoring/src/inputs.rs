//! What the engine scores: one agency's survey tallies, OIT item states, headcount and type.
//!
//! Survey inputs are *tallies*, the running sums the database keeps as responses arrive (per
//! question, how many answers at each level; per instrument, how many responses), so scoring an
//! agency reads a few dozen numbers and never scans responses.

use openita_framework::{Fraction, InstrumentCode};
use openita_types::AgencyType;
use serde::{Deserialize, Serialize};

/// Everything the engine needs about one agency in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyInputs {
    pub agency_type: AgencyType,
    /// The approved headcount (staff with the required service); `None` until approved, in
    /// which case no IIT minimum sample is known (flag `headcount_missing`).
    pub headcount: Option<u32>,
    pub iit: SurveyTally,
    pub eit: SurveyTally,
    /// OIT items by code; an item of the framework not listed here is [`OitItemState::Missing`].
    pub oit: Vec<OitItemInput>,
}

impl AgencyInputs {
    /// An agency with no responses and no OIT item scored.
    pub fn empty(agency_type: AgencyType, headcount: Option<u32>) -> AgencyInputs {
        AgencyInputs {
            agency_type,
            headcount,
            iit: SurveyTally::default(),
            eit: SurveyTally::default(),
            oit: Vec::new(),
        }
    }

    /// The tally of a survey instrument (`None` for OIT).
    pub fn survey(&self, code: InstrumentCode) -> Option<&SurveyTally> {
        match code {
            InstrumentCode::Iit => Some(&self.iit),
            InstrumentCode::Eit => Some(&self.eit),
            InstrumentCode::Oit => None,
        }
    }

    pub fn survey_mut(&mut self, code: InstrumentCode) -> Option<&mut SurveyTally> {
        match code {
            InstrumentCode::Iit => Some(&mut self.iit),
            InstrumentCode::Eit => Some(&mut self.eit),
            InstrumentCode::Oit => None,
        }
    }
}

/// The running sums of one survey instrument (IIT or EIT) for one agency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SurveyTally {
    /// Accepted responses to the instrument (inside the collection window).
    pub responses: u64,
    /// Per question; a question of the framework not listed here has no answers. Order does
    /// not matter.
    pub questions: Vec<QuestionTally>,
}

impl SurveyTally {
    /// Adds one answer at `level` (1 = lowest) to `question`, which has `scale_len` levels.
    /// Does not count a response: call [`SurveyTally::add_response`] once per response.
    pub fn add_answer(&mut self, question: &str, scale_len: usize, level: usize) {
        let index = match self.questions.iter().position(|q| q.question == question) {
            Some(i) => i,
            None => {
                self.questions.push(QuestionTally {
                    question: question.to_string(),
                    counts: vec![0; scale_len],
                });
                self.questions.len() - 1
            }
        };
        if let Some(tally) = self.questions.get_mut(index)
            && let Some(count) = level.checked_sub(1).and_then(|i| tally.counts.get_mut(i))
        {
            *count += 1;
        }
    }

    pub fn add_response(&mut self) {
        self.responses += 1;
    }

    pub fn question(&self, id: &str) -> Option<&QuestionTally> {
        self.questions.iter().find(|q| q.question == id)
    }
}

/// How many answers one question got at each level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTally {
    /// The framework's question id (`i1_1`).
    pub question: String,
    /// `counts[0]` answers at level 1, `counts[1]` at level 2, ...; exactly as many entries as
    /// the question's scale has levels (yes/no: `[no, yes]`).
    pub counts: Vec<u64>,
}

impl QuestionTally {
    pub fn new(question: impl Into<String>, counts: Vec<u64>) -> QuestionTally {
        QuestionTally {
            question: question.into(),
            counts,
        }
    }

    /// Number of answers (sum of the counts).
    pub fn answers(&self) -> u128 {
        self.counts.iter().map(|&c| u128::from(c)).sum()
    }
}

/// One OIT item's state for the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OitItemInput {
    /// The framework's item code (`O1`).
    pub code: String,
    pub state: OitItemState,
}

impl OitItemInput {
    pub fn new(code: impl Into<String>, state: OitItemState) -> OitItemInput {
        OitItemInput {
            code: code.into(),
            state,
        }
    }
}

/// Where an OIT item's score stands. Scores must be among the item's `allowed_scores`.
///
/// How each counts (see the crate docs): `Final` and `Provisional` count their score; `Missing`
/// counts 0. Anything not `Final` flags the result `oit_not_final`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "score", rename_all = "snake_case")]
pub enum OitItemState {
    /// The assessor's confirmed, locked score.
    Final(Fraction),
    /// The assessor's provisional score (before or during clarification).
    Provisional(Fraction),
    /// No score yet (not answered, not reviewed).
    Missing,
}

impl OitItemState {
    /// The score the engine counts: the given score, or 0 for `Missing`.
    pub fn counted(self) -> Fraction {
        match self {
            OitItemState::Final(s) | OitItemState::Provisional(s) => s,
            OitItemState::Missing => Fraction::ZERO,
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, OitItemState::Final(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_answer_keeps_running_sums() {
        let mut tally = SurveyTally::default();
        for level in [4, 4, 3] {
            tally.add_response();
            tally.add_answer("i1_1", 4, level);
        }
        tally.add_answer("i1_4", 2, 1);
        tally.add_answer("i1_4", 2, 9); // not a level of the scale: ignored
        assert_eq!(tally.responses, 3);
        assert_eq!(
            tally.question("i1_1").map(|q| q.counts.clone()),
            Some(vec![0, 0, 1, 2])
        );
        assert_eq!(tally.question("i1_4").map(QuestionTally::answers), Some(1));
    }

    #[test]
    fn oit_states_serialize_with_their_score() {
        let json = serde_json::to_string(&OitItemState::Provisional(Fraction::HUNDRED));
        assert_eq!(
            json.ok().as_deref(),
            Some(r#"{"state":"provisional","score":100}"#)
        );
        let json = serde_json::to_string(&OitItemState::Missing);
        assert_eq!(json.ok().as_deref(), Some(r#"{"state":"missing"}"#));
        assert_eq!(OitItemState::Missing.counted(), Fraction::ZERO);
    }
}
