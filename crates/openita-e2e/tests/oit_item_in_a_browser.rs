//! One OIT item from draft to final through the real pages, as the people do it: headless
//! Chromium against the real server on a socket, each person signing in on the log-in form.
//!
//! The item is O5 (the strategic or development plan), opened from the list of items on its
//! own page. The agency's admin answers it on a
//! phone (published, a link, a note), saves the draft and submits; the executive approves;
//! the assigned assessor, at a desk, gives it 0 with a reason in the review window; the admin
//! objects in the clarification window, pointing at the link already given (a text naming a
//! new link is refused first); the assessor sets the final score 100 with a reason in the
//! confirmation window, then confirms the rest. The agency then sees the item final and
//! locked, and a further change over the API is refused with 409.
//!
//! The other 27 items are answered and given provisional scores over the API beforehand, so
//! the workflow can move on. The NACC admin sets the OIT windows over the API and the
//! fixture's settable clock (shared with the server) stands inside each window in turn.
//! Screenshots of every key step, at a phone's width and a desktop's, go to
//! `target/e2e-screenshots/oit-*.png`.

mod support;

use anyhow::{Context, Result, anyhow, ensure};
use fantoccini::Client;
use openita_testing::{PASSWORD, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;
use support::{Driver, Server, api::Api, pages::*};

const YEAR: i64 = 2568;
/// The item walked through the pages: its plan must cover fiscal year 2568.
const ITEM: &str = "O5";
const SECTION: &str = "section#O5";
const PLAN_URL: &str = "https://6360201.example.go.th/docs/local-development-plan-2566-2570.pdf";
const NOTE: &str = "แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) ฉบับเพิ่มเติม ครั้งที่ 2";
const REASON_ZERO: &str = "แผนที่ส่งไม่ครอบคลุมปีงบประมาณ 2568";
const OBJECTION: &str = "แผนตามลิงก์ที่ส่งไว้ https://6360201.example.go.th/docs/local-development-plan-2566-2570.pdf ครอบคลุมปี 2566–2570 รวมปีงบประมาณ 2568 (ดูหน้า 12–15)";
const REASON_FINAL: &str = "ตรวจหน้า 12–15 ตามคำชี้แจงแล้ว แผนครอบคลุมปีงบประมาณ 2568";

// Words on the pages (Thai, the default language).
const SAVE: &str = "บันทึก";
const SAVED: &str = "บันทึกแล้ว";
const SUBMIT: &str = "ส่งให้ผู้บริหารอนุมัติ";
const APPROVE: &str = "อนุมัติคำตอบ OIT (ล็อกคำตอบ)";
const LOCK: &str = "ยืนยันและล็อกคะแนน";
const CONFIRM_ALL: &str = "ยืนยันคะแนนทุกข้อที่ยังไม่ยืนยัน";
const PROVISIONAL: &str = "คะแนนเบื้องต้น:";
const CLARIFIED: &str = "คำชี้แจงของหน่วยงาน:";
const FINAL: &str = "คะแนนสุดท้าย:";

/// Stands the fixture's clock at an RFC 3339 moment.
fn at(app: &TestApp, when: &str) -> Result<()> {
    app.clock.set(serde_json::from_value(json!(when))?);
    Ok(())
}

/// From the dashboard to the agency's page in the cycle, by the link a person follows.
async fn open_agency_page(browser: &Client, base: &str) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    follow(browser, &format!("หน้าหน่วยงานในรอบนี้ {YEAR}")).await
}

/// From the dashboard through the agency's page to its OIT page.
async fn open_oit_as_agency(browser: &Client, base: &str) -> Result<()> {
    open_agency_page(browser, base).await?;
    follow_css(browser, "a[href$='/oit']").await
}

/// From the list of items to the item walked through, by its line in the list.
async fn open_item(browser: &Client) -> Result<()> {
    follow_css(browser, &format!("ol.item-list a[href$='/oit/{ITEM}']")).await?;
    ensure!(present(browser, SECTION).await?, "the item's own page");
    Ok(())
}

/// From an item back to the list of items (where the whole is submitted or approved).
async fn open_list(browser: &Client) -> Result<()> {
    follow(browser, "ดูทุกข้อ").await
}

