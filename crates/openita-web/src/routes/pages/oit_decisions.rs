//! The agency executive's decisions on its OIT answers: approving (asked first while the
//! evidence check shows failing links) and sending them back with a reason the admin reads.

use super::{PageContext, oit::outcome, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use axum::{Form, extract::State, response::Response};
use openita_core::oit_review;
use openita_types::{AgencyCode, FiscalYear};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    reason: String,
}

/// Approving locks the answers. While the evidence check shows links that fail, the
/// executive is told which and asked first.
pub async fn approve(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, ApiError> {
    if form.confirm != "yes" {
        let oit = oit_review::oit_of(&state.core, &user.actor, year, &code).await?;
        let lang = p.lang;
        let failing: Vec<String> = oit
            .items
            .iter()
            .flat_map(|it| {
                it.checks
                    .iter()
                    .filter(|c| c.outcome.is_failure())
                    .map(move |c| {
                        format!(
                            "{} {}: {} ({})",
                            it.code,
                            lang.pick(&it.name_th, &it.name_en),
                            c.url,
                            c.outcome.label(lang)
                        )
                    })
            })
            .collect();
        if !failing.is_empty() {
            let back = format!("/cycles/{year}/agencies/{code}/oit");
            return Ok(render(&super::ConfirmPage {
                heading: p.pick("อนุมัติคำตอบ OIT ทั้งที่ลิงก์ใช้ไม่ได้", "Approve with failing links").to_string(),
                question: format!(
                    "{} {} {}",
                    p.pick("การตรวจหลักฐานพบลิงก์ที่ใช้ไม่ได้", "The evidence check found"),
                    failing.len(),
                    p.pick(
                        "ลิงก์ เมื่ออนุมัติแล้วคำตอบจะถูกล็อก แก้ไขไม่ได้อีก ผู้ประเมินอาจให้คะแนนข้อเหล่านี้เป็นศูนย์",
                        "failing links. Approving locks the answers: they cannot be changed, and the assessors may score these items zero.",
                    )
                ),
                consequences: failing,
                action: format!("{back}/approve"),
                fields: Vec::new(),
                confirm_label: p.pick("ยืนยันอนุมัติ", "Yes, approve").to_string(),
                back,
                reason_label: None,
                reason: String::new(),
                reason_error: None,
                page: p.with_section("cycles"),
            }));
        }
    }
    let r = oit_review::approve(&state.core, &user.actor, year, &code).await;
    outcome(&state, p, &user, year, &code, "oit.done_approved", r).await
}

/// `GET .../oit/return`: the reason box, before anything changes.
pub async fn ask_return(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let agency =
        openita_core::agencies::find_visible_agency(&state.core, &user.actor, &code).await?;
    Ok(return_question(p, year, &code, &agency.name_th, "", None))
}

/// The question before sending the answers back; after a refused reason, with what was typed
/// and why it was refused beside the box.
fn return_question(
    p: PageContext,
    year: FiscalYear,
    code: &AgencyCode,
    agency: &str,
    typed: &str,
    error: Option<String>,
) -> Response {
    let back = format!("/cycles/{year}/agencies/{code}/oit");
    render(&super::ConfirmPage {
        heading: p.pick("ส่งคำตอบ OIT กลับให้แก้ไข", "Send the OIT answers back").to_string(),
        question: format!(
            "{} {agency}",
            p.pick("ส่งคำตอบกลับให้ผู้ดูแลระบบของ", "Send the answers back to the administrator of")
        ),
        consequences: vec![p
            .pick(
                "คำตอบกลับเป็นฉบับร่าง ผู้ดูแลระบบของหน่วยงานเห็นเหตุผลที่ท่านเขียนในหน้า OIT แล้วแก้ไขและส่งใหม่",
                "The answers go back to draft; the agency's administrator sees your reason on the OIT page, changes them and submits again.",
            )
            .to_string()],
        action: format!("{back}/return"),
        fields: Vec::new(),
        confirm_label: p.pick("ส่งกลับพร้อมเหตุผล", "Send back with this reason").to_string(),
        back,
        reason_label: Some(p.pick("ต้องแก้ไขอะไร", "What needs changing").to_string()),
        reason: typed.to_string(),
        reason_error: error,
        page: p.with_section("cycles"),
    })
}

pub async fn return_to_draft(
    State(state): State<AppState>,
    p: PageContext,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, ApiError> {
    // The pages always ask for the reason first.
    if form.confirm != "yes" || form.reason.trim().chars().count() < 5 {
        let agency =
            openita_core::agencies::find_visible_agency(&state.core, &user.actor, &code).await?;
        let refused = form.confirm == "yes";
        let error = refused.then(|| {
            p.pick(
                "เขียนเหตุผลอย่างน้อย 5 ตัวอักษร ผู้ดูแลระบบของหน่วยงานจะเห็นเหตุผลนี้",
                "Write a reason of at least 5 characters; the agency's administrator will read it.",
            )
            .to_string()
        });
        let mut r = return_question(p, year, &code, &agency.name_th, &form.reason, error);
        if refused {
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        }
        return Ok(r);
    }
    let r = oit_review::return_to_draft(&state.core, &user.actor, year, &code, Some(&form.reason))
        .await;
    outcome(&state, p, &user, year, &code, "oit.done_returned", r).await
}
