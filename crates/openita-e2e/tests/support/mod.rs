//! What a browser test needs: the real server on a socket, Debian's chromedriver started on a
//! free port (and ended with the browsers it started), and a headless Chromium session with
//! a phone-sized screen (or a window the test resizes between a phone's and a desktop's width).
//! `pages` has what a test needs to use the signed-in pages as a person does, `api` the JSON
//! API on the same socket for the set-up around them.

pub mod api;
pub mod axe;
pub mod keyboard;
pub mod pages;

use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use openita_testing::TestApp;
use openita_web::{AppState, WebConfig};
use serde_json::json;
use std::{
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The phone the tests hold: CSS pixels of an ordinary 6-inch phone.
pub const PHONE_WIDTH: u32 = 390;
pub const PHONE_HEIGHT: u32 = 844;

/// The TestApp's system served over a real socket on 127.0.0.1, with its public address as
/// the base of the links it hands out.
pub struct Server {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(app: &TestApp) -> Result<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let state = AppState::new(
            app.core().clone(),
            WebConfig {
                public_base_url: base.clone(),
                secure_cookies: false,
                ..WebConfig::default()
            },
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(openita_web::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Ok(Server {
            base,
            stop: Some(stop),
            task,
        })
    }

    pub async fn stop(mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task).await??;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// chromedriver, started by the test on a free port. Dropping it ends chromedriver and
/// every browser it started (they share its process group).
pub struct Driver {
    child: Child,
    pub url: String,
    profile: tempfile::TempDir,
}

fn free_port() -> Result<u16> {
    let socket = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(socket.local_addr()?.port())
}

impl Driver {
    pub async fn start() -> Result<Driver> {
        for (path, package) in [(CHROMEDRIVER, "chromium-driver"), (CHROMIUM, "chromium")] {
            ensure!(
                Path::new(path).exists(),
                "{path} is missing: the browser tests need Debian's chromium and chromium-driver \
                 packages (`apt-get install chromium chromium-driver`; ./scripts/test-all \
                 installs them when run as root). Missing package: {package}"
            );
        }
        let profile = tempfile::tempdir()?;
        let port = free_port()?;
        let mut child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {CHROMEDRIVER}"))?;
        let url = format!("http://127.0.0.1:{port}");
        let probe = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait()? {
                bail!("{CHROMEDRIVER} exited at once ({status})");
            }
            let ready = match probe.get(format!("{url}/status")).send().await {
                Ok(r) => r
                    .json::<serde_json::Value>()
                    .await
                    .is_ok_and(|v| v["value"]["ready"] == true),
                Err(_) => false,
            };
            if ready {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                bail!("{CHROMEDRIVER} did not answer on port {port} within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(Driver {
            child,
            url,
            profile,
        })
    }

    /// A new headless Chromium session with a phone's screen.
    #[allow(dead_code, reason = "not every test binary holds a phone")]
    pub async fn browser(&self) -> Result<Client> {
        self.session(true).await
    }

    /// A new headless Chromium session in a plain window (no phone emulation) that starts at
    /// a desktop's size; `pages::use_screen` resizes it to a phone's width and back.
    #[allow(dead_code, reason = "not every test binary resizes its browser")]
    pub async fn resizable_browser(&self) -> Result<Client> {
        self.session(false).await
    }

    async fn session(&self, phone: bool) -> Result<Client> {
        let (width, height) = if phone {
            (PHONE_WIDTH, PHONE_HEIGHT)
        } else {
            (pages::DESKTOP_WIDTH, pages::DESKTOP_HEIGHT)
        };
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                format!("--user-data-dir={}", self.profile.path().display()),
                format!("--window-size={width},{height}"),
            ],
        });
        if !phone && let Some(args) = options["args"].as_array_mut() {
            // Overlay scrollbars, as on a phone: a phone's width is all page.
            args.push(json!("--hide-scrollbars"));
        }
        if phone {
            options["mobileEmulation"] = json!({
                "deviceMetrics": {
                    "width": PHONE_WIDTH,
                    "height": PHONE_HEIGHT,
                    "pixelRatio": 2.0,
                    "touch": true,
                    "mobile": true,
                },
            });
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .context("opening a Chromium session through chromedriver")?;
        Ok(client)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole process group: chromedriver and the browsers it launched, and nothing else.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where screenshots go: `target/e2e-screenshots/` beside the test binary's build folder.
pub fn screenshot_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    // target/debug/deps/survey_in_a_browser-HASH -> target
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let dir = target.join("e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Saves what the browser shows now as `NAME.png` and says where it is.
pub async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    let png = client.screenshot().await?;
    let path = screenshot_dir()?.join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    println!("screenshot: {}", path.display());
    Ok(path)
}
