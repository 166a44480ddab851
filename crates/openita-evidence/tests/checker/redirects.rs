//! Redirects: chains, loops and targets the checker must refuse.

use super::support::*;

#[tokio::test]
async fn redirect_chain_is_followed_and_recorded() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/r1"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert_eq!(f.redirects, vec![s.url("/r2"), s.url("/good")]);
    assert_eq!(f.final_url.as_deref(), Some(s.url("/good").as_str()));
    assert_eq!(f.http_status, Some(200));
    Ok(())
}

#[tokio::test]
async fn redirect_loop_stops_at_max_redirects() -> TestResult {
    let s = Server::start().await?;
    let c = Checker::new(CheckerConfig {
        max_redirects: 4,
        ..config()
    })?;
    let f = c.check(&s.url("/loop"), None).await;
    assert_eq!(f.outcome, Outcome::Dead, "{}", show(&f));
    assert!(f.detail.contains("too many redirects"), "{}", f.detail);
    assert_eq!(f.redirects.len(), 4);
    // HEAD first (no year expected): 5 HEAD requests; the loop is not retried with GET.
    assert_eq!(s.requests(), 5);
    Ok(())
}

#[tokio::test]
async fn redirect_to_private_address_is_refused_without_connecting() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    for (path, target) in [
        ("/to-private", "http://10.0.0.1/secret".to_owned()),
        (
            "/to-metadata",
            "http://169.254.169.254/latest/meta-data/".to_owned(),
        ),
        (
            "/to-mapped",
            format!("http://[::ffff:7f00:1]:{}/good", s.addr.port()),
        ),
    ] {
        let f = c.check(&s.url(path), Some(2568)).await;
        assert_eq!(f.outcome, Outcome::Refused, "{path}: {}", show(&f));
        assert_eq!(f.redirects, vec![target], "{path}");
        assert_eq!(f.final_url.as_deref(), Some(s.url(path).as_str()), "{path}");
        // Refused before any connection: no connect timeout was spent.
        assert!(f.elapsed_ms < 1000.0, "{path}: {} ms", f.elapsed_ms);
    }
    let f = c.check(&s.url("/to-ftp"), None).await;
    assert_eq!(f.outcome, Outcome::Refused, "{}", show(&f));
    assert!(f.detail.contains("ftp"), "{}", f.detail);
    Ok(())
}

#[tokio::test]
async fn strict_policy_refuses_loopback_and_private_targets() -> TestResult {
    let s = Server::start().await?;
    let c = Checker::new(CheckerConfig {
        timeout: Duration::from_secs(5),
        ..CheckerConfig::default()
    })?;
    assert!(!c.config().allow_private && c.config().allowed_addrs.is_empty());
    for url in [
        s.url("/good"),
        format!("http://[::ffff:127.0.0.1]:{}/good", s.addr.port()),
        "http://2130706433/".to_owned(),
        "http://10.0.0.1/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[::1]/".to_owned(),
        "http://[fe80::1]/".to_owned(),
        "ftp://example.go.th/x".to_owned(),
        "javascript:alert(1)".to_owned(),
        "http:///".to_owned(),
        "example.go.th/ita".to_owned(),
        "http://example.go.th:8080/".to_owned(),
    ] {
        let f = c.check(&url, Some(2568)).await;
        assert_eq!(f.outcome, Outcome::Refused, "{url}: {}", show(&f));
        assert!(f.http_status.is_none(), "{url}");
    }
    // A host *name* that resolves to loopback is refused by the guarded resolver.
    let f = c.check("http://localhost/", None).await;
    assert_eq!(f.outcome, Outcome::Refused, "{}", show(&f));
    assert!(f.detail.contains("resolves to"), "{}", f.detail);
    assert_eq!(
        s.requests(),
        0,
        "the test server must never have been contacted"
    );
    Ok(())
}
