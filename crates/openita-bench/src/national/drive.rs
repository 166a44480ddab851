//! The coordinators' drive on the national dataset (issue 12): the dashboard of a province of
//! about 200 agencies and the national view, each asked `calls` times through the router as a
//! browser or script would (authentication, the use case, JSON), in process (no sockets).
//! The first call of each builds the cycle's snapshot (every agency's facts and predicted
//! score); later calls within its minute read it. The cold build is timed on its own.

use crate::stats::Latencies;
use anyhow::{Context, Result};
use axum::{body::Body, http::Request};
use openita_core::{Actor, Core, accounts, dashboards};
use openita_types::FiscalYear;
use openita_web::{AppState, WebConfig};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct DriveStage {
    pub province: (String, usize),
    pub cold_builds: Vec<Duration>,
    pub dashboard: Latencies,
    pub dashboard_bytes: usize,
    pub national: Latencies,
    pub national_bytes: usize,
}

/// The province with the number of agencies closest to 200.
fn province_near_200(core_counts: &[(String, usize)]) -> (String, usize) {
    core_counts
        .iter()
        .min_by_key(|(_, n)| n.abs_diff(200))
        .cloned()
        .unwrap_or_default()
}

async fn timed_get(app: &axum::Router, path: &str, token: &str) -> Result<(u32, usize)> {
    let request = Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())?;
    let started = Instant::now();
    let response = app.clone().oneshot(request).await?;
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    let us = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
    anyhow::ensure!(status.is_success(), "{path}: {status}");
    Ok((us, bytes.len()))
}

pub async fn measure(
    core: &Core,
    year: FiscalYear,
    calls: usize,
    cold_runs: usize,
) -> Result<DriveStage> {
    let system = Actor::system("bench");
    // The snapshot built with no cache, several times (the cost of a page after its minute).
    let fresh = core.clone().with_dashboard_ttl(Duration::ZERO);
    let mut cold_builds = Vec::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for _ in 0..cold_runs.max(1) {
        let started = Instant::now();
        let rows = dashboards::national_view(&fresh, &system, year).await?;
        cold_builds.push(started.elapsed());
        counts = rows
            .iter()
            .map(|r| {
                (
                    r.province.code.clone(),
                    usize::try_from(r.agencies).unwrap_or(0),
                )
            })
            .collect();
    }
    let province = province_near_200(&counts);

    let password = "openita-bench-password";
    for (username, role, place) in [
        ("bench.nacc", "nacc-admin", None),
        (
            "bench.coord",
            "province-coordinator",
            Some(province.0.clone()),
        ),
    ] {
        let input = accounts::NewUserInput {
            username: username.into(),
            password: password.into(),
            role: role.into(),
            province: place,
            ..Default::default()
        };
        accounts::create_user(core, &system, &input)
            .await
            .with_context(|| format!("creating {username}"))?;
    }
    let local = std::net::IpAddr::from([127, 0, 0, 1]);
    let sign_in = |user: &'static str| async move {
        accounts::sign_in(core, user, password, accounts::SessionKind::Api, local)
            .await
            .map(|s| s.token)
            .with_context(|| format!("signing {user} in"))
    };
    let coordinator = sign_in("bench.coord").await?;
    let nacc = sign_in("bench.nacc").await?;
    // A core with the default one-minute snapshot, as `openita serve` runs.
    let app = openita_web::router(AppState::new(core.clone(), WebConfig::default()));

    let dashboard_path = format!("/api/v1/cycles/{year}/provinces/{}/dashboard", province.0);
    let mut times = Vec::with_capacity(calls);
    let mut dashboard_bytes = 0;
    for _ in 0..calls {
        let (us, bytes) = timed_get(&app, &dashboard_path, &coordinator).await?;
        times.push(us);
        dashboard_bytes = bytes;
    }
    let dashboard = Latencies::new(times);
    let national_path = format!("/api/v1/cycles/{year}/provinces");
    let mut times = Vec::with_capacity(calls);
    let mut national_bytes = 0;
    for _ in 0..calls {
        let (us, bytes) = timed_get(&app, &national_path, &nacc).await?;
        times.push(us);
        national_bytes = bytes;
    }
    Ok(DriveStage {
        province,
        cold_builds,
        dashboard,
        dashboard_bytes,
        national: Latencies::new(times),
        national_bytes,
    })
}

pub fn print(stage: &DriveStage, calls: usize) {
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let cold: Vec<String> = stage
        .cold_builds
        .iter()
        .map(|d| format!("{:.0}", ms(d)))
        .collect();
    println!();
    println!("Coordinators' drive (issue 12), {calls} calls each through the router:");
    println!(
        "  snapshot of every agency built cold: {} ms (runs)",
        cold.join(", ")
    );
    for (name, l, bytes) in [
        (
            format!(
                "dashboard of province {} ({} agencies)",
                stage.province.0, stage.province.1
            ),
            &stage.dashboard,
            stage.dashboard_bytes,
        ),
        (
            "national view (77 provinces)".to_string(),
            &stage.national,
            stage.national_bytes,
        ),
    ] {
        println!(
            "  {name}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} KB a response; the first call builds the snapshot)",
            l.ms(0.50),
            l.ms(0.95),
            l.ms(0.99),
            l.ms(1.0),
            bytes / 1024
        );
    }
}
