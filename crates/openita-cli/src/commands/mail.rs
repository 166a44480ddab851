//! The mail settings shared by `serve` and `worker`: without `--smtp-url` notifications wait
//! in the outbox (the pages show everything they say).

use anyhow::{Context, Result};

#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// SMTP server for notifications: smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required
    /// or smtps://HOST:465. Unset: no mail is sent.
    #[arg(long, env = "OPENITA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of notifications; default OpenITA <no-reply@localhost>.
    #[arg(long, env = "OPENITA_MAIL_FROM")]
    pub mail_from: Option<String>,
}

impl MailArgs {
    /// The mailer, or None when no SMTP server is configured.
    pub fn mailer(&self, public_base_url: &str) -> Result<Option<openita_jobs::Mailer>> {
        let file = crate::settings::Settings::current();
        let Some(smtp_url) = self.smtp_url.as_ref().or(file.smtp_url.as_ref()) else {
            tracing::info!("no SMTP server configured: notifications stay in the outbox");
            return Ok(None);
        };
        let config = openita_jobs::MailConfig {
            smtp_url: smtp_url.clone(),
            from: self
                .mail_from
                .clone()
                .or_else(|| file.mail_from.clone())
                .unwrap_or_else(|| "OpenITA <no-reply@localhost>".into()),
            public_base_url: public_base_url.to_string(),
        };
        Ok(Some(
            openita_jobs::Mailer::new(&config).context("the mail settings are not usable")?,
        ))
    }
}
