//! Year on year: an agency's results in earlier cycles beside this one, so a report shows
//! whether the agency is improving and where. Earlier years appear once published (the NACC
//! admin also sees computed, unpublished ones).

use crate::{Actor, CoreError};
use openita_db::{Conn, queries::results};
use openita_scoring::{Decimal2, ResultFields};
use openita_types::{FiscalYear, Role};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EarlierResult {
    pub year: FiscalYear,
    pub total: Decimal2,
    pub level: String,
    pub pass: bool,
    pub iit: Decimal2,
    pub eit: Decimal2,
    pub oit: Decimal2,
    /// This year's rounded total minus that year's (exact in hundredths).
    pub change: Decimal2,
}

pub(super) async fn earlier_results(
    conn: &mut Conn,
    actor: Option<&Actor>,
    agency_id: i64,
    year: FiscalYear,
    this_total: Decimal2,
) -> Result<Vec<EarlierResult>, CoreError> {
    let admin = actor.is_some_and(|a| a.role == Role::NaccAdmin);
    let mut out = Vec::new();
    for (earlier_year, fields_json, published) in
        results::earlier_of_agency(conn, agency_id, year).await?
    {
        if !published && !admin {
            continue;
        }
        let earlier_year = FiscalYear::new(earlier_year).map_err(CoreError::internal)?;
        let f: ResultFields = serde_json::from_str(&fields_json)
            .map_err(|e| CoreError::internal(format!("result of {earlier_year}: {e}")))?;
        out.push(EarlierResult {
            year: earlier_year,
            total: f.total,
            level: f.level,
            pass: f.pass,
            iit: f.instruments.iit,
            eit: f.instruments.eit,
            oit: f.instruments.oit,
            change: Decimal2::from_hundredths(this_total.hundredths() - f.total.hundredths()),
        });
    }
    Ok(out)
}
