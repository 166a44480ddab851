//! The kinds of background job. Stored as text in `jobs.kind`; read back through [`JobKind::parse`],
//! so that the worker's `match` over the kinds is exhaustive: a new kind does not compile until
//! it has an implementation (`openita-jobs/src/jobs/`), a page link and a summary (`outcome.rs`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    ImportAgencies,
    ExportResponses,
    CheckOitLinks,
    ComputeResults,
}

impl JobKind {
    pub const ALL: [JobKind; 4] = [
        JobKind::ImportAgencies,
        JobKind::ExportResponses,
        JobKind::CheckOitLinks,
        JobKind::ComputeResults,
    ];

    /// The text stored in `jobs.kind` and shown by the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            JobKind::ImportAgencies => "import_agencies",
            JobKind::ExportResponses => "export_responses",
            JobKind::CheckOitLinks => "check_oit_links",
            JobKind::ComputeResults => "compute_results",
        }
    }

    /// The kind stored as `text`; none for a kind this version does not know.
    pub fn parse(text: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
    ];

    /// The text stored in `jobs.status` and shown by the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    /// The status stored as `text`; an unknown text reads as failed (nothing waits on it).
    pub fn parse(text: &str) -> JobStatus {
        JobStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .unwrap_or(JobStatus::Failed)
    }

    /// Queued or running: its page keeps refreshing.
    pub fn is_pending(self) -> bool {
        matches!(self, JobStatus::Queued | JobStatus::Running)
    }
}

#[cfg(test)]
mod tests {
    use super::JobKind;

    #[test]
    fn every_kind_reads_back_as_itself_and_nothing_else_reads() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(JobKind::parse("Compute_Results"), None);
        assert_eq!(JobKind::parse(""), None);
        for status in super::JobStatus::ALL {
            assert_eq!(super::JobStatus::parse(status.as_str()), status);
        }
    }
}
