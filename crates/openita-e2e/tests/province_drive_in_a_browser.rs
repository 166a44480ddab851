//! The province drive through the real pages in headless Chromium, on a phone: the province
//! coordinator opens the dashboard from the home page, sees what each agency is missing and
//! filters to the agencies not registered, sets the province's targets and sees the
//! prediction fall short of them, then adds an activity to the yearly plan, and deletes it
//! only after the confirmation page. No page is wider than the phone. Screenshots at a phone's
//! and a desktop's width go to `target/e2e-screenshots/drive-*.png`.

mod support;

use anyhow::{Result, anyhow, ensure};
use fantoccini::Client;
use openita_testing::{PASSWORD, TestApp};
use serde_json::json;
use std::time::Duration;
use support::{Driver, Server, pages::*};

const YEAR: i64 = 2568;
const ACTIVITY: &str = "อบรมผู้รับผิดชอบ ITA ของ อปท. ทุกแห่ง";

async fn fits_the_phone(browser: &Client, what: &str) -> Result<()> {
    let over = overflowing(browser).await?;
    ensure!(over.is_empty(), "{what} is wider than the phone: {over:?}");
    Ok(())
}

async fn rows(browser: &Client) -> Result<Vec<String>> {
    let found = script(
        browser,
        "return Array.from(document.querySelectorAll('table.drive tbody tr td:first-child a'))\
           .map(a => a.getAttribute('href'));",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(found)?)
}

async fn walk(server: &Server, browser: &Client) -> Result<()> {
    let base = &server.base;
    use_screen(browser, Screen::Phone).await?;
    sign_in(browser, base, "coordinator", PASSWORD).await?;
    follow(browser, &format!("แดชบอร์ดติดตาม {YEAR}")).await?;
    let path = browser.current_url().await?.path().to_string();
    ensure!(
        path == format!("/cycles/{YEAR}/provinces/36"),
        "landed on {path}"
    );
    let page = text_of(browser, "main").await?;
    for words in [
        "ติดตามการประเมิน",
        "ยังไม่ลงทะเบียนผู้ใช้",
        "คะแนนคาดการณ์",
        "เสี่ยงไม่ผ่านเกณฑ์",
    ] {
        ensure!(page.contains(words), "the dashboard shows \"{words}\"");
    }
    ensure!(present(browser, ".chart svg").await?, "a chart");
    ensure!(
        rows(browser).await?.len() == 2,
        "both Chaiyaphum agencies listed"
    );
    fits_the_phone(browser, "the dashboard").await?;
    screenshots(browser, "drive-dashboard", Screen::Phone, None).await?;

    // Only the agencies nobody has registered yet.
    choose(browser, "#f-missing", "not_registered").await?;
    press(browser, "form.filters", "กรอง").await?;
    let listed = rows(browser).await?;
    ensure!(
        listed == vec![format!("/cycles/{YEAR}/agencies/5360101")],
        "the filter keeps 5360101 only: {listed:?}"
    );
    screenshots(
        browser,
        "drive-filtered",
        Screen::Phone,
        Some("form.filters"),
    )
    .await?;

    // The province's targets, against the prediction.
    fill(browser, "#pass_rate", "100").await?;
    fill(browser, "#mean", "89").await?;
    press(browser, "#targets + .card", "บันทึกเป้าหมาย").await?;
    ensure!(notice(browser).await?.contains("บันทึกเป้าหมายแล้ว"), "saved");
    let targets = text_of(browser, "#targets + .card").await?;
    ensure!(
        targets.contains("100.00%") && targets.contains("ยังไม่ถึงเป้าหมาย"),
        "the targets against the prediction: {targets}"
    );
    fits_the_phone(browser, "the dashboard with targets").await?;

    // The yearly plan: add an activity, then delete it after the confirmation page.
    follow(browser, "แผนการขับเคลื่อน").await?;
    fill(browser, "#title", ACTIVITY).await?;
    script(
        browser,
        "document.querySelector('#start').value = '2025-01-15'; \
         document.querySelector('#end').value = '2025-01-16';",
        vec![],
    )
    .await?;
    fill(browser, "#responsible", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด").await?;
    press(browser, "form[action$='/plan']", "เพิ่มกิจกรรม").await?;
    let plan = text_of(browser, "main").await?;
    ensure!(plan.contains(ACTIVITY), "the activity is in the plan");
    ensure!(
        plan.contains("15 ม.ค. 2568") || plan.contains("มกราคม 2568"),
        "Buddhist-era dates: {plan}"
    );
    fits_the_phone(browser, "the plan").await?;
    screenshots(
        browser,
        "drive-plan",
        Screen::Phone,
        Some("[data-activity]"),
    )
    .await?;
    follow(browser, "ลบกิจกรรม").await?;
    ensure!(
        text_of(browser, "main").await?.contains(ACTIVITY),
        "the confirmation page names what will go"
    );
    press(browser, "main", "ยืนยันการลบ").await?;
    let plan = text_of(browser, "main").await?;
    ensure!(
        !plan.contains(ACTIVITY),
        "the activity is gone after the confirmation"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_drives_the_province_from_a_phone() -> Result<()> {
    let app = TestApp::new().await;
    app.set_calendar(json!({"iit": {"start": "2025-02-01", "end": "2025-05-31"}}))
        .await;
    let server = Server::start(&app).await?;
    let driver = Driver::start().await?;
    let browser = driver.resizable_browser().await?;
    let outcome = tokio::time::timeout(Duration::from_secs(180), walk(&server, &browser)).await;
    let _ = browser.close().await;
    drop(driver);
    outcome.map_err(|_| anyhow!("the browser test took more than 3 minutes"))??;
    server.stop().await?;
    Ok(())
}
