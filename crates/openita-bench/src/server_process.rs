//! The server under test as its own process: `openita serve` (the release binary built beside
//! this one) on the prepared database, so the load generator's work is not counted in the
//! server's process, and the server's CPU and memory are read from /proc/<pid>.
//!
//! The simulated respondents come from many addresses, as real ones do: each client sends
//! its own `X-Forwarded-For`, and the server trusts 127.0.0.1 as its reverse proxy. The
//! per-address survey limits therefore stay on, as in production.

use anyhow::{Context, Result, bail, ensure};
use std::{
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

/// The server's process id, once started: the CPU and memory figures read it.
pub static SERVER_PID: OnceLock<u32> = OnceLock::new();

pub struct ServerProcess {
    child: Child,
    pub base: String,
}

impl ServerProcess {
    /// Starts `openita serve` on `db_url`, and waits until it answers `/healthz`.
    pub async fn start(db_url: &str) -> Result<ServerProcess> {
        Self::start_with(db_url, &[]).await
    }

    /// The same, with these environment variables set for the server (its export folder).
    pub async fn start_with(db_url: &str, env: &[(&str, &str)]) -> Result<ServerProcess> {
        let binary = std::env::current_exe()?.with_file_name("openita");
        ensure!(
            binary.exists(),
            "{} is missing: build it first (cargo build --release -p openita-cli)",
            binary.display()
        );
        // A free port: bound, read, released for the server to take.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let bind = format!("127.0.0.1:{port}");
        let base = format!("http://{bind}");
        let log = std::fs::File::create(std::env::temp_dir().join("openita-bench-server.log"))?;
        let child = Command::new(&binary)
            .args(["serve", "--db", db_url, "--bind", &bind])
            .args(["--trusted-proxy", "127.0.0.1", "--worker-name", "bench"])
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG")
                    .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
            )
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let _ = SERVER_PID.set(child.id());
        let mut server = ServerProcess { child, base };
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", server.base)).send().await
                && r.status() == 200
            {
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "the server exited at start ({status}); see {}",
                    "openita-bench-server.log in the temp folder"
                );
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("the server did not answer /healthz within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A /proc/<pid>/status figure of this server in KiB (0 when unreadable).
    pub fn status_kib(&self, field: &str) -> u64 {
        status_kib_of(self.pid(), field)
    }

    /// Resets this server's peak memory (VmHWM) to its current RSS, so that the peak read
    /// next is that of the work in between.
    pub fn reset_peak(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.pid()), "5");
    }

    /// Ends the server with SIGKILL: every answer acknowledged before must be stored anyway
    /// (the count afterwards checks it).
    pub fn kill(mut self) -> Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

/// A /proc/<pid>/status figure in KiB (0 when unreadable).
pub fn server_status_kib(field: &str) -> u64 {
    SERVER_PID.get().map_or(0, |pid| status_kib_of(*pid, field))
}

fn status_kib_of(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
