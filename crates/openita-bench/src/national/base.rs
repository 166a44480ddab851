//! Everything but the answers: agencies, users, the 2568 cycle with its calendar and assessor
//! assignments go through the core use cases (validated and audited as in production, and
//! cheap: a few thousand statements); approved headcounts and survey links, 8,317 of each
//! use case call otherwise, are written with bulk SQL in the columns those use cases write.

use super::{
    YEAR,
    bulk::{Bulk, Val},
    plan::Planned,
};
use anyhow::{Context, Result, ensure};
use base64::Engine as _;
use indicatif::ProgressBar;
use openita_core::{Actor, Core, accounts, agencies, cycles};
use openita_db::Db;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::collections::{BTreeMap, HashMap};

pub const ADMIN: &str = "national.admin";
/// Assessor teams; each takes whole provinces, as province offices hand them out.
const ASSESSORS: usize = 10;

pub fn assessor(n: usize) -> String {
    format!("national.assessor{:02}", n % ASSESSORS + 1)
}

/// The 2568 calendar as the seeds give it (ITA-FRAMEWORK.md §5), dates in Bangkok time.
const CALENDAR: [(&str, &str, &str); 9] = [
    ("registration", "2025-01-06", "2025-02-28"),
    ("headcount", "2025-01-06", "2025-02-28"),
    ("iit", "2025-02-03", "2025-05-30"),
    ("eit", "2025-02-03", "2025-05-30"),
    ("oit_answer", "2025-01-06", "2025-04-30"),
    ("oit_review", "2025-05-01", "2025-05-31"),
    ("clarification", "2025-06-01", "2025-06-16"),
    ("confirmation", "2025-06-17", "2025-06-30"),
    ("announcement", "2025-08-01", "2025-08-31"),
];

pub fn survey_window() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    (day(CALENDAR[2].1), day(CALENDAR[2].2))
}

/// The database ids the later steps need.
pub struct Base {
    pub cycle_id: i64,
    /// Same order as the plan.
    pub agency_ids: Vec<i64>,
    /// The assessor username of each agency (same order).
    pub assessor_of: Vec<String>,
}

pub async fn build(
    core: &Core,
    db: &Db,
    plan: &[Planned],
    seed: u64,
    bar: &ProgressBar,
) -> Result<Base> {
    let system = Actor::system("bench-national");
    bar.set_length(plan.len() as u64);
    bar.set_message("agencies (import_agencies use case)");
    let rows: Vec<(usize, agencies::AgencyInput)> = plan
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 2, p.input.clone()))
        .collect();
    let progress = |done: usize, _total: usize| bar.set_position(done as u64);
    let report = agencies::import_agencies(core, &system, &rows, &progress).await?;
    ensure!(
        report.errors.is_empty() && report.created == plan.len(),
        "agencies did not import: {:?}",
        report.errors.first()
    );
    let ids: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT code, id FROM agencies")
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .collect();
    let agency_ids = plan
        .iter()
        .map(|p| {
            ids.get(&p.input.code)
                .copied()
                .context("imported agency not found")
        })
        .collect::<Result<Vec<i64>>>()?;

    bar.set_message("users, cycle 2568, calendar, assessor assignments (use cases)");
    let user = |name: String, role: &str| accounts::NewUserInput {
        username: name,
        password: "openita-bench-password".into(),
        role: role.into(),
        ..Default::default()
    };
    accounts::create_user(core, &system, &user(ADMIN.into(), "nacc-admin")).await?;
    for n in 0..ASSESSORS {
        accounts::create_user(core, &system, &user(assessor(n), "assessor")).await?;
    }
    cycles::create_cycle(core, &system, i64::from(YEAR), "ita-2568").await?;
    let calendar: BTreeMap<String, cycles::PhaseWindowInput> = CALENDAR
        .iter()
        .map(|(phase, start, end)| {
            let w = cycles::PhaseWindowInput {
                start: (*start).into(),
                end: (*end).into(),
            };
            ((*phase).to_string(), w)
        })
        .collect();
    cycles::set_calendar(core, &system, YEAR, &calendar).await?;
    cycles::open_cycle(core, &system, YEAR).await?;
    let cycle_id = cycles::get_cycle(core, YEAR).await?.id;
    let provinces = openita_geography::provinces();
    let mut team_of_province = HashMap::new();
    for (n, p) in provinces.iter().enumerate() {
        let selection = cycles::AgencySelection {
            province: Some(p.code.clone()),
            ..Default::default()
        };
        cycles::assign_assessor(core, &system, YEAR, &assessor(n), &selection).await?;
        team_of_province.insert(p.code.clone(), assessor(n));
    }
    let assessor_of = plan
        .iter()
        .map(|p| {
            team_of_province
                .get(&p.input.province)
                .cloned()
                .context("province without assessor")
        })
        .collect::<Result<Vec<String>>>()?;

    bar.set_message("headcounts and survey links (bulk SQL)");
    bar.set_position(0);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x11);
    let mut heads = Bulk::new(
        db,
        "headcounts",
        &[
            "cycle_id",
            "agency_id",
            "internal_staff",
            "entered_by",
            "entered_at",
            "approved_by",
            "approved_at",
        ],
    );
    for (p, id) in plan.iter().zip(&agency_ids) {
        let code = &p.input.code;
        let day = rng.gen_range(6..28);
        let approved = p
            .headcount_approved
            .then(|| format!("2025-02-{day:02}T04:00:00.000000Z"));
        heads
            .push(vec![
                cycle_id.into(),
                (*id).into(),
                i64::from(p.headcount).into(),
                format!("{code}.admin").into(),
                format!("2025-01-{day:02}T03:00:00.000000Z").into(),
                approved
                    .as_ref()
                    .map(|_| format!("{code}.executive"))
                    .into(),
                approved.into(),
            ])
            .await?;
    }
    heads.finish().await?;
    let mut links = Bulk::new(
        db,
        "survey_links",
        &["cycle_id", "agency_id", "instrument", "token", "created_at"],
    );
    for id in &agency_ids {
        for instrument in ["IIT", "EIT"] {
            let token =
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rng.r#gen::<[u8; 16]>());
            links
                .push(vec![
                    cycle_id.into(),
                    (*id).into(),
                    instrument.into(),
                    Val::S(token),
                    "2025-02-01T02:00:00.000000Z".into(),
                ])
                .await?;
        }
    }
    links.finish().await?;
    Ok(Base {
        cycle_id,
        agency_ids,
        assessor_of,
    })
}
