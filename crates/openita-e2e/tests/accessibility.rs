//! Accessibility, measured: axe-core (from the npm registry, installed by
//! `scripts/install-axe`) runs in headless Chromium on every kind of page a person meets,
//! and no page may have a serious or critical violation. The same tour checks each page fits
//! a phone's 390 CSS pixels without sideways scrolling. Two walks use the keyboard alone: the
//! survey answered and sent with Tab, Space, the arrows and Enter (focus visible on every
//! field), and an OIT item's link typed and saved from its agency's page.
//!
//! The tour follows the cycle's calendar on the fixture's clock: the survey and the agency's
//! pages while answering is open, the assessor's queue and review page in the review window,
//! and the public results once published.

mod support;

use anyhow::{Context, Result, anyhow, ensure};
use fantoccini::{Client, key::Key};
use openita_testing::{PASSWORD, TestApp};
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};
use support::{
    Driver, PHONE_WIDTH, Server,
    api::Api,
    axe::serious_violations,
    keyboard::{focused, press_keys, tab},
    pages::*,
};

const YEAR: i64 = 2568;

/// Stands the fixture's clock at an RFC 3339 moment.
fn at(app: &TestApp, when: &str) -> Result<()> {
    app.clock.set(serde_json::from_value(json!(when))?);
    Ok(())
}

/// Every window of the cycle, so each page has its working state at some moment.
async fn open_the_calendar(app: &TestApp) {
    app.set_calendar(json!({
        "iit": {"start": "2025-02-01", "end": "2025-05-31"},
        "eit": {"start": "2025-02-01", "end": "2025-05-31"},
        "oit_answer": {"start": "2025-01-06", "end": "2025-04-30"},
        "oit_review": {"start": "2025-05-01", "end": "2025-05-31"},
        "clarification": {"start": "2025-06-01", "end": "2025-06-16T17:00:00+07:00"},
        "confirmation": {"start": "2025-06-17", "end": "2025-06-30"},
        "announcement": {"start": "2025-07-01", "end": "2025-12-31"}
    }))
    .await;
}

/// The agency's IIT and EIT links, as its admin hands them out.
async fn survey_links(app: &TestApp, api: &Api) -> Result<(String, String)> {
    let admin = app.token("agency-admin").await;
    let path = format!(
        "/api/v1/cycles/{YEAR}/agencies/{}/survey-links",
        app.fixture.agency
    );
    let links = api.ok(Method::GET, &path, &admin, None).await?;
    let link = |kind: &str| {
        links[kind]["url"]
            .as_str()
            .map(String::from)
            .with_context(|| format!("the {kind} link: {links}"))
    };
    Ok((link("iit")?, link("eit")?))
}

/// The pages visited, and what was wrong with them.
struct Tour<'a> {
    browser: &'a Client,
    base: &'a str,
    pages: usize,
    failures: Vec<String>,
}

impl Tour<'_> {
    /// Checks the page shown now: it fits a phone, and axe finds nothing serious on a phone
    /// or on a desktop.
    async fn check(&mut self, name: &str) -> Result<()> {
        self.pages += 1;
        use_screen(self.browser, Screen::Phone).await?;
        let wide = overflowing(self.browser).await?;
        if !wide.is_empty() {
            let wide = wide.join("\n    ");
            let failure = format!("{name}: wider than {PHONE_WIDTH} px:\n    {wide}");
            self.failures.push(failure);
        }
        let found = serious_violations(self.browser, name).await?;
        self.failures.extend(found);
        // Wider screens show more (columns hidden on a phone): axe again at a desktop's width.
        use_screen(self.browser, Screen::Desktop).await?;
        let found = serious_violations(self.browser, &format!("{name} (desktop)")).await?;
        self.failures.extend(found);
        Ok(())
    }

    /// Opens a page by its path, makes sure it is the page asked for (not an error or the
    /// sign-in form), and checks it.
    async fn visit(&mut self, path: &str) -> Result<()> {
        self.browser.goto(&format!("{}{path}", self.base)).await?;
        let now = self.browser.current_url().await?;
        ensure!(
            now.path() == path.split('?').next().unwrap_or(path),
            "{path} led to {now}"
        );
        let refused = present(self.browser, "div.error-summary[role=alert]").await?;
        ensure!(
            !refused,
            "{path} shows an error: {}",
            text_of(self.browser, "main").await?
        );
        self.check(path).await
    }

    async fn visit_as(&mut self, user: &str, paths: &[&str]) -> Result<()> {
        sign_in(self.browser, self.base, user, PASSWORD).await?;
        for path in paths {
            self.visit(path)
                .await
                .with_context(|| format!("as {user}"))?;
        }
        sign_out(self.browser).await
    }
}

