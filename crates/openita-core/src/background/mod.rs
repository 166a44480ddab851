//! Background work as database rows: a use case enqueues, any instance's worker (the
//! `openita-jobs` crate) claims, reports progress and finishes. Pages and the CLI read the
//! progress from the row.

use openita_types::{FiscalYear, JobId, Moment, Role, UserId};
mod kind;
mod leases;
mod nightly;
mod outcome;
mod report;
mod spec;
pub use leases::{JOB_LEASE, JOB_LEASE_RENEWAL, renew_lease, requeue_expired};
pub use nightly::{NIGHTLY_HOUR, queue_nightly_link_checks};

use crate::{Actor, Core, CoreError};
use openita_db::{DbError, queries::jobs};
use serde::Serialize;

use jobs::JobRow;

pub use kind::{JobKind, JobStatus};
pub use report::{ExportReport, JobReport, LinkCheckReport};
use spec::actor_of_job;
pub use spec::{CheckOitLinks, ComputeResults, ExportResponses, JobSpec};

/// The kinds as stored (`JobKind::as_str`), for comparing with a row's text.
pub const IMPORT_AGENCIES: &str = JobKind::ImportAgencies.as_str();
pub const EXPORT_RESPONSES: &str = JobKind::ExportResponses.as_str();
pub const CHECK_OIT_LINKS: &str = JobKind::CheckOitLinks.as_str();
pub const COMPUTE_RESULTS: &str = JobKind::ComputeResults.as_str();

/// A job as a page or the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: openita_types::JobId,
    /// The kind's code as stored: a job of a kind this version does not know (queued by a
    /// newer one, say) is still shown, failed, with its reference. [`JobView::kind`] reads it.
    #[serde(rename = "kind")]
    pub kind_code: String,
    pub status: JobStatus,
    pub done: i64,
    pub total: i64,
    /// What the job reports once done, by kind.
    pub result: Option<JobReport>,
    pub error: Option<String>,
    pub created_at: Moment,
    pub finished_at: Option<Moment>,
    /// What came of it, in words (Thai and English), once done.
    #[schema(value_type = Option<Object>)]
    pub summary: Option<openita_types::Text>,
    /// The page the job was started from, to go back to.
    pub back: Option<String>,
}

/// The result key of an export job naming its file in the export folder.
const STORED_AS: &str = "stored_as";

impl JobView {
    /// The job's kind; none for one this version does not know.
    pub fn kind(&self) -> Option<JobKind> {
        JobKind::parse(&self.kind_code)
    }

    /// A finished agency import's report.
    pub fn import_report(&self) -> Option<&crate::agencies::ImportReport> {
        match &self.result {
            Some(JobReport::ImportAgencies(r)) => Some(r),
            _ => None,
        }
    }

    /// A finished computation's report.
    pub fn compute_report(&self) -> Option<&crate::results::ComputeReport> {
        match &self.result {
            Some(JobReport::ComputeResults(r)) => Some(r),
            _ => None,
        }
    }

    /// A finished job with a file to download (the web offers it at a URL of its own).
    pub fn has_file(&self) -> bool {
        self.kind() == Some(JobKind::ExportResponses) && self.status == JobStatus::Done
    }
}

impl TryFrom<JobRow> for JobView {
    type Error = CoreError;

    fn try_from(row: JobRow) -> Result<Self, CoreError> {
        let result = row
            .result
            .as_deref()
            .and_then(|r| JobReport::read(&row.kind, r));
        let back = JobSpec::read(&row.kind, &row.payload)
            .ok()
            .map(|spec| outcome::back(&spec));
        let status = JobStatus::parse(&row.status);
        let summary = (status == JobStatus::Done)
            .then(|| result.as_ref().and_then(outcome::summary))
            .flatten();
        Ok(JobView {
            summary,
            back,
            id: openita_types::JobId::new(row.id),
            kind_code: row.kind,
            status,
            done: row.progress_done,
            total: row.progress_total,
            result,
            error: row.error,
            created_at: Moment::stored(&row.created_at)?,
            finished_at: Moment::stored_opt(row.finished_at.as_deref())?,
        })
    }
}

