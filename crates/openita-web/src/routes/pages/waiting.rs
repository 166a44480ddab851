//! "Waiting for you": what an agency's admin or executive has to do in each cycle that is
//! open and not yet published, read fresh from the agency's status (not from the coordinators'
//! minute-old snapshot, so a task done disappears at once).

use openita_core::oit_review::OitState;
use openita_core::{Actor, Core, CoreError, cycles::CycleView, dashboards, survey_responses};
use openita_types::{
    FiscalYear, Lang, Role,
    thai_time::{english_datetime_short, thai_datetime_short},
};

/// One task: what, and the page where it is done.
pub struct Task {
    pub text: String,
    pub href: String,
}

pub async fn agency_tasks(
    core: &Core,
    actor: &Actor,
    lang: Lang,
    cycles: &[CycleView],
    published: &[FiscalYear],
) -> Result<Vec<Task>, CoreError> {
    let Some(code) = actor.agency_code.as_ref() else {
        return Ok(Vec::new());
    };
    let mut tasks = Vec::new();
    for c in cycles
        .iter()
        .filter(|c| c.opened && !published.contains(&c.year))
    {
        let s = survey_responses::agency_status(core, actor, c.year, code).await?;
        let page = format!("/cycles/{}/agencies/{code}", c.year);
        let oit = format!("{page}/oit");
        let mut add = |th: String, en: String, href: &str| {
            tasks.push(Task {
                text: format!("{} · {}", c.year, lang.pick(&th, &en)),
                href: href.to_string(),
            });
        };
        match actor.role {
            Role::AgencyExecutive => {
                if s.headcount.is_some() && !s.headcount_approved {
                    add(
                        format!(
                            "จำนวนบุคลากร {} คน รอท่านอนุมัติ",
                            s.headcount.unwrap_or_default()
                        ),
                        format!(
                            "Headcount of {} awaits your approval",
                            s.headcount.unwrap_or_default()
                        ),
                        &page,
                    );
                }
                if s.oit.state == OitState::Submitted {
                    add(
                        "คำตอบ OIT รอท่านอนุมัติ".into(),
                        "The OIT answers await your approval".into(),
                        &oit,
                    );
                }
            }
            Role::AgencyAdmin => {
                if s.headcount.is_none() {
                    add(
                        "ยังไม่ได้กรอกจำนวนบุคลากร".into(),
                        "The headcount is not entered".into(),
                        &page,
                    );
                }
                if s.oit.state == OitState::Draft && s.oit.answered < s.oit.total {
                    add(
                        format!("OIT ตอบแล้ว {} จาก {} ข้อ", s.oit.answered, s.oit.total),
                        format!("OIT: {} of {} items answered", s.oit.answered, s.oit.total),
                        &oit,
                    );
                } else if s.oit.state == OitState::Draft {
                    add(
                        "OIT ตอบครบแล้ว ส่งให้ผู้บริหารอนุมัติ".into(),
                        "OIT answered: send it to the executive".into(),
                        &oit,
                    );
                }
                for (name, p) in [("IIT", &s.iit), ("EIT", &s.eit)] {
                    if let Some(min) = p.minimum.filter(|m| p.responses < *m) {
                        let left = p
                            .days_left
                            .map(|d| (format!(" (เหลือ {d} วัน)"), format!(" ({d} days left)")))
                            .unwrap_or_default();
                        add(
                            format!("{name} ได้ {} จากขั้นต่ำ {min}{}", p.responses, left.0),
                            format!("{name}: {} of the minimum {min}{}", p.responses, left.1),
                            &page,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    Ok(tasks)
}

/// How many of an area's laggards the home page names before linking to the whole list.
const LAGGARDS_SHOWN: usize = 5;

/// A coordinator's laggards: in each open, unpublished cycle, the agencies of their province
/// (or district) still missing something, worst first (the area dashboard's own order), and a
/// line with how many there are in all that opens the dashboard.
pub async fn coordinator_tasks(
    core: &Core,
    actor: &Actor,
    lang: Lang,
    cycles: &[CycleView],
    published: &[FiscalYear],
) -> Result<Vec<Task>, CoreError> {
    let scope = actor.scope();
    let Some((province, _)) = scope.home_area() else {
        return Ok(Vec::new());
    };
    let mut tasks = Vec::new();
    for c in cycles
        .iter()
        .filter(|c| c.opened && !published.contains(&c.year))
    {
        let board =
            dashboards::area_dashboard(core, actor, c.year, province, &Default::default()).await?;
        let behind: Vec<_> = board
            .agencies
            .iter()
            .filter(|a| !a.missing.is_empty())
            .collect();
        let drive = format!("/cycles/{}/drive", c.year);
        if behind.is_empty() {
            continue;
        }
        tasks.push(Task {
            text: format!(
                "{} · {}",
                c.year,
                lang.pick(
                    &format!(
                        "{} จาก {} หน่วยงานยังขาดบางอย่าง",
                        behind.len(),
                        board.agencies.len()
                    ),
                    &format!(
                        "{} of {} agencies still miss something",
                        behind.len(),
                        board.agencies.len()
                    ),
                )
            ),
            href: drive,
        });
        for a in behind.iter().take(LAGGARDS_SHOWN) {
            let what = a
                .missing
                .iter()
                .map(|m| lang.pick(m.label_th(), m.label_en()))
                .collect::<Vec<_>>()
                .join(", ");
            tasks.push(Task {
                text: format!(
                    "{} · {} ({}{}): {what}",
                    c.year,
                    a.agency.name_th,
                    a.agency.code,
                    a.agency
                        .district
                        .as_deref()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default()
                ),
                href: format!("/cycles/{}/agencies/{}", c.year, a.agency.code),
            });
        }
    }
    Ok(tasks)
}

/// The NACC admin's view of every cycle: published, open with the phases of today (or the
/// next one and when it starts), or still being set up.
pub fn cycle_phases(
    lang: Lang,
    now: chrono::DateTime<chrono::Utc>,
    cycles: &[CycleView],
    published: &[FiscalYear],
) -> Vec<Task> {
    let when = |at| match lang {
        Lang::Th => thai_datetime_short(at),
        Lang::En => english_datetime_short(at),
    };
    let phase =
        |w: &openita_core::cycles::PhaseWindow| lang.pick(w.phase.name_th(), w.phase.name_en());
    cycles
        .iter()
        .map(|c| {
            let today: Vec<String> = c
                .phases
                .iter()
                .filter(|w| w.contains(now))
                .map(|w| format!("{} {} {}", phase(w), lang.pick("ถึง", "until"), when(w.end)))
                .collect();
            let next = c
                .phases
                .iter()
                .filter(|w| w.start > now)
                .min_by_key(|w| w.start);
            let text = if published.contains(&c.year) {
                lang.pick("เผยแพร่ผลแล้ว", "Results published").to_string()
            } else if !c.opened {
                lang.pick("ยังไม่เปิดรอบ (กำลังตั้งค่า)", "Not opened (being set up)")
                    .to_string()
            } else if !today.is_empty() {
                format!(
                    "{} {}",
                    lang.pick("เปิดอยู่ ขณะนี้:", "Open, now:"),
                    today.join(", ")
                )
            } else if let Some(w) = next {
                format!(
                    "{} {} {} {}",
                    lang.pick("เปิดอยู่ ช่วงถัดไป:", "Open, next:"),
                    phase(w),
                    lang.pick("เริ่ม", "from"),
                    when(w.start)
                )
            } else {
                lang.pick(
                    "เปิดอยู่ ทุกช่วงสิ้นสุดแล้ว รอเผยแพร่ผล",
                    "Open, every phase over: results to publish",
                )
                .to_string()
            };
            Task {
                text: format!("{} · {text}", c.year),
                href: format!("/cycles/{}", c.year),
            }
        })
        .collect()
}

/// An assessor's work in each open, unpublished cycle: how many assigned agencies are ready to
/// score now, linking to the queue filtered to them.
pub async fn assessor_tasks(
    core: &Core,
    actor: &Actor,
    lang: Lang,
    cycles: &[CycleView],
    published: &[FiscalYear],
) -> Result<Vec<Task>, CoreError> {
    let mut tasks = Vec::new();
    for c in cycles
        .iter()
        .filter(|c| c.opened && !published.contains(&c.year))
    {
        let queue = openita_core::oit_review::assessor_queue(core, actor, c.year).await?;
        let ready = queue.iter().filter(|e| e.ready).count();
        if queue.is_empty() {
            continue;
        }
        tasks.push(Task {
            text: format!(
                "{} · {}",
                c.year,
                lang.pick(
                    &format!(
                        "พร้อมให้คะแนน {ready} จาก {} หน่วยงานที่ได้รับมอบหมาย",
                        queue.len()
                    ),
                    &format!(
                        "{ready} of {} assigned agencies ready to score",
                        queue.len()
                    ),
                )
            ),
            href: format!("/cycles/{}/queue?show=ready", c.year),
        });
    }
    Ok(tasks)
}
