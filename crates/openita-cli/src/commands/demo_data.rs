//! The demo's data: two real provinces from the seeds (Chaiyaphum with its 16 districts and
//! Krabi with its 8), their provincial offices, PAOs, municipalities and one local
//! organisation per subdistrict; users of every role; last year's closed cycle and this
//! year's open one. Agency codes are demo codes, not DLA's.

use super::demo_activity::fail;
use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate, Utc};
use openita_core::{
    Actor, Core, FixedClock, accounts,
    agencies::{self, AgencyInput},
    cycles,
};
use openita_types::{AgencyCode, FiscalYear, thai_time::bangkok};
use std::collections::BTreeMap;

pub const DEMO_PASSWORD: &str = "openita-demo";

/// A log-in printed for the person running the demo.
pub struct Login {
    pub username: String,
    pub role: &'static str,
    pub what: String,
}

fn agency(
    code: String,
    name_th: String,
    name_en: String,
    t: &str,
    province: &str,
    district: Option<&str>,
) -> (usize, AgencyInput) {
    let slug: String = name_en
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(20)
        .collect();
    (
        0,
        AgencyInput {
            website: Some(format!("https://www.{slug}.go.th")),
            code,
            name_th,
            name_en: Some(name_en),
            agency_type: t.to_string(),
            province: province.to_string(),
            district: district.map(str::to_string),
        },
    )
}

/// Every agency of one province, built from the shipped geography.
pub fn province_agencies(province_name: &str) -> Result<Vec<(usize, AgencyInput)>> {
    let p = openita_geography::province(province_name)
        .context("demo province missing from geography")?;
    let mut out = vec![
        agency(
            format!("1{}00000", p.code),
            format!("สำนักงานจังหวัด{}", p.name_th),
            format!("{} Provincial Office", p.name_en),
            "province_office",
            &p.code,
            None,
        ),
        agency(
            format!("2{}00000", p.code),
            format!("องค์การบริหารส่วนจังหวัด{}", p.name_th),
            format!("{} Provincial Administrative Organisation", p.name_en),
            "pao",
            &p.code,
            None,
        ),
        agency(
            format!("7{}00001", p.code),
            format!("สำนักงานสาธารณสุขจังหวัด{}", p.name_th),
            format!("{} Provincial Public Health Office", p.name_en),
            "department",
            &p.code,
            None,
        ),
    ];
    for (i, d) in openita_geography::districts_of(&p.code).iter().enumerate() {
        let subs = openita_geography::subdistricts_of(&d.code);
        for (j, s) in subs.iter().enumerate() {
            let (kind, th, en) = match (i, j) {
                (0, 0) => (
                    "town_municipality",
                    format!("เทศบาลเมือง{}", p.name_th),
                    format!("{} Town Municipality", p.name_en),
                ),
                (_, 0) => (
                    "subdistrict_municipality",
                    format!("เทศบาลตำบล{}", d.name_th),
                    format!("{} Subdistrict Municipality", d.name_en),
                ),
                _ if j % 5 == 3 => (
                    "subdistrict_municipality",
                    format!("เทศบาลตำบล{}", s.name_th),
                    format!("{} Subdistrict Municipality", s.name_en),
                ),
                _ => (
                    "sao",
                    format!("องค์การบริหารส่วนตำบล{}", s.name_th),
                    format!("{} Subdistrict Administrative Organisation", s.name_en),
                ),
            };
            let prefix = match kind {
                "sao" => '6',
                "town_municipality" => '4',
                _ => '5',
            };
            out.push(agency(
                format!("{prefix}{}", s.code),
                th,
                en,
                kind,
                &p.code,
                Some(&d.code),
            ));
        }
    }
    for (n, row) in out.iter_mut().enumerate() {
        row.0 = n + 2;
    }
    Ok(out)
}

fn window(start: NaiveDate, end: NaiveDate) -> cycles::PhaseWindowInput {
    cycles::PhaseWindowInput {
        start: start.to_string(),
        end: end.to_string(),
    }
}