/// Queues an import of an agency file (CSV or XLSX). The file is checked first, so a file
/// that cannot be read is refused at once rather than failing later in the background.
pub async fn enqueue_agency_import(
    core: &Core,
    actor: &Actor,
    file: &[u8],
) -> Result<JobView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    crate::agencies::read_import_file(file.to_vec()).await?;
    let mut tx = core.db.begin_write().await?;
    let row = jobs::enqueue(
        tx.conn(),
        IMPORT_AGENCIES,
        &JobSpec::ImportAgencies.payload(),
        Some(file),
        &actor.username,
        actor.user_id.map(UserId::get),
        &core.now_text(),
    )
    .await?;
    tx.commit().await?;
    JobView::try_from(row)
}

/// Queues an export of a cycle's raw responses (NACC admin).
pub async fn enqueue_response_export(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    format: crate::survey_responses::ExportFormat,
) -> Result<JobView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    crate::cycles::get_cycle(core, year).await?;
    let payload = JobSpec::ExportResponses(ExportResponses { year, format }).payload();
    let mut tx = core.db.begin_write().await?;
    let row = jobs::enqueue(
        tx.conn(),
        EXPORT_RESPONSES,
        &payload,
        None,
        &actor.username,
        actor.user_id.map(UserId::get),
        &core.now_text(),
    )
    .await?;
    crate::audit::record(
        tx.conn(),
        actor,
        &core.now_text(),
        "export.responses",
        ("cycle", &year.to_string()),
        None::<&()>,
        Some(&serde_json::json!({"job": row.id, "format": format})),
    )
    .await?;
    tx.commit().await?;
    JobView::try_from(row)
}

/// Queues scoring every agency of a cycle (NACC admin). A published cycle is refused here, at
/// once, rather than by the job later.
pub async fn enqueue_results_compute(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
) -> Result<JobView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    crate::results::ensure_not_published(core, year).await?;
    enqueue_as(
        core,
        actor,
        &JobSpec::ComputeResults(ComputeResults { year }),
    )
    .await
}

/// Queues a job in the actor's name, with no uploaded input.
async fn enqueue_as(core: &Core, actor: &Actor, spec: &JobSpec) -> Result<JobView, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let row = jobs::enqueue(
        tx.conn(),
        spec.kind().as_str(),
        &spec.payload(),
        None,
        &actor.username,
        actor.user_id.map(UserId::get),
        &core.now_text(),
    )
    .await?;
    tx.commit().await?;
    JobView::try_from(row)
}

/// Queues a check of the OIT evidence links of one agency (its roles, its assessors, the NACC
/// admin) or of every agency (`code` None: the NACC admin, or the nightly run).
pub async fn enqueue_link_check(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: Option<&openita_types::AgencyCode>,
) -> Result<JobView, CoreError> {
    // Checks that the actor may see the agency (or is the NACC admin for all) before queueing.
    crate::oit_review::links_to_check(core, actor, year, code).await?;
    let spec = JobSpec::CheckOitLinks(CheckOitLinks {
        year,
        agency: code.cloned(),
    });
    enqueue_as(core, actor, &spec).await
}

/// A job's state, for the user who started it or the NACC admin.
pub async fn job_status(
    core: &Core,
    actor: &Actor,
    id: openita_types::JobId,
) -> Result<JobView, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = jobs::by_id(&mut conn, id.get())
        .await?
        .filter(|j| j.created_by == actor.username || actor.is(Role::NaccAdmin));
    row.map(JobView::try_from).transpose()?.ok_or_else(|| {
        CoreError::not_found(format!("ไม่พบงานหมายเลข {id}"), format!("No job {id}."))
    })
}

/// A finished export's file, opened for whoever started the job or the NACC admin, with the
/// name to offer it under.
pub struct ExportDownload {
    pub file: std::fs::File,
    pub name: String,
    pub format: crate::survey_responses::ExportFormat,
}

