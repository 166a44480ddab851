//! Text extraction in a child process: the same results as in-process, and a document that
//! is slow or hostile costs only its own child, which is killed at the time limit.

use super::support::*;
use openita_evidence::TextExtractor;
use std::time::Instant;

/// The crate's own extractor program (`openita extract-text` in the server).
fn child_extractor() -> TextExtractor {
    TextExtractor::ChildProcess {
        program: env!("CARGO_BIN_EXE_openita-extract-text").into(),
        args: Vec::new(),
    }
}

fn checker_with(extractor: TextExtractor, timeout: Duration) -> Result<Checker, Box<dyn Error>> {
    Ok(Checker::new(CheckerConfig {
        timeout,
        extractor,
        // Only the extraction slots (one per CPU) limit these tests.
        per_host_concurrency: 64,
        ..config()
    })?)
}

/// A PDF serving `body` from a server of its own.
async fn pdf_server(body: Vec<u8>) -> Result<String, Box<dyn Error>> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let addr = raw_server(head, body, Duration::ZERO).await?;
    Ok(format!("http://{addr}/evidence.pdf"))
}

/// 250 bytes: a cross-reference stream whose entries claim to be a terabyte wide. lopdf
/// allocates what the file claims (`vec![0; W[0]]`), and the allocation aborts the process
/// that reads it: in-process, the whole server.
fn pdf_claiming_a_terabyte() -> Vec<u8> {
    let header = b"%PDF-1.5\n".to_vec();
    let object = b"1 0 obj\n<< /Type /XRef /Size 2 /W [1099511627776 1 1] /Length 3 >>\nstream\nabc\nendstream\nendobj\n";
    let mut pdf = header.clone();
    pdf.extend_from_slice(object);
    pdf.extend_from_slice(format!("startxref\n{}\n%%EOF\n", header.len()).as_bytes());
    pdf
}

#[tokio::test]
async fn documents_read_in_a_child_process_give_the_same_findings() -> TestResult {
    let s = Server::start().await?;
    let c = checker_with(child_extractor(), Duration::from_secs(10))?;
    let f = c.check(&s.url("/report.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert_eq!(f.years_seen, vec![2568]);
    let f = c.check(&s.url("/report.docx"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    let f = c.check(&s.url("/scan.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    assert!(f.detail.contains("text layer"), "{}", f.detail);
    let f = c.check(&s.url("/broken.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    assert!(
        f.detail.contains("PDF text could not be extracted"),
        "{}",
        f.detail
    );
    Ok(())
}

#[tokio::test]
async fn a_pdf_that_claims_a_terabyte_takes_down_only_its_child() -> TestResult {
    let url = pdf_server(pdf_claiming_a_terabyte()).await?;
    let c = checker_with(child_extractor(), Duration::from_secs(10))?;
    let f = c.check(&url, Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(&f));
    assert!(f.detail.contains("failed on this file"), "{}", f.detail);
    // This process is still here, and the next document is read as usual.
    let s = Server::start().await?;
    let f = c.check(&s.url("/report.pdf"), Some(2568)).await;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    Ok(())
}

/// Children of this process still running `sleep` (the stand-in for a stuck parser).
fn sleeping_children() -> usize {
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| {
            // "PID (comm) STATE PPID ..."
            let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
            stat.contains("(sleep)") && after.split(' ').nth(1) == Some(me.as_str())
        })
        .count()
}

/// A parser that never returns, played by `sleep`: more of them than there are extraction
/// slots. Each is killed at the time limit, which frees its slot, so they all end within
/// two time limits, no child is left, and the next document is read at once. (In-process,
/// each stuck parser would keep its thread and its slot until it returned.)
#[tokio::test]
async fn a_document_that_takes_too_long_is_killed_and_frees_its_slot() -> TestResult {
    let stuck = TextExtractor::ChildProcess {
        program: "/bin/sh".into(),
        args: vec![
            "-c".into(),
            r#"if head -c 16 | grep -q STUCK; then exec sleep 600; fi; echo "fiscal year 2568""#
                .into(),
            "extract".into(),
        ],
    };
    let limit = Duration::from_millis(1500);
    let c = checker_with(stuck, limit)?;
    let slots = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let stuck_url = pdf_server(b"%PDF-STUCK and never read".to_vec()).await?;
    let fine_url = pdf_server(b"%PDF-FINE".to_vec()).await?;
    let started = Instant::now();
    let items = (0..slots * 2)
        .map(|i| (i, stuck_url.clone(), Some(2568)))
        .collect();
    let findings = c.check_all(items, |_, _| {}).await;
    let took = started.elapsed();
    for (_, f) in &findings {
        assert_eq!(f.outcome, Outcome::Unreadable, "{}", show(f));
        assert!(f.detail.contains("takes too long"), "{}", f.detail);
    }
    assert!(
        took < limit * 3,
        "{} stuck documents on {slots} slots took {took:?}",
        slots * 2
    );
    assert_eq!(sleeping_children(), 0, "every stuck child was killed");
    let started = Instant::now();
    let f = tokio::time::timeout(limit * 2, c.check(&fine_url, Some(2568))).await?;
    assert_eq!(f.outcome, Outcome::Ok, "{}", show(&f));
    assert!(started.elapsed() < limit, "{:?}", started.elapsed());
    Ok(())
}
