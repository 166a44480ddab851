//! Using the signed-in pages as a person does: sign in and out, follow a link or press a
//! button by its words, fill a field, and wait for the page that comes back. Also the two
//! screen widths the tests look at (a phone's and a desktop's) and screenshots at both.

#![allow(
    dead_code,
    reason = "each test binary uses its own share of these helpers"
)]

use super::{PHONE_HEIGHT, PHONE_WIDTH, screenshot};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator, elements::Element};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A desktop screen in CSS pixels.
pub const DESKTOP_WIDTH: u32 = 1280;
pub const DESKTOP_HEIGHT: u32 = 900;

/// How long a page may take to come back after a click.
const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// The two screens a person may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Phone,
    Desktop,
}

impl Screen {
    pub fn name(self) -> &'static str {
        match self {
            Screen::Phone => "phone",
            Screen::Desktop => "desktop",
        }
    }

    fn size(self) -> (u32, u32) {
        match self {
            Screen::Phone => (PHONE_WIDTH, PHONE_HEIGHT),
            Screen::Desktop => (DESKTOP_WIDTH, DESKTOP_HEIGHT),
        }
    }

    fn other(self) -> Screen {
        match self {
            Screen::Phone => Screen::Desktop,
            Screen::Desktop => Screen::Phone,
        }
    }
}

pub async fn script(browser: &Client, js: &str, args: Vec<Value>) -> Result<Value> {
    Ok(browser.execute(js, args).await?)
}

/// Resizes the browser window and checks that the page's viewport really has that width.
pub async fn use_screen(browser: &Client, screen: Screen) -> Result<()> {
    let (width, height) = screen.size();
    browser.set_window_size(width, height).await?;
    let inner = script(browser, "return window.innerWidth;", vec![]).await?;
    ensure!(
        inner.as_u64() == Some(u64::from(width)),
        "the {} viewport is {width} px wide, not {inner}",
        screen.name()
    );
    Ok(())
}

/// The elements that reach past the right edge of the viewport (tag, id or class, and how
/// far they reach), innermost first; empty when the page fits its width.
pub async fn overflowing(browser: &Client) -> Result<Vec<String>> {
    let found = script(
        browser,
        "const w = window.innerWidth; \
         if (document.documentElement.scrollWidth <= w) { return []; } \
         return Array.from(document.querySelectorAll('body *')) \
           .filter(e => e.getBoundingClientRect().right > w + 0.5 \
                        && !Array.from(e.children).some(c => c.getBoundingClientRect().right > w + 0.5)) \
           .slice(0, 8) \
           .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}\
${e.className ? '.' + String(e.className).split(' ').join('.') : ''} \
reaches ${Math.round(e.getBoundingClientRect().right)} px of ${w}: \
${(e.innerText || e.value || '').slice(0, 60)}`);",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(found)?)
}

/// Scrolls so the element with this CSS selector is at the top of the screen.
pub async fn scroll_to(browser: &Client, css: &str) -> Result<()> {
    let found = script(
        browser,
        "const e = document.querySelector(arguments[0]); \
         if (e) { e.scrollIntoView({block: 'start'}); } return e !== null;",
        vec![json!(css)],
    )
    .await?;
    ensure!(found == json!(true), "nothing matches {css} to scroll to");
    Ok(())
}

/// Screenshots of what is on the screen now, at the width in use and at the other one (with
/// `focus` scrolled to the top each time), then back to the width in use. Names are
/// `NAME-phone` and `NAME-desktop`.
pub async fn screenshots(
    browser: &Client,
    name: &str,
    in_use: Screen,
    focus: Option<&str>,
) -> Result<()> {
    for screen in [in_use, in_use.other()] {
        use_screen(browser, screen).await?;
        if let Some(css) = focus {
            scroll_to(browser, css).await?;
        }
        screenshot(browser, &format!("{name}-{}", screen.name())).await?;
    }
    use_screen(browser, in_use).await
}

/// Marks the page shown now, so a new page can be told from it.
pub async fn mark_page(browser: &Client) -> Result<()> {
    script(browser, "window.__e2eOldPage = true;", vec![]).await?;
    Ok(())
}

