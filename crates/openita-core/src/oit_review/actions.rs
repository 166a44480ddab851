//! What the reader of an agency's OIT may do now, from their role, the OIT's state and the
//! calendar, decided here once: the page shows its buttons from it and the API returns it with
//! the OIT (`OitView::actions`). Each use case still refuses, on its own, what it may not do.

use super::OitState;
use crate::cycles::CycleView;
use openita_types::{Phase, Role};
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OitActions {
    /// Answer items (the agency admin, in draft, while answering is open).
    pub answer: bool,
    /// Send the answers to the executive (the same).
    pub submit: bool,
    /// Approve or send back (the executive, once submitted, while answering is open).
    pub decide: bool,
    /// Give provisional scores (an assessor, once approved, while review is open).
    pub review: bool,
    /// Ask for a clarification (the agency admin, while clarification is open).
    pub clarify: bool,
    /// Give final scores (an assessor, approved answers only, while confirmation is open).
    pub finalize: bool,
}

pub(crate) fn actions_of(
    role: Role,
    state: OitState,
    cycle: &CycleView,
    now: chrono::DateTime<chrono::Utc>,
) -> OitActions {
    let open = |p: Phase| cycle.window(p).is_some_and(|w| w.contains(now));
    let scored = matches!(state, OitState::Approved | OitState::Reviewed);
    let agency_answers =
        role == Role::AgencyAdmin && state == OitState::Draft && open(Phase::OitAnswer);
    OitActions {
        answer: agency_answers,
        submit: agency_answers,
        decide: role == Role::AgencyExecutive
            && state == OitState::Submitted
            && open(Phase::OitAnswer),
        review: role == Role::Assessor && scored && open(Phase::OitReview),
        clarify: role == Role::AgencyAdmin && open(Phase::Clarification),
        finalize: role == Role::Assessor && scored && open(Phase::Confirmation),
    }
}