/// Opens the file of a finished export job. A job that is not an export, not finished, or
/// whose file is gone (another instance's disk, removed) is "not found".
pub async fn open_export(
    core: &Core,
    actor: &Actor,
    id: openita_types::JobId,
) -> Result<ExportDownload, CoreError> {
    let gone = || {
        CoreError::not_found(
            "ไม่พบไฟล์ของงานนี้ (อาจยังไม่เสร็จหรือถูกลบแล้ว)",
            "This job has no file (not finished yet, or removed).",
        )
    };
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = jobs::by_id(&mut conn, id.get())
        .await?
        .filter(|j| j.created_by == actor.username || actor.is(Role::NaccAdmin))
        .filter(|j| j.kind == EXPORT_RESPONSES && j.status == JobStatus::Done.as_str())
        .ok_or_else(gone)?;
    drop(conn);
    let JobSpec::ExportResponses(ExportResponses { year, format }) =
        JobSpec::read(&row.kind, &row.payload).map_err(|_| gone())?
    else {
        return Err(gone());
    };
    let result: serde_json::Value = row
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    let stored_as = result[STORED_AS].as_str().ok_or_else(gone)?;
    let file = core.export_folder()?.open(stored_as).map_err(|_| gone())?;
    Ok(ExportDownload {
        file,
        name: crate::survey_responses::download_name(year, format),
        format,
    })
}

/// What an export job records as its result: the row count for people, the stored name for
/// the download (never shown).
pub fn export_result(rows: usize, stored_as: &str) -> serde_json::Value {
    serde_json::json!({ "rows": rows, STORED_AS: stored_as })
}

/// A job a worker has claimed: what it is and who queued it, not the database row.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: JobId,
    /// The kind's code as stored (for the log; [`ClaimedJob::spec`] reads it).
    pub kind_code: String,
    payload: String,
    created_by: String,
    created_by_id: Option<i64>,
}

impl ClaimedJob {
    /// The typed request; a payload no version could read is our fault.
    pub fn spec(&self) -> Result<JobSpec, CoreError> {
        JobSpec::read(&self.kind_code, &self.payload)
    }

    /// The user the job acts for (see [`actor_of_job`]).
    pub async fn actor(&self, core: &Core) -> Result<Actor, CoreError> {
        actor_of_job(core, &self.created_by, self.created_by_id).await
    }
}

/// For workers: claims the next queued job, with its input file, leased to `worker` (renew
/// the lease while it runs: `renew_lease`).
pub async fn claim_next(
    core: &Core,
    worker: &str,
) -> Result<Option<(ClaimedJob, Option<Vec<u8>>)>, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let lease = leases::lease_from_now(core);
    let claimed = jobs::claim(
        tx.conn(),
        core.db.backend(),
        worker,
        &core.now_text(),
        &lease,
    )
    .await?;
    let Some(job) = claimed else {
        return Ok(None);
    };
    let input = jobs::input(tx.conn(), job.id).await?;
    tx.commit().await?;
    let claimed = ClaimedJob {
        id: JobId::new(job.id),
        kind_code: job.kind,
        payload: job.payload,
        created_by: job.created_by,
        created_by_id: job.created_by_id,
    };
    Ok(Some((claimed, input)))
}

pub async fn report_progress(
    core: &Core,
    id: JobId,
    done: usize,
    total: usize,
) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    jobs::progress(tx.conn(), id.get(), done as i64, total as i64).await?;
    tx.commit().await?;
    Ok(())
}

/// Records the outcome of a job `worker` ran. False when the job was no longer its own (it
/// lost its lease and the job was queued again): nothing is written, the new run's outcome
/// counts.
pub async fn finish(
    core: &Core,
    id: JobId,
    worker: &str,
    outcome: Result<serde_json::Value, String>,
) -> Result<bool, CoreError> {
    let result = outcome.as_ref().map(|v| v.to_string());
    let mut tx = core.db.begin_write().await?;
    let recorded = jobs::finish(
        tx.conn(),
        id.get(),
        worker,
        result.as_deref().map_err(|e| e.as_str()),
        &core.now_text(),
    )
    .await?;
    tx.commit().await?;
    Ok(recorded)
}

pub async fn unfinished(core: &Core) -> Result<i64, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(jobs::count_unfinished(&mut conn).await?)
}