/// The survey form, its error state after an empty send, and the thank-you page.
async fn survey_pages(tour: &mut Tour<'_>, iit: &str, eit: &str) -> Result<()> {
    let browser = tour.browser;
    browser.goto(eit).await?;
    ensure!(present(browser, "form fieldset").await?, "the EIT form");
    tour.check("the EIT survey form").await?;
    browser.goto(iit).await?;
    ensure!(present(browser, "form fieldset").await?, "the IIT form");
    tour.check("the IIT survey form").await?;
    script(
        browser,
        "document.querySelector('form').noValidate = true;",
        vec![],
    )
    .await?;
    press(
        browser,
        "form",
        &text_of(browser, "form button[type=submit]").await?,
    )
    .await?;
    ensure!(present(browser, "#errors").await?, "the error summary");
    tour.check("the IIT survey form sent empty").await?;
    script(
        browser,
        "document.querySelectorAll('fieldset .opts').forEach(o => o.querySelector('input').checked = true);",
        vec![],
    )
    .await?;
    press(
        browser,
        "form",
        &text_of(browser, "form button[type=submit]").await?,
    )
    .await?;
    ensure!(
        browser.current_url().await?.path() == "/s/thanks",
        "thanked"
    );
    tour.check("the survey's thank-you page").await
}

