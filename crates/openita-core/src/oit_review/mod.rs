//! The OIT workflow: the agency answers each item (published, URLs, note), submits, its
//! executive approves (answers lock), assigned assessors give provisional scores with reasons,
//! the agency may object to chosen items in the clarification window (pointing at the URLs it
//! already gave), and the assessors set final scores, which lock. Silence accepts.
//! State: draft -> submitted -> approved -> reviewed -> final.

mod answers;
mod link_checks;
mod precheck;
mod progress;
mod review;
mod scope;
mod view;

pub use answers::{ItemAnswerInput, approve, return_to_draft, save_answer, submit};
pub use link_checks::{LinkToCheck, links_to_check, save_link_checks};
pub use precheck::{
    PrecheckInput, PrecheckLine, PrecheckTable, PrecheckView, precheck_table, set_precheck,
};
pub(crate) use progress::progress_of;
pub use review::{ScoreInput, clarify, confirm_all, set_final, set_provisional};
pub use view::{ItemView, LinkCheckView, OitView, QueueEntry, assessor_queue, oit_of};

/// The states of an agency's OIT in a cycle.
pub mod state {
    pub const DRAFT: &str = "draft";
    pub const SUBMITTED: &str = "submitted";
    pub const APPROVED: &str = "approved";
    pub const REVIEWED: &str = "reviewed";
    pub const FINAL: &str = "final";

    /// A state as Thai readers read it (messages say it in words, not its code).
    pub fn name_th(state: &str) -> &'static str {
        match state {
            DRAFT => "ฉบับร่าง (หน่วยงานกำลังตอบ)",
            SUBMITTED => "ส่งแล้ว รอผู้บริหารอนุมัติ",
            APPROVED => "ผู้บริหารอนุมัติแล้ว รอผู้ประเมินตรวจ",
            REVIEWED => "ตรวจเบื้องต้นครบแล้ว",
            FINAL => "ยืนยันผลแล้ว (ล็อก)",
            _ => "ไม่ทราบสถานะ",
        }
    }

    /// The same in English.
    pub fn name_en(state: &str) -> &'static str {
        match state {
            DRAFT => "Draft (the agency is answering)",
            SUBMITTED => "Submitted, awaiting the executive",
            APPROVED => "Approved, awaiting review",
            REVIEWED => "Provisional scores given",
            FINAL => "Final (locked)",
            _ => "Unknown state",
        }
    }
}
