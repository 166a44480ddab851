//! Sending the notification outbox over SMTP (lettre). The worker calls `send_pending` when
//! its job queue is idle; a message that fails is tried again later, up to
//! `openita_core::notifications` MAX_ATTEMPTS times, with its last error kept on the row.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use openita_core::{Core, CoreError, notifications};
use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

/// After a failed send, wait this long before trying the outbox again (a mail server that is
/// down should not be hammered every half second).
const BACKOFF: Duration = Duration::from_secs(60);

/// How the server sends mail.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required`, `smtps://host:465`.
    pub smtp_url: String,
    /// The sender, e.g. `OpenITA <no-reply@ita.example.go.th>`.
    pub from: String,
    /// Joined to each message's page path, e.g. `https://ita.example.go.th`.
    pub public_base_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("the SMTP address is not valid: {0}")]
    Url(String),
    #[error("the sender address is not valid: {0}")]
    From(String),
}

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    base_url: String,
    last_failure: Mutex<Option<Instant>>,
}

impl Mailer {
    pub fn new(config: &MailConfig) -> Result<Self, MailConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
            .map_err(|e| MailConfigError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = config
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailConfigError::From(e.to_string()))?;
        Ok(Mailer {
            transport,
            from,
            base_url: config.public_base_url.trim_end_matches('/').to_string(),
            last_failure: Mutex::new(None),
        })
    }

    fn backing_off(&self) -> bool {
        self.last_failure
            .lock()
            .map(|t| t.is_some_and(|at| at.elapsed() < BACKOFF))
            .unwrap_or(false)
    }

    fn email(&self, n: &notifications::Outgoing) -> Result<Message, String> {
        let to: Mailbox = n.recipient.parse().map_err(|e| format!("{e}"))?;
        let body = format!("{}\n\n{}{}\n", n.body, self.base_url, n.link_path);
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(n.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())
    }

    /// Sends what the outbox holds (up to 100 messages a round).
    pub async fn send_pending(&self, core: &Core) -> Result<SendReport, CoreError> {
        let mut report = SendReport::default();
        if self.backing_off() {
            return Ok(report);
        }
        for n in notifications::unsent(core, 100).await? {
            let outcome = match self.email(&n) {
                Ok(message) => self
                    .transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            match outcome {
                Ok(()) => {
                    notifications::mark_sent(core, n.id).await?;
                    report.sent += 1;
                }
                Err(e) => {
                    tracing::warn!(notification.id = n.id, error.cause = %e, "e-mail not sent");
                    notifications::mark_failed(core, n.id, &e).await?;
                    report.failed += 1;
                    if let Ok(mut t) = self.last_failure.lock() {
                        *t = Some(Instant::now());
                    }
                    break;
                }
            }
        }
        if report.sent > 0 {
            tracing::info!(mail.sent = report.sent, "notifications sent");
        }
        Ok(report)
    }
}
