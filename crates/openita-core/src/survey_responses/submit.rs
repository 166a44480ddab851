//! Accepting one anonymous response.

use super::{answers::validate_answers, form::resolve, nonce};
use crate::{Core, CoreError};
use openita_db::queries::surveys::NewResponse;
use openita_framework::InstrumentCode;
use openita_types::thai_time::bangkok;
use rand::RngCore;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// Committed: the response counts.
    Accepted,
}

/// Validates, checks the nonce, and hands the response to the writer; returns only once the
/// response is durably committed.
pub async fn submit_response(
    core: &Core,
    token: &str,
    form_nonce: &str,
    answers: &Map<String, Value>,
) -> Result<SubmitOutcome, CoreError> {
    let r = resolve(core, token).await?;
    let levels =
        validate_answers(&r.framework, r.instrument, answers).map_err(CoreError::Invalid)?;
    let today = core.now().with_timezone(&bangkok()).date_naive();
    let key = nonce::key(core).await?;
    let checked = nonce::check(&key, form_nonce, r.link_id, today)?;
    // Store what was validated, in the framework's question order, nothing else.
    let stored: Map<String, Value> = levels
        .iter()
        .map(|(q, l)| (q.clone(), Value::from(*l)))
        .collect();
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
        answers_json: Value::Object(stored).to_string(),
        received_on: today.to_string(),
        levels,
        nonce_hash: checked.hash,
        nonce_expires_on: checked.valid_until.to_string(),
    };
    core.surveys.write(core, response).await?;
    Ok(SubmitOutcome::Accepted)
}
