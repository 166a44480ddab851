//! The public IIT survey as a person answers it on a phone: headless Chromium (Debian's
//! chromium + chromium-driver, started by the test) against the real server on a socket.
//!
//! The form marks required questions with `required`, so Chromium itself stops a first,
//! incomplete submission; the test checks that, then turns the browser's check off (as an
//! old browser, or one that ignores `required`, would send) to see the server's answer: the
//! error summary, the chosen answers kept and the missing ones marked. It then answers
//! everything by tapping the labels and with the keyboard for one question, sends, lands on
//! the thank-you page, and checks through the API that exactly one response counts.
//! Screenshots go to `target/e2e-screenshots/`.

mod support;

use anyhow::{Context, Result, anyhow, ensure};
use fantoccini::{
    Client, Locator,
    actions::{InputSource, KeyAction, KeyActions},
    key::Key,
};
use openita_testing::TestApp;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Driver, PHONE_WIDTH, Server, screenshot};

/// A question as the page shows it.
struct Question {
    id: String,
    options: usize,
    required: bool,
}

/// The questions of the form, in page order.
async fn questions(browser: &Client) -> Result<Vec<Question>> {
    let listed = browser
        .execute(
            "return Array.from(document.querySelectorAll('fieldset[id^=\"q-\"]')).map(f => \
             [f.id.slice(2), f.querySelectorAll('input[type=radio]').length, \
              f.querySelector('input[type=radio][required]') !== null]);",
            vec![],
        )
        .await?;
    listed
        .as_array()
        .context("a list of questions")?
        .iter()
        .map(|q| {
            Ok(Question {
                id: q[0].as_str().context("question id")?.to_string(),
                options: usize::try_from(q[1].as_u64().context("option count")?)?,
                required: q[2].as_bool().context("required")?,
            })
        })
        .collect()
}

/// Taps the label of option `index` (0-based) of a question, as a finger would.
async fn tap_option(browser: &Client, question: &str, index: usize) -> Result<()> {
    let labels = browser
        .find_all(Locator::Css(&format!(
            "fieldset[id='q-{question}'] label.opt"
        )))
        .await?;
    let label = labels
        .get(index)
        .with_context(|| format!("option {index} of {question}"))?;
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(label)?],
        )
        .await?;
    label.click().await?;
    Ok(())
}

/// The value of the radio chosen for a question, if any.
async fn chosen(browser: &Client, question: &str) -> Result<Option<String>> {
    let value = browser
        .execute(
            "const r = document.querySelector(`input[name='${arguments[0]}']:checked`); \
             return r ? r.value : null;",
            vec![json!(question)],
        )
        .await?;
    Ok(value.as_str().map(str::to_string))
}

async fn press(browser: &Client, keys: &[Key]) -> Result<()> {
    let mut keyboard = KeyActions::new("keyboard".into());
    for key in keys {
        keyboard = keyboard
            .then(KeyAction::Down {
                value: char::from(*key),
            })
            .then(KeyAction::Up {
                value: char::from(*key),
            });
    }
    browser.perform_actions(keyboard).await?;
    Ok(())
}

async fn script(browser: &Client, js: &str) -> Result<Value> {
    Ok(browser.execute(js, vec![]).await?)
}

async fn submit(browser: &Client) -> Result<()> {
    let button = browser
        .find(Locator::Css("form button[type=submit]"))
        .await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&button)?],
        )
        .await?;
    button.click().await?;
    Ok(())
}

