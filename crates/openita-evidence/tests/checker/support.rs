//! Loopback servers, documents and the checker the tests share.

pub(crate) use std::error::Error;
pub(crate) use std::io::Write;
pub(crate) use std::net::{IpAddr, Ipv4Addr, SocketAddr};
pub(crate) use std::sync::Arc;
pub(crate) use std::sync::atomic::{AtomicUsize, Ordering};
pub(crate) use std::time::Duration;

pub(crate) use axum::Router;
pub(crate) use axum::extract::{Request, State};
pub(crate) use axum::http::{Method, StatusCode, header};
pub(crate) use axum::middleware::{self, Next};
pub(crate) use axum::response::{Html, IntoResponse, Response};
pub(crate) use axum::routing::{any, get};
pub(crate) use openita_evidence::{Checker, CheckerConfig, Finding, Outcome};
pub(crate) use tokio::io::{AsyncReadExt, AsyncWriteExt};
pub(crate) use tokio::net::TcpListener;

pub(crate) type TestResult = Result<(), Box<dyn Error>>;

pub(crate) const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

#[derive(Default)]
pub(crate) struct Counters {
    pub requests: AtomicUsize,
    pub gets: AtomicUsize,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

pub(crate) fn filler(n: usize) -> String {
    "ข่าวประชาสัมพันธ์และข้อมูลพื้นฐานของหน่วยงาน ".repeat(n)
}

/// Minimal valid PDF with one page showing `text` in Helvetica (no text at all when empty).
pub(crate) fn pdf_with_text(text: &str) -> Vec<u8> {
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

pub(crate) fn docx_with_text(text: &str) -> Result<Vec<u8>, Box<dyn Error>> {
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

pub(crate) fn redirect(status: StatusCode, to: String) -> Response {
    (status, [(header::LOCATION, to)]).into_response()
}

pub(crate) async fn count_requests(
    State(c): State<Arc<Counters>>,
    req: Request,
    next: Next,
) -> Response {
    c.requests.fetch_add(1, Ordering::SeqCst);
    if req.method() == Method::GET {
        c.gets.fetch_add(1, Ordering::SeqCst);
    }
    next.run(req).await
}

pub(crate) async fn concurrent(State(c): State<Arc<Counters>>) -> Html<&'static str> {
    let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    c.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    c.in_flight.fetch_sub(1, Ordering::SeqCst);
    Html("<p>ปีงบประมาณ 2568</p>")
}

pub(crate) fn app(addr: SocketAddr, counters: Arc<Counters>) -> Result<Router, Box<dyn Error>> {
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

pub(crate) struct Server {
    pub addr: SocketAddr,
    pub counters: Arc<Counters>,
}

impl Server {
    pub(crate) async fn start() -> Result<Self, Box<dyn Error>> {
        Self::start_with(Arc::new(Counters::default())).await
    }

    /// Several servers may share counters (to measure global concurrency).
    pub(crate) async fn start_with(counters: Arc<Counters>) -> Result<Self, Box<dyn Error>> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let router = app(addr, Arc::clone(&counters))?;
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(Self { addr, counters })
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub(crate) fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }
}

/// A bare TCP server answering every connection with `head` + `body`, then
/// keeping the connection open for `linger` (to simulate a stalled download).
pub(crate) async fn raw_server(
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
pub(crate) fn config() -> CheckerConfig {
    CheckerConfig {
        timeout: Duration::from_secs(5),
        max_body_bytes: 1024 * 1024,
        allowed_addrs: vec![LOOPBACK],
        ..CheckerConfig::default()
    }
}

pub(crate) fn checker() -> Result<Checker, Box<dyn Error>> {
    Ok(Checker::new(config())?)
}

pub(crate) fn show(f: &Finding) -> String {
    format!("{:?}: {} ({:?})", f.outcome, f.detail, f)
}