/// From the dashboard through the assessor's queue to the agency's OIT page; returns the
/// cells of the agency's row in the queue after the name (state, provisional, objections,
/// final).
async fn open_oit_as_assessor(browser: &Client, base: &str, code: &str) -> Result<Vec<String>> {
    browser.goto(&format!("{base}/")).await?;
    follow(browser, &format!("งานตรวจ OIT ที่ได้รับมอบหมาย {YEAR}")).await?;
    let link = format!("a[href$='/agencies/{code}/oit']");
    let cells = script(
        browser,
        "const a = document.querySelector(arguments[0]); \
         return a ? Array.from(a.closest('tr').cells).slice(1) \
           .map(c => c.dataset.state ?? c.innerText.trim()) : [];",
        vec![json!(link)],
    )
    .await?;
    follow_css(browser, &link).await?;
    Ok(serde_json::from_value(cells)?)
}

/// Checks the workflow state the OIT page shows.
async fn expect_state(browser: &Client, state: &str) -> Result<()> {
    // The page says the state in words; the code is on the element for tools and tests.
    let shown = script(
        browser,
        "return document.querySelector('main .card strong[data-state]')?.dataset.state ?? '';",
        vec![],
    )
    .await?;
    let shown = shown.as_str().unwrap_or_default().to_string();
    ensure!(
        shown == state,
        "the OIT page shows the state {shown}, not {state}"
    );
    Ok(())
}

/// Presses a button and checks the page comes back with the notice that says what happened.
async fn press_and_save(browser: &Client, within: &str, label: &str, expected: &str) -> Result<()> {
    press(browser, within, label).await?;
    let said = notice(browser).await?;
    ensure!(said == expected, "after \"{label}\": {said}");
    Ok(())
}

/// The item's line that starts with `label` and the score it shows in bold ("" if none).
async fn item_line(browser: &Client, label: &str) -> Result<(String, String)> {
    let found = script(
        browser,
        "const p = Array.from(document.querySelectorAll(arguments[0] + ' p')) \
           .find(p => p.innerText.trim().startsWith(arguments[1])); \
         return p ? [p.innerText.trim(), p.querySelector('strong')?.innerText ?? ''] : null;",
        vec![json!(SECTION), json!(label)],
    )
    .await?;
    let line: Option<(String, String)> = serde_json::from_value(found)?;
    let section = text_of(browser, SECTION).await?;
    line.with_context(|| format!("no \"{label}\" line in the item:\n{section}"))
}

/// Whether a score as the page prints it ("100", or "100.0" from a JSON float) is `score`.
fn is_score(shown: &str, score: f64) -> bool {
    shown.parse::<f64>().is_ok_and(|s| s == score)
}

async fn shots(browser: &Client, step: &str, screen: Screen, focus: Option<&str>) -> Result<()> {
    let engine = format!("{:?}", openita_testing::backend_under_test()).to_lowercase();
    screenshots(browser, &format!("oit-{step}-{engine}"), screen, focus).await
}

/// The NACC admin's OIT calendar; every other item answered by the agency's admin.
async fn set_up(app: &TestApp, api: &Api, oit_api: &str) -> Result<Vec<String>> {
    let calendar = json!({
        "oit_answer": {"start": "2025-01-06", "end": "2025-04-30"},
        "oit_review": {"start": "2025-05-01", "end": "2025-05-31"},
        "clarification": {"start": "2025-06-01", "end": "2025-06-16T17:00:00+07:00"},
        "confirmation": {"start": "2025-06-17", "end": "2025-06-30"}
    });
    let nacc = app.token("admin").await;
    let calendar_api = format!("/api/v1/cycles/{YEAR}/calendar");
    api.ok(Method::PUT, &calendar_api, &nacc, Some(calendar))
        .await?;
    let agency_admin = app.token("agency-admin").await;
    let oit = api.ok(Method::GET, oit_api, &agency_admin, None).await?;
    let codes = oit["items"].as_array().context("items")?.iter();
    let items: Vec<String> = codes
        .filter_map(|i| i["code"].as_str().map(String::from))
        .collect();
    ensure!(
        items.len() == 28 && items.iter().any(|i| i == ITEM),
        "items: {items:?}"
    );
    let others: Vec<String> = items.into_iter().filter(|i| i != ITEM).collect();
    for item in &others {
        let url = format!("https://6360201.example.go.th/oit/{item}");
        let answer = json!({"published": true, "urls": [url], "note": ""});
        let path = format!("{oit_api}/{item}");
        api.ok(Method::PUT, &path, &agency_admin, Some(answer))
            .await?;
    }
    Ok(others)
}

