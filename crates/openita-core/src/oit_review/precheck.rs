//! The province committee's pre-check (the seeds: "checked by a province committee" before
//! the agency's executive approves): item by item, every agency of the area in one table with
//! its answer and the evidence checks beside it; the committee marks each answer `checked` or
//! `needs_work` with a note the agency sees on its OIT page. Advice, never a score: the
//! assessors score later, and a pre-check changes nothing the agency entered.

use super::{OitState, scope, view::state_of};
use crate::{Actor, Core, CoreError, FieldError, agencies, audit, cycles, dashboards};
use openita_db::{DbError, queries::oit_prechecks};
use openita_types::{AgencyCode, FiscalYear, LinkOutcome, Moment, Role};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most a note may hold.
pub const MAX_NOTE_CHARS: usize = 1000;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"status": "needs_work", "note": "ลิงก์ที่ 2 เปิดไม่ได้"}))]
pub struct PrecheckInput {
    #[schema(value_type = PrecheckStatus)]
    pub status: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

/// The committee's mark on one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrecheckStatus {
    Checked,
    NeedsWork,
}

impl PrecheckStatus {
    /// The code stored and shown by the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            PrecheckStatus::Checked => "checked",
            PrecheckStatus::NeedsWork => "needs_work",
        }
    }

    pub fn parse(code: &str) -> Option<PrecheckStatus> {
        [PrecheckStatus::Checked, PrecheckStatus::NeedsWork]
            .into_iter()
            .find(|s| s.as_str() == code)
    }
}

impl std::fmt::Display for PrecheckStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PrecheckView {
    pub status: PrecheckStatus,
    pub note: String,
    pub by: String,
    /// `by`'s name as pages show it (the user name until a view fills it in).
    pub by_name: String,
    pub at: Moment,
}

impl TryFrom<oit_prechecks::PrecheckRow> for PrecheckView {
    type Error = CoreError;

    fn try_from(r: oit_prechecks::PrecheckRow) -> Result<Self, CoreError> {
        Ok(PrecheckView {
            // Only `set_precheck` writes it, from a `PrecheckStatus`.
            status: PrecheckStatus::parse(&r.status).unwrap_or(PrecheckStatus::NeedsWork),
            note: r.note,
            by_name: r.checked_by.clone(),
            by: r.checked_by,
            at: Moment::stored(&r.checked_at)?,
        })
    }
}

/// The committee: the coordinators of the agency's area.
const COMMITTEE: &[Role] = &[Role::ProvinceCoordinator, Role::DistrictCoordinator];

/// Can the committee still mark this agency's answers? Only before its executive approves.
pub fn open_for_precheck(oit_state: OitState) -> bool {
    matches!(oit_state, OitState::Draft | OitState::Submitted)
}

fn validate(input: &PrecheckInput) -> Result<(PrecheckStatus, String), CoreError> {
    let status = PrecheckStatus::parse(input.status.trim());
    let note = input.note.trim().to_string();
    let mut errors = Vec::new();
    if status.is_none() {
        errors.push(FieldError::new(
            "status",
            "โปรดเลือก \"ตรวจแล้ว\" หรือ \"ต้องแก้ไข\"",
            "Choose \"checked\" or \"needs work\".",
        ));
    }
    if status == Some(PrecheckStatus::NeedsWork) && note.is_empty() {
        errors.push(FieldError::new(
            "note",
            "โปรดบอกหน่วยงานว่าต้องแก้ไขอะไร",
            "Tell the agency what needs work.",
        ));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.push(FieldError::new(
            "note",
            format!("บันทึกยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร"),
            format!("The note is longer than {MAX_NOTE_CHARS} characters."),
        ));
    }
    match status {
        Some(status) if errors.is_empty() => Ok((status, note)),
        _ => Err(CoreError::Invalid(errors)),
    }
}

fn unknown_item(item: &str) -> CoreError {
    CoreError::not_found(
        format!("ไม่พบข้อ OIT \"{item}\""),
        format!("No OIT item \"{item}\"."),
    )
}

