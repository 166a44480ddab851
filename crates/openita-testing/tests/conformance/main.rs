//! The conformance story: one realistic sequence through the use cases, on whichever database
//! the environment names (SQLite by default, PostgreSQL with TEST_DATABASE_URL). It is the
//! same code path on both engines; this proves the engines behave the same.

use openita_core::{
    Actor, CoreError, accounts,
    agencies::{self, AgencyInput, AgencyQuery},
    audit, cycles,
};
use openita_testing::{TestApp, backend_under_test};
use openita_types::{FiscalYear, Phase, Role};
use std::collections::BTreeMap;

fn window(start: &str, end: &str) -> cycles::PhaseWindowInput {
    cycles::PhaseWindowInput {
        start: start.into(),
        end: end.into(),
    }
}

#[tokio::test]
async fn a_province_is_registered_and_a_cycle_is_set_up() -> Result<(), CoreError> {
    let app = TestApp::empty().await;
    let core = app.core();
    let cli = Actor::system("story");
    eprintln!("conformance story on {:?}", backend_under_test());

    // The NACC admin account, made from the command line.
    let admin_input = accounts::NewUserInput {
        username: "nacc.admin".into(),
        password: "ป.ป.ช. ใช้รหัสยาว".into(),
        role: "nacc-admin".into(),
        ..Default::default()
    };
    accounts::create_user(core, &cli, &admin_input).await?;
    let admin = accounts::sign_in(
        core,
        "NACC.Admin ",
        "ป.ป.ช. ใช้รหัสยาว",
        accounts::SessionKind::Browser,
        std::net::Ipv4Addr::LOCALHOST.into(),
    )
    .await?
    .actor;
    assert_eq!(admin.role, Role::NaccAdmin);

    // Krabi's agencies from the province's spreadsheet: one bad row among good ones.
    let mut rows = Vec::new();
    for (i, (code, name, t, district)) in [
        ("1810000", "สำนักงานจังหวัดกระบี่", "province_office", ""),
        ("2810000", "องค์การบริหารส่วนจังหวัดกระบี่", "pao", ""),
        ("4810101", "เทศบาลเมืองกระบี่", "town_municipality", "เมืองกระบี่"),
        ("6810201", "องค์การบริหารส่วนตำบลเขาพนม", "sao", "เขาพนม"),
        (
            "6810301",
            "องค์การบริหารส่วนตำบลเกาะลันตาใหญ่",
            "sao",
            "เกาะลันตา",
        ),
        ("6810302", "อบต.ที่ไม่มีอยู่จริง", "sao", "อำเภอที่ไม่มี"),
    ]
    .into_iter()
    .enumerate()
    {
        rows.push((
            i + 2,
            AgencyInput {
                code: code.into(),
                name_th: name.into(),
                agency_type: t.into(),
                province: "กระบี่".into(),
                district: (!district.is_empty()).then(|| district.to_string()),
                ..Default::default()
            },
        ));
    }
    let report = agencies::import_agencies(core, &admin, &rows, &|_, _| {}).await?;
    assert_eq!(
        (report.created, report.updated, report.errors.len()),
        (5, 0, 1)
    );
    assert_eq!(report.errors[0].row, 7);
    let again = agencies::import_agencies(core, &admin, &rows[..5], &|_, _| {}).await?;
    assert_eq!(
        (again.created, again.unchanged),
        (0, 5),
        "re-importing the same file changes nothing"
    );

    // Accounts for one agency and the province.
    for (username, role, agency, province) in [
        ("lanta.admin", "agency-admin", Some("6810301"), None),
        ("lanta.exec", "agency-executive", Some("6810301"), None),
        ("krabi.coord", "province-coordinator", None, Some("Krabi")),
        ("assessor.a", "assessor", None, None),
    ] {
        let input = accounts::NewUserInput {
            username: username.into(),
            password: "รหัสผ่านยาวพอสมควร".into(),
            role: role.into(),
            agency: agency.map(str::to_string),
            province: province.map(str::to_string),
            district: None,
            email: Some(format!("{username}@krabi.example.go.th")),
            name: None,
        };
        accounts::create_user(core, &admin, &input).await?;
    }
    let lanta = accounts::sign_in(
        core,
        "lanta.admin",
        "รหัสผ่านยาวพอสมควร",
        accounts::SessionKind::Api,
        std::net::Ipv4Addr::LOCALHOST.into(),
    )
    .await?
    .actor;
    let (own, total) = agencies::list_agencies(core, &lanta, &AgencyQuery::default()).await?;
    assert_eq!((own.len(), total), (1, 1));
    assert!(matches!(
        agencies::create_agency(core, &lanta, &rows[0].1).await,
        Err(CoreError::Forbidden(_))
    ));
    let coord = accounts::sign_in(
        core,
        "krabi.coord",
        "รหัสผ่านยาวพอสมควร",
        accounts::SessionKind::Api,
        std::net::Ipv4Addr::LOCALHOST.into(),
    )
    .await?
    .actor;
    let (area, _) = agencies::list_agencies(
        core,
        &coord,
        &AgencyQuery {
            agency_type: Some("sao".into()),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(area.len(), 2);

    // The cycle, its calendar and its windows.
    cycles::create_cycle(core, &admin, 2568, "ita-2568").await?;
    let mut calendar = BTreeMap::new();
    calendar.insert("headcount".to_string(), window("2025-01-06", "2025-02-28"));
    calendar.insert("iit".to_string(), window("2025-02-01", "2025-05-31"));
    calendar.insert(
        "clarification".to_string(),
        window("2025-06-01", "2025-06-16T17:00:00+07:00"),
    );
    cycles::set_calendar(core, &admin, FiscalYear::of(2568), &calendar).await?;
    assert!(
        cycles::require_window(core, FiscalYear::of(2568), Phase::Iit)
            .await
            .is_ok()
    );
    assert!(matches!(
        cycles::require_window(core, FiscalYear::of(2568), Phase::Headcount).await,
        Err(CoreError::OutsideWindow {
            phase: Phase::Headcount,
            ..
        })
    ));
    let fw = cycles::cycle_framework(core, FiscalYear::of(2568)).await?;
    assert_eq!(fw.oit_items().count(), 28);
    let assigned = cycles::assign_assessor(
        core,
        &admin,
        FiscalYear::of(2568),
        "assessor.a",
        &cycles::AgencySelection::codes(&["6810301".into(), "6810201".into()]),
    )
    .await?;
    assert_eq!(assigned.assigned.len(), 2);

    // Everything above left its trace.
    let (entries, count) = audit::list(
        core,
        &admin,
        &audit::Filter {
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    let actions: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "agency.create",
        "user.create",
        "cycle.create",
        "cycle.calendar_set",
        "cycle.assign_assessor",
    ] {
        assert!(actions.contains(expected), "no {expected} in {actions:?}");
    }
    assert_eq!(count, entries.len() as i64);
    assert!(matches!(
        audit::list(core, &lanta, &audit::Filter::default()).await,
        Err(CoreError::Forbidden(_))
    ));
    Ok(())
}
