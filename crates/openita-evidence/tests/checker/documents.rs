//! Documents: PDF, office files and bodies that are too large.

use super::support::*;

#[tokio::test]
async fn pdf_documents() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/report.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert!(f.year_found);
    assert_eq!(f.years_seen, vec![2568]);
    let f = c.check(&s.url("/report.pdf"), Some(2567)).await;
    assert_eq!(f.outcome, Outcome::WrongYear, "{}", show(&f));
    // No text layer: not WrongYear.
    let f = c.check(&s.url("/scan.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    assert!(!f.year_found);
    assert!(f.detail.contains("text layer"), "{}", f.detail);
    // Damaged file: not WrongYear either.
    let f = c.check(&s.url("/broken.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    assert!(f.detail.contains("not verified"), "{}", f.detail);
    Ok(())
}

#[tokio::test]
async fn office_and_other_documents() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?;
    let f = c.check(&s.url("/report.docx"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert!(f.year_found);
    let f = c.check(&s.url("/photo.png"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    assert!(f.detail.contains("image/png"), "{}", f.detail);
    let f = c.check(&s.url("/photo.png"), None).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    let f = c.check(&s.url("/js-app"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    Ok(())
}

#[tokio::test]
async fn too_large_bodies() -> TestResult {
    let s = Server::start().await?;
    let c = checker()?; // 1 MB limit
    let f = c.check(&s.url("/big"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::TooLarge, "{}", show(&f));
    assert_eq!(f.size_bytes, Some(2 * 1024 * 1024));
    // No Content-Length: the stream is cut at the limit.
    let addr = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n".to_owned(),
        vec![b'x'; 3 * 1024 * 1024],
        Duration::ZERO,
    )
    .await?;
    let f = c.check(&format!("http://{addr}/stream"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::TooLarge, "{}", show(&f));
    assert!(
        f.size_bytes
            .is_some_and(|n| n > 1024 * 1024 && n < 2 * 1024 * 1024),
        "{:?}",
        f.size_bytes
    );
    Ok(())
}
