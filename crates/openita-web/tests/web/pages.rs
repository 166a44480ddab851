//! The pages render in Thai by default and in English on request, re-render forms with the
//! typed values and the errors, and escape what users typed.

use crate::assert_status;
use axum::{
    body::Body,
    http::{Request, header},
};
use openita_testing::TestApp;

async fn page(app: &TestApp, token: &str, path: &str, lang: Option<&str>) -> (u16, String) {
    let mut b = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(l) = lang {
        b = b.header(header::COOKIE, format!("openita_lang={l}"));
    }
    let r = app.send(b.body(Body::empty()).unwrap_or_default()).await;
    (r.status.as_u16(), r.text)
}

#[tokio::test]
async fn every_admin_page_renders_in_thai_and_in_english() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let code = app.fixture.agency.clone();
    let paths = [
        "/".to_string(),
        "/agencies".into(),
        "/agencies?province=36&type=sao&q=บ้าน".into(),
        "/agencies/new".into(),
        "/agencies/import".into(),
        format!("/agencies/{code}"),
        format!("/agencies/{code}/edit"),
        "/users".into(),
        "/users/new".into(),
        "/cycles".into(),
        "/cycles/2568".into(),
        "/cycles/2568/framework".into(),
        "/audit".into(),
        "/audit?action=agency.create&from=2568-03-01".into(),
        "/account".into(),
    ];
    for path in &paths {
        let (status, html) = page(&app, &token, path, None).await;
        assert_eq!(status, 200, "{path}: {html}");
        assert!(html.contains("<html lang=\"th\">"), "{path}");
        assert!(html.contains("ออกจากระบบ"), "{path} lacks the Thai menu");
        assert!(html.contains("name=\"viewport\""), "{path}");
        let (status, html) = page(&app, &token, path, Some("en")).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("<html lang=\"en\">") && html.contains("Sign out"),
            "{path} in English"
        );
    }
}

#[tokio::test]
async fn the_framework_viewer_shows_questions_items_and_the_placeholder_warning() {
    let app = TestApp::new().await;
    let token = app.token("agency-executive").await;
    let (status, html) = page(&app, &token, "/cycles/2568/framework", None).await;
    assert_eq!(status, 200);
    assert!(html.contains("O28"), "all 28 OIT items are listed");
    assert!(
        html.contains("ค่าตัวอย่าง"),
        "the sample rules are marked as placeholders"
    );
    assert!(
        html.contains("ข้อมูลปีงบประมาณ 2567"),
        "a `prev` item names the year it covers"
    );
}

/// The 2568 answer options are the 2564 ones (2568 changed them: seeds, Suphanburi) and the
/// OIT names are short forms: whoever reads them in the viewer reads that too, in Thai and in
/// English.
#[tokio::test]
async fn the_framework_viewer_shows_the_answer_options_and_marks_what_is_unverified() {
    let app = TestApp::new().await;
    let token = app.token("agency-executive").await;
    let (status, html) = page(&app, &token, "/cycles/2568/framework", None).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<td>น้อยที่สุดหรือไม่มีเลย</td><td>0</td>")
            && html.contains("<td>น้อย</td><td>33.33</td>"),
        "each option with its value"
    );
    let mark = "<strong>ยังไม่ได้ตรวจสอบกับของสำนักงาน ป.ป.ช.</strong>";
    assert_eq!(
        html.matches(mark).count(),
        3,
        "two scales and the OIT names are marked"
    );
    assert!(html.contains("สุพรรณบุรี"), "the reason names its source");
    assert!(
        html.contains("ชื่อย่อ"),
        "the OIT names are said to be short forms"
    );
    assert!(
        html.contains("ชุดตัวอย่าง"),
        "the framework's notes (sample questions) are shown"
    );
    let (_, en) = page(&app, &token, "/cycles/2568/framework", Some("en")).await;
    // (the apostrophe is escaped)
    assert_eq!(en.matches("<strong>Not checked against NACC").count(), 3);
    assert!(en.contains("short forms") && en.contains("Least or not at all"));
}

#[tokio::test]
async fn an_invalid_agency_form_comes_back_with_the_values_and_the_errors() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let request = Request::post("/agencies")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("code=6369999&name_th=%3Cscript%3Ealert(1)%3C%2Fscript%3E&type=&province=36&website=ftp%3A%2F%2Fx"))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 422);
    assert!(r.text.contains("value=\"6369999\""), "the code is kept");
    assert!(
        r.text.contains("ประเภทหน่วยงานไม่ถูกต้อง"),
        "the type error is shown in Thai"
    );
    assert!(
        r.text.contains("http:// หรือ https://"),
        "the website error is shown"
    );
    assert!(
        !r.text.contains("<script>alert(1)</script>"),
        "typed text is escaped"
    );
    assert!(r.text.contains("&#60;script&#62;") || r.text.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn a_good_agency_form_saves_and_redirects_to_the_agency_with_a_notice() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let request = Request::post("/agencies")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "code=6369999&name_th=%E0%B8%AD%E0%B8%9A%E0%B8%95.&type=sao&province=36&district=3601",
        ))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 303);
    let location = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(location, "/agencies/6369999?done=agencies.created");
    let (status, html) = page(&app, &token, &location, None).await;
    assert_eq!(status, 200);
    assert!(html.contains("บันทึกหน่วยงานใหม่แล้ว") && html.contains("เมืองชัยภูมิ"));
}

