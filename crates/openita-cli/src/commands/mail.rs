//! The mail settings shared by `serve` and `worker`: without `--smtp-url` notifications wait
//! in the outbox (the pages show everything they say).

use anyhow::{Context, Result};

#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// SMTP server for notifications: smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required
    /// or smtps://HOST:465. Unset: no mail is sent.
    #[arg(long, env = "OPENITA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of notifications.
    #[arg(
        long,
        env = "OPENITA_MAIL_FROM",
        default_value = "OpenITA <no-reply@localhost>"
    )]
    pub mail_from: String,
}

impl MailArgs {
    /// The mailer, or None when no SMTP server is configured.
    pub fn mailer(&self, public_base_url: &str) -> Result<Option<openita_jobs::Mailer>> {
        let Some(smtp_url) = &self.smtp_url else {
            tracing::info!("no SMTP server configured: notifications stay in the outbox");
            return Ok(None);
        };
        let config = openita_jobs::MailConfig {
            smtp_url: smtp_url.clone(),
            from: self.mail_from.clone(),
            public_base_url: public_base_url.to_string(),
        };
        Ok(Some(
            openita_jobs::Mailer::new(&config).context("the mail settings are not usable")?,
        ))
    }
}
