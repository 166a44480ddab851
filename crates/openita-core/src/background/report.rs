//! What a finished job reports, typed per kind. The row keeps the JSON the job wrote (an
//! export's also names its stored file, which is never shown); readers (the API's `result`,
//! the job page, the CLI) get it through [`JobReport::read`], in the same JSON shape as before
//! the type existed.

use super::JobKind;
use crate::{agencies::ImportReport, results::ComputeReport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A link check: how many URLs, how many with a problem, how many ended each way (by the
/// outcome's code).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkCheckReport {
    pub checked: usize,
    pub problems: usize,
    pub by_outcome: BTreeMap<String, usize>,
}

/// An export of raw responses: how many rows the file has (the file is downloaded from the
/// job's own URL).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportReport {
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum JobReport {
    ImportAgencies(ImportReport),
    ExportResponses(ExportReport),
    CheckOitLinks(LinkCheckReport),
    ComputeResults(ComputeReport),
}

impl JobReport {
    /// The report a job of `kind` stored; none for a kind this version does not know or a
    /// result that does not fit its kind.
    pub fn read(kind: &str, stored: &str) -> Option<JobReport> {
        Some(match JobKind::parse(kind)? {
            JobKind::ImportAgencies => {
                JobReport::ImportAgencies(serde_json::from_str(stored).ok()?)
            }
            JobKind::ExportResponses => {
                JobReport::ExportResponses(serde_json::from_str(stored).ok()?)
            }
            JobKind::CheckOitLinks => JobReport::CheckOitLinks(serde_json::from_str(stored).ok()?),
            JobKind::ComputeResults => {
                JobReport::ComputeResults(serde_json::from_str(stored).ok()?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_result_reads_as_its_kind_and_shows_no_server_file() {
        let stored = r#"{"rows": 3, "stored_as": "a1b2c3.csv"}"#;
        let report = JobReport::read("export_responses", stored);
        assert_eq!(
            report,
            Some(JobReport::ExportResponses(ExportReport { rows: 3 }))
        );
        let shown = serde_json::to_value(report).unwrap_or_default();
        assert_eq!(shown, serde_json::json!({"rows": 3}));
        let links = r#"{"checked": 2, "problems": 1, "by_outcome": {"ok": 1, "dead": 1}}"#;
        let Some(JobReport::CheckOitLinks(l)) = JobReport::read("check_oit_links", links) else {
            panic!("not a link check");
        };
        assert_eq!(
            (l.checked, l.problems, l.by_outcome.get("dead")),
            (2, 1, Some(&1))
        );
        assert_eq!(JobReport::read("compute_results", r#"{"rows": 3}"#), None);
        assert_eq!(JobReport::read("no_such_kind", "{}"), None);
    }
}
