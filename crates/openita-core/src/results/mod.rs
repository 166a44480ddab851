//! Results: computing every agency's score from the running sums and the final OIT scores
//! (pure engine in `openita-scoring`), publishing them, and reading them back with the rule
//! "before publication only the NACC admin sees results" (decided per request from the
//! database, `stamp.rs`), from a per-instance copy of each cycle's results kept under the
//! version that every change raises (`result_set.rs`, `result_set_cache.rs`).

mod compute;
mod distribution;
mod filter;
mod history;
mod inputs;
mod publish;
mod read;
mod report;
mod report_text;
mod result_set;
mod result_set_cache;
mod stamp;
mod verify;

pub use compute::{ComputeReport, compute_results, ensure_not_published};
pub use distribution::{Distribution, GroupSummary};
pub use filter::ResultFilter;
pub use history::EarlierResult;
pub use inputs::{inputs_from_raw_responses, inputs_from_running_sums};
pub use publish::{publish_check, publish_results, reopen_results};
pub(crate) use read::digested;
pub use read::{
    AgencyResult, PortalResults, ResultList, ResultRow, agency_result, list_results,
    published_years, result_list, results_overview, results_portal, results_published,
    results_summary, shows_levels, tier_name,
};
pub use report::{AgencyReport, agency_report};
pub use report_text::{IndicatorLine, ReportText};
pub use result_set::Overview;
pub use result_set_cache::ResultSetCache;
pub use verify::{Verification, verify_running_sums};