/// Builds everything through the use cases; returns the log-ins to print.
/// `past` is the same database on `clock`, which last year's activity walks through its
/// windows.
pub async fn seed(core: &Core, past: &Core, clock: &FixedClock) -> Result<Vec<Login>> {
    let system = Actor::system("demo");
    let mut logins = Vec::new();
    let mut user = |username: &str,
                    role: &'static str,
                    agency: Option<&str>,
                    province: Option<&str>,
                    what: String| {
        logins.push(Login {
            username: username.to_string(),
            role,
            what,
        });
        accounts::NewUserInput {
            username: username.to_string(),
            password: DEMO_PASSWORD.to_string(),
            role: role.to_string(),
            agency: agency.map(str::to_string),
            province: province.map(str::to_string),
            district: None,
            // The demo's people have addresses so the outbox shows what would be mailed.
            email: Some(format!("{username}@demo.openita.invalid")),
            name: Some(demo_name(username).to_string()),
        }
    };
    let mut inputs = vec![user(
        "admin",
        "nacc-admin",
        None,
        None,
        "ผู้ดูแลระบบ สำนักงาน ป.ป.ช. / NACC administrator".into(),
    )];

    let chaiyaphum = province_agencies("ชัยภูมิ")?;
    let krabi = province_agencies("กระบี่")?;
    for rows in [&chaiyaphum, &krabi] {
        let report = agencies::import_agencies(core, &system, rows, &|_, _| {})
            .await
            .map_err(fail)?;
        anyhow::ensure!(
            report.errors.is_empty(),
            "demo agencies did not import: {:?}",
            report.errors.first()
        );
    }
    let pick = |rows: &[(usize, AgencyInput)], kind: &str, nth: usize| -> (String, String) {
        rows.iter()
            .filter(|(_, a)| a.agency_type == kind)
            .nth(nth)
            .map(|(_, a)| (a.code.clone(), a.name_th.clone()))
            .unwrap_or_default()
    };
    let sao = pick(&chaiyaphum, "sao", 0);
    let town = pick(&chaiyaphum, "town_municipality", 0);
    let krabi_sao = pick(&krabi, "sao", 2);
    for (slug, (code, name)) in [("sao", &sao), ("town", &town), ("krabi", &krabi_sao)] {
        inputs.push(user(
            &format!("{slug}.admin"),
            "agency-admin",
            Some(code),
            None,
            format!("{name} ({code})"),
        ));
        inputs.push(user(
            &format!("{slug}.exec"),
            "agency-executive",
            Some(code),
            None,
            format!("{name} ({code})"),
        ));
    }
    inputs.push(user(
        "coord.chaiyaphum",
        "province-coordinator",
        None,
        Some("ชัยภูมิ"),
        "จังหวัดชัยภูมิ / Chaiyaphum".into(),
    ));
    // The district coordinator of the SAO's district: sees that district only.
    let sao_district = chaiyaphum
        .iter()
        .find(|(_, a)| a.code == sao.0)
        .and_then(|(_, a)| a.district.as_deref())
        .and_then(|d| openita_geography::district("36", d))
        .map(|d| d.name_th.clone())
        .unwrap_or_default();
    let mut district = user(
        "coord.district",
        "district-coordinator",
        None,
        Some("ชัยภูมิ"),
        format!("อำเภอ{sao_district} จังหวัดชัยภูมิ / a district of Chaiyaphum"),
    );
    district.district = Some(sao_district.clone());
    inputs.push(district);
    inputs.push(user(
        "coord.krabi",
        "province-coordinator",
        None,
        Some("กระบี่"),
        "จังหวัดกระบี่ / Krabi".into(),
    ));
    inputs.push(user(
        "assessor1",
        "assessor",
        None,
        None,
        "ผู้ประเมิน อปท. ชัยภูมิ / Chaiyaphum local organisations".into(),
    ));
    inputs.push(user(
        "assessor2",
        "assessor",
        None,
        None,
        "ผู้ประเมิน กระบี่ / Krabi".into(),
    ));
    for input in &inputs {
        accounts::create_user(core, &system, input)
            .await
            .map_err(fail)?;
    }

    // Last fiscal year: closed, with the calendar of the 2568 letters.
    let today = Utc::now().with_timezone(&bangkok()).date_naive();
    let this_year = FiscalYear::containing(today);
    let last = this_year
        .previous()
        .context("this fiscal year is the first the system knows")?;
    cycles::create_cycle(core, &system, i64::from(last), "ita-2568")
        .await
        .map_err(fail)?;
    let ce = last.ce();
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(ce, m, day).unwrap_or(today);
    let mut calendar = BTreeMap::new();
    calendar.insert("registration".to_string(), window(d(1, 6), d(2, 28)));
    calendar.insert("headcount".to_string(), window(d(1, 6), d(2, 28)));
    calendar.insert("iit".to_string(), window(d(2, 1), d(5, 31)));
    calendar.insert("eit".to_string(), window(d(2, 1), d(5, 31)));
    calendar.insert("oit_answer".to_string(), window(d(1, 6), d(4, 30)));
    calendar.insert("oit_review".to_string(), window(d(5, 1), d(5, 31)));
    calendar.insert("clarification".to_string(), window(d(6, 1), d(6, 16)));
    calendar.insert("confirmation".to_string(), window(d(6, 17), d(6, 30)));
    calendar.insert("announcement".to_string(), window(d(8, 1), d(8, 31)));
    cycles::set_calendar(core, &system, last, &calendar)
        .await
        .map_err(fail)?;

    // This fiscal year: open, with collection windows around today so every screen has
    // something to show.
    let year = this_year;
    cycles::create_cycle(core, &system, i64::from(year), "ita-2568")
        .await
        .map_err(fail)?;
    let around =
        |from: i64, to: i64| window(today + Duration::days(from), today + Duration::days(to));
    let mut now = BTreeMap::new();
    now.insert("registration".to_string(), around(-50, 30));
    now.insert("headcount".to_string(), around(-40, 30));
    now.insert("iit".to_string(), around(-20, 100));
    now.insert("eit".to_string(), around(-20, 100));
    now.insert("oit_answer".to_string(), around(-30, 120));
    now.insert("oit_review".to_string(), around(121, 150));
    now.insert("clarification".to_string(), around(151, 165));
    now.insert("confirmation".to_string(), around(166, 180));
    now.insert("announcement".to_string(), around(220, 250));
    cycles::set_calendar(core, &system, year, &now)
        .await
        .map_err(fail)?;
    cycles::open_cycle(core, &system, year)
        .await
        .map_err(fail)?;

    let chaiyaphum_locals: Vec<String> = chaiyaphum
        .iter()
        .filter(|(_, a)| {
            matches!(
                a.agency_type.as_str(),
                "sao" | "subdistrict_municipality" | "town_municipality"
            )
        })
        .map(|(_, a)| a.code.clone())
        .collect();
    let krabi_all: Vec<String> = krabi.iter().map(|(_, a)| a.code.clone()).collect();
    cycles::assign_assessor(
        core,
        &system,
        year,
        "assessor1",
        &cycles::AgencySelection::codes(&chaiyaphum_locals),
    )
    .await
    .map_err(fail)?;
    cycles::assign_assessor(
        core,
        &system,
        year,
        "assessor2",
        &cycles::AgencySelection::codes(&krabi_all),
    )
    .await
    .map_err(fail)?;
    cycles::assign_assessor(
        core,
        &system,
        last,
        "assessor1",
        &cycles::AgencySelection::codes(&chaiyaphum_locals),
    )
    .await
    .map_err(fail)?;
    // Last year every agency had an assessor: the Chaiyaphum local organisations
    // assessor1, the others assessor2.
    let others: Vec<String> = chaiyaphum
        .iter()
        .chain(&krabi)
        .map(|(_, a)| a.code.clone())
        .filter(|code| !chaiyaphum_locals.contains(code))
        .collect();
    cycles::assign_assessor(
        core,
        &system,
        last,
        "assessor2",
        &cycles::AgencySelection::codes(&others),
    )
    .await
    .map_err(fail)?;
    super::demo_activity::play_last_year(past, clock, last, ce).await?;
    // The demo agencies with log-ins: OIT in draft (town), submitted (SAO), approved (Krabi).
    let demo = [
        (town.0.as_str(), "town"),
        (sao.0.as_str(), "sao"),
        (krabi_sao.0.as_str(), "krabi"),
    ];
    super::demo_activity::play_this_year(core, year, &demo).await?;
    let (sao, town) = (AgencyCode::parse(&sao.0)?, AgencyCode::parse(&town.0)?);
    super::demo_drive::play(core, year, ce + 1, &sao, &town).await?;
    Ok(logins)
}

/// The demo's people's names (made up), so the pages show names, not user names.
fn demo_name(username: &str) -> &'static str {
    match username {
        "admin" => "นางสาวกานดา ตรงธรรม",
        "sao.admin" => "นายสมชาย ใจดี",
        "sao.exec" => "นายก อบต. วีระ ศรีสุข",
        "town.admin" => "นางสาวพรทิพย์ มั่นคง",
        "town.exec" => "นายกเทศมนตรี ประยุทธ์ ทองดี",
        "krabi.admin" => "นางอรุณี ทะเลงาม",
        "krabi.exec" => "นายก อบต. สมศักดิ์ อันดามัน",
        "coord.chaiyaphum" => "นางสาววิภา พรหมมา",
        "coord.district" => "นายธนากร บุญมา",
        "coord.krabi" => "นายอดิศักดิ์ ศรีกระบี่",
        "assessor1" => "ดร.ปรีชา ตรวจตรา",
        "assessor2" => "นางสาวมาลี ประเมินดี",
        _ => "",
    }
}
