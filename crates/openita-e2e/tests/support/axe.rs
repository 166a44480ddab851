//! axe-core in the page the browser shows: the script is read from disk (installed from the
//! npm registry by `scripts/install-axe`, never fetched by a test or by the product), injected
//! over WebDriver and run on the whole document. A missing script is a failed test that says
//! how to install it, not a skipped one.

#![allow(
    dead_code,
    reason = "each test binary uses its own share of these helpers"
)]

use anyhow::{Context, Result, bail};
use fantoccini::Client;
use serde::Deserialize;
use serde_json::Value;
use std::{path::PathBuf, sync::OnceLock};

/// The environment variable that names axe.min.js, overriding the default path.
pub const AXE_ENV: &str = "OPENITA_AXE_JS";

/// Where `scripts/install-axe` puts axe-core when `OPENITA_AXE_JS` is not set.
pub fn axe_path() -> PathBuf {
    if let Some(path) = std::env::var_os(AXE_ENV) {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    home.join(".cache/openita-npm/node_modules/axe-core/axe.min.js")
}

/// The text of axe.min.js, read once per test binary.
fn axe_source() -> Result<&'static str> {
    static SOURCE: OnceLock<String> = OnceLock::new();
    if let Some(source) = SOURCE.get() {
        return Ok(source);
    }
    let path = axe_path();
    let source = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "axe-core is missing at {}: the accessibility test needs it. Install it with \
             ./scripts/install-axe (npm install --no-save --prefix ~/.cache/openita-npm \
             axe-core@<version pinned there>), or point {AXE_ENV} at an axe.min.js",
            path.display()
        )
    })?;
    Ok(SOURCE.get_or_init(|| source))
}

/// One rule broken on a page, as axe reports it.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// The CSS selectors of the elements that break it, with axe's summary for each.
    pub nodes: Vec<Offender>,
}

#[derive(Debug, Deserialize)]
pub struct Offender {
    pub target: Vec<Value>,
    #[serde(rename = "failureSummary", default)]
    pub failure: Option<String>,
}

impl Violation {
    /// Serious and critical violations fail the test; minor and moderate ones are reported.
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }

    /// The violation in a few lines: page, rule, impact, help and each offending element.
    pub fn describe(&self, page: &str) -> String {
        let mut text = format!(
            "{page}: {} ({}) {} <{}>",
            self.id,
            self.impact.as_deref().unwrap_or("?"),
            self.help,
            self.help_url
        );
        for node in &self.nodes {
            let target: Vec<String> = node
                .target
                .iter()
                .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_string))
                .collect();
            let why = node
                .failure
                .as_deref()
                .unwrap_or("")
                .replace('\n', " ")
                .chars()
                .take(240)
                .collect::<String>();
            text.push_str(&format!("\n    {} — {why}", target.join(" >> ")));
        }
        text
    }
}

/// Runs axe on the page shown now (injecting it if this page has not got it yet) and returns
/// every violation.
pub async fn violations(browser: &Client) -> Result<Vec<Violation>> {
    let loaded = browser
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != Value::Bool(true) {
        let source = axe_source()?;
        browser
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .context("injecting axe-core into the page")?;
    }
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, {resultTypes: ['violations']}) \
               .then(r => done({ok: r.violations})) \
               .catch(e => done({error: String(e)}));",
            vec![],
        )
        .await
        .context("running axe-core")?;
    if let Some(error) = found.get("error") {
        bail!("axe-core failed: {error}");
    }
    Ok(serde_json::from_value(found["ok"].clone())?)
}

/// The serious and critical violations on the page shown now, each described with `page`;
/// the lesser ones are printed for the record.
pub async fn serious_violations(browser: &Client, page: &str) -> Result<Vec<String>> {
    let all = violations(browser).await?;
    let (blocking, lesser): (Vec<_>, Vec<_>) = all.into_iter().partition(Violation::blocks);
    for v in &lesser {
        println!("axe (not failing): {}", v.describe(page));
    }
    Ok(blocking.iter().map(|v| v.describe(page)).collect())
}
