//! The demo's activity: last fiscal year played through from headcount to published results
//! (its own clock walks through the windows), and this year's work in progress (headcounts,
//! responses below and above the minimum, OIT answers in draft, submitted and approved).
//! Answers are random but seeded, so every demo is the same.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use openita_core::{
    Actor, Core, FixedClock, agencies, headcount, oit_review, results, survey_links,
    survey_responses,
};
use openita_types::{FiscalYear, Role, thai_time::bangkok};
use rand::{Rng, SeedableRng, rngs::StdRng};

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    bangkok()
        .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

#[allow(
    clippy::needless_pass_by_value,
    reason = "used as map_err(fail), which hands over the error"
)]
pub(super) fn fail(e: openita_core::CoreError) -> anyhow::Error {
    anyhow::anyhow!(super::admin::describe(&e))
}

/// Someone at the agency who has no log-in of their own in the demo (the audit log names
/// them `demo.admin.CODE` or `demo.exec.CODE`).
pub(super) fn agency_actor(
    role: Role,
    id: openita_types::AgencyId,
    code: &openita_types::AgencyCode,
) -> Actor {
    let who = if role == Role::AgencyAdmin {
        "admin"
    } else {
        "exec"
    };
    Actor {
        user_id: None,
        username: format!("demo.{who}.{code}"),
        display_name: String::new(),
        role,
        agency_id: Some(id),
        agency_code: Some(code.clone()),
        province_code: None,
        district_code: None,
    }
}

/// Answers one survey `n` times, levels drawn around `quality` (1-4); negative (reversed)
/// questions are answered the other way round, as a satisfied respondent would.
async fn respond(core: &Core, token: &str, n: usize, quality: f64, rng: &mut StdRng) -> Result<()> {
    answer(core, token, n, Some(quality), rng).await
}

/// Answers one survey `n` times with the same best answers: a stuffed survey, for the demo's
/// integrity flags.
async fn stuff(core: &Core, token: &str, n: usize, rng: &mut StdRng) -> Result<()> {
    answer(core, token, n, None, rng).await
}

/// `quality` None: every answer at its best level.
async fn answer(
    core: &Core,
    token: &str,
    n: usize,
    quality: Option<f64>,
    rng: &mut StdRng,
) -> Result<()> {
    let reversed: std::collections::HashSet<String> =
        match openita_core::cycles::list_cycles(core).await {
            Ok(cycles) => {
                let mut set = std::collections::HashSet::new();
                for c in cycles {
                    if let Ok(fw) = openita_core::cycles::cycle_framework(core, c.year).await {
                        for i in &fw.instruments {
                            for ind in &i.indicators {
                                set.extend(
                                    ind.questions
                                        .iter()
                                        .filter(|q| q.reverse)
                                        .map(|q| q.id.clone()),
                                );
                            }
                        }
                    }
                }
                set
            }
            Err(_) => Default::default(),
        };
    let mut pending = Vec::new();
    for _ in 0..n {
        let form = survey_responses::open_form(core, token, None)
            .await
            .map_err(fail)?;
        let mut answers = serde_json::Map::new();
        for q in form.questions() {
            if quality.is_some() && q.optional && rng.gen_bool(0.2) {
                continue;
            }
            let levels = q.options.len() as f64;
            let level = match quality {
                Some(quality) => {
                    let draw: f64 = quality + rng.gen_range(-1.2..0.8);
                    draw.round().clamp(1.0, levels) as i64
                }
                None => levels as i64,
            };
            let level = if reversed.contains(&q.id) {
                levels as i64 + 1 - level
            } else {
                level
            };
            answers.insert(q.id.clone(), serde_json::json!(level));
        }
        let core = core.clone();
        let token = token.to_string();
        pending.push(tokio::spawn(async move {
            survey_responses::submit_response(&core, &token, None, &form.form_nonce, &answers).await
        }));
    }
    for p in pending {
        p.await?.map_err(fail)?;
    }
    Ok(())
}

/// The agencies in the order they were imported, with their ids (for the link checker's
/// findings).
pub(super) async fn all_agencies(
    core: &Core,
    province: Option<&str>,
) -> Result<Vec<agencies::AgencyView>> {
    let query = agencies::AgencyQuery {
        province: province.map(str::to_string),
        ..Default::default()
    };
    let (rows, _) = agencies::list_agencies(core, &Actor::system("demo"), &query)
        .await
        .map_err(fail)?;
    Ok(rows)
}

