//! A background job's progress page: refreshes itself every two seconds while the job runs
//! (no JavaScript needed), then shows the result.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{extract::State, response::Response};
use openita_core::{
    agencies::ImportReport,
    background::{self, JobKind, JobStatus, JobView},
};
use openita_types::JobId;

#[derive(Template)]
#[template(path = "jobs/show.html")]
struct JobPage {
    page: PageContext,
    job: JobView,
    running: bool,
    import: Option<ImportReport>,
}

impl JobPage {
    fn message<'a>(&self, text: &'a openita_types::Text) -> &'a str {
        text.get(self.page.lang)
    }

    fn percent(&self) -> i64 {
        if self.job.total > 0 {
            self.job.done * 100 / self.job.total
        } else {
            0
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(id): ApiPath<JobId>,
) -> Result<Response, ApiError> {
    let job = background::job_status(&state.core, &user.actor, id).await?;
    let running = job.status.is_pending();
    let import = job.import_report().cloned();
    // The menu marks where the job was started: imports from Agencies, the rest (compute,
    // link checks, exports) from a cycle.
    let section = if job.kind() == Some(JobKind::ImportAgencies) {
        "agencies"
    } else {
        "cycles"
    };
    Ok(render(&JobPage {
        page: page.with_section(section),
        job,
        running,
        import,
    }))
}