async fn tour(app: &TestApp, server: &Server, browser: &Client) -> Result<()> {
    let started = Instant::now();
    let base = server.base.as_str();
    let api = Api::new(base);
    let code = &app.fixture.agency;
    let agency = format!("/cycles/{YEAR}/agencies/{code}");
    let oit = format!("{agency}/oit");
    open_the_calendar(app).await;
    let (iit, eit) = survey_links(app, &api).await?;
    let mut tour = Tour {
        browser,
        base,
        pages: 0,
        failures: Vec::new(),
    };

    // 1 March 2025: the surveys and OIT answering are open.
    tour.visit("/login").await?;
    tour.visit("/").await?;
    tour.visit("/results").await?;
    survey_pages(&mut tour, &iit, &eit).await?;
    let agency_page = format!("/agencies/{code}");
    let publicity = format!("{agency}/publicity");
    let item = format!("{oit}/O1");
    let pages = ["/", agency_page.as_str(), &agency, &oit, &item, &publicity];
    tour.visit_as("agency-admin", &pages).await?;
    let area = format!("/cycles/{YEAR}/provinces/36");
    let progress = format!("/cycles/{YEAR}/progress");
    let forms = format!("{area}/forms");
    let plan = format!("{area}/plan");
    let pages = ["/", progress.as_str(), &area, &forms, &plan];
    tour.visit_as("coordinator", &pages).await?;
    let national = format!("/cycles/{YEAR}/provinces");
    let cycle = format!("/cycles/{YEAR}");
    tour.visit_as("admin", &["/", national.as_str(), &progress, &cycle])
        .await?;

    // Every item answered, submitted and approved over the API.
    let oit_api = format!("/api/v1{oit}");
    let admin = app.token("agency-admin").await;
    let items = api.ok(Method::GET, &oit_api, &admin, None).await?;
    for item in items["items"].as_array().context("items")? {
        let item = item["code"].as_str().context("code")?;
        let answer = json!({"published": true, "urls": [format!("https://{code}.example.go.th/oit/{item}")], "note": ""});
        let path = format!("{oit_api}/{item}");
        api.ok(Method::PUT, &path, &admin, Some(answer)).await?;
    }
    let submit = format!("{oit_api}/submit");
    api.ok(Method::POST, &submit, &admin, None).await?;
    // The executive's home (answers waiting for approval) and OIT page (the approve button).
    tour.visit_as("agency-executive", &["/", oit.as_str()])
        .await?;
    let executive = app.token("agency-executive").await;
    let approve = format!("{oit_api}/approve");
    api.ok(Method::POST, &approve, &executive, None).await?;

    // 2 May 2025: the assessor's queue and review page.
    at(app, "2025-05-02T09:00:00+07:00")?;
    let queue = format!("/cycles/{YEAR}/queue");
    tour.visit_as("assessor", &[queue.as_str(), &oit, &item])
        .await?;

    // 2 July 2025: results computed and published; the public portal.
    at(app, "2025-07-02T09:00:00+07:00")?;
    let nacc = app.token("admin").await;
    let compute = format!("/api/v1/cycles/{YEAR}/results/compute");
    api.ok(Method::POST, &compute, &nacc, None).await?;
    app.run_jobs().await;
    tour.visit_as("admin", &[&format!("/cycles/{YEAR}/results/publish")])
        .await?;
    let publish = format!("/api/v1/cycles/{YEAR}/results/publish");
    api.ok(Method::POST, &publish, &nacc, None).await?;
    let year = format!("/results/{YEAR}");
    let result = format!("{year}/agencies/{code}");
    for path in ["/", "/results", &year, &result] {
        tour.visit(path).await.context("published")?;
    }
    println!(
        "axe and {PHONE_WIDTH} px checked on {} pages in {:.1} s",
        tour.pages,
        started.elapsed().as_secs_f64()
    );
    let failures = tour.failures;
    ensure!(
        failures.is_empty(),
        "{} accessibility failures (axe serious or critical, or wider than a phone):\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

/// How many Tabs a walk may take before it gives up.
const MAX_TABS: usize = 400;

/// The survey with the keyboard only: Tab to each question, Space or an arrow to answer,
/// Enter on the send button; the focus shows on every field it reaches.
async fn survey_by_keyboard(app: &TestApp, server: &Server, browser: &Client) -> Result<()> {
    open_the_calendar(app).await;
    let (iit, _) = survey_links(app, &Api::new(&server.base)).await?;
    use_screen(browser, Screen::Desktop).await?;
    browser.goto(&iit).await?;
    let count = "return new Set(Array.from(document.querySelectorAll('form input[type=radio]')) \
                 .map(r => r.name)).size;";
    let questions = script(browser, count, vec![])
        .await?
        .as_u64()
        .context("questions")?;
    ensure!(questions >= 15, "{questions} questions");
    let mut answered = 0_u64;
    let mut at_send = false;
    for _ in 0..MAX_TABS {
        let f = tab(browser).await?;
        ensure!(f.outlined, "the focus does not show on {f:?}");
        if f.kind == "radio" && !f.group_answered {
            // Space chooses the focused (first) answer; Down moves to the next and chooses it.
            let key = if answered.is_multiple_of(2) {
                Key::Space
            } else {
                Key::Down
            };
            press_keys(browser, &[key]).await?;
            let now = focused(browser).await?;
            ensure!(
                now.group_answered && now.outlined,
                "{key:?} answered {}: {now:?}",
                f.name
            );
            answered += 1;
        }
        if f.tag == "button" && f.kind == "submit" {
            at_send = true;
            break;
        }
    }
    ensure!(at_send, "no send button within {MAX_TABS} Tabs");
    ensure!(
        answered == questions,
        "{answered} of {questions} answered by keyboard"
    );
    mark_page(browser).await?;
    press_keys(browser, &[Key::Enter]).await?;
    wait_for_new_page(browser).await?;
    let url = browser.current_url().await?;
    ensure!(url.path() == "/s/thanks", "Enter sent the survey: {url}");
    let heading = text_of(browser, "h1").await?;
    ensure!(heading.contains("ขอบคุณ"), "the thank-you page: {heading}");
    Ok(())
}

/// The words of the OIT page this walk relies on (labels, not layout).
const URLS_LABEL: &str = "ลิงก์ (บรรทัดละ 1 ลิงก์)";
const SAVE: &str = "บันทึก";
const SAVED: &str = "บันทึกแล้ว";
const EVIDENCE: &str = "https://6360201.example.go.th/oit/by-keyboard.pdf";

/// An OIT item answered with the keyboard only: from the list of items, Tab to the first
/// item's line (Enter opens its page), then to its "published" answer (Space) and its links
/// field (typed), then to its save button (Enter).
async fn oit_by_keyboard(app: &TestApp, server: &Server, browser: &Client) -> Result<()> {
    open_the_calendar(app).await;
    use_screen(browser, Screen::Desktop).await?;
    sign_in(browser, &server.base, "agency-admin", PASSWORD).await?;
    let oit = format!(
        "{}/cycles/{YEAR}/agencies/{}/oit",
        server.base, app.fixture.agency
    );
    browser.goto(&oit).await?;
    let mut opened = false;
    for _ in 0..MAX_TABS {
        let f = tab(browser).await?;
        ensure!(f.outlined, "the focus does not show on {f:?}");
        if f.tag == "a" && f.label.starts_with("O1 ") {
            mark_page(browser).await?;
            press_keys(browser, &[Key::Enter]).await?;
            wait_for_new_page(browser).await?;
            opened = true;
            break;
        }
    }
    ensure!(opened, "no line of item O1 within {MAX_TABS} Tabs");
    let mut item_form = String::new();
    let (mut published, mut typed, mut saved) = (false, false, false);
    for _ in 0..MAX_TABS {
        let f = tab(browser).await?;
        ensure!(f.outlined, "the focus does not show on {f:?}");
        let answers_an_item = f.name == "published" || f.label == URLS_LABEL;
        if item_form.is_empty() && answers_an_item {
            item_form = f.form.clone();
        }
        if item_form.is_empty() || f.form != item_form {
            continue;
        }
        if f.name == "published" && !f.group_answered {
            press_keys(browser, &[Key::Space]).await?; // the first answer: yes
            published = true;
        } else if f.label == URLS_LABEL {
            browser.active_element().await?.send_keys(EVIDENCE).await?;
            typed = true;
        } else if f.tag == "button" && f.label == SAVE {
            ensure!(
                published && typed,
                "at the save button before answering: {f:?}"
            );
            mark_page(browser).await?;
            press_keys(browser, &[Key::Enter]).await?;
            wait_for_new_page(browser).await?;
            saved = true;
            break;
        }
    }
    ensure!(
        saved,
        "no item's links field and save button within {MAX_TABS} Tabs"
    );
    ensure!(notice(browser).await? == SAVED, "Enter saved the item");
    let kept = script(
        browser,
        "const form = Array.from(document.forms).find(f => f.getAttribute('action') === arguments[0]); \
         const label = form && Array.from(form.querySelectorAll('label')) \
           .find(l => l.innerText.trim() === arguments[1]); \
         return label && label.control ? label.control.value : null;",
        vec![json!(item_form), json!(URLS_LABEL)],
    )
    .await?;
    ensure!(
        kept == json!(EVIDENCE),
        "the item keeps the link typed: {kept}"
    );
    Ok(())
}

/// Runs a walk in a fresh server and browser, within a time limit.
async fn in_a_browser<F>(minutes: u64, walk: F) -> Result<()>
where
    F: for<'a> AsyncFnOnce(&'a TestApp, &'a Server, &'a Client) -> Result<()>,
{
    let app = TestApp::new().await;
    let server = Server::start(&app).await?;
    let driver = Driver::start().await?;
    let browser = driver.resizable_browser().await?;
    let limit = Duration::from_secs(minutes * 60);
    let outcome = tokio::time::timeout(limit, walk(&app, &server, &browser)).await;
    let _ = browser.close().await;
    drop(driver);
    outcome.map_err(|_| anyhow!("the walk took more than {minutes} minutes"))??;
    server.stop().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_passes_axe_and_fits_a_phone() -> Result<()> {
    in_a_browser(5, tour).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_survey_is_answered_and_sent_with_the_keyboard_alone() -> Result<()> {
    in_a_browser(3, survey_by_keyboard).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oit_item_is_answered_and_saved_with_the_keyboard_alone() -> Result<()> {
    in_a_browser(3, oit_by_keyboard).await
}
