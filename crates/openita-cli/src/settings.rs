//! One typed configuration for the binary: an optional settings file (`--config FILE` or
//! `OPENITA_CONFIG`, TOML, every key optional; `docs/configuration.md`, example in
//! `openita.example.toml`), then the environment, then the flags. A flag wins over its
//! `OPENITA_*` variable (clap), and both over the file; the file over the built-in defaults.
//! Read once at start; the libraries read none of it (the binary hands each setting on).

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What the settings file may say; an unknown key is an error (a typo must not be ignored).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://PATH` or `postgres://...` (`--db`, `OPENITA_DB`).
    pub db: Option<String>,
    /// Where the default database and the exports live (`OPENITA_DATA_DIR`).
    pub data_dir: Option<PathBuf>,
    /// Where export jobs leave their files (`OPENITA_EXPORT_DIR`).
    pub export_dir: Option<PathBuf>,
    /// Address to listen on (`--bind`, `OPENITA_BIND`).
    pub bind: Option<String>,
    /// The address people reach the server at (`--public-url`, `OPENITA_PUBLIC_URL`).
    pub public_url: Option<String>,
    /// Cookies `Secure` behind TLS (`--secure-cookies`, `OPENITA_SECURE_COOKIES`).
    pub secure_cookies: Option<bool>,
    /// Reverse proxies whose `X-Forwarded-For` is trusted (`--trusted-proxy`).
    pub trusted_proxies: Option<Vec<String>>,
    /// This instance's worker name (`--worker-name`, `OPENITA_WORKER_NAME`).
    pub worker_name: Option<String>,
    /// SMTP server for notifications (`--smtp-url`, `OPENITA_SMTP_URL`).
    pub smtp_url: Option<String>,
    /// Sender of notifications (`--mail-from`, `OPENITA_MAIL_FROM`).
    pub mail_from: Option<String>,
    /// `json` for JSON log lines (`OPENITA_LOG_FORMAT`), else human-readable.
    pub log_format: Option<String>,
}

static CURRENT: OnceLock<Settings> = OnceLock::new();

impl Settings {
    /// The file's settings with the environment's over them (flags are applied by each
    /// command: clap has already put a flag over its variable).
    pub fn load(file: Option<&Path>) -> Result<Settings> {
        let mut settings = match file {
            Some(path) => Settings::parse(
                &std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the settings file {}", path.display()))?,
            )
            .with_context(|| format!("the settings file {} is not valid", path.display()))?,
            None => Settings::default(),
        };
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(dir) = var("OPENITA_DATA_DIR") {
            settings.data_dir = Some(dir.into());
        }
        if let Some(dir) = var("OPENITA_EXPORT_DIR") {
            settings.export_dir = Some(dir.into());
        }
        if let Some(format) = var("OPENITA_LOG_FORMAT") {
            settings.log_format = Some(format.to_string_lossy().into_owned());
        }
        Ok(settings)
    }

    pub fn parse(text: &str) -> Result<Settings, toml::de::Error> {
        toml::from_str(text)
    }

    /// Made the settings of this run (once, at start).
    pub fn install(self) {
        let _ = CURRENT.set(self);
    }

    /// This run's settings (defaults if none were installed).
    pub fn current() -> &'static Settings {
        CURRENT.get_or_init(Settings::default)
    }

    /// JSON log lines.
    pub fn json_logs(&self) -> bool {
        self.log_format
            .as_deref()
            .is_some_and(|f| f.eq_ignore_ascii_case("json"))
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;

    #[test]
    fn the_example_file_reads_and_an_unknown_key_is_refused() {
        let example = include_str!("../../../openita.example.toml");
        let settings = Settings::parse(example).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings.bind.as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(
            settings.trusted_proxies,
            Some(vec!["127.0.0.1".to_string()])
        );
        let typo = Settings::parse("bnid = \"0.0.0.0:80\"\n");
        let message = typo.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("bnid"), "{message}");
        assert_eq!(Settings::parse("").ok(), Some(Settings::default()));
    }
}
