//! What an agency's OIT looks like to the person asking: answers, scores and reasons as their
//! role may see them, the item's checklist and year rule, and the checker's findings.

use super::{OitState, scope};
use crate::{Actor, Core, CoreError, cycles};
use openita_db::{
    Conn, DbError,
    queries::{agencies as agency_rows, assignments, oit},
};
use openita_types::{AgencyCode, FiscalYear, LinkOutcome, Moment, Phase, Role, Text, UserId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Decision {
    #[schema(value_type = f64)]
    pub score: serde_json::Value,
    pub reason: String,
    pub by: String,
    /// `by`'s name as pages show it.
    pub by_name: String,
    pub at: Moment,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Clarification {
    pub text: String,
    pub by: String,
    /// `by`'s name as pages show it.
    pub by_name: String,
    pub at: Moment,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct LinkCheckView {
    pub url: String,
    pub outcome: LinkOutcome,
    pub http_status: Option<i64>,
    pub final_url: Option<String>,
    pub content_type: Option<String>,
    pub login_wall: bool,
    pub year_found: bool,
    pub detail: Option<String>,
    pub checked_at: Moment,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ItemView {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub indicator: u16,
    /// now, cur or prev.
    pub year_rule: String,
    /// The fiscal year the evidence must cover, if the rule names one.
    pub year_covered: Option<u16>,
    #[schema(value_type = Vec<Object>)]
    pub elements: Vec<Text>,
    /// Null until the agency answers the item.
    pub published: Option<bool>,
    pub urls: Vec<String>,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisional: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clarification: Option<Clarification>,
    #[serde(rename = "final", skip_serializing_if = "Option::is_none")]
    pub final_decision: Option<Decision>,
    pub checks: Vec<LinkCheckView>,
    /// The scores the framework allows for this item, highest first (2568: 100, 0).
    pub allowed_scores: Vec<ScoreChoice>,
    /// The province committee's pre-check of this answer, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precheck: Option<super::PrecheckView>,
}

/// A score an assessor may give: `value` as the API takes it (`"100"`, `"100/3"`), `label`
/// to 2 decimals as people read it.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ScoreChoice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OitView {
    /// Why the executive last sent the answers back, while they are in draft again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned: Option<Clarification>,
    pub agency: String,
    /// The agency's Thai name, for headings.
    pub agency_name_th: String,
    pub year: FiscalYear,
    pub state: super::OitState,
    /// What the reader may do now (role, state and calendar).
    pub actions: super::OitActions,
    pub answered: usize,
    pub total: usize,
    pub items: Vec<ItemView>,
}

/// The time of a decision or an objection, which is written with it.
fn stored_at(at: Option<&str>) -> Result<Moment, CoreError> {
    let at = at.ok_or_else(|| CoreError::internal("a decision without its time"))?;
    Ok(Moment::stored(at)?)
}

impl OitView {
    /// The one item a use case changed, from the view it read back after the change.
    pub(crate) fn into_item(self, item: &str) -> Result<ItemView, CoreError> {
        self.items
            .into_iter()
            .find(|i| i.code == item)
            .ok_or_else(|| CoreError::internal("item vanished"))
    }
}

/// A checker's verdict as stored: a code this version does not know is our fault.
pub(crate) fn stored_outcome(code: &str) -> Result<LinkOutcome, CoreError> {
    LinkOutcome::from_code(code)
        .ok_or_else(|| CoreError::internal(format!("unknown link outcome {code:?}")))
}

/// Where the agency's OIT stands; draft until it first changes.
pub(crate) async fn state_of(conn: &mut Conn, s: &scope::OitScope) -> Result<OitState, CoreError> {
    state_of_agency(conn, s.cycle.id, s.agency.id).await
}

/// The same by ids, for the views that list agencies.
pub(crate) async fn state_of_agency(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<OitState, CoreError> {
    match oit::submission(conn, cycle_id, agency_id).await? {
        Some(row) => OitState::stored(&row.state),
        None => Ok(OitState::Draft),
    }
}

/// Every agency's OIT state in a cycle, by agency id (an agency missing is in draft).
pub(crate) async fn states_of_cycle(
    conn: &mut Conn,
    cycle_id: i64,
) -> Result<std::collections::HashMap<i64, OitState>, CoreError> {
    oit::states(conn, cycle_id)
        .await?
        .into_iter()
        .map(|(agency, code)| Ok((agency, OitState::stored(&code)?)))
        .collect()
}

pub(crate) fn score_json(text: &str) -> serde_json::Value {
    text.parse::<openita_framework::Fraction>()
        .map(|f| serde_json::json!(f.as_f64()))
        .unwrap_or(serde_json::Value::Null)
}

pub(crate) async fn item_snapshot(
    conn: &mut Conn,
    s: &scope::OitScope,
    item: &str,
) -> Result<Option<serde_json::Value>, CoreError> {
    Ok(oit::answers(conn, s.cycle.id, s.agency.id)
        .await?
        .into_iter()
        .find(|a| a.item_code == item)
        .map(|a| serde_json::json!({"published": a.published == 1, "urls": serde_json::from_str::<serde_json::Value>(&a.urls).unwrap_or_default(), "note": a.note})))
}

pub(crate) async fn answers_snapshot(
    conn: &mut Conn,
    s: &scope::OitScope,
) -> Result<serde_json::Value, CoreError> {
    let rows = oit::answers(conn, s.cycle.id, s.agency.id).await?;
    Ok(rows
        .into_iter()
        .map(|a| (a.item_code, serde_json::json!({"published": a.published == 1, "urls": serde_json::from_str::<serde_json::Value>(&a.urls).unwrap_or_default()})))
        .collect::<serde_json::Map<_, _>>()
        .into())
}

/// Agencies see provisional scores once the clarification window has opened (assessors, the
/// NACC admin always).
fn sees_provisional(
    actor: &Actor,
    cycle: &cycles::CycleView,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    match actor.role {
        Role::NaccAdmin | Role::Assessor => true,
        _ => cycle
            .window(Phase::Clarification)
            .is_some_and(|w| now >= w.start),
    }
}

pub async fn oit_of(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<OitView, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let s = scope::resolve(core, &mut conn, actor, year, code).await?;
    let fw = cycles::cached_framework(core, &s.cycle).await?;
    let answers = oit::answers(&mut conn, s.cycle.id, s.agency.id).await?;
    let reviews = oit::reviews(&mut conn, s.cycle.id, s.agency.id).await?;
    let checks = oit::link_checks(&mut conn, s.cycle.id, s.agency.id).await?;
    let mut prechecks: std::collections::HashMap<String, super::PrecheckView> =
        openita_db::queries::oit_prechecks::of_agency(&mut conn, s.cycle.id, s.agency.id)
            .await?
            .into_iter()
            .map(|p| Ok((p.item_code.clone(), super::PrecheckView::try_from(p)?)))
            .collect::<Result<_, CoreError>>()?;
    let submission = oit::submission(&mut conn, s.cycle.id, s.agency.id).await?;
    let current_state = state_of(&mut conn, &s).await?;
    // Who acted, by name: only the people this view shows.
    let acted: Vec<&str> = reviews
        .iter()
        .flat_map(|r| [&r.provisional_by, &r.final_by, &r.clarification_by])
        .filter_map(|by| by.as_deref())
        .chain(prechecks.values().map(|p| p.by.as_str()))
        .chain(submission.as_ref().and_then(|s| s.returned_by.as_deref()))
        .collect();
    let people = crate::accounts::People::of(&mut conn, acted).await?;
    for p in prechecks.values_mut() {
        p.by_name = people.name_of(&p.by);
    }
    let returned = submission
        .filter(|_| current_state == OitState::Draft)
        .and_then(
            |r| match (r.returned_reason, r.returned_by, r.returned_at) {
                (Some(text), Some(by), Some(at)) => Some((text, by, at)),
                _ => None,
            },
        )
        .map(|(text, by, at)| {
            Ok::<_, CoreError>(Clarification {
                text,
                by_name: people.name_of(&by),
                by,
                at: Moment::stored(&at)?,
            })
        })
        .transpose()?;
    let show_provisional = sees_provisional(actor, &s.cycle, core.now());
    let fiscal = year.be();
    let mut items = Vec::new();
    for (indicator, item) in fw
        .instruments
        .iter()
        .flat_map(|i| i.indicators.iter())
        .flat_map(|ind| ind.items.iter().map(move |it| (ind.number, it)))
    {
        let answer = answers.iter().find(|a| a.item_code == item.code);
        let review = reviews.iter().find(|r| r.item_code == item.code);
        let decision = |score: &Option<String>,
                        reason: &Option<String>,
                        by: &Option<String>,
                        at: &Option<String>| {
            score
                .as_ref()
                .map(|sc| {
                    Ok::<_, CoreError>(Decision {
                        score: score_json(sc),
                        reason: reason.clone().unwrap_or_default(),
                        by_name: people.name_of(by.as_deref().unwrap_or_default()),
                        by: by.clone().unwrap_or_default(),
                        at: stored_at(at.as_deref())?,
                    })
                })
                .transpose()
        };
        items.push(ItemView {
            precheck: prechecks.remove(&item.code),
            code: item.code.clone(),
            name_th: item.name_th.clone(),
            name_en: item.name_en.clone(),
            indicator,
            year_rule: serde_json::to_value(item.year_rule)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            year_covered: item.year_rule.fiscal_year_covered(fiscal),
            elements: item
                .elements
                .iter()
                .map(|e| Text::new(e.th.clone(), e.en.clone()))
                .collect(),
            allowed_scores: item
                .allowed_scores
                .iter()
                .rev()
                .map(|s| ScoreChoice {
                    value: s.to_string(),
                    // 100 reads "100"; 100/3 reads "33.33".
                    label: if s.denominator() == 1 {
                        s.to_string()
                    } else {
                        openita_scoring::Decimal2::round_fraction(*s).to_string()
                    },
                })
                .collect(),
            published: answer.map(|a| a.published == 1),
            urls: answer
                .and_then(|a| serde_json::from_str(&a.urls).ok())
                .unwrap_or_default(),
            note: answer.map(|a| a.note.clone()).unwrap_or_default(),
            provisional: match review.filter(|_| show_provisional) {
                Some(r) => decision(
                    &r.provisional_score,
                    &r.provisional_reason,
                    &r.provisional_by,
                    &r.provisional_at,
                )?,
                None => None,
            },
            clarification: match review.and_then(|r| r.clarification.as_ref().map(|t| (r, t))) {
                Some((r, t)) => Some(Clarification {
                    text: t.clone(),
                    by_name: people.name_of(r.clarification_by.as_deref().unwrap_or_default()),
                    by: r.clarification_by.clone().unwrap_or_default(),
                    at: stored_at(r.clarification_at.as_deref())?,
                }),
                None => None,
            },
            final_decision: match review {
                Some(r) => decision(&r.final_score, &r.final_reason, &r.final_by, &r.final_at)?,
                None => None,
            },
            checks: checks
                .iter()
                .filter(|c| c.item_code == item.code)
                .map(|c| {
                    Ok(LinkCheckView {
                        url: c.url.clone(),
                        outcome: stored_outcome(&c.outcome)?,
                        http_status: c.http_status,
                        final_url: c.final_url.clone(),
                        content_type: c.content_type.clone(),
                        login_wall: c.login_wall == 1,
                        year_found: c.year_found == 1,
                        detail: c.detail.clone(),
                        checked_at: Moment::stored(&c.checked_at)?,
                    })
                })
                .collect::<Result<_, CoreError>>()?,
        });
    }
    Ok(OitView {
        returned,
        agency: code.to_string(),
        agency_name_th: s.agency.name_th.clone(),
        year,
        state: current_state,
        actions: super::actions::actions_of(actor.role, current_state, &s.cycle, core.now()),
        answered: answers.len(),
        total: items.len(),
        items,
    })
}

/// One row of an assessor's work queue.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct QueueEntry {
    pub code: String,
    pub name_th: String,
    /// The district's Thai name (several agencies share a name: the district tells them apart).
    pub district: Option<String>,
    /// Work the assessor can do now: approved answers with items still to score in the open
    /// review window, or items to finalise in the open confirmation window.
    pub ready: bool,
    pub state: OitState,
    pub total: usize,
    pub provisional: usize,
    pub clarifications: usize,
    pub finals: usize,
}

/// The agencies assigned to an assessor in a cycle, with how far each is.
pub async fn assessor_queue(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
) -> Result<Vec<QueueEntry>, CoreError> {
    actor.require(&[Role::Assessor])?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let cycle = cycles::load_cycle(&mut conn, core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let codes =
        assignments::agency_codes_of(&mut conn, cycle.id, actor.user_id.map_or(-1, UserId::get))
            .await?;
    let mut out = Vec::new();
    for code in codes {
        let Some(agency) = agency_rows::by_code(&mut conn, &code).await? else {
            continue;
        };
        let reviews = oit::reviews(&mut conn, cycle.id, agency.id).await?;
        let st = state_of_agency(&mut conn, cycle.id, agency.id).await?;
        let total = fw.oit_items().count();
        let provisional = reviews
            .iter()
            .filter(|r| r.provisional_score.is_some())
            .count();
        let open_objections = reviews
            .iter()
            .filter(|r| r.clarification.is_some() && r.final_score.is_none())
            .count();
        let approved = matches!(st, OitState::Approved | OitState::Reviewed);
        let now = core.now();
        let open = |phase: Phase| cycle.window(phase).is_some_and(|w| w.contains(now));
        let finals = reviews.iter().filter(|r| r.final_score.is_some()).count();
        out.push(QueueEntry {
            district: agency
                .district_code
                .as_deref()
                .and_then(|d| openita_geography::district(&agency.province_code, d))
                .map(|d| d.name_th.clone()),
            ready: approved
                && ((open(Phase::OitReview) && provisional < total)
                    || (open(Phase::Confirmation) && (open_objections > 0 || finals < total))),
            code,
            name_th: agency.name_th,
            state: st,
            total,
            provisional,
            clarifications: reviews.iter().filter(|r| r.clarification.is_some()).count(),
            finals,
        });
    }
    // Work that can be done now first, then by code.
    out.sort_by(|a, b| b.ready.cmp(&a.ready).then_with(|| a.code.cmp(&b.code)));
    Ok(out)
}
