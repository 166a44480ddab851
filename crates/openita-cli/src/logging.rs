//! Structured logs with `tracing`: human-readable by default, JSON lines for log collectors
//! with `OPENITA_LOG_FORMAT=json` or `log_format = "json"` in the settings file. Level from
//! `RUST_LOG` (default `info`).

use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = crate::settings::Settings::current().json_logs();
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
