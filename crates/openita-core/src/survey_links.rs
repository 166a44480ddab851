//! One IIT and one EIT link per agency per cycle: unguessable tokens, made on first request,
//! rotatable (the old links close; answers already given stay).

use crate::{Actor, Core, CoreError, agencies, audit, cycles};
use base64::Engine as _;
use openita_db::queries::surveys;
use openita_types::{AgencyCode, FiscalYear, Role};
use rand::RngCore;
use serde::Serialize;

pub const INSTRUMENTS: [&str; 2] = ["IIT", "EIT"];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SurveyLinks {
    pub agency: String,
    pub year: FiscalYear,
    pub iit_token: String,
    pub eit_token: String,
}

fn new_token() -> String {
    // 128 random bits: unguessable, short enough for a QR code a phone reads from a poster.
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

const READERS: &[Role] = Role::AGENCY_READERS;

/// The agency's open links, made if missing.
pub async fn survey_links(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<SurveyLinks, CoreError> {
    actor.require(READERS)?;
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let mut tx = core.db.begin_write().await?;
    let cycle = cycles::load_cycle(tx.conn(), core, year).await?;
    let mut tokens = Vec::new();
    for instrument in INSTRUMENTS {
        let link =
            match surveys::open_link(tx.conn(), cycle.id, agency.id.get(), instrument).await? {
                Some(link) => link,
                // Coordinators read and never change an agency's data: links are issued when the
                // agency (or the NACC admin) first asks for them, not when a coordinator looks.
                None if actor.role.is_coordinator() => {
                    return Err(CoreError::not_found(
                        "หน่วยงานยังไม่ได้เปิดลิงก์แบบวัดของรอบนี้",
                        "The agency has not opened its survey links of this cycle yet.",
                    ));
                }
                None => {
                    surveys::insert_link(
                        tx.conn(),
                        cycle.id,
                        agency.id.get(),
                        instrument,
                        &new_token(),
                        &core.now_text(),
                    )
                    .await?
                }
            };
        tokens.push(link.token);
    }
    tx.commit().await?;
    let [iit_token, eit_token]: [String; 2] = tokens
        .try_into()
        .map_err(|_| CoreError::internal("two links"))?;
    Ok(SurveyLinks {
        agency: code.to_string(),
        year,
        iit_token,
        eit_token,
    })
}

/// New links for both instruments; the old ones stop working at once.
pub async fn rotate_links(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<SurveyLinks, CoreError> {
    actor.require(&[Role::NaccAdmin, Role::AgencyAdmin])?;
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let mut tx = core.db.begin_write().await?;
    let cycle = cycles::load_cycle(tx.conn(), core, year).await?;
    let now = core.now_text();
    let closed = surveys::close_links(tx.conn(), cycle.id, agency.id.get(), &now).await?;
    for instrument in INSTRUMENTS {
        surveys::insert_link(
            tx.conn(),
            cycle.id,
            agency.id.get(),
            instrument,
            &new_token(),
            &now,
        )
        .await?;
    }
    // The audit entry says that links changed, never the tokens themselves.
    audit::record(
        tx.conn(),
        actor,
        &now,
        "survey_links.rotate",
        ("agency", code),
        Some(&serde_json::json!({ "open_links_closed": closed })),
        Some(&serde_json::json!({ "year": year })),
    )
    .await?;
    tx.commit().await?;
    // Survey tokens followed before this change lead elsewhere now.
    core.surveys.links.forget_all();
    survey_links(core, actor, year, code).await
}