async fn answer_the_survey(app: &TestApp, server: &Server, browser: &Client) -> Result<()> {
    let agency = &app.fixture.agency;
    let admin = app.token("agency-admin").await;
    let api = reqwest::Client::new();
    let links: Value = api
        .get(format!(
            "{}/api/v1/cycles/2568/agencies/{agency}/survey-links",
            server.base
        ))
        .bearer_auth(&admin)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let link = links["iit"]["url"]
        .as_str()
        .context("the IIT link")?
        .to_string();
    ensure!(
        link.starts_with(&format!("{}/s/", server.base)),
        "the link is on the server's public address: {link}"
    );

    // The form, in Thai, on a phone's width.
    browser.goto(&link).await?;
    browser
        .find(Locator::Css("html[lang='th']"))
        .await
        .context("the survey page is in Thai")?;
    let title = browser.title().await?;
    ensure!(title.contains("IIT"), "title: {title}");
    let size = script(
        browser,
        "return [document.documentElement.scrollWidth, window.innerWidth];",
    )
    .await?;
    let (page_width, screen_width) = (size[0].as_u64(), size[1].as_u64());
    ensure!(
        screen_width == Some(u64::from(PHONE_WIDTH)),
        "the browser has a phone's width: {size}"
    );
    ensure!(
        page_width <= screen_width,
        "the page fits the phone's width (no sideways scrolling): {size}"
    );
    let questions = questions(browser).await?;
    ensure!(questions.len() >= 15, "{} questions", questions.len());

    // A few answers only, then send.
    let answered_first = 3;
    for (i, q) in questions.iter().take(answered_first).enumerate() {
        tap_option(browser, &q.id, i % q.options).await?;
    }
    for (i, q) in questions.iter().take(answered_first).enumerate() {
        ensure!(
            chosen(browser, &q.id).await? == Some((i % q.options + 1).to_string()),
            "tapping a label chose its answer ({})",
            q.id
        );
    }
    let form_url = browser.current_url().await?;
    submit(browser).await?;
    ensure!(
        browser.current_url().await? == form_url
            && script(
                browser,
                "return document.querySelector('form').checkValidity();"
            )
            .await?
                == json!(false),
        "Chromium's own check of the required answers stops the first send"
    );
    ensure!(
        browser.find(Locator::Css("#errors")).await.is_err(),
        "nothing was sent yet"
    );

    // The server's check, as a browser that ignores `required` would get it.
    script(browser, "document.querySelector('form').noValidate = true;").await?;
    submit(browser).await?;
    let summary = browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("div.summary#errors[role=alert]"))
        .await
        .context("the form comes back with an error summary")?;
    browser
        .find(Locator::Css("html[lang='th']"))
        .await
        .context("the re-rendered form is in Thai")?;
    let missing = &questions[answered_first..]
        .iter()
        .find(|q| q.required)
        .context("a required question left unanswered")?
        .id;
    summary
        .find(Locator::Css(&format!("a[href='#q-{missing}']")))
        .await
        .with_context(|| format!("the summary links to the missing question {missing}"))?;
    let summary_text = summary.text().await?;
    ensure!(
        summary_text.contains("โปรดตอบข้อที่ยังขาด"),
        "summary: {summary_text}"
    );
    for (i, Question { id, options, .. }) in questions.iter().take(answered_first).enumerate() {
        ensure!(
            chosen(browser, id).await? == Some((i % options + 1).to_string()),
            "the answer chosen for {id} is still chosen"
        );
        let fieldset = browser
            .find(Locator::Css(&format!("fieldset[id='q-{id}']")))
            .await?;
        ensure!(
            fieldset.attr("aria-invalid").await?.is_none(),
            "{id} was answered and is not marked"
        );
    }
    for Question { id, required, .. } in &questions[answered_first..] {
        let fieldset = browser
            .find(Locator::Css(&format!("fieldset[id='q-{id}']")))
            .await?;
        let marked = fieldset.attr("aria-invalid").await?;
        if *required {
            ensure!(
                marked.as_deref() == Some("true"),
                "the missing question {id} is marked"
            );
            ensure!(
                fieldset.attr("aria-describedby").await? == Some(format!("e-{id}")),
                "the missing question {id} points at its message"
            );
        } else {
            ensure!(marked.is_none(), "the optional question {id} is not marked");
        }
    }
    let size = script(
        browser,
        "window.scrollTo(0, 0); return [document.documentElement.scrollWidth, window.innerWidth];",
    )
    .await?;
    ensure!(
        size[0].as_u64() <= size[1].as_u64(),
        "the page with errors fits the phone's width: {size}"
    );
    screenshot(browser, &shot_name("1-errors")).await?;

    // Everything else: taps on the labels, and the keyboard for one four-level question.
    let by_keyboard = questions[answered_first..]
        .iter()
        .find(|q| q.options >= 3)
        .map(|q| q.id.clone())
        .ok_or_else(|| anyhow!("no four-level question left"))?;
    for (i, q) in questions.iter().enumerate().skip(answered_first) {
        if q.id != by_keyboard {
            tap_option(browser, &q.id, (i + 1) % q.options).await?;
        }
    }
    let first_radio = browser
        .find(Locator::Css(&format!(
            "input[type=radio][name='{by_keyboard}'][value='1']"
        )))
        .await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();",
            vec![serde_json::to_value(&first_radio)?],
        )
        .await?;
    // Space chooses the focused radio; the arrows move the choice within its group.
    press(
        browser,
        &[Key::Space, Key::Down, Key::Down, Key::Up, Key::Down],
    )
    .await?;
    ensure!(
        chosen(browser, &by_keyboard).await?.as_deref() == Some("3"),
        "space then arrows chose the third answer of {by_keyboard}"
    );
    let focused = script(
        browser,
        "const e = document.activeElement; return [e.name, e.value];",
    )
    .await?;
    ensure!(
        focused == json!([by_keyboard, "3"]),
        "the focus moved with the choice: {focused}"
    );
    for q in &questions {
        ensure!(
            chosen(browser, &q.id).await?.is_some(),
            "{} has an answer",
            q.id
        );
    }
    ensure!(
        script(
            browser,
            "return document.querySelector('form').checkValidity();"
        )
        .await?
            == json!(true),
        "the browser finds the form complete"
    );
    screenshot(browser, &shot_name("2-form-filled")).await?;

    // Send: the thank-you page.
    submit(browser).await?;
    let thanks = reqwest::Url::parse(&format!("{}/s/thanks", server.base))?;
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_url(&thanks)
        .await
        .context("the browser lands on the thank-you page")?;
    let heading = browser.find(Locator::Css("header.s h1")).await?;
    let heading = heading.text().await?;
    ensure!(heading.contains("ขอบคุณ"), "heading: {heading}");
    browser
        .find(Locator::Css("html[lang='th']"))
        .await
        .context("the thank-you page is in Thai")?;
    let size = script(
        browser,
        "return [document.documentElement.scrollWidth, window.innerWidth];",
    )
    .await?;
    ensure!(
        size[0].as_u64() <= size[1].as_u64(),
        "the thank-you page fits: {size}"
    );
    screenshot(browser, &shot_name("3-thanks")).await?;

    // Exactly one response counts: the incomplete send stored nothing.
    let status: Value = api
        .get(format!(
            "{}/api/v1/cycles/2568/agencies/{agency}/status",
            server.base
        ))
        .bearer_auth(&admin)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    ensure!(
        status["iit"]["responses"] == json!(1) && status["eit"]["responses"] == json!(0),
        "one IIT response counted: {status}"
    );
    Ok(())
}

/// Screenshot names carry the engine, so the SQLite and PostgreSQL runs keep both.
fn shot_name(step: &str) -> String {
    let engine = format!("{:?}", openita_testing::backend_under_test()).to_lowercase();
    format!("survey-{step}-{engine}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_user_answers_the_iit_survey_in_chromium() -> Result<()> {
    let app = TestApp::new().await;
    let server = Server::start(&app).await?;
    let driver = Driver::start().await?;
    let browser = driver.browser().await?;
    let outcome = tokio::time::timeout(
        Duration::from_secs(240),
        answer_the_survey(&app, &server, &browser),
    )
    .await;
    let _ = browser.close().await;
    drop(driver);
    outcome.map_err(|_| anyhow!("the browser test took more than 4 minutes"))??;
    server.stop().await?;
    Ok(())
}
