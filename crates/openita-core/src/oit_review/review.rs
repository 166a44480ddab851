//! The assessors' side and the agency's objections: provisional scores with reasons inside the
//! review window (after approval), clarifications inside the clarification window, final
//! scores inside the confirmation window. A final score is locked.

use super::{OitState, scope, view};
use crate::{Actor, Core, CoreError, FieldError, audit, cycles, notifications};
use openita_db::queries::oit::{self, ReviewStep};
use openita_framework::Fraction;
use openita_types::{AgencyCode, FiscalYear, Phase, Role};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"score": 0, "reason": "ลิงก์เป็นข้อมูลของปี 2568 ไม่ใช่ปีที่ประเมิน"}))]
pub struct ScoreInput {
    /// One of the item's allowed scores (2568: 0 or 100).
    #[schema(value_type = f64)]
    pub score: serde_json::Value,
    #[serde(default)]
    pub reason: String,
}

fn parse_score(
    fw: &openita_framework::Framework,
    item: &str,
    input: &ScoreInput,
) -> Result<Fraction, CoreError> {
    let (_, it) = fw
        .oit_item(item)
        .ok_or_else(|| CoreError::not_found(format!("ไม่มีข้อ {item}"), format!("No item {item}.")))?;
    let text = match &input.score {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => String::new(),
    };
    let allowed: Vec<String> = it.allowed_scores.iter().map(|s| s.to_string()).collect();
    let score = text
        .parse::<Fraction>()
        .ok()
        .filter(|s| it.allowed_scores.contains(s));
    let mut errors = Vec::new();
    if score.is_none() {
        errors.push(FieldError::new(
            "score",
            format!("คะแนนต้องเป็นหนึ่งใน {}", allowed.join(", ")),
            format!("The score must be one of {}.", allowed.join(", ")),
        ));
    }
    // The agency must learn why it lost points: a reason is required below full marks (where
    // an objection may follow); at full marks it is optional.
    let full = it
        .allowed_scores
        .iter()
        .copied()
        .reduce(|a, b| if b > a { b } else { a });
    let below_full = score.is_some_and(|s| Some(s) != full);
    if below_full && input.reason.trim().is_empty() {
        errors.push(FieldError::new(
            "reason",
            "คะแนนต่ำกว่าคะแนนเต็ม ต้องระบุเหตุผลให้หน่วยงานทราบ",
            "Below full marks: give the agency the reason.",
        ));
    }
    match score {
        Some(s) if errors.is_empty() => Ok(s),
        _ => Err(CoreError::Invalid(errors)),
    }
}

/// Scores (provisional or final) are given only to answers the agency's executive approved:
/// a draft or a submission waiting for approval can still change.
async fn require_approved(
    conn: &mut openita_db::Conn,
    s: &scope::OitScope,
) -> Result<OitState, CoreError> {
    let current = view::state_of(conn, s).await?;
    if current == OitState::Draft || current == OitState::Submitted {
        return Err(CoreError::conflict(
            "not_approved",
            "ผู้บริหารของหน่วยงานยังไม่อนุมัติคำตอบ OIT",
            "The agency's executive has not approved its OIT answers yet.",
        ));
    }
    Ok(current)
}

fn locked(item: &str) -> CoreError {
    CoreError::conflict(
        "item_final",
        format!("ข้อ {item} ยืนยันคะแนนสุดท้ายแล้ว แก้ไขไม่ได้"),
        format!("Item {item} has its final score and is locked."),
    )
}

pub async fn set_provisional(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    input: &ScoreInput,
) -> Result<view::ItemView, CoreError> {
    set_provisional_scores(
        core,
        actor,
        year,
        code,
        &[(item.to_string(), input.clone())],
    )
    .await?
    .into_item(item)
}

