//! The agency's side: answering items, submitting, approving or returning.

use super::{OitState, scope, view};
use crate::{Actor, Core, CoreError, FieldError, audit, cycles, notifications};
use openita_db::queries::oit;
use openita_types::{AgencyCode, FiscalYear, Phase, Role};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"published": true,
    "urls": ["https://www.nafai.go.th/ita/o1-structure.pdf"], "note": "แผนผังโครงสร้าง ปี 2570"}))]
pub struct ItemAnswerInput {
    /// A published item needs at least one link (422 otherwise).
    pub published: bool,
    /// http(s) addresses, at most 10 (blank entries are dropped).
    #[serde(default)]
    #[schema(max_items = 10, value_type = Vec<crate::agencies::WebAddressOrBlank>)]
    pub urls: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

const MAX_URLS: usize = 10;
const MAX_NOTE: usize = 2000;

fn validate(item: &str, input: &ItemAnswerInput) -> Result<Vec<String>, CoreError> {
    let mut errors = Vec::new();
    let urls: Vec<String> = input
        .urls
        .iter()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .collect();
    for (i, u) in urls.iter().enumerate() {
        if !crate::agencies::is_web_address(u) {
            errors.push(FieldError::new(
                format!("urls[{i}]"),
                format!("ลิงก์ \"{u}\" ไม่ถูกต้อง ต้องขึ้นต้นด้วย http:// หรือ https://"),
                format!("\"{u}\" is not a web address starting with http:// or https://."),
            ));
        }
    }
    if urls.len() > MAX_URLS {
        errors.push(FieldError::new(
            "urls",
            format!("ระบุลิงก์ได้ไม่เกิน {MAX_URLS} รายการ"),
            format!("At most {MAX_URLS} links."),
        ));
    }
    if input.published && urls.is_empty() {
        errors.push(FieldError::new(
            "urls",
            format!("ข้อ {item}: ถ้าเผยแพร่แล้วต้องระบุลิงก์อย่างน้อย 1 รายการ"),
            format!("Item {item}: a published item needs at least one link."),
        ));
    }
    if input.note.chars().count() > MAX_NOTE {
        errors.push(FieldError::new(
            "note",
            format!("คำอธิบายยาวเกิน {MAX_NOTE} ตัวอักษร"),
            format!("The note is longer than {MAX_NOTE} characters."),
        ));
    }
    if errors.is_empty() {
        Ok(urls)
    } else {
        Err(CoreError::Invalid(errors))
    }
}

fn wrong_state(current: OitState, th: &str, en: &str) -> CoreError {
    CoreError::conflict(
        "wrong_state",
        format!("{th} (สถานะปัจจุบัน: {})", current.name_th()),
        format!("{en} (current state: {current})"),
    )
}

pub async fn save_answer(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    input: &ItemAnswerInput,
) -> Result<view::ItemView, CoreError> {
    save_answers(
        core,
        actor,
        year,
        code,
        &[(item.to_string(), input.clone())],
    )
    .await?
    .into_item(item)
}

/// Several answers of one agency at once, in one transaction: all are saved or none (the
/// first refusal names its item). Each answer gets its own audit entry, as if saved alone.
pub async fn save_answers(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    answers: &[(String, ItemAnswerInput)],
) -> Result<view::OitView, CoreError> {
    actor.require(&[Role::AgencyAdmin])?;
    let mut tx = core.db.begin_write().await?;
    let s = scope::resolve(core, tx.conn(), actor, year, code).await?;
    let fw = cycles::cached_framework(core, &s.cycle).await?;
    let mut checked = Vec::with_capacity(answers.len());
    for (item, input) in answers {
        if fw.oit_item(item).is_none() {
            return Err(CoreError::not_found(
                format!("ไม่มีข้อ {item} ในเกณฑ์ปีนี้"),
                format!("No item {item} in this year's framework."),
            ));
        }
        checked.push((item, input, validate(item, input)?));
    }
    cycles::check_window(&s.cycle, Phase::OitAnswer, core.now())?;
    let current = view::state_of(tx.conn(), &s).await?;
    if current != OitState::Draft {
        return Err(wrong_state(
            current,
            "แก้ไขคำตอบได้เฉพาะขณะเป็นฉบับร่าง",
            "Answers can change only while in draft",
        ));
    }
    let now = core.now_text();
    for (item, input, urls) in checked {
        let before = view::item_snapshot(tx.conn(), &s, item).await?;
        let urls_json = serde_json::to_string(&urls).map_err(CoreError::internal)?;
        oit::upsert_answer(
            tx.conn(),
            s.cycle.id,
            s.agency.id,
            item,
            input.published,
            &urls_json,
            input.note.trim(),
            &actor.username,
            &now,
        )
        .await?;
        let after = view::item_snapshot(tx.conn(), &s, item).await?;
        audit::record(
            tx.conn(),
            actor,
            &now,
            "oit.answer",
            ("oit_item", &format!("{code}/{year}/{item}")),
            before.as_ref(),
            after.as_ref(),
        )
        .await?;
    }
    tx.commit().await?;
    view::oit_of(core, actor, year, code).await
}

async fn transition(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    from: OitState,
    to: OitState,
    action: &str,
) -> Result<view::OitView, CoreError> {
    transition_with(core, actor, year, code, from, to, action, None).await
}

#[allow(clippy::too_many_arguments, reason = "one transition's parts")]
async fn transition_with(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    from: OitState,
    to: OitState,
    action: &str,
    returned: Option<&Returned>,
) -> Result<view::OitView, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let s = scope::resolve(core, tx.conn(), actor, year, code).await?;
    if let Some(r) = returned {
        r.validate()?;
    }
    cycles::check_window(&s.cycle, Phase::OitAnswer, core.now())?;
    let current = view::state_of(tx.conn(), &s).await?;
    if current != from {
        return Err(wrong_state(
            current,
            "ทำรายการนี้ไม่ได้ในสถานะนี้",
            "Not possible in this state",
        ));
    }
    if to == OitState::Submitted {
        let fw = cycles::cached_framework(core, &s.cycle).await?;
        let answered: Vec<String> = oit::answers(tx.conn(), s.cycle.id, s.agency.id)
            .await?
            .into_iter()
            .map(|a| a.item_code)
            .collect();
        let missing: Vec<FieldError> = fw
            .oit_items()
            .filter(|i| !answered.contains(&i.code))
            .map(|i| {
                FieldError::new(
                    &i.code,
                    format!("ยังไม่ได้ตอบข้อ {} {}", i.code, i.name_th),
                    format!("Item {} ({}) is not answered.", i.code, i.name_en),
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(CoreError::Invalid(missing));
        }
    }
    let now = core.now_text();
    oit::set_state(
        tx.conn(),
        s.cycle.id,
        s.agency.id,
        to.as_str(),
        &actor.username,
        &now,
    )
    .await?;
    if to == OitState::Submitted {
        notifications::oit_awaits_approval(tx.conn(), year, &s.agency, &now).await?;
    }
    if let Some(r) = returned {
        oit::set_returned(
            tx.conn(),
            s.cycle.id,
            s.agency.id,
            &r.reason,
            &actor.username,
            &now,
        )
        .await?;
    }
    let answers = view::answers_snapshot(tx.conn(), &s).await?;
    let reason = returned.map(|r| r.reason.as_str());
    audit::record(
        tx.conn(),
        actor,
        &now,
        action,
        ("oit", &format!("{code}/{year}")),
        Some(&serde_json::json!({ "state": from })),
        Some(&serde_json::json!({ "state": to, "answers": answers, "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    view::oit_of(core, actor, year, code).await
}

/// The admin sends the answers to the executive.
pub async fn submit(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<view::OitView, CoreError> {
    actor.require(&[Role::AgencyAdmin])?;
    transition(
        core,
        actor,
        year,
        code,
        OitState::Draft,
        OitState::Submitted,
        "oit.submit",
    )
    .await
}

/// The executive sends them back for changes, saying why (the agency's admin reads it on the
/// OIT page). The pages require a reason; the API takes one and, for scripts written before
/// it, accepts none.
pub async fn return_to_draft(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    reason: Option<&str>,
) -> Result<view::OitView, CoreError> {
    actor.require(&[Role::AgencyExecutive])?;
    let returned = Returned {
        reason: reason.map(str::trim).unwrap_or_default().to_string(),
    };
    transition_with(
        core,
        actor,
        year,
        code,
        OitState::Submitted,
        OitState::Draft,
        "oit.return",
        Some(&returned),
    )
    .await
}

/// What a return records beside the state.
struct Returned {
    reason: String,
}

impl Returned {
    /// Checked after the agency's scope, so an outsider learns nothing from the answer.
    fn validate(&self) -> Result<(), CoreError> {
        if self.reason.chars().count() > 1000 {
            return Err(CoreError::invalid(
                "reason",
                "เหตุผลยาวเกิน 1000 ตัวอักษร",
                "The reason is longer than 1,000 characters.",
            ));
        }
        Ok(())
    }
}

/// The executive approves: the answers lock and go to the assessors.
pub async fn approve(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<view::OitView, CoreError> {
    actor.require(&[Role::AgencyExecutive])?;
    transition(
        core,
        actor,
        year,
        code,
        OitState::Submitted,
        OitState::Approved,
        "oit.approve",
    )
    .await
}