async fn walk(app: &TestApp, server: &Server, browser: &Client) -> Result<()> {
    let base = server.base.as_str();
    let code = app.fixture.agency.clone();
    let api = Api::new(base);
    let oit_api = format!("/api/v1/cycles/{YEAR}/agencies/{code}/oit");
    // The clock stands at 1 March 2025: answering time.
    let others = set_up(app, &api, &oit_api).await?;

    // 1. The agency's admin, on a phone: answers the item, saves the draft, submits.
    use_screen(browser, Screen::Phone).await?;
    sign_in(browser, base, "agency-admin", PASSWORD).await?;
    open_oit_as_agency(browser, base).await?;
    expect_state(browser, "draft").await?;
    let meter = text_of(browser, "label[for=oit-meter]").await?;
    ensure!(
        meter.contains("27 / 28"),
        "27 of 28 answered before: {meter}"
    );
    let state = format!("ol.item-list li#{ITEM}");
    let listed = script(
        browser,
        "return document.querySelector(arguments[0])?.dataset.itemState ?? '';",
        vec![json!(state)],
    )
    .await?;
    ensure!(
        listed == "unanswered",
        "the list says the item waits: {listed}"
    );
    open_item(browser).await?;
    let yes = format!("{SECTION} input[name=published][value=yes]");
    tap(browser, &yes).await?;
    fill(browser, &format!("#urls-{ITEM}"), PLAN_URL).await?;
    fill(browser, &format!("#note-{ITEM}"), NOTE).await?;
    let answer_form = format!("{SECTION} form[action$='/oit/{ITEM}']");
    press_and_save(browser, &answer_form, SAVE, SAVED).await?;
    let url = browser.current_url().await?;
    ensure!(
        url.path().ends_with(&format!("/oit/{ITEM}")),
        "back at the item: {url}"
    );
    expect_state(browser, "draft").await?;
    let section = text_of(browser, SECTION).await?;
    ensure!(
        section.contains("เผยแพร่แล้ว") && section.contains(NOTE),
        "the item shows its answer:\n{section}"
    );
    let link = format!("{SECTION} li a[href='{PLAN_URL}']");
    ensure!(present(browser, &link).await?, "the evidence is a link");
    let kept = format!("{SECTION} input[name=published][value=yes]:checked");
    ensure!(
        present(browser, &kept).await?,
        "the draft form keeps the answer"
    );
    // A long evidence link wraps instead of widening the page past the phone's screen.
    let wide = overflowing(browser).await?;
    ensure!(
        wide.is_empty(),
        "the OIT page is wider than a phone: {wide:#?}"
    );
    shots(browser, "1-draft-saved", Screen::Phone, Some(SECTION)).await?;
    open_list(browser).await?;
    let meter = text_of(browser, "label[for=oit-meter]").await?;
    ensure!(meter.contains("28 / 28"), "all answered: {meter}");
    let wide = overflowing(browser).await?;
    ensure!(wide.is_empty(), "the list is wider than a phone: {wide:#?}");
    press_and_save(browser, "main .card", SUBMIT, "ส่งคำตอบให้ผู้บริหารพิจารณาแล้ว").await?;
    expect_state(browser, "submitted").await?;
    let still_open = present(browser, &answer_form).await?
        || present(browser, "form[action$='/oit/submit']").await?;
    ensure!(
        !still_open,
        "a submitted OIT offers no answering or submitting"
    );
    shots(browser, "2-submitted", Screen::Phone, None).await?;
    sign_out(browser).await?;

    // 2. The executive approves, on a phone.
    sign_in(browser, base, "agency-executive", PASSWORD).await?;
    open_oit_as_agency(browser, base).await?;
    expect_state(browser, "submitted").await?;
    open_item(browser).await?;
    let section = text_of(browser, SECTION).await?;
    ensure!(
        section.contains(PLAN_URL) && section.contains(NOTE),
        "the answer:\n{section}"
    );
    open_list(browser).await?;
    press_and_save(
        browser,
        "main .card",
        APPROVE,
        "อนุมัติแล้ว คำตอบถูกล็อกและส่งให้ผู้ประเมิน",
    )
    .await?;
    expect_state(browser, "approved").await?;
    let again = present(browser, "form[action$='/oit/approve']").await?;
    ensure!(!again, "approval is not offered twice");
    shots(browser, "3-approved", Screen::Phone, None).await?;
    sign_out(browser).await?;

    // 3. Review window: the assessor scores the others over the API, this one at a desk.
    at(app, "2025-05-02T09:00:00+07:00")?;
    let assessor = app.token("assessor").await;
    for item in &others {
        let score = json!({"score": 100, "reason": "พบข้อมูลครบถ้วน"});
        let path = format!("{oit_api}/{item}/review");
        api.ok(Method::PUT, &path, &assessor, Some(score)).await?;
    }
    use_screen(browser, Screen::Desktop).await?;
    sign_in(browser, base, "assessor", PASSWORD).await?;
    let row = open_oit_as_assessor(browser, base, &code).await?;
    ensure!(
        row == ["approved", "27/28", "0", "0/28"],
        "queue row: {row:?}"
    );
    expect_state(browser, "approved").await?;
    open_item(browser).await?;
    choose(browser, &format!("#score-{ITEM}"), "0").await?;
    fill(browser, &format!("#reason-{ITEM}"), REASON_ZERO).await?;
    let review_form = format!("{SECTION} form[action$='/oit/{ITEM}/review']");
    press_and_save(browser, &review_form, SAVE, SAVED).await?;
    let (line, score) = item_line(browser, PROVISIONAL).await?;
    ensure!(
        is_score(&score, 0.0) && line.contains(REASON_ZERO) && line.contains("(assessor)"),
        "the provisional score, its reason and who gave it: {line}"
    );
    expect_state(browser, "reviewed").await?; // the last provisional score
    shots(
        browser,
        "4-provisional-zero",
        Screen::Desktop,
        Some(SECTION),
    )
    .await?;
    sign_out(browser).await?;

    // 4. Clarification window: the admin objects, pointing at the link already given.
    at(app, "2025-06-05T10:00:00+07:00")?;
    use_screen(browser, Screen::Phone).await?;
    sign_in(browser, base, "agency-admin", PASSWORD).await?;
    open_oit_as_agency(browser, base).await?;
    open_item(browser).await?;
    let (line, score) = item_line(browser, PROVISIONAL).await?;
    ensure!(
        is_score(&score, 0.0) && line.contains(REASON_ZERO),
        "the agency sees the score and its reason once clarification opens: {line}"
    );
    let objection_form = format!("form[action$='/oit/{ITEM}/clarification']");
    let new_link = "เอกสารอยู่ที่ https://6360201.example.go.th/new-plan.pdf";
    fill(browser, &format!("#clar-{ITEM}"), new_link).await?;
    press(browser, &objection_form, SAVE).await?;
    // The message stands inside the item it is about, not at the top of a long page.
    let refused = text_of(browser, &format!("{SECTION} .field-error[role=alert]")).await?;
    ensure!(
        refused.contains("เพิ่มลิงก์ใหม่ไม่ได้") && refused.contains("new-plan.pdf"),
        "a new link is refused, and named: {refused}"
    );
    let section = text_of(browser, SECTION).await?;
    ensure!(
        !section.contains(CLARIFIED),
        "nothing was stored:\n{section}"
    );
    let typed = script(
        browser,
        "return document.querySelector(arguments[0]).value;",
        vec![json!(format!("#clar-{ITEM}"))],
    )
    .await?;
    ensure!(
        typed.as_str() == Some(new_link),
        "the refused text is kept for correcting: {typed}"
    );
    shots(browser, "5-new-link-refused", Screen::Phone, None).await?;
    // Opening the refused form's address again (the address bar still shows it) lands on
    // the page, not on "not found".
    let address = browser.current_url().await?;
    ensure!(address.path().ends_with("/clarification"), "{address}");
    browser.goto(address.as_str()).await?;
    ensure!(
        present(browser, &objection_form).await?,
        "after a reload the item's page is back"
    );
    fill(browser, &format!("#clar-{ITEM}"), OBJECTION).await?;
    press_and_save(
        browser,
        &objection_form,
        SAVE,
        "บันทึกคำชี้แจงแล้ว ผู้ประเมินจะพิจารณา",
    )
    .await?;
    let (line, _) = item_line(browser, CLARIFIED).await?;
    ensure!(
        line.contains(OBJECTION) && line.contains("(agency-admin)"),
        "the objection is shown: {line}"
    );
    shots(browser, "6-objection", Screen::Phone, Some(SECTION)).await?;
    sign_out(browser).await?;

    // 5. Confirmation window: the assessor answers with the final score, then confirms the rest.
    at(app, "2025-06-20T10:00:00+07:00")?;
    use_screen(browser, Screen::Desktop).await?;
    sign_in(browser, base, "assessor", PASSWORD).await?;
    let row = open_oit_as_assessor(browser, base, &code).await?;
    ensure!(
        row == ["reviewed", "28/28", "1", "0/28"],
        "queue row: {row:?}"
    );
    open_item(browser).await?;
    let (line, _) = item_line(browser, CLARIFIED).await?;
    ensure!(
        line.contains(OBJECTION),
        "the assessor reads the objection: {line}"
    );
    choose(browser, &format!("#final-{ITEM}"), "100").await?;
    fill(browser, &format!("#freason-{ITEM}"), REASON_FINAL).await?;
    let final_form = format!("{SECTION} form[action$='/oit/{ITEM}/final']");
    press_and_save(browser, &final_form, LOCK, "บันทึกคะแนนสุดท้ายและล็อกข้อนี้แล้ว").await?;
    let (line, score) = item_line(browser, FINAL).await?;
    ensure!(
        is_score(&score, 100.0) && line.contains(REASON_FINAL) && line.contains("(assessor)"),
        "the final score, its reason and who gave it: {line}"
    );
    ensure!(
        !present(browser, &final_form).await?,
        "a final item offers no more scoring"
    );
    expect_state(browser, "reviewed").await?; // 27 items are still open
    shots(browser, "7-final-score", Screen::Desktop, Some(SECTION)).await?;
    open_list(browser).await?;
    press_and_save(
        browser,
        "main .card",
        CONFIRM_ALL,
        "ยืนยันผลทุกข้อแล้ว OIT ของหน่วยงานนี้เป็นที่สุด",
    )
    .await?;
    expect_state(browser, "final").await?; // every item final
    sign_out(browser).await?;

    // 6. The agency sees the item final and locked; a further change is refused.
    use_screen(browser, Screen::Phone).await?;
    sign_in(browser, base, "agency-admin", PASSWORD).await?;
    open_agency_page(browser, base).await?;
    let oit_card = ".card:has(a[href$='/oit'])";
    let card = text_of(browser, oit_card).await?;
    ensure!(
        card.contains("28 / 28") && card.contains("ยืนยันผลแล้ว (ล็อก)"),
        "agency page: {card}"
    );
    shots(
        browser,
        "8-agency-page-final",
        Screen::Phone,
        Some(oit_card),
    )
    .await?;
    follow_css(browser, "a[href$='/oit']").await?;
    expect_state(browser, "final").await?;
    open_item(browser).await?;
    let (line, score) = item_line(browser, FINAL).await?;
    ensure!(
        is_score(&score, 100.0) && line.contains(REASON_FINAL),
        "confirming the rest kept this item's own final score: {line}"
    );
    let form = present(browser, &format!("{SECTION} form")).await?;
    ensure!(!form, "a final item takes no more objections");
    shots(browser, "9-final-for-agency", Screen::Phone, Some(SECTION)).await?;
    let assessor = app.token("assessor").await;
    let change = json!({"score": 0, "reason": "เปลี่ยนใจ"});
    let path = format!("{oit_api}/{ITEM}/final");
    let (status, body) = api
        .call(Method::PUT, &path, &assessor, Some(change))
        .await?;
    ensure!(
        status == StatusCode::CONFLICT && body["error"]["code"] == "item_final",
        "changing a final score is refused: {status} {body}"
    );
    let oit = api.ok(Method::GET, &oit_api, &assessor, None).await?;
    let items = oit["items"].as_array().context("items")?;
    let kept: &Value = items.iter().find(|i| i["code"] == ITEM).context(ITEM)?;
    ensure!(
        kept["final"]["score"].as_f64() == Some(100.0) && kept["final"]["reason"] == REASON_FINAL,
        "the final score stands: {kept}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_oit_item_goes_from_draft_to_final_through_the_pages() -> Result<()> {
    let app = TestApp::new().await;
    let server = Server::start(&app).await?;
    let driver = Driver::start().await?;
    let browser = driver.resizable_browser().await?;
    let outcome = tokio::time::timeout(Duration::from_secs(300), walk(&app, &server, &browser));
    let outcome = outcome.await;
    let _ = browser.close().await;
    drop(driver);
    outcome.map_err(|_| anyhow!("the browser test took more than 5 minutes"))??;
    server.stop().await?;
    Ok(())
}