/// Provisional scores for several items of one agency, in one transaction: all are saved or
/// none. Each score gets its own audit entry, as if given alone; the OIT becomes `reviewed`
/// once every item has one.
pub async fn set_provisional_scores(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    scores: &[(String, ScoreInput)],
) -> Result<view::OitView, CoreError> {
    actor.require(&[Role::Assessor])?;
    let mut tx = core.db.begin_write().await?;
    let s = scope::resolve(core, tx.conn(), actor, year, code).await?;
    let fw = cycles::cached_framework(core, &s.cycle).await?;
    let parsed = scores
        .iter()
        .map(|(item, input)| Ok((item, input, parse_score(&fw, item, input)?)))
        .collect::<Result<Vec<_>, CoreError>>()?;
    let current = require_approved(tx.conn(), &s).await?;
    cycles::check_window(&s.cycle, Phase::OitReview, core.now())?;
    let reviews = oit::reviews(tx.conn(), s.cycle.id, s.agency.id).await?;
    let now = core.now_text();
    for (item, input, score) in parsed {
        if reviews
            .iter()
            .any(|r| &r.item_code == item && r.final_score.is_some())
        {
            return Err(locked(item));
        }
        let before = reviews
            .iter()
            .find(|r| &r.item_code == item)
            .and_then(|r| r.provisional_score.clone());
        oit::set_review(
            tx.conn(),
            s.cycle.id,
            s.agency.id,
            item,
            ReviewStep::Provisional,
            Some(&score.to_string()),
            input.reason.trim(),
            &actor.username,
            &now,
        )
        .await?;
        let evidence = view::item_snapshot(tx.conn(), &s, item).await?;
        audit::record(
            tx.conn(),
            actor,
            &now,
            "oit.provisional_score",
            ("oit_item", &format!("{code}/{year}/{item}")),
            Some(&serde_json::json!({"score": before})),
            Some(&serde_json::json!({"score": score.to_string(), "reason": input.reason.trim(), "evidence": evidence})),
        )
        .await?;
    }
    let all = oit::reviews(tx.conn(), s.cycle.id, s.agency.id).await?;
    if current == OitState::Approved
        && fw.oit_items().all(|i| {
            all.iter()
                .any(|r| r.item_code == i.code && r.provisional_score.is_some())
        })
    {
        oit::set_state(
            tx.conn(),
            s.cycle.id,
            s.agency.id,
            OitState::Reviewed.as_str(),
            &actor.username,
            &now,
        )
        .await?;
        notifications::provisional_scores_out(tx.conn(), year, &s.agency, &now).await?;
    }
    tx.commit().await?;
    view::oit_of(core, actor, year, code).await
}

async fn item_of(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
) -> Result<view::ItemView, CoreError> {
    view::oit_of(core, actor, year, code).await?.into_item(item)
}

/// The agency objects to a provisional score. It may only point at the links it already
/// gave: a text naming any other web address is refused.
pub async fn clarify(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    text: &str,
) -> Result<view::ItemView, CoreError> {
    actor.require(&[Role::AgencyAdmin])?;
    let text = text.trim();
    let mut tx = core.db.begin_write().await?;
    let s = scope::resolve(core, tx.conn(), actor, year, code).await?;
    cycles::check_window(&s.cycle, Phase::Clarification, core.now())?;
    if text.is_empty() || text.chars().count() > 3000 {
        return Err(CoreError::invalid(
            "text",
            "โปรดระบุคำชี้แจง (ไม่เกิน 3,000 ตัวอักษร)",
            "Write the clarification (at most 3,000 characters).",
        ));
    }
    let reviews = oit::reviews(tx.conn(), s.cycle.id, s.agency.id).await?;
    let review = reviews.iter().find(|r| r.item_code == item);
    if review.is_none_or(|r| r.provisional_score.is_none()) {
        return Err(CoreError::conflict(
            "no_provisional_score",
            format!("ข้อ {item} ยังไม่มีคะแนนเบื้องต้นให้ชี้แจง"),
            format!("Item {item} has no provisional score to object to."),
        ));
    }
    if review.is_some_and(|r| r.final_score.is_some()) {
        return Err(locked(item));
    }
    let given: Vec<String> = oit::answers(tx.conn(), s.cycle.id, s.agency.id)
        .await?
        .into_iter()
        .find(|a| a.item_code == item)
        .and_then(|a| serde_json::from_str(&a.urls).ok())
        .unwrap_or_default();
    let new_links: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| w.trim_end_matches(['.', ',', ')', ';']))
        .filter(|w| !given.iter().any(|g| g == w))
        .collect();
    if !new_links.is_empty() {
        return Err(CoreError::invalid(
            "text",
            format!(
                "คำชี้แจงอ้างได้เฉพาะลิงก์ที่ส่งไว้แล้ว เพิ่มลิงก์ใหม่ไม่ได้: {}",
                new_links.join(" ")
            ),
            format!(
                "A clarification may only point at links already given; new links are not allowed: {}",
                new_links.join(" ")
            ),
        ));
    }
    let now = core.now_text();
    oit::set_review(
        tx.conn(),
        s.cycle.id,
        s.agency.id,
        item,
        ReviewStep::Clarification,
        None,
        text,
        &actor.username,
        &now,
    )
    .await?;
    notifications::objection_arrived(tx.conn(), s.cycle.id, year, &s.agency, item, &now).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "oit.clarification",
        ("oit_item", &format!("{code}/{year}/{item}")),
        None::<&()>,
        Some(&serde_json::json!({"text": text, "urls": given})),
    )
    .await?;
    tx.commit().await?;
    item_of(core, actor, year, code, item).await
}

