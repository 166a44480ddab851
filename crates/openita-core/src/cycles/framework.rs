//! A cycle's framework: stored whole with the cycle (with its fingerprint) so that last
//! year's results can be recomputed exactly after this year's framework changes; replaceable
//! only until the cycle opens.

use super::create::load;
use crate::{Actor, Core, CoreError, FieldError, audit};
use openita_db::{DbError, queries::cycles};
use openita_framework::{Framework, FrameworkError};
use openita_types::{FiscalYear, Role};

/// Where a replacement framework comes from.
#[derive(Debug, Clone)]
pub enum FrameworkSource {
    /// A framework shipped with OpenITA, by name (`ita-2568`).
    Shipped(String),
    /// An uploaded framework in the API's JSON shape.
    Json(String),
}

fn framework_error(field: &str, e: &FrameworkError) -> CoreError {
    CoreError::Invalid(vec![FieldError::new(
        field,
        format!("{} (ตำแหน่ง: {})", e.message("th"), e.location),
        format!("{} (at {})", e.message("en"), e.location),
    )])
}

pub(crate) fn load_shipped(name: &str) -> Result<Framework, CoreError> {
    openita_framework::shipped::load(name).map_err(|e| framework_error("framework", &e))
}

/// A shipped framework for a cycle year. Another year starts from the newest known definition
/// (as NACC carries a framework over until it publishes changes; an earlier year, such as a
/// demo's last year, has no shipped framework of its own): its year is set to the cycle's, and
/// year rules (`cur`, `prev`) then follow the cycle.
pub(crate) fn shipped_for_year(name: &str, year: FiscalYear) -> Result<Framework, CoreError> {
    let framework = load_shipped(name)?;
    if i64::from(framework.definition().year) == i64::from(year) {
        return Ok(framework);
    }
    let from = framework.definition().year;
    let mut json = framework.to_json_value();
    json["year"] = serde_json::json!(year);
    // The titles name the cycle's year (B.E., and C.E. in the English one), and a note says
    // where the definition came from.
    let (from_ce, to_ce) = (i64::from(from) - 543, i64::from(year.ce()));
    for key in ["title_th", "title_en"] {
        if let Some(title) = json[key].as_str() {
            let retitled = title
                .replace(&format!("({from_ce})"), &format!("({to_ce})"))
                .replace(&from.to_string(), &year.to_string());
            json[key] = serde_json::json!(retitled);
        }
    }
    if let Some(notes) = json["notes"].as_array_mut() {
        notes.insert(
            0,
            serde_json::json!({
                "th": format!("ใช้เกณฑ์ของปี {from} สำหรับปี {year} จนกว่าสำนักงาน ป.ป.ช. จะประกาศเกณฑ์ของปีนี้ ผู้ดูแลระบบแก้ไขได้ก่อนเปิดรอบการประเมิน"),
                "en": format!("The {from} framework, carried over to {year} until NACC publishes this year's; the administrator may change it before the cycle opens."),
            }),
        );
    }
    Framework::from_json_str(&json.to_string()).map_err(|e| framework_error("framework", &e))
}

/// Parsed frameworks by fingerprint. A fingerprint names one exact definition, so an entry
/// never goes stale; a replaced framework simply has a new fingerprint.
#[derive(Default)]
pub struct FrameworkCache(
    std::sync::RwLock<std::collections::HashMap<String, std::sync::Arc<Framework>>>,
);

impl FrameworkCache {
    /// The framework with this fingerprint, parsing `json` on first use.
    pub(crate) fn get_or_parse(
        &self,
        fingerprint: &str,
        json: impl FnOnce() -> Option<String>,
    ) -> Result<std::sync::Arc<Framework>, CoreError> {
        if let Some(fw) = self.0.read().ok().and_then(|m| m.get(fingerprint).cloned()) {
            return Ok(fw);
        }
        let text = json()
            .ok_or_else(|| CoreError::internal(format!("framework {fingerprint} not found")))?;
        let fw =
            std::sync::Arc::new(Framework::from_json_str(&text).map_err(|e| {
                CoreError::internal(format!("stored framework does not load: {e}"))
            })?);
        if let Ok(mut m) = self.0.write() {
            m.insert(fingerprint.to_string(), fw.clone());
        }
        Ok(fw)
    }
}