/// Last year, start to finish, through the use cases (so its audit log is complete).
/// `core` runs on `clock`, which this walks through the year's windows; `ce` is the
/// Gregorian year those windows fall in.
pub async fn play_last_year(
    core: &Core,
    clock: &FixedClock,
    year: FiscalYear,
    ce: i32,
) -> Result<()> {
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(ce, m, d).unwrap_or_default();
    clock.set(at(day(2, 10), 10));
    let mut rng = StdRng::seed_from_u64(2568);
    let all = all_agencies(core, None).await?;
    let system = Actor::system("demo");
    // Headcounts in February.
    let mut headcounts = Vec::with_capacity(all.len());
    for a in &all {
        let staff = rng.gen_range(12..90);
        headcounts.push(staff);
        headcount::set_headcount(
            core,
            &agency_actor(Role::AgencyAdmin, a.id, &a.code),
            year,
            &a.code,
            staff,
        )
        .await
        .map_err(fail)?;
        headcount::approve_headcount(
            core,
            &agency_actor(Role::AgencyExecutive, a.id, &a.code),
            year,
            &a.code,
        )
        .await
        .map_err(fail)?;
    }
    // Surveys in March: most agencies are well regarded, a few much less.
    // The last agency stuffed its own IIT: identical best answers, more than its staff (its
    // result carries integrity flags).
    clock.set(at(day(3, 10), 10));
    for (i, (a, staff)) in all.iter().zip(&headcounts).enumerate() {
        let links = survey_links::survey_links(core, &system, year, &a.code)
            .await
            .map_err(fail)?;
        let quality = if rng.gen_bool(0.1) { 2.6 } else { 3.7 };
        let staff = usize::try_from(*staff).unwrap_or(0);
        if i + 1 == all.len() {
            stuff(core, &links.iit_token, staff + 5, &mut rng).await?;
        } else {
            let n = rng.gen_range(8..20).min(staff);
            respond(core, &links.iit_token, n, quality, &mut rng).await?;
        }
        respond(
            core,
            &links.eit_token,
            rng.gen_range(10..25),
            quality,
            &mut rng,
        )
        .await?;
    }
    last_years_oit(core, clock, year, &all, &mut rng, &day).await?;
    // Results in August.
    clock.set(at(day(8, 1), 10));
    results::compute_results(core, &system, year, &|_, _| {})
        .await
        .map_err(fail)?;
    results::publish_results(core, &system, year)
        .await
        .map_err(fail)?;
    Ok(())
}

