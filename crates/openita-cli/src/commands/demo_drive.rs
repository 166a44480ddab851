//! The demo province mid-cycle, as a coordinator would have left it: Chaiyaphum's yearly plan
//! (the eleven rows of the governor's 2568 declaration), its targets (every agency passes, a
//! mean of 89), its own deadlines, named contacts at the agencies with log-ins, and the
//! committee's pre-check of the submitted OIT answers.

use anyhow::Result;
use chrono::NaiveDate;
use openita_core::{
    Actor, Core, accounts, agencies, dashboards, oit_review,
    provinces::{self, Deadline, PlanInput},
};
use openita_types::{AgencyCode, FiscalYear, LinkOutcome, Role};

use super::demo_activity::{all_agencies, answer_oit, fail};

async fn actor(core: &Core, username: &str) -> Result<Actor> {
    accounts::active_actor(core, None, username)
        .await
        .map_err(fail)?
        .ok_or_else(|| anyhow::anyhow!("the demo has no active user {username}"))
}

/// OIT answers of the Chaiyaphum agencies that collect responses (not the three with
/// log-ins, whose OIT the demo plays through the workflow), checked by the evidence checker:
/// a quarter complete with every link passing and approved, a quarter complete with two links
/// dead, a quarter two-thirds done, a quarter not started. What a province sees in March.
async fn oit_under_way(core: &Core, year: FiscalYear, skip: &[&str]) -> Result<()> {
    let items: Vec<String> = openita_core::cycles::cycle_framework(core, year)
        .await
        .map_err(fail)?
        .oit_items()
        .map(|i| i.code.clone())
        .collect();
    let chaiyaphum = all_agencies(core, Some("36")).await?;
    let mut findings = Vec::new();
    for (i, a) in chaiyaphum.iter().take(40).enumerate() {
        if skip.contains(&a.code.as_str()) || i % 4 == 3 {
            continue;
        }
        let answered = if i % 4 == 2 {
            items.len() * 2 / 3
        } else {
            items.len()
        };
        let mut answers = Vec::with_capacity(answered);
        for (n, item) in items.iter().take(answered).enumerate() {
            let url = format!("https://www.{}.go.th/ita/{}", a.code, item.to_lowercase());
            let dead = i % 4 == 1 && n < 2;
            let (outcome, detail) = if dead {
                (LinkOutcome::Dead, "HTTP 404")
            } else {
                (LinkOutcome::Ok, "reachable and mentions the year")
            };
            findings.push(oit_review::LinkFinding {
                agency_id: a.id,
                item_code: item.clone(),
                url: url.clone(),
                outcome,
                http_status: Some(if dead { 404 } else { 200 }),
                final_url: Some(url.clone()),
                content_type: Some("text/html".into()),
                size_bytes: Some(24_000),
                redirects: Vec::new(),
                login_wall: false,
                year_found: !dead,
                // As the link checker words it.
                detail: format!("{} — {detail}", outcome.label_th()),
            });
            let answer = oit_review::ItemAnswerInput {
                published: true,
                urls: vec![url],
                note: String::new(),
            };
            answers.push((item.clone(), answer));
        }
        answer_oit(core, year, a, &answers, i % 4 == 0).await?;
    }
    oit_review::save_link_checks(core, year, &findings)
        .await
        .map_err(fail)?;
    Ok(())
}

