//! The kinds of background job. Stored as text in `jobs.kind`; read back through [`JobKind::parse`],
//! so that the worker's `match` over the kinds is exhaustive: a new kind does not compile until
//! it has an implementation (`openita-jobs/src/jobs/`), a page link and a summary (`outcome.rs`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    }
}
