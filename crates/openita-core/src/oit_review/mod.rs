//! The OIT workflow: the agency answers each item (published, URLs, note), submits, its
//! executive approves (answers lock), assigned assessors give provisional scores with reasons,
//! the agency may object to chosen items in the clarification window (pointing at the URLs it
//! already gave), and the assessors set final scores, which lock. Silence accepts.
//! State: draft -> submitted -> approved -> reviewed -> final.

mod actions;
mod answers;
mod link_checks;
mod precheck;
mod progress;
mod review;
mod scope;
mod view;

pub use actions::OitActions;
pub use answers::{ItemAnswerInput, approve, return_to_draft, save_answer, save_answers, submit};
pub use link_checks::{LinkFinding, LinkToCheck, links_to_check, save_link_checks};
pub use precheck::{
    PrecheckInput, PrecheckLine, PrecheckStatus, PrecheckTable, PrecheckView, precheck_table,
    set_precheck,
};
pub(crate) use progress::progress_of;
pub use review::{
    ScoreInput, clarify, confirm_all, set_final, set_provisional, set_provisional_scores,
};
pub(crate) use view::states_of_cycle;
pub use view::{ItemView, LinkCheckView, OitView, QueueEntry, assessor_queue, oit_of};

/// The states of an agency's OIT in a cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OitState {
    Draft,
    Submitted,
    Approved,
    Reviewed,
    Final,
}

impl OitState {
    pub const ALL: [OitState; 5] = [
        OitState::Draft,
        OitState::Submitted,
        OitState::Approved,
        OitState::Reviewed,
        OitState::Final,
    ];

    /// The code stored in the database and used by the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            OitState::Draft => "draft",
            OitState::Submitted => "submitted",
            OitState::Approved => "approved",
            OitState::Reviewed => "reviewed",
            OitState::Final => "final",
        }
    }

    /// The state stored as `code`; none for a code this version does not know.
    pub fn parse(code: &str) -> Option<OitState> {
        OitState::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

impl std::fmt::Display for OitState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl OitState {
    /// The state stored as `code`: an unknown code is our fault (a row this version cannot
    /// read), not the reader's.
    pub(crate) fn stored(code: &str) -> Result<OitState, crate::CoreError> {
        OitState::parse(code)
            .ok_or_else(|| crate::CoreError::internal(format!("unknown OIT state {code:?}")))
    }

    /// A state as Thai readers read it (messages say it in words, not its code).
    pub fn name_th(self) -> &'static str {
        match self {
            OitState::Draft => "ฉบับร่าง (หน่วยงานกำลังตอบ)",
            OitState::Submitted => "ส่งแล้ว รอผู้บริหารอนุมัติ",
            OitState::Approved => "ผู้บริหารอนุมัติแล้ว รอผู้ประเมินตรวจ",
            OitState::Reviewed => "ตรวจเบื้องต้นครบแล้ว",
            OitState::Final => "ยืนยันผลแล้ว (ล็อก)",
        }
    }

    /// The same in English.
    pub fn name_en(self) -> &'static str {
        match self {
            OitState::Draft => "Draft (the agency is answering)",
            OitState::Submitted => "Submitted, awaiting the executive",
            OitState::Approved => "Approved, awaiting review",
            OitState::Reviewed => "Provisional scores given",
            OitState::Final => "Final (locked)",
        }
    }
}
