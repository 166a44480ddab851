//! Results: computing every agency's score from the running sums and the final OIT scores
//! (pure engine in `openita-scoring`), publishing them, and reading them back with the rule
//! "before publication only the NACC admin sees results".

mod compute;
mod distribution;
mod history;
mod inputs;
mod publish;
mod read;
mod verify;

pub use compute::{ComputeReport, compute_results, ensure_not_published};
pub use distribution::{Distribution, GroupSummary, results_overview};
pub use history::EarlierResult;
pub use inputs::{inputs_from_raw_responses, inputs_from_running_sums};
pub use publish::{publish_check, publish_results, reopen_results};
pub(crate) use read::digested;
pub use read::{
    AgencyResult, ResultFilter, ResultRow, agency_result, list_results, published_years,
    results_published, results_summary, shows_levels, tier_name,
};
pub use verify::{Verification, verify_running_sums};
