//! Who may read a cycle's results now, decided on every request from one indexed row (the
//! cycle and its publication, with the results' version), never from memory: before
//! publication only the NACC admin reads results; afterwards everyone, without signing in.

use crate::{Actor, Core, CoreError, cycles};
use openita_db::{
    DbError,
    queries::result_versions::{self, ResultsStamp},
};
use openita_types::{FiscalYear, Role};

/// The cycle's stamp, if this actor may read its results now; else the cycle's "not found"
/// or the same "not published" refusal as every results read.
pub(crate) async fn readable_stamp(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
) -> Result<ResultsStamp, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let stamp = result_versions::stamp(&mut conn, year)
        .await?
        .ok_or_else(|| cycles::cycle_not_found(year))?;
    if stamp.published || actor.is_some_and(|a| a.role == Role::NaccAdmin) {
        Ok(stamp)
    } else {
        Err(CoreError::not_found(
            "ยังไม่ประกาศผลการประเมินของปีนี้",
            "The results of this year are not published yet.",
        ))
    }
}