/// `PUT .../agencies/{code}/oit/{item}/precheck`: a coordinator of the agency's area marks
/// one answer.
pub async fn set_precheck(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    item: &str,
    input: &PrecheckInput,
) -> Result<PrecheckView, CoreError> {
    actor.require(COMMITTEE)?;
    let (status, note) = validate(input)?;
    let mut tx = core.db.begin_write().await?;
    let s = scope::resolve(core, tx.conn(), actor, year, code).await?;
    let fw = cycles::cached_framework(core, &s.cycle).await?;
    if fw.oit_item(item).is_none() {
        return Err(unknown_item(item));
    }
    let current = state_of(tx.conn(), &s).await?;
    if !open_for_precheck(current) {
        return Err(CoreError::conflict(
            "oit_already_approved",
            "ผู้บริหารของหน่วยงานอนุมัติคำตอบ OIT แล้ว จึงตรวจทานล่วงหน้าไม่ได้อีก",
            "The agency's executive has approved its OIT answers: the pre-check is closed.",
        ));
    }
    let before = oit_prechecks::of_agency(tx.conn(), s.cycle.id, s.agency.id)
        .await?
        .into_iter()
        .find(|p| p.item_code == item);
    let now = core.now_text();
    let row = oit_prechecks::PrecheckRow {
        agency_id: s.agency.id,
        item_code: item.to_string(),
        status: status.as_str().to_string(),
        note,
        checked_by: actor.username.clone(),
        checked_at: now.clone(),
    };
    oit_prechecks::set(tx.conn(), s.cycle.id, &row).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "oit.precheck",
        ("oit_item", &format!("{year}/{code}/{item}")),
        before.as_ref(),
        Some(&row),
    )
    .await?;
    tx.commit().await?;
    PrecheckView::try_from(row)
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PrecheckAnswer {
    pub published: bool,
    pub urls: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PrecheckLinkCheck {
    pub url: String,
    pub outcome: LinkOutcome,
    pub checked_at: Moment,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PrecheckLine {
    pub code: String,
    pub name_th: String,
    pub district: Option<String>,
    /// The agency's OIT state; marks are possible while `draft` or `submitted`.
    pub state: OitState,
    pub open: bool,
    pub answer: Option<PrecheckAnswer>,
    pub checks: Vec<PrecheckLinkCheck>,
    pub precheck: Option<PrecheckView>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ItemRef {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub indicator: u16,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PrecheckTable {
    pub year: FiscalYear,
    pub province: dashboards::area::Place,
    pub district: Option<dashboards::area::Place>,
    pub item: ItemRef,
    /// Every item of the framework, to choose from.
    pub items: Vec<ItemRef>,
    pub answered: usize,
    pub checked: usize,
    pub needs_work: usize,
    pub agencies: Vec<PrecheckLine>,
}

/// `GET .../provinces/{province}/oit-precheck?item=&district=`: one item, every agency of the
/// area (the first item when none is named).
pub async fn precheck_table(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    district: Option<&str>,
    item: Option<&str>,
) -> Result<PrecheckTable, CoreError> {
    let (place, district_place) = dashboards::area::watched_area(actor, province, district)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let items: Vec<ItemRef> = fw
        .instruments
        .iter()
        .flat_map(|i| i.indicators.iter())
        .flat_map(|ind| {
            ind.items.iter().map(move |it| ItemRef {
                code: it.code.clone(),
                name_th: it.name_th.clone(),
                name_en: it.name_en.clone(),
                indicator: ind.number,
            })
        })
        .collect();
    let chosen = match item.map(str::trim).filter(|i| !i.is_empty()) {
        Some(code) => items
            .iter()
            .find(|i| i.code == code)
            .cloned()
            .ok_or_else(|| unknown_item(code))?,
        None => items.first().cloned().ok_or_else(|| unknown_item("-"))?,
    };
    let query = agencies::AgencyQuery {
        province: Some(place.code.clone()),
        district: district_place.as_ref().map(|d| d.code.clone()),
        ..Default::default()
    };
    let (list, _) = agencies::list_agencies(core, actor, &query).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let states = super::view::states_of_cycle(&mut conn, cycle.id).await?;
    let mut answers: HashMap<i64, PrecheckAnswer> = HashMap::new();
    for (agency, published, urls, note) in
        oit_prechecks::answers_of_item(&mut conn, cycle.id, &chosen.code).await?
    {
        answers.insert(
            agency,
            PrecheckAnswer {
                published: published == 1,
                urls: serde_json::from_str(&urls).unwrap_or_default(),
                note,
            },
        );
    }
    let mut checks: HashMap<i64, Vec<PrecheckLinkCheck>> = HashMap::new();
    for (agency, url, outcome, checked_at) in
        oit_prechecks::checks_of_item(&mut conn, cycle.id, &chosen.code).await?
    {
        checks.entry(agency).or_default().push(PrecheckLinkCheck {
            url,
            outcome: super::view::stored_outcome(&outcome)?,
            checked_at: Moment::stored(&checked_at)?,
        });
    }
    let mut marks: HashMap<i64, PrecheckView> =
        oit_prechecks::of_cycle(&mut conn, cycle.id, Some(&chosen.code))
            .await?
            .into_iter()
            .map(|r| Ok((r.agency_id, PrecheckView::try_from(r)?)))
            .collect::<Result<_, CoreError>>()?;
    let by: Vec<String> = marks.values().map(|m| m.by.clone()).collect();
    let people = crate::accounts::People::of(&mut conn, by.iter().map(String::as_str)).await?;
    for m in marks.values_mut() {
        m.by_name = people.name_of(&m.by);
    }
    let lines: Vec<PrecheckLine> = list
        .into_iter()
        .map(|a| {
            let state = states.get(&a.id.get()).copied().unwrap_or(OitState::Draft);
            PrecheckLine {
                open: open_for_precheck(state),
                state,
                answer: answers.remove(&a.id.get()),
                checks: checks.remove(&a.id.get()).unwrap_or_default(),
                precheck: marks.remove(&a.id.get()),
                code: a.code.into(),
                name_th: a.name_th,
                district: a.district,
            }
        })
        .collect();
    let count = |status: PrecheckStatus| {
        lines
            .iter()
            .filter(|l| l.precheck.as_ref().is_some_and(|p| p.status == status))
            .count()
    };
    Ok(PrecheckTable {
        year,
        province: place,
        district: district_place,
        answered: lines.iter().filter(|l| l.answer.is_some()).count(),
        checked: count(PrecheckStatus::Checked),
        needs_work: count(PrecheckStatus::NeedsWork),
        item: chosen,
        items,
        agencies: lines,
    })
}