/// The framework of a cycle, from the in-memory cache.
pub(crate) async fn cached_framework(
    core: &Core,
    cycle: &super::CycleView,
) -> Result<std::sync::Arc<Framework>, CoreError> {
    cached_framework_of(core, cycle.year, &cycle.framework_fingerprint).await
}

/// The framework with this fingerprint, stored with the cycle of `year`, from the cache.
pub(crate) async fn cached_framework_of(
    core: &Core,
    year: FiscalYear,
    fingerprint: &str,
) -> Result<std::sync::Arc<Framework>, CoreError> {
    if let Some(fw) = core
        .frameworks
        .0
        .read()
        .ok()
        .and_then(|m| m.get(fingerprint).cloned())
    {
        return Ok(fw);
    }
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let json = cycles::framework_json(&mut conn, year).await?;
    core.frameworks.get_or_parse(fingerprint, || json)
}

/// The framework a cycle is scored by.
pub async fn cycle_framework(core: &Core, year: FiscalYear) -> Result<Framework, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let json = cycles::framework_json(&mut conn, year)
        .await?
        .ok_or_else(|| super::create::cycle_not_found(year))?;
    Framework::from_json_str(&json).map_err(|e| {
        CoreError::internal(format!(
            "stored framework of cycle {year} does not load: {e}"
        ))
    })
}

/// Parses an uploaded framework on the blocking pool: up to a megabyte of JSON, whose
/// numbers each may take a search for their fraction, is not work for a thread that serves
/// requests.
async fn parse_upload(json: &str) -> Result<Framework, CoreError> {
    if json.len() > openita_framework::MAX_UPLOAD_BYTES {
        // Refused without a copy; from_upload words the message.
        return Framework::from_upload(json).map_err(|e| framework_error("framework", &e));
    }
    let json = json.to_owned();
    tokio::task::spawn_blocking(move || Framework::from_upload(&json))
        .await
        .map_err(|e| CoreError::internal(format!("the framework reader stopped: {e}")))?
        .map_err(|e| framework_error("framework", &e))
}

pub async fn replace_framework(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    source: &FrameworkSource,
) -> Result<super::CycleView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let (framework, name) = match source {
        FrameworkSource::Shipped(name) => (shipped_for_year(name, year)?, name.clone()),
        FrameworkSource::Json(json) => {
            let fw = parse_upload(json).await?;
            let name = fw.definition().name.clone();
            (fw, name)
        }
    };
    if i64::from(framework.definition().year) != i64::from(year) {
        return Err(CoreError::invalid(
            "year",
            format!(
                "เกณฑ์นี้เป็นของปีงบประมาณ {} ใช้กับรอบปี {year} ไม่ได้",
                framework.definition().year
            ),
            format!(
                "This framework is for fiscal year {}, not {year}.",
                framework.definition().year
            ),
        ));
    }
    let mut tx = core.db.begin_write().await?;
    let before = load(tx.conn(), core, year).await?;
    if before.opened {
        return Err(CoreError::conflict(
            "cycle_open",
            format!("รอบการประเมิน {year} เปิดแล้ว จึงเปลี่ยนเกณฑ์การประเมินไม่ได้"),
            format!("Cycle {year} is open: its framework can no longer be replaced."),
        ));
    }
    let now = core.now_text();
    cycles::replace_framework(
        tx.conn(),
        before.id,
        &name,
        &framework.fingerprint(),
        &framework.canonical_json(),
    )
    .await?;
    let after = load(tx.conn(), core, year).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "cycle.framework_replace",
        ("cycle", &year.to_string()),
        Some(&serde_json::json!({"framework": before.framework, "fingerprint": before.framework_fingerprint})),
        Some(&serde_json::json!({"framework": after.framework, "fingerprint": after.framework_fingerprint})),
    )
    .await?;
    tx.commit().await?;
    // Survey tokens followed before this change lead elsewhere now.
    core.surveys.links.forget_all();
    Ok(after)
}