/// Most Chaiyaphum agencies have registered by now: an admin each (`admin.CODE`, the demo
/// password), except every fifth, which the dashboard lists as not registered.
async fn most_registered(core: &Core, skip: &[&str]) -> Result<()> {
    let system = Actor::system("demo");
    for (i, a) in all_agencies(core, Some("36")).await?.iter().enumerate() {
        if i % 5 == 4 || skip.contains(&a.code.as_str()) {
            continue;
        }
        let username = format!("admin.{}", a.code);
        let input = accounts::NewUserInput {
            email: Some(format!("{username}@demo.openita.invalid")),
            username,
            password: super::demo_data::DEMO_PASSWORD.into(),
            role: Role::AgencyAdmin.to_string(),
            agency: Some(String::from(a.code.clone())),
            province: None,
            district: None,
            name: None,
        };
        accounts::create_user(core, &system, &input)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

/// `ce` is the Common-Era year of the cycle's January to September.
pub async fn play(
    core: &Core,
    year: FiscalYear,
    ce: i32,
    sao: &AgencyCode,
    town: &AgencyCode,
) -> Result<()> {
    most_registered(core, &[sao, town]).await?;
    oit_under_way(core, year, &[sao, town]).await?;
    let coordinator = actor(core, "coord.chaiyaphum").await?;
    let day = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let office = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดชัยภูมิ";
    let plan = [
        (
            "ประกาศเจตนารมณ์การพัฒนาและยกระดับ ITA ของจังหวัด",
            day(ce - 1, 11, 1),
            day(ce - 1, 11, 30),
            "จังหวัดชัยภูมิ",
            "done",
        ),
        (
            "แต่งตั้งคณะทำงานขับเคลื่อนและตรวจทานข้อมูล OIT ระดับจังหวัด",
            day(ce - 1, 12, 1),
            day(ce - 1, 12, 15),
            office,
            "done",
        ),
        (
            "วิเคราะห์จุดอ่อนจากผลการประเมินปีที่ผ่านมาและจัดทำแผนพัฒนา",
            day(ce - 1, 12, 1),
            day(ce, 1, 31),
            "ทุกหน่วยงาน",
            "in_progress",
        ),
        (
            "อบรมผู้รับผิดชอบ ITA ของหน่วยงาน (34 ส่วนภูมิภาค 16 อำเภอ 199 อปท.)",
            day(ce, 1, 15),
            day(ce, 1, 16),
            office,
            "planned",
        ),
        (
            "หน่วยงานเผยแพร่ข้อมูล OIT บนเว็บไซต์ให้ครบถ้วนเป็นปัจจุบัน",
            day(ce, 1, 6),
            day(ce, 3, 31),
            "ทุกหน่วยงาน",
            "in_progress",
        ),
        (
            "คณะทำงานจังหวัดตรวจทานข้อมูล OIT ก่อนนำเข้าระบบ",
            day(ce, 4, 1),
            day(ce, 4, 25),
            "คณะทำงานจังหวัด",
            "planned",
        ),
        (
            "ผู้ดูแลระบบนำเข้าคำตอบ OIT ผู้บริหารตรวจสอบและอนุมัติ",
            day(ce, 4, 26),
            day(ce, 4, 30),
            "ทุกหน่วยงาน",
            "planned",
        ),
        (
            "ประชาสัมพันธ์และเก็บข้อมูล IIT / EIT",
            day(ce, 1, 6),
            day(ce, 5, 31),
            "ทุกหน่วยงาน",
            "in_progress",
        ),
        (
            "ตรวจสอบผลคะแนน OIT เบื้องต้นและยื่นคำชี้แจง (ภายใน 16 มิ.ย. 17.00 น.)",
            day(ce, 6, 9),
            day(ce, 6, 16),
            "ทุกหน่วยงาน",
            "planned",
        ),
        (
            "สำนักงาน ป.ป.ช. ประกาศผลการประเมิน",
            day(ce, 8, 1),
            day(ce, 8, 31),
            "สำนักงาน ป.ป.ช.",
            "planned",
        ),
        (
            "ทบทวนผลการดำเนินงานประจำปีและรายงานผู้ว่าราชการจังหวัด",
            day(ce, 9, 1),
            day(ce, 9, 30),
            office,
            "planned",
        ),
    ];
    for (title, start, end, responsible, status) in plan {
        let input = PlanInput {
            title: title.into(),
            start,
            end,
            responsible: responsible.into(),
            status: status.into(),
            note: None,
        };
        provinces::add_activity(core, &coordinator, year, "36", &input)
            .await
            .map_err(fail)?;
    }
    let deadlines = [
        Deadline {
            label_th: "เผยแพร่ข้อมูล OIT บนเว็บไซต์ของหน่วยงาน".into(),
            label_en: Some("OIT published on the agency's website".into()),
            date: day(ce, 3, 31),
        },
        Deadline {
            label_th: "รายงานการประชาสัมพันธ์ลิงก์ IIT/EIT ถึงจังหวัด".into(),
            label_en: Some("Report where the IIT/EIT links were publicised".into()),
            date: day(ce, 6, 1),
        },
    ];
    provinces::replace_deadlines(core, &coordinator, year, "36", &deadlines)
        .await
        .map_err(fail)?;
    let targets = dashboards::TargetInput {
        pass_rate: Some(100.0),
        mean: Some(89.0),
    };
    dashboards::set_targets(core, &coordinator, year, "36", &targets)
        .await
        .map_err(fail)?;

    // The agencies with log-ins name their contact person.
    for (who, code, name, phone) in [
        ("sao.admin", sao, "นางสาวรัตนดา จังโกภูมิ", "044 811 234"),
        ("town.admin", town, "นายสมชาย ใจดี", "081-234-5678"),
    ] {
        let admin = actor(core, who).await?;
        let input = agencies::ContactInput {
            name: name.into(),
            phone: phone.into(),
            email: None,
        };
        agencies::set_agency_contact(core, &admin, code, &input)
            .await
            .map_err(fail)?;
    }
    // The committee's pre-check of the SAO's submitted answers: two checked, one to fix.
    for (item, status, note) in [
        ("O1", "checked", ""),
        ("O2", "checked", ""),
        (
            "O3",
            "needs_work",
            "ลิงก์ยังชี้ไปที่ข้อมูลปีที่แล้ว โปรดปรับเป็นข้อมูลปีปัจจุบัน",
        ),
    ] {
        let input = oit_review::PrecheckInput {
            status: status.into(),
            note: note.into(),
        };
        oit_review::set_precheck(core, &coordinator, year, sao, item, &input)
            .await
            .map_err(fail)?;
    }
    // A round of reminders to the agencies behind (queued in the outbox: the demo has no
    // mail server, so they wait there, listed on the reminders page), and the weekly
    // schedule: Mondays at 09:00.
    openita_core::reminders::send_now(core, &coordinator, year, "36", None)
        .await
        .map_err(fail)?;
    let weekly = openita_core::reminders::ScheduleInput {
        weekday: Some(Some(1)),
        hour: Some(Some(9)),
    };
    openita_core::reminders::set_schedule(core, &coordinator, year, "36", &weekly)
        .await
        .map_err(fail)?;
    Ok(())
}