#[tokio::test]
async fn unknown_pages_and_refusals_are_pages_not_json() {
    let app = TestApp::new().await;
    let token = app.token("agency-admin").await;
    let (status, html) = page(&app, &token, "/no/such/page", None).await;
    assert_eq!(status, 404);
    assert!(html.contains("ไม่พบหน้าที่ต้องการ"));
    let (status, html) = page(&app, &token, "/audit", None).await;
    assert_eq!(status, 403);
    assert!(html.contains("<html") && html.contains("ไม่มีสิทธิ์"));
}

#[tokio::test]
async fn the_sign_in_page_is_public_and_the_static_files_are_served() {
    let app = TestApp::new().await;
    let r = app.get("/login", None).await;
    assert_status!(r, 200);
    assert!(r.text.contains("ลงชื่อเข้าใช้"));
    assert!(
        r.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap_or("").starts_with("openita_login_csrf="))
    );
    let csp = r
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(csp.contains("default-src 'self'"));
    assert_status!(app.get("/static/style.css", None).await, 200);
    assert_status!(app.get("/healthz", None).await, 200);
}

#[tokio::test]
async fn the_cycle_page_assigns_a_whole_province_to_an_assessor() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let (status, html) = page(&app, &token, "/cycles/2568", None).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("name=\"province\"") && html.contains(">กระบี่</option>"),
        "the bulk form offers provinces"
    );
    let request = Request::post("/cycles/2568/assignments")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "assessor=idle-assessor&agencies=&province=36&type=",
        ))
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 200);
    assert!(
        r.text.contains("idle-assessor — 2 หน่วยงานใหม่"),
        "the notice counts the agencies"
    );
    let idle = app.token("idle-assessor").await;
    let listed = app.get("/api/v1/agencies", Some(&idle)).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_user_sets_the_address_notifications_go_to_on_the_account_page() {
    let app = TestApp::new().await;
    let token = app.token("agency-executive").await;
    let post = |body: &'static str| {
        Request::post("/account/email")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap_or_default()
    };
    let r = app.send(post("email=not-an-address")).await;
    assert_status!(r, 422);
    assert!(r.text.contains("ไม่ถูกต้อง"), "the error is in Thai");
    assert!(
        r.text.contains("value=\"not-an-address\""),
        "the typed text is kept"
    );
    let r = app.send(post("email=nayok%40banKhwao.go.th")).await;
    assert_status!(r, 303);
    let (status, html) = page(&app, &token, "/account", None).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"nayok@bankhwao.go.th\""),
        "saved, domain lower-cased"
    );
    let nacc = app.token("admin").await;
    let log = app
        .get("/api/v1/audit?action=user.email_change", Some(&nacc))
        .await
        .json();
    assert_eq!(
        log["entries"][0]["before"]["email"],
        "agency-executive@example.go.th"
    );
    assert_eq!(log["entries"][0]["after"]["email"], "nayok@bankhwao.go.th");
}

#[tokio::test]
async fn computing_results_from_the_page_shows_the_job_and_then_the_outcome() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let request = Request::post("/cycles/2568/results/compute")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap_or_default();
    let r = app.send(request).await;
    assert_status!(r, 303);
    let job_page = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(job_page.starts_with("/jobs/"), "{job_page}");
    let (_, waiting) = page(&app, &token, &job_page, None).await;
    assert!(
        waiting.contains("<progress") && waiting.contains("http-equiv=\"refresh\""),
        "a queued job shows progress and refreshes itself"
    );
    app.run_jobs().await;
    let (status, done) = page(&app, &token, &job_page, None).await;
    assert_eq!(status, 200);
    assert!(done.contains("คำนวณคะแนนแล้ว (หน่วยงาน): 3"), "{done}");
    assert!(done.contains("href=\"/results/2568\""));
    // The outcome in words, and the way back to where it was started.
    assert!(done.contains("คำนวณผลแล้ว 3 หน่วยงาน"), "{done}");
    assert!(done.contains("href=\"/cycles/2568\""), "{done}");
    // Started from a cycle: the menu marks Cycles, not Agencies.
    assert!(
        done.contains("<a href=\"/cycles\" aria-current=\"page\">"),
        "{done}"
    );
}

/// The Content-Security-Policy has `style-src 'self'`: browsers ignore inline `style`
/// attributes, so a template that relies on one silently loses it (the report chart once
/// widened the page on phones that way).
#[test]
fn no_template_relies_on_an_inline_style_attribute() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if let Ok(text) = std::fs::read_to_string(&path)
                && (text.contains(" style=\"") || text.contains("<style"))
            {
                found.push(path.display().to_string());
            }
        }
    }
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut found = Vec::new();
    walk(&templates, &mut found);
    assert!(templates.join("base.html").exists());
    assert!(found.is_empty(), "inline styles in {found:?}");
}

/// A page address with a part that does not read (a word or a huge number where the year or
/// an id goes, a year no cycle can have, bytes that are not text) is a Thai "not found" page,
/// never axum's English "Invalid URL: Cannot parse ..." text.
#[tokio::test]
async fn a_page_address_that_does_not_read_is_a_thai_not_found_page() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let code = app.fixture.agency.clone();
    for path in [
        "/cycles/abc".to_string(),
        "/cycles/99999999999999999999".into(),
        "/cycles/2999".into(),
        "/cycles/1999/framework".into(),
        format!("/cycles/25x8/agencies/{code}/oit"),
        "/cycles/2568/agencies/%FF%FE/oit".into(),
        "/jobs/abc".into(),
        "/agencies/%FF".into(),
    ] {
        let (status, body) = page(&app, &token, &path, None).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(
            body.contains("<html lang=\"th\""),
            "{path}: not a page: {body}"
        );
        assert!(!body.contains("Invalid URL"), "{path}: {body}");
    }
}
