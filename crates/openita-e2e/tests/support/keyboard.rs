//! The keyboard alone: keys sent through WebDriver's actions (as a keyboard sends them, to
//! whatever has the focus), and what has the focus now.

#![allow(
    dead_code,
    reason = "each test binary uses its own share of these helpers"
)]

use anyhow::Result;
use fantoccini::{
    Client,
    actions::{InputSource, KeyAction, KeyActions},
    key::Key,
};
use serde::Deserialize;

/// The element that has the focus.
#[derive(Debug, Default, Deserialize)]
pub struct Focused {
    /// Lower-case tag name: `input`, `button`, `a`, `textarea`, `body`...
    pub tag: String,
    /// The `type` attribute (`radio`, `submit`...), empty when none.
    pub kind: String,
    pub name: String,
    /// Its label's words (a button's or link's own words).
    pub label: String,
    /// The `action` attribute of its form, empty outside a form.
    pub form: String,
    /// For a radio: whether an answer of its group is chosen.
    pub group_answered: bool,
    /// Whether the focus shows: an outline (or a ring of box shadow) drawn around it.
    pub outlined: bool,
}

/// Presses and releases each key in turn.
pub async fn press_keys(browser: &Client, keys: &[Key]) -> Result<()> {
    let mut keyboard = KeyActions::new("keyboard".into());
    for key in keys {
        let value = char::from(*key);
        keyboard = keyboard
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    browser.perform_actions(keyboard).await?;
    Ok(())
}

/// What has the focus now.
pub async fn focused(browser: &Client) -> Result<Focused> {
    let found = browser
        .execute(
            "const e = document.activeElement || document.body; \
             const s = getComputedStyle(e); \
             const label = e.labels && e.labels.length ? e.labels[0].innerText \
               : (e.innerText || e.value || ''); \
             const group = e.type === 'radio' && e.form \
               ? Array.from(e.form.elements).some(r => r.name === e.name && r.checked) : false; \
             return { \
               tag: e.tagName.toLowerCase(), kind: e.getAttribute('type') || '', \
               name: e.getAttribute('name') || '', label: label.trim(), \
               form: e.form ? e.form.getAttribute('action') || '' : '', \
               group_answered: group, \
               outlined: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) \
                 || s.boxShadow !== 'none' };",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

/// Presses Tab and says what has the focus then.
pub async fn tab(browser: &Client) -> Result<Focused> {
    press_keys(browser, &[Key::Tab]).await?;
    focused(browser).await
}
