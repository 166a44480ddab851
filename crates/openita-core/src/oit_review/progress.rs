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
    let state = super::view::state_of_agency(conn, cycle.id, agency_id).await?;
    Ok(OitProgress {
        answered,
        total: fw.oit_items().count() as i64,
        state,
    })
}
