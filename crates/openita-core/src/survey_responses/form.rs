//! Opening a survey form from its public link.

use super::nonce;
use crate::{Core, CoreError, cycles};
use chrono::Duration;
use openita_db::{
    DbError,
    queries::{agencies, agencies::AgencyRow, cycles as cycle_rows, surveys},
};
use openita_framework::{Framework, InstrumentCode};
use openita_types::{FiscalYear, Phase, Text, thai_time::bangkok};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FormOption {
    pub level: i64,
    pub label_th: String,
    pub label_en: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FormQuestion {
    pub id: String,
    pub indicator: u16,
    #[serde(skip)]
    pub indicator_name: Text,
    pub text_th: String,
    pub text_en: String,
    pub scale: String,
    pub optional: bool,
    pub options: Vec<FormOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyForm {
    pub instrument: &'static str,
    pub year: FiscalYear,
    pub agency_code: String,
    pub agency_name_th: String,
    pub agency_name_en: Option<String>,
    pub form_nonce: String,
    /// The questions, shared by every form of the framework's instrument.
    #[serde(skip)]
    pub prepared: Arc<super::PreparedQuestions>,
    pub window: cycles::PhaseWindow,
}

impl SurveyForm {
    pub fn questions(&self) -> &[FormQuestion] {
        &self.prepared.list
    }
}

/// What a public token leads to.
pub(crate) struct Resolved {
    pub link_id: i64,
    pub cycle: cycles::CycleView,
    pub agency: AgencyRow,
    pub instrument: InstrumentCode,
    pub framework: Arc<Framework>,
}

pub(crate) fn link_not_found() -> CoreError {
    CoreError::not_found(
        "ไม่พบแบบสอบถามนี้ ลิงก์อาจพิมพ์ผิดหรือหน่วยงานเปลี่ยนลิงก์ใหม่แล้ว โปรดใช้ลิงก์หรือ QR code ล่าสุดของหน่วยงาน",
        "No survey at this address: the link may be mistyped or replaced by a newer one. Use the agency's latest link or QR code.",
    )
}

/// An old link of an agency that issued new ones (printed posters and shared links stop
/// working when links are rotated): say so, and where the new one comes from.
pub(crate) fn link_replaced(agency_name: &str) -> CoreError {
    CoreError::not_found(
        format!(
            "ลิงก์นี้เปลี่ยนแล้ว: {agency_name} ออกลิงก์แบบวัดใหม่แทนลิงก์นี้ ลิงก์และ QR code เดิมใช้ไม่ได้อีก \
             โปรดใช้ลิงก์หรือ QR code ใหม่จากหน่วยงาน (บนเว็บไซต์ เพจ หรือโปสเตอร์ฉบับใหม่ของหน่วยงาน) \
             หรือสอบถามหน่วยงานโดยตรง"
        ),
        format!(
            "This link was replaced: {agency_name} issued a new survey link, and the old link and \
             QR code no longer work. Use the agency's new link or QR code (on its website, page \
             or new poster), or ask the agency."
        ),
    )
}

/// Follows a token to its open link, cycle, agency and framework, and checks the window.
/// What a token leads to is kept for a few seconds (`link_cache`); the window is checked
/// against the clock every time.
pub(crate) async fn resolve(core: &Core, token: &str) -> Result<Arc<Resolved>, CoreError> {
    if token.len() > 64 {
        return Err(link_not_found());
    }
    let resolved = match core.surveys.links.get(token) {
        Some(r) => r,
        None => {
            let r = Arc::new(resolve_from_database(core, token).await?);
            core.surveys.links.put(token, r.clone());
            r
        }
    };
    let phase = match resolved.instrument {
        InstrumentCode::Iit => Phase::Iit,
        _ => Phase::Eit,
    };
    cycles::check_window(&resolved.cycle, phase, core.now())?;
    Ok(resolved)
}

async fn resolve_from_database(core: &Core, token: &str) -> Result<Resolved, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let link = surveys::link_by_token(&mut conn, token)
        .await?
        .ok_or_else(link_not_found)?;
    if link.closed_at.is_some() {
        let name = agencies::by_id(&mut conn, link.agency_id)
            .await?
            .map(|a| a.name_th)
            .unwrap_or_default();
        return Err(link_replaced(&name));
    }
    let cycle_row = cycle_rows::by_id(&mut conn, link.cycle_id)
        .await?
        .ok_or_else(link_not_found)?;
    let cycle = cycles::load_cycle(&mut conn, core, cycle_row.year).await?;
    let agency = agencies::by_id(&mut conn, link.agency_id)
        .await?
        .ok_or_else(link_not_found)?;
    drop(conn);
    let instrument = match link.instrument.as_str() {
        "IIT" => InstrumentCode::Iit,
        _ => InstrumentCode::Eit,
    };
    let framework = cycles::cached_framework(core, &cycle).await?;
    Ok(Resolved {
        link_id: link.id,
        cycle,
        agency,
        instrument,
        framework,
    })
}

fn questions(fw: &Framework, instrument: InstrumentCode) -> Vec<FormQuestion> {
    fw.questions(instrument)
        .map(|(indicator, q)| FormQuestion {
            id: q.id.clone(),
            indicator: indicator.number,
            indicator_name: Text::new(indicator.name_th.clone(), indicator.name_en.clone()),
            text_th: q.text_th.clone(),
            text_en: q.text_en.clone(),
            scale: q.scale.clone(),
            optional: q.optional,
            options: fw
                .scale_labels
                .get(&q.scale)
                .map(|labels| {
                    labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| FormOption {
                            level: i as i64 + 1,
                            label_th: l.th.clone(),
                            label_en: l.en.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// The form behind a public link, with a fresh one-time nonce valid until tomorrow. `client`
/// is the viewer's address, for the per-link limit on issuing nonces (`None` when the call
/// does not come from the network); it is never stored.
pub async fn open_form(
    core: &Core,
    token: &str,
    client: Option<std::net::IpAddr>,
) -> Result<SurveyForm, CoreError> {
    let r = resolve(core, token).await?;
    core.surveys.limits.form_viewed(client, r.link_id)?;
    let phase = if r.instrument == InstrumentCode::Iit {
        Phase::Iit
    } else {
        Phase::Eit
    };
    let window = *r
        .cycle
        .window(phase)
        .ok_or_else(|| CoreError::internal("window checked"))?;
    let today = core.now().with_timezone(&bangkok()).date_naive();
    let key = nonce::key(core).await?;
    Ok(SurveyForm {
        instrument: r.instrument.as_str(),
        year: r.cycle.year,
        agency_code: r.agency.code.clone(),
        agency_name_th: r.agency.name_th.clone(),
        agency_name_en: r.agency.name_en.clone(),
        form_nonce: nonce::issue(&key, r.link_id, today + Duration::days(1))?,
        prepared: core.surveys.links.questions(
            &r.cycle.framework_fingerprint,
            r.instrument,
            || questions(&r.framework, r.instrument),
        ),
        window,
    })
}
