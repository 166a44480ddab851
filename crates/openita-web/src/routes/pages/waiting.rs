//! "Waiting for you": what an agency's admin or executive has to do in each cycle that is
//! open and not yet published, read fresh from the agency's status (not from the coordinators'
//! minute-old snapshot, so a task done disappears at once).

use openita_core::{Actor, Core, CoreError, cycles::CycleView, survey_responses};
use openita_types::{Lang, Role};

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
    published: &[i64],
) -> Result<Vec<Task>, CoreError> {
    let Some(code) = actor.agency_code.as_deref() else {
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
                if s.oit.state == "submitted" {
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
                if s.oit.state == "draft" && s.oit.answered < s.oit.total {
                    add(
                        format!("OIT ตอบแล้ว {} จาก {} ข้อ", s.oit.answered, s.oit.total),
                        format!("OIT: {} of {} items answered", s.oit.answered, s.oit.total),
                        &oit,
                    );
                } else if s.oit.state == "draft" {
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
