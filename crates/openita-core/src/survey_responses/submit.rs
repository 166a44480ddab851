//! Accepting one anonymous response.

use super::{
    answers::{all_best, validate_answers},
    form::resolve,
    nonce,
};
use crate::{Core, CoreError};
use openita_db::queries::surveys::NewResponse;
use openita_framework::InstrumentCode;
use openita_types::thai_time::bangkok;
use rand::RngCore;
use serde_json::{Map, Value};
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// Committed: the response counts.
    Accepted,
}

/// Validates, checks the nonce, and hands the response to the writer; returns only once the
/// response is durably committed. `client` is the sender's address, for the per-link limit
/// (`None` when the call does not come from the network); it is never stored.
pub async fn submit_response(
    core: &Core,
    token: &str,
    client: Option<IpAddr>,
    form_nonce: &str,
    answers: &Map<String, Value>,
) -> Result<SubmitOutcome, CoreError> {
    let r = resolve(core, token).await?;
    core.surveys.limits.answers_sent(client, r.link_id)?;
    let levels =
        validate_answers(&r.framework, r.instrument, answers).map_err(CoreError::Invalid)?;
    let now = core.now().with_timezone(&bangkok());
    let today = now.date_naive();
    let key = nonce::key(core).await?;
    let checked = nonce::check(&key, form_nonce, r.link_id, today)?;
    // Store what was validated, in the framework's question order, nothing else.
    let stored: Map<String, Value> = levels
        .iter()
        .map(|(q, l)| (q.clone(), Value::from(*l)))
        .collect();
    let all_best = all_best(&r.framework, r.instrument, &levels);
    let answers_json = Value::Object(stored).to_string();
    let mut id = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut id);
    let response = NewResponse {
        id: hex::encode(id),
        cycle_id: r.cycle.id,
        agency_id: r.agency.id,
        instrument: if r.instrument == InstrumentCode::Iit {
            "IIT"
        } else {
            "EIT"
        },
        set_hash: crate::survey_integrity::set_hash(&answers_json),
        answers_json,
        received_on: today.to_string(),
        received_hour: now.format("%Y-%m-%dT%H").to_string(),
        all_best,
        levels,
        nonce_hash: checked.hash,
        nonce_expires_on: checked.valid_until.to_string(),
    };
    core.surveys.write(core, response).await?;
    Ok(SubmitOutcome::Accepted)
}
