//! Pages: the year on them, dead pages and login walls.

use super::support::*;

#[tokio::test]
async fn good_page_mentions_year() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/good"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert_eq!(f.http_status, Some(200));
    assert!(f.year_found);
    assert_eq!(f.years_seen, vec![2568]);
    assert!(
        f.content_type
            .as_deref()
            .is_some_and(|ct| ct.starts_with("text/html"))
    );
    assert!(f.size_bytes.is_some_and(|n| n > 100));
    assert_eq!(f.final_url.as_deref(), Some(s.url("/good").as_str()));
    assert!(f.redirects.is_empty());
    assert!(!f.login_wall);
    // "now" item: no year expected, still Ok.
    let f = c.check(&s.url("/no-year"), None).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    Ok(())
}

#[tokio::test]
async fn allow_private_flag_reaches_loopback() -> TestResult {
    let s = Server::start().await?;
    let c = Checker::new(CheckerConfig {
        allow_private: true,
        ..CheckerConfig::default()
    })?;
    let f = c.check(&s.url("/good"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    Ok(())
}

#[tokio::test]
async fn thai_digits_fy_and_tis620_count() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    for path in ["/thai-digits", "/tis620", "/fy"] {
        let f = c.check(&s.url(path), Some(2568)).await;
        assert_eq!(f.outcome, Outcome::Ok, "{path}: {}", show(&f));
        assert!(f.year_found, "{path}");
        assert!(f.years_seen.contains(&2568), "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn wrong_year_is_reported_with_years_seen() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/old"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::WrongYear, "{}", show(&f));
    assert!(!f.year_found);
    assert_eq!(f.years_seen, vec![2566, 2567]);
    assert!(
        f.detail.contains("2568") && f.detail.contains("2567"),
        "{}",
        f.detail
    );
    // The same page is fine for a "prev" item (2567).
    let f = c.check(&s.url("/old"), Some(2567)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    let f = c.check(&s.url("/no-year"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::WrongYear, "{}", show(&f));
    assert!(f.years_seen.is_empty());
    Ok(())
}

#[tokio::test]
async fn dead_pages() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/missing"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Dead, "{}", show(&f));
    assert_eq!(f.http_status, Some(404));
    assert!(f.detail.contains("404"), "{}", f.detail);
    let f = c.check(&s.url("/error"), None).await;
    assert_eq!(f.outcome, Outcome::Dead, "{}", show(&f));
    assert_eq!(f.http_status, Some(500));
    let f = c.check(&s.url("/forbidden"), None).await;
    assert_eq!(f.outcome, Outcome::Dead, "{}", show(&f));
    assert_eq!(f.http_status, Some(403));
    // Nothing listens on this port any more.
    let closed = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await?
        .local_addr()?;
    let f = c.check(&format!("http://{closed}/x"), None).await;
    assert_eq!(f.outcome, Outcome::Dead, "{}", show(&f));
    assert!(f.http_status.is_none());
    assert!(f.detail.contains("connect"), "{}", f.detail);
    Ok(())
}

#[tokio::test]
async fn login_walls() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    // Password form (even though the footer mentions 2568).
    let f = c.check(&s.url("/login-form"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::LoginRequired, "{}", show(&f));
    assert!(f.login_wall);
    let f = c.check(&s.url("/login-form"), None).await;
    assert_eq!(f.outcome, Outcome::LoginRequired, "{}", show(&f));
    // Redirect to a Joomla sign-in URL.
    let f = c.check(&s.url("/members"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::LoginRequired, "{}", show(&f));
    assert!(f.login_wall);
    assert_eq!(f.redirects.len(), 1);
    assert!(f.detail.contains("sign-in"), "{}", f.detail);
    // HTTP authentication.
    let f = c.check(&s.url("/basic"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::LoginRequired, "{}", show(&f));
    assert_eq!(f.http_status, Some(401));
    // A long content page with a side-bar log-in box is not a wall.
    let f = c.check(&s.url("/article"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert!(!f.login_wall);
    assert!(
        f.warnings.iter().any(|w| w.contains("log-in box")),
        "{:?}",
        f.warnings
    );
    Ok(())
}