/// The agency's admin gives its OIT answers; with `approve`, submits them and its executive
/// approves.
pub(super) async fn answer_oit(
    core: &Core,
    year: FiscalYear,
    a: &agencies::AgencyView,
    answers: &[(String, oit_review::ItemAnswerInput)],
    approve: bool,
) -> Result<()> {
    let admin = agency_actor(Role::AgencyAdmin, a.id, &a.code);
    oit_review::save_answers(core, &admin, year, &a.code, answers)
        .await
        .map_err(fail)?;
    if approve {
        oit_review::submit(core, &admin, year, &a.code)
            .await
            .map_err(fail)?;
        let executive = agency_actor(Role::AgencyExecutive, a.id, &a.code);
        oit_review::approve(core, &executive, year, &a.code)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

/// Last year's OIT: answered, submitted and approved in April; scored in May by the
/// assessor assigned to each agency (100 for what was published, 0 with a reason for what
/// was not); every score confirmed in June, which makes each OIT final.
async fn last_years_oit(
    core: &Core,
    clock: &FixedClock,
    year: FiscalYear,
    all: &[agencies::AgencyView],
    rng: &mut StdRng,
    day: &dyn Fn(u32, u32) -> NaiveDate,
) -> Result<()> {
    let fw = openita_core::cycles::cycle_framework(core, year)
        .await
        .map_err(fail)?;
    let items: Vec<String> = fw.oit_items().map(|i| i.code.clone()).collect();
    clock.set(at(day(4, 20), 10));
    let mut answered = Vec::with_capacity(all.len());
    for a in all {
        let weak = rng.gen_bool(0.15);
        let site = a
            .website
            .clone()
            .unwrap_or_else(|| "https://example.go.th".into());
        let answers: Vec<(String, oit_review::ItemAnswerInput)> = items
            .iter()
            .map(|code| {
                let missing = rng.gen_bool(0.03) || (weak && rng.gen_bool(0.35));
                let input = oit_review::ItemAnswerInput {
                    published: !missing,
                    urls: if missing {
                        Vec::new()
                    } else {
                        vec![format!("{site}/ita/{year}/{code}")]
                    },
                    note: String::new(),
                };
                (code.clone(), input)
            })
            .collect();
        answer_oit(core, year, a, &answers, true).await?;
        answered.push(answers);
    }
    let mut assessor_of: std::collections::HashMap<String, Actor> =
        std::collections::HashMap::new();
    for username in ["assessor1", "assessor2"] {
        let assessor = openita_core::accounts::active_actor(core, None, username)
            .await
            .map_err(fail)?
            .with_context(|| format!("the demo has no active user {username}"))?;
        for entry in oit_review::assessor_queue(core, &assessor, year)
            .await
            .map_err(fail)?
        {
            assessor_of.insert(entry.code.clone(), assessor.clone());
        }
    }
    clock.set(at(day(5, 20), 10));
    for (a, answers) in all.iter().zip(&answered) {
        let assessor = assessor_of
            .get(a.code.as_str())
            .with_context(|| format!("no assessor for {} in {year}", a.code))?;
        let scores: Vec<(String, oit_review::ScoreInput)> = answers
            .iter()
            .map(|(code, answer)| {
                let (score, reason) = if answer.published {
                    (100, "ข้อมูลครบถ้วนตามองค์ประกอบ")
                } else {
                    (0, "ไม่พบข้อมูลบนเว็บไซต์ของหน่วยงาน")
                };
                let input = oit_review::ScoreInput {
                    score: serde_json::json!(score),
                    reason: reason.into(),
                };
                (code.clone(), input)
            })
            .collect();
        oit_review::set_provisional_scores(core, assessor, year, &a.code, &scores)
            .await
            .map_err(fail)?;
    }
    clock.set(at(day(6, 20), 10));
    for a in all {
        oit_review::confirm_all(core, &assessor_of[a.code.as_str()], year, &a.code)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

/// This year so far: some headcounts, responses for part of Chaiyaphum, three agencies' OIT
/// in draft, submitted and approved.
pub async fn play_this_year(
    core: &Core,
    year: FiscalYear,
    demo_agencies: &[(&str, &str)],
) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(2570);
    let chaiyaphum = all_agencies(core, Some("36")).await?;
    let system = Actor::system("demo");
    for (i, a) in chaiyaphum.iter().enumerate().take(60) {
        if i % 3 != 2 {
            headcount::set_headcount(
                core,
                &agency_actor(Role::AgencyAdmin, a.id, &a.code),
                year,
                &a.code,
                rng.gen_range(15..80),
            )
            .await
            .map_err(fail)?;
        }
        if i % 3 == 0 {
            headcount::approve_headcount(
                core,
                &agency_actor(Role::AgencyExecutive, a.id, &a.code),
                year,
                &a.code,
            )
            .await
            .map_err(fail)?;
        }
        if i < 40 {
            let links = survey_links::survey_links(core, &system, year, &a.code)
                .await
                .map_err(fail)?;
            respond(core, &links.iit_token, rng.gen_range(0..14), 3.6, &mut rng).await?;
            respond(core, &links.eit_token, rng.gen_range(0..20), 3.5, &mut rng).await?;
        }
    }
    let fw = openita_core::cycles::cycle_framework(core, year)
        .await
        .map_err(fail)?;
    let everyone = all_agencies(core, None).await?;
    for (n, (code, _)) in demo_agencies.iter().enumerate() {
        let a = everyone
            .iter()
            .find(|a| a.code.as_str() == *code)
            .context("demo agency")?;
        let code = &a.code;
        let admin = agency_actor(Role::AgencyAdmin, a.id, code);
        let items: Vec<String> = fw.oit_items().map(|i| i.code.clone()).collect();
        let answered = if n == 0 { 17 } else { items.len() };
        for item in items.iter().take(answered) {
            let input = oit_review::ItemAnswerInput {
                published: true,
                urls: vec![format!(
                    "{}/ita/{year}/{item}",
                    a.website.clone().unwrap_or_default()
                )],
                note: String::new(),
            };
            oit_review::save_answer(core, &admin, year, code, item, &input)
                .await
                .map_err(fail)?;
        }
        if n >= 1 {
            oit_review::submit(core, &admin, year, code)
                .await
                .map_err(fail)?;
        }
        if n >= 2 {
            oit_review::approve(
                core,
                &agency_actor(Role::AgencyExecutive, a.id, code),
                year,
                code,
            )
            .await
            .map_err(fail)?;
        }
    }
    Ok(())
}
