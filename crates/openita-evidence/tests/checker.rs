//! End-to-end tests against loopback servers started by the tests themselves.
//! No test contacts any address other than 127.0.0.1 (refused targets such as
//! 10.0.0.1 are refused before any connection; that is what is tested).

use std::error::Error;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use openita_evidence::{Checker, CheckerConfig, Finding, Outcome};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

type TestResult = Result<(), Box<dyn Error>>;

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

#[derive(Default)]
struct Counters {
    requests: AtomicUsize,
    gets: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

fn filler(n: usize) -> String {
    "ข่าวประชาสัมพันธ์และข้อมูลพื้นฐานของหน่วยงาน ".repeat(n)
}

/// Minimal valid PDF with one page showing `text` in Helvetica (no text at all when empty).
fn pdf_with_text(text: &str) -> Vec<u8> {
    let content = if text.is_empty() {
        String::new()
    } else {
        format!("BT /F1 12 Tf 20 100 Td ({text}) Tj ET")
    };
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn docx_with_text(text: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts)?;
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)?;
    zip.start_file("word/document.xml", opts)?;
    zip.write_all(
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#)
            .as_bytes(),
    )?;
    Ok(zip.finish()?.into_inner())
}

fn redirect(status: StatusCode, to: String) -> Response {
    (status, [(header::LOCATION, to)]).into_response()
}

async fn count_requests(State(c): State<Arc<Counters>>, req: Request, next: Next) -> Response {
    c.requests.fetch_add(1, Ordering::SeqCst);
    if req.method() == Method::GET {
        c.gets.fetch_add(1, Ordering::SeqCst);
    }
    next.run(req).await
}

async fn concurrent(State(c): State<Arc<Counters>>) -> Html<&'static str> {
    let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    c.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    c.in_flight.fetch_sub(1, Ordering::SeqCst);
    Html("<p>ปีงบประมาณ 2568</p>")
}

