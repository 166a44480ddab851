//! Inputs the engine refuses: they do not fit the framework, so no score would be right.

use openita_framework::{Fraction, InstrumentCode};
use std::fmt;

/// Why an agency's inputs cannot be scored with a framework. Each names the exact place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoringError {
    /// A tally names a question that is not in that instrument of the framework.
    UnknownQuestion {
        instrument: InstrumentCode,
        question: String,
    },
    /// A question is tallied twice in one instrument.
    DuplicateQuestion {
        instrument: InstrumentCode,
        question: String,
    },
    /// A tally's `counts` does not have one entry per level of the question's scale.
    WrongLevelCount {
        question: String,
        expected: usize,
        got: usize,
    },
    /// A question has more answers than its instrument has responses.
    MoreAnswersThanResponses {
        question: String,
        answers: u128,
        responses: u64,
    },
    /// An OIT item code that is not in the framework.
    UnknownItem { code: String },
    /// An OIT item listed twice.
    DuplicateItem { code: String },
    /// An OIT item score that is not among the item's `allowed_scores`.
    ScoreNotAllowed {
        code: String,
        score: Fraction,
        allowed: Vec<Fraction>,
    },
}

impl fmt::Display for ScoringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScoringError::UnknownQuestion {
                instrument,
                question,
            } => write!(f, "{instrument} has no question `{question}`"),
            ScoringError::DuplicateQuestion {
                instrument,
                question,
            } => write!(f, "{instrument} question `{question}` is tallied twice"),
            ScoringError::WrongLevelCount {
                question,
                expected,
                got,
            } => write!(
                f,
                "question `{question}` has {got} level counts; its scale has {expected} levels"
            ),
            ScoringError::MoreAnswersThanResponses {
                question,
                answers,
                responses,
            } => write!(
                f,
                "question `{question}` has {answers} answers but its instrument only {responses} responses"
            ),
            ScoringError::UnknownItem { code } => {
                write!(f, "the framework has no OIT item `{code}`")
            }
            ScoringError::DuplicateItem { code } => write!(f, "OIT item `{code}` is listed twice"),
            ScoringError::ScoreNotAllowed {
                code,
                score,
                allowed,
            } => {
                let allowed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "OIT item `{code}` cannot score {score}; allowed: {}",
                    allowed.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for ScoringError {}
