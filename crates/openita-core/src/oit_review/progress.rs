//! How far an agency's OIT is: answered items against the framework's items, and the state.

use crate::{CoreError, cycles::CycleView, survey_responses::OitProgress};
use openita_db::{Conn, queries::oit};
use openita_framework::Framework;

pub(crate) async fn progress_of(
    conn: &mut Conn,
    cycle: &CycleView,
    fw: &Framework,
    agency_id: i64,
) -> Result<OitProgress, CoreError> {
    let answered = oit::answer_count(conn, cycle.id, agency_id).await?;
    let state = oit::submission(conn, cycle.id, agency_id)
        .await?
        .map(|s| s.state)
        .unwrap_or_else(|| "draft".into());
    Ok(OitProgress {
        answered,
        total: fw.oit_items().count() as i64,
        state,
    })
}
