//! What each kind of job is asked to do, typed. Written to `jobs.payload` as the same JSON as
//! before this type existed (rows queued by an earlier version still read), and read back
//! once, by [`JobSpec::read`], where the kind and the payload must agree.
//!
//! Who acts is not in the payload: the job acts as the user who queued it, loaded by id
//! when it runs (`actor_of_job`), with the role and scope they have then.

use super::JobKind;
use crate::{Actor, Core, CoreError, survey_responses::ExportFormat};
use openita_types::FiscalYear;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportResponses {
    pub year: FiscalYear,
    pub format: ExportFormat,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckOitLinks {
    pub year: FiscalYear,
    /// One agency's links; none: every agency of the cycle.
    pub agency: Option<openita_types::AgencyCode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComputeResults {
    pub year: FiscalYear,
}

/// One job's request. The agency import's file travels beside it (`jobs.input`).
#[derive(Debug, Clone, PartialEq)]
pub enum JobSpec {
    ImportAgencies,
    ExportResponses(ExportResponses),
    CheckOitLinks(CheckOitLinks),
    ComputeResults(ComputeResults),
}

impl JobSpec {
    pub fn kind(&self) -> JobKind {
        match self {
            JobSpec::ImportAgencies => JobKind::ImportAgencies,
            JobSpec::ExportResponses(_) => JobKind::ExportResponses,
            JobSpec::CheckOitLinks(_) => JobKind::CheckOitLinks,
            JobSpec::ComputeResults(_) => JobKind::ComputeResults,
        }
    }

    /// The payload as stored.
    pub fn payload(&self) -> String {
        let json = match self {
            JobSpec::ImportAgencies => Ok(serde_json::json!({})),
            JobSpec::ExportResponses(s) => serde_json::to_value(s),
            JobSpec::CheckOitLinks(s) => serde_json::to_value(s),
            JobSpec::ComputeResults(s) => serde_json::to_value(s),
        };
        json.unwrap_or_default().to_string()
    }

    /// A stored job's request; a kind this version does not know or a payload that does not
    /// fit its kind is a failure of ours (the job fails with a reference).
    pub fn read(kind: &str, payload: &str) -> Result<JobSpec, CoreError> {
        let kind = JobKind::parse(kind)
            .ok_or_else(|| CoreError::internal(format!("unknown job kind {kind}")))?;
        let bad = |e: serde_json::Error| {
            CoreError::internal(format!("the payload of a {} job: {e}", kind.as_str()))
        };
        Ok(match kind {
            JobKind::ImportAgencies => JobSpec::ImportAgencies,
            JobKind::ExportResponses => {
                JobSpec::ExportResponses(serde_json::from_str(payload).map_err(bad)?)
            }
            JobKind::CheckOitLinks => {
                JobSpec::CheckOitLinks(serde_json::from_str(payload).map_err(bad)?)
            }
            JobKind::ComputeResults => {
                JobSpec::ComputeResults(serde_json::from_str(payload).map_err(bad)?)
            }
        })
    }
}

/// The user a job acts for: whoever queued it, loaded now by their id (a user whose account
/// was deactivated meanwhile acts no more). Jobs queued by the system itself (the nightly
/// link check, the command line) act as the system; a job queued before ids were kept is
/// found by the user's name.
pub(super) async fn actor_of_job(
    core: &Core,
    created_by: &str,
    created_by_id: Option<i64>,
) -> Result<Actor, CoreError> {
    if let Some(name) = created_by.strip_prefix(crate::actor::SYSTEM_PREFIX) {
        return Ok(Actor::system(name));
    }
    crate::accounts::active_actor(core, created_by_id, created_by)
        .await?
        .ok_or_else(|| {
            CoreError::Forbidden(openita_types::Text::new(
                format!("บัญชีผู้สั่งงานนี้ ({created_by}) ไม่มีอยู่หรือถูกปิดใช้งานแล้ว งานจึงไม่ทำต่อ"),
                format!(
                    "The account that queued this job ({created_by}) is gone or deactivated, so the job does not run."
                ),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_of_earlier_versions_still_read_and_a_spec_reads_back_as_itself() {
        // As enqueued before the type existed, with the "as" and "role" no longer used.
        let old =
            r#"{"year": 2568, "agency": "6360201", "as": "oit.admin", "role": "agency-admin"}"#;
        assert_eq!(
            JobSpec::read("check_oit_links", old).ok(),
            Some(JobSpec::CheckOitLinks(CheckOitLinks {
                year: FiscalYear::of(2568),
                agency: openita_types::AgencyCode::parse("6360201").ok()
            }))
        );
        for spec in [
            JobSpec::ImportAgencies,
            JobSpec::ComputeResults(ComputeResults {
                year: FiscalYear::of(2568),
            }),
            JobSpec::CheckOitLinks(CheckOitLinks {
                year: FiscalYear::of(2569),
                agency: None,
            }),
            JobSpec::ExportResponses(ExportResponses {
                year: FiscalYear::of(2568),
                format: ExportFormat::Xlsx,
            }),
        ] {
            assert_eq!(
                JobSpec::read(spec.kind().as_str(), &spec.payload()).ok(),
                Some(spec)
            );
        }
        assert!(JobSpec::read("compute_results", "{}").is_err());
        assert!(JobSpec::read("mine_bitcoin", "{}").is_err());
    }
}