async fn finalize(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    items: &[(String, Option<ScoreInput>)],
) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    let s = scope::resolve(core, tx.conn(), actor, year, code).await?;
    let fw = cycles::cached_framework(core, &s.cycle).await?;
    require_approved(tx.conn(), &s).await?;
    cycles::check_window(&s.cycle, Phase::Confirmation, core.now())?;
    let reviews = oit::reviews(tx.conn(), s.cycle.id, s.agency.id).await?;
    let now = core.now_text();
    for (item, input) in items {
        let review = reviews.iter().find(|r| &r.item_code == item);
        if review.is_some_and(|r| r.final_score.is_some()) {
            return Err(locked(item));
        }
        let (score, reason) = match input {
            Some(input) => (
                parse_score(&fw, item, input)?.to_string(),
                input.reason.trim().to_string(),
            ),
            None => match review.and_then(|r| r.provisional_score.clone()) {
                Some(p) => (
                    p,
                    "ยืนยันคะแนนเบื้องต้น / provisional score confirmed".to_string(),
                ),
                None => {
                    return Err(CoreError::conflict(
                        "no_provisional_score",
                        format!("ข้อ {item} ยังไม่มีคะแนนเบื้องต้น"),
                        format!("Item {item} has no provisional score."),
                    ));
                }
            },
        };
        oit::set_review(
            tx.conn(),
            s.cycle.id,
            s.agency.id,
            item,
            ReviewStep::Final,
            Some(&score),
            &reason,
            &actor.username,
            &now,
        )
        .await?;
        let evidence = view::item_snapshot(tx.conn(), &s, item).await?;
        audit::record(
            tx.conn(),
            actor,
            &now,
            "oit.final_score",
            ("oit_item", &format!("{code}/{year}/{item}")),
            Some(&serde_json::json!({"provisional": review.and_then(|r| r.provisional_score.clone()), "clarification": review.and_then(|r| r.clarification.clone())})),
            Some(&serde_json::json!({"score": score, "reason": reason, "evidence": evidence})),
        )
        .await?;
    }
    let all = oit::reviews(tx.conn(), s.cycle.id, s.agency.id).await?;
    if fw.oit_items().all(|i| {
        all.iter()
            .any(|r| r.item_code == i.code && r.final_score.is_some())
    }) {
        oit::set_state(
            tx.conn(),
            s.cycle.id,
            s.agency.id,
            OitState::Final.as_str(),
            &actor.username,
            &now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The final score of one item (after an objection, or to change the provisional one).
pub async fn set_final(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    input: &ScoreInput,
) -> Result<view::ItemView, CoreError> {
    actor.require(&[Role::Assessor])?;
    finalize(
        core,
        actor,
        year,
        code,
        &[(item.to_string(), Some(input.clone()))],
    )
    .await?;
    item_of(core, actor, year, code, item).await
}

/// Confirms every item still open with its provisional score (silence accepts).
pub async fn confirm_all(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<view::OitView, CoreError> {
    actor.require(&[Role::Assessor])?;
    let current = view::oit_of(core, actor, year, code).await?;
    let open: Vec<(String, Option<ScoreInput>)> = current
        .items
        .iter()
        .filter(|i| i.final_decision.is_none())
        .map(|i| (i.code.clone(), None))
        .collect();
    if !open.is_empty() {
        finalize(core, actor, year, code, &open).await?;
    }
    view::oit_of(core, actor, year, code).await
}
