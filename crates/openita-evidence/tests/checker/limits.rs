//! Time and concurrency limits, HEAD first, progress.

use super::support::*;

#[tokio::test]
async fn slow_endpoint_times_out() -> TestResult {
    let s = Server::start().await?;
    let c = Checker::new(CheckerConfig {
        timeout: Duration::from_millis(400),
        ..config()
    })?;
    let f = c.check(&s.url("/slow"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Timeout, "{}", show(&f));
    assert!(
        f.elapsed_ms >= 350.0 && f.elapsed_ms < 3000.0,
        "{} ms",
        f.elapsed_ms
    );
    // Headers arrive but the body stalls.
    let addr = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n".to_owned(),
        b"<p>2568".to_vec(),
        Duration::from_secs(10),
    )
    .await?;
    let f = c.check(&format!("http://{addr}/drip"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Timeout, "{}", show(&f));
    assert_eq!(f.http_status, Some(200));
    Ok(())
}

#[tokio::test]
async fn head_first_when_no_year_is_needed() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/head-ok.pdf"), None).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert!(f.detail.contains("HEAD"), "{}", f.detail);
    assert!(f.size_bytes.is_some_and(|n| n > 100));
    assert_eq!(s.counters.gets.load(Ordering::SeqCst), 0, "no GET needed");
    // HEAD refused: falls back to GET.
    let f = c.check(&s.url("/no-head.pdf"), None).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert_eq!(f.http_status, Some(200));
    assert!(
        f.warnings.iter().any(|w| w.contains("HEAD")),
        "{:?}",
        f.warnings
    );
    assert_eq!(s.counters.gets.load(Ordering::SeqCst), 1);
    // With a year to verify the body is needed.
    let f = c.check(&s.url("/no-head.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    Ok(())
}

#[tokio::test]
async fn check_all_keeps_order_limits_concurrency_and_reports_progress() -> TestResult {
    let a = Server::start().await?;
    let b = Server::start().await?;
    let c = Checker::new(CheckerConfig {
        per_host_concurrency: 3,
        total_concurrency: 64,
        ..config()
    })?;
    let mut items = Vec::new();
    for i in 0..12 {
        items.push((
            format!("a{i}"),
            a.url(&format!("/concurrent/{i}")),
            Some(2568),
        ));
        items.push((
            format!("b{i}"),
            b.url(&format!("/concurrent/{i}")),
            Some(2568),
        ));
    }
    items.push(("bad".to_owned(), "ftp://x/".to_owned(), None));
    items.push(("old".to_owned(), a.url("/old"), Some(2568)));
    let expected_keys: Vec<String> = items.iter().map(|(k, _, _)| k.clone()).collect();
    let calls = std::cell::RefCell::new(Vec::new());
    let results = c
        .check_all(items, |done, total| calls.borrow_mut().push((done, total)))
        .await;
    let keys: Vec<String> = results.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys, expected_keys);
    for (k, f) in &results {
        let want = match k.as_str() {
            "bad" => Outcome::Refused,
            "old" => Outcome::WrongYear,
            _ => Outcome::Ok,
        };
        assert_eq!(f.outcome, want, "{k}: {}", show(f));
    }
    let calls = calls.into_inner();
    assert_eq!(calls.len(), 26);
    assert_eq!(calls.last(), Some(&(26, 26)));
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0));
    for s in [&a, &b] {
        let max = s.counters.max_in_flight.load(Ordering::SeqCst);
        assert!((2..=3).contains(&max), "per-host in-flight peaked at {max}");
    }
    Ok(())
}

#[tokio::test]
async fn total_concurrency_is_respected() -> TestResult {
    let shared = Arc::new(Counters::default());
    let a = Server::start_with(Arc::clone(&shared)).await?;
    let b = Server::start_with(Arc::clone(&shared)).await?;
    let c = Checker::new(CheckerConfig {
        per_host_concurrency: 8,
        total_concurrency: 2,
        ..config()
    })?;
    let items: Vec<_> = (0..8)
        .flat_map(|i| {
            [
                (i, a.url(&format!("/concurrent/{i}")), None),
                (i, b.url(&format!("/concurrent/{i}")), None),
            ]
        })
        .collect();
    let results = c.check_all(items, |_, _| {}).await;
    assert!(results.iter().all(|(_, f)| f.outcome == Outcome::Ok));
    let peak = shared.max_in_flight.load(Ordering::SeqCst);
    assert_eq!(peak, 2, "global in-flight peak");
    Ok(())
}
