//! `openita serve`: the web server.

use crate::database::DbArgs;
use crate::settings::Settings;
use anyhow::{Context, Result};
use openita_web::{AppState, WebConfig};

/// Where `serve` and `demo` listen unless told otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    /// Default 127.0.0.1:8080.
    #[arg(long, env = "OPENITA_BIND")]
    pub bind: Option<String>,
    /// The address people use to reach the server (for absolute links); default http://BIND.
    #[arg(long, env = "OPENITA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Mark cookies Secure even when --public-url is http (TLS in front of a plain-http public
    /// URL). An https public URL does this by itself, and adds Strict-Transport-Security.
    #[arg(long, env = "OPENITA_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// This instance's background worker's name; default: unique (host, process, random).
    /// Names must differ between instances sharing a database.
    #[arg(long, env = "OPENITA_WORKER_NAME")]
    pub worker_name: Option<String>,
    /// A reverse proxy (address or network, e.g. 10.0.0.2 or 10.0.0.0/8) whose
    /// X-Forwarded-For header names the client; repeat or separate with commas.
    #[arg(long = "trusted-proxy", env = "OPENITA_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    #[command(flatten)]
    pub mail: super::mail::MailArgs,
}

pub async fn run(args: ServeArgs) -> Result<()> {
    let file = Settings::current();
    let bind = args
        .bind
        .or_else(|| file.bind.clone())
        .unwrap_or_else(|| DEFAULT_BIND.into());
    let trusted_proxies = if args.trusted_proxies.is_empty() {
        file.trusted_proxies
            .iter()
            .flatten()
            .map(|p| parse_proxy(p).map_err(anyhow::Error::msg))
            .collect::<Result<Vec<_>>>()
            .context("trusted_proxies in the settings file")?
    } else {
        args.trusted_proxies
    };
    let db = args.db.open().await?;
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    let public_base_url = args
        .public_url
        .or_else(|| file.public_url.clone())
        .unwrap_or_else(|| format!("http://{address}"));
    tracing::info!(server.address = %address, db.url = %db.url().redacted(), "serving OpenITA");
    println!("OpenITA is running at {public_base_url}");
    let mailer = args.mail.mailer(&public_base_url)?;
    let state = AppState::new(
        super::core(db.clone()),
        WebConfig {
            public_base_url,
            secure_cookies: args.secure_cookies || file.secure_cookies == Some(true),
            trusted_proxies,
        },
    );
    let worker_name = args
        .worker_name
        .or_else(|| file.worker_name.clone())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| openita_jobs::unique_worker_name("serve"));
    let worker = openita_jobs::Worker::new(state.core.clone(), worker_name)
        .with_mailer(mailer)
        .with_text_extractor(super::text_extractor());
    super::serve_with_worker(listener, state, worker).await?;
    db.close().await;
    Ok(())
}

/// `10.0.0.2` (one address) or `10.0.0.0/8` (a network).
fn parse_proxy(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("not an IP address or network: {text}"))
}