fn app(addr: SocketAddr, counters: Arc<Counters>) -> Result<Router, Box<dyn Error>> {
    let pdf = pdf_with_text("Annual procurement report, fiscal year 2568");
    let scan = pdf_with_text("");
    let docx = docx_with_text("รายงานผลการดำเนินงาน ปีงบประมาณ ๒๕๖๘")?;
    let head_pdf = pdf.clone();
    let no_head_pdf = pdf.clone();
    let big = vec![b'a'; 2 * 1024 * 1024];
    // "ปีงบประมาณ ๒๕๖๘" in TIS-620
    let tis620: Vec<u8> = [
        &b"<html><body><p>"[..],
        &[0xBB, 0xD5, 0xA7, 0xBA, b' ', 0xF2, 0xF5, 0xF6, 0xF8],
        b"</p></body></html>",
    ]
    .concat();
    let long_with_login = format!(
        r#"<html><body><aside><form><input name="u"><input type="password" name="p"></form></aside>
        <main><h1>รายการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2568</h1><p>{}</p></main></body></html>"#,
        filler(60)
    );
    let router = Router::new()
        .route("/good", get(|| async { Html(format!("<html><head><title>O12</title></head><body><h1>รายการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568</h1><p>{}</p></body></html>", filler(5))) }))
        .route("/thai-digits", get(|| async { Html("<html><body><p>แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</p></body></html>") }))
        .route("/old", get(|| async { Html("<html><body><p>รายงานประจำปีงบประมาณ พ.ศ. 2567 (เทียบกับ 2566)</p></body></html>") }))
        .route("/no-year", get(|| async { Html("<html><body><p>ข้อมูลผู้บริหาร</p></body></html>") }))
        .route("/fy", get(|| async { Html("<html><body><p>Annual Report FY2025</p></body></html>") }))
        .route("/js-app", get(|| async { Html("<html><body><div id=app></div><script>render(2568)</script></body></html>") }))
        .route("/error", get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "boom") }))
        .route("/forbidden", get(|| async { (StatusCode::FORBIDDEN, "no") }))
        .route("/r1", get(move || async move { redirect(StatusCode::FOUND, format!("http://{addr}/r2")) }))
        .route("/r2", get(|| async { redirect(StatusCode::MOVED_PERMANENTLY, "good".to_owned()) }))
        .route("/loop", get(|| async { redirect(StatusCode::FOUND, "/loop".to_owned()) }))
        .route("/to-private", get(|| async { redirect(StatusCode::FOUND, "http://10.0.0.1/secret".to_owned()) }))
        .route("/to-metadata", get(|| async { redirect(StatusCode::TEMPORARY_REDIRECT, "http://169.254.169.254/latest/meta-data/".to_owned()) }))
        .route("/to-mapped", get(move || async move { redirect(StatusCode::FOUND, format!("http://[::ffff:127.0.0.1]:{}/good", addr.port())) }))
        .route("/to-ftp", get(|| async { redirect(StatusCode::FOUND, "ftp://example.go.th/file".to_owned()) }))
        .route("/login-form", get(|| async { Html(r#"<html><body><h1>เข้าสู่ระบบ</h1><form method="post"><input name="user"><input type="password" name="pass"><button>Login</button></form><p>© 2568</p></body></html>"#) }))
        .route("/members", get(|| async { redirect(StatusCode::SEE_OTHER, "/index.php?option=com_users&view=login&return=L21lbWJlcnM".to_owned()) }))
        .route("/index.php", get(|| async { Html("<html><body><p>Please sign in</p></body></html>") }))
        .route("/basic", get(|| async { (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Basic realm=\"intranet\"")], "auth") }))
        .route("/article", get(move || async move { Html(long_with_login) }))
        .route("/slow", get(|| async { tokio::time::sleep(Duration::from_secs(5)).await; Html("<p>2568</p>") }))
        .route("/report.pdf", get(move || async move { ([(header::CONTENT_TYPE, "application/pdf")], pdf) }))
        .route("/scan.pdf", get(move || async move { ([(header::CONTENT_TYPE, "application/pdf")], scan) }))
        .route("/broken.pdf", get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], b"%PDF-1.4\nthis is not a pdf\n".to_vec()) }))
        .route("/report.docx", get(move || async move {
            ([(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")], docx)
        }))
        .route("/photo.png", get(|| async { ([(header::CONTENT_TYPE, "image/png")], b"\x89PNG\r\n\x1a\nxxxx".to_vec()) }))
        .route("/tis620", get(move || async move { ([(header::CONTENT_TYPE, "text/html; charset=tis-620")], tis620) }))
        .route("/big", get(move || async move { ([(header::CONTENT_TYPE, "text/html")], big) }))
        .route("/head-ok.pdf", get(move || async move { ([(header::CONTENT_TYPE, "application/pdf")], head_pdf) }))
        .route("/no-head.pdf", any(move |method: Method| async move {
            if method == Method::HEAD {
                StatusCode::METHOD_NOT_ALLOWED.into_response()
            } else {
                ([(header::CONTENT_TYPE, "application/pdf")], no_head_pdf).into_response()
            }
        }))
        .route("/concurrent/{n}", get(concurrent))
        .with_state(Arc::clone(&counters))
        .layer(middleware::from_fn_with_state(counters, count_requests));
    Ok(router)
}

struct Server {
    addr: SocketAddr,
    counters: Arc<Counters>,
}

impl Server {
    async fn start() -> Result<Self, Box<dyn Error>> {
        Self::start_with(Arc::new(Counters::default())).await
    }

    /// Several servers may share counters (to measure global concurrency).
    async fn start_with(counters: Arc<Counters>) -> Result<Self, Box<dyn Error>> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let router = app(addr, Arc::clone(&counters))?;
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(Self { addr, counters })
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }
}

/// A bare TCP server answering every connection with `head` + `body`, then
/// keeping the connection open for `linger` (to simulate a stalled download).
async fn raw_server(
    head: String,
    body: Vec<u8>,
    linger: Duration,
) -> Result<SocketAddr, Box<dyn Error>> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let head = head.clone();
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.write_all(&body).await;
                tokio::time::sleep(linger).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    Ok(addr)
}

/// Test configuration: strict policy except for 127.0.0.1 itself.
fn config() -> CheckerConfig {
    CheckerConfig {
        timeout: Duration::from_secs(5),
        max_body_bytes: 1024 * 1024,
        allowed_addrs: vec![LOOPBACK],
        ..CheckerConfig::default()
    }
}

fn checker() -> Result<Checker, Box<dyn Error>> {
    Ok(Checker::new(config())?)
}

fn show(f: &Finding) -> String {
    format!("{:?}: {} ({:?})", f.outcome, f.detail, f)
}

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

#[test]
fn findings_serialize_with_snake_case_outcomes() -> TestResult {
    let rt = tokio::runtime::Runtime::new()?;
    let f = rt.block_on(async {
        let c = checker()?;
        Ok::<_, Box<dyn Error>>(c.check("javascript:alert(1)", Some(2568)).await)
    })?;
    let json = serde_json::to_value(&f)?;
    assert_eq!(json["outcome"], "refused");
    assert_eq!(json["expected_year"], 2568);
    let back: Finding = serde_json::from_value(json)?;
    assert_eq!(back, f);
    Ok(())
}