/// Waits until the page marked by `mark_page` is gone and its successor has loaded.
pub async fn wait_for_new_page(browser: &Client) -> Result<()> {
    let started = Instant::now();
    loop {
        // While the browser is between pages a script may fail: that is "not yet".
        let state = browser
            .execute(
                "return window.__e2eOldPage === true ? 'old' : document.readyState;",
                vec![],
            )
            .await
            .ok();
        if state == Some(json!("complete")) {
            return Ok(());
        }
        if started.elapsed() > PAGE_TIMEOUT {
            bail!("no new page within {PAGE_TIMEOUT:?} (last state: {state:?})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks an element (scrolled into view first, as a person would) and waits for the page
/// it leads to.
pub async fn click_and_wait(browser: &Client, element: &Element) -> Result<()> {
    script(
        browser,
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(element)?],
    )
    .await?;
    mark_page(browser).await?;
    element.click().await?;
    wait_for_new_page(browser).await
}

/// An XPath string literal for any text (XPath 1 has no escapes).
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The button whose words are `label`, inside the element that `within` (CSS) selects.
pub async fn button(browser: &Client, within: &str, label: &str) -> Result<Element> {
    let scope = browser
        .find(Locator::Css(within))
        .await
        .with_context(|| format!("nothing matches {within}"))?;
    scope
        .find(Locator::XPath(&format!(
            ".//button[normalize-space(.)={}]",
            xpath_literal(label)
        )))
        .await
        .with_context(|| format!("no button \"{label}\" in {within}"))
}

/// Presses the button whose words are `label` inside `within` and waits for the next page.
pub async fn press(browser: &Client, within: &str, label: &str) -> Result<()> {
    let b = button(browser, within, label).await?;
    click_and_wait(browser, &b).await
}

/// Follows the link whose words contain `words` and waits for the next page.
pub async fn follow(browser: &Client, words: &str) -> Result<()> {
    let link = browser
        .find(Locator::XPath(&format!(
            "//a[contains(normalize-space(.), {})]",
            xpath_literal(words)
        )))
        .await
        .with_context(|| format!("no link with the words \"{words}\""))?;
    click_and_wait(browser, &link).await
}

/// Follows the link that `css` selects and waits for the next page.
pub async fn follow_css(browser: &Client, css: &str) -> Result<()> {
    let link = browser
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("no link matches {css}"))?;
    click_and_wait(browser, &link).await
}

/// Types `text` into the field that `css` selects, replacing what was there.
pub async fn fill(browser: &Client, css: &str, text: &str) -> Result<()> {
    let field = browser
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("no field matches {css}"))?;
    field.clear().await?;
    field.send_keys(text).await?;
    let now = field.prop("value").await?.unwrap_or_default();
    ensure!(now == text, "{css} holds {now:?} after typing {text:?}");
    Ok(())
}

/// Chooses the option with this value in the `<select>` that `css` selects.
pub async fn choose(browser: &Client, css: &str, value: &str) -> Result<()> {
    let select = browser
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("no list matches {css}"))?;
    select.select_by_value(value).await?;
    ensure!(
        select.prop("value").await?.as_deref() == Some(value),
        "{css} did not take {value}"
    );
    Ok(())
}

/// Clicks (taps) the element that `css` selects, e.g. a radio button, without leaving the page.
pub async fn tap(browser: &Client, css: &str) -> Result<()> {
    let element = browser
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("nothing matches {css}"))?;
    script(
        browser,
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&element)?],
    )
    .await?;
    element.click().await?;
    Ok(())
}

/// The visible text of the element that `css` selects.
pub async fn text_of(browser: &Client, css: &str) -> Result<String> {
    let element = browser
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("nothing matches {css}"))?;
    Ok(element.text().await?)
}

/// The one-line notice a page shows after a successful action (`?done=...`).
pub async fn notice(browser: &Client) -> Result<String> {
    text_of(browser, "p.notice[role=status]")
        .await
        .context("a notice after the action")
}

/// The error message a page shows when an action is refused.
pub async fn alert(browser: &Client) -> Result<String> {
    text_of(browser, "p.error-summary[role=alert]")
        .await
        .context("an error message")
}

/// Whether anything on the page matches `css`.
pub async fn present(browser: &Client, css: &str) -> Result<bool> {
    Ok(!browser.find_all(Locator::Css(css)).await?.is_empty())
}

/// Signs in on the real log-in form and checks the header names the user.
pub async fn sign_in(browser: &Client, base: &str, username: &str, password: &str) -> Result<()> {
    browser.goto(&format!("{base}/login")).await?;
    browser
        .wait()
        .at_most(PAGE_TIMEOUT)
        .for_element(Locator::Css("form[action='/login']"))
        .await
        .context("the log-in form")?;
    fill(browser, "#username", username).await?;
    fill(browser, "#password", password).await?;
    let submit = browser
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await?;
    click_and_wait(browser, &submit).await?;
    let header = text_of(browser, "header.top").await?;
    ensure!(
        header.contains(username) && !browser.current_url().await?.path().starts_with("/login"),
        "{username} is signed in (header: {header})"
    );
    Ok(())
}

/// Signs out with the menu's button and checks the log-in form is back.
pub async fn sign_out(browser: &Client) -> Result<()> {
    let button = browser
        .find(Locator::Css("nav.main form[action='/logout'] button"))
        .await
        .context("the sign-out button")?;
    click_and_wait(browser, &button).await?;
    ensure!(
        present(browser, "form[action='/login']").await?,
        "the log-in form after signing out"
    );
    Ok(())
}
