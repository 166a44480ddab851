//! The agency's OIT in the pages, as a phone holds it: a list of items with the state of each,
//! one item per page, messages beside the item, nothing typed lost, refusals that link to the
//! items they name.

use crate::{assert_status, post_form};
use openita_testing::TestApp;

fn page_of(app: &TestApp) -> String {
    format!("/cycles/2568/agencies/{}/oit", app.fixture.agency)
}

/// The `<li>` of an item in the list.
fn line<'a>(text: &'a str, item: &str) -> &'a str {
    text.split(&format!("<li id=\"{item}\""))
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_list_shows_every_item_with_its_state_and_opens_each_on_its_own_page() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    let list = app.get(&page_of(&app), Some(&admin)).await;
    assert_status!(list, 200);
    assert_eq!(
        list.text.matches("data-item-state=\"unanswered\"").count(),
        28
    );
    assert!(
        !list.text.contains("name=\"urls\""),
        "the list holds no answer forms"
    );
    let o5 = line(&list.text, "O5");
    assert!(
        o5.contains(&format!("href=\"{}/O5\"", page_of(&app))),
        "{o5}"
    );
    assert!(o5.contains("ยังไม่ได้ตอบ"), "{o5}");

    // Saving an item comes back to the item, said beside it; the list then says "answered".
    let saved = post_form(
        &app,
        &admin,
        &format!("{}/O5", page_of(&app)),
        &[
            ("published", "yes"),
            ("urls", "https://6360201.example.go.th/plan.pdf"),
            ("note", ""),
        ],
    )
    .await;
    assert_status!(saved, 303);
    let location = saved.headers["location"].to_str().unwrap_or_default();
    assert_eq!(location, format!("{}/O5?done=oit.saved", page_of(&app)));
    let item = app.get(location, Some(&admin)).await;
    assert_status!(item, 200);
    assert!(item.text.contains("บันทึกแล้ว"));
    assert_eq!(
        item.text.matches("<form class=\"stack\"").count(),
        1,
        "one item's form per page"
    );
    assert!(item.text.contains("ข้อที่ 5 / 28"), "{}", item.text);
    assert!(item.text.contains("rel=\"prev\"") && item.text.contains("/oit/O4\""));
    assert!(item.text.contains("rel=\"next\"") && item.text.contains("/oit/O6\""));
    assert!(
        item.text.contains("data-next-unanswered") && item.text.contains("ข้อที่ยังไม่ตอบถัดไป O6"),
        "the next unanswered item is a tap away"
    );
    let list = app.get(&page_of(&app), Some(&admin)).await;
    assert!(line(&list.text, "O5").contains("data-item-state=\"answered\""));
}

#[tokio::test]
async fn a_refused_item_keeps_what_was_typed_with_the_message_inside_the_item() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    let path = format!("{}/O7", page_of(&app));
    let note = "ประกาศลงวันที่ 1 ต.ค. 2567";
    let refused = post_form(
        &app,
        &admin,
        &path,
        &[
            ("published", "yes"),
            ("urls", "www.example.go.th/o7"),
            ("note", note),
        ],
    )
    .await;
    assert_status!(refused, 422);
    let section = refused
        .text
        .split("<section class=\"card\" id=\"O7\">")
        .nth(1)
        .unwrap_or_default();
    assert!(
        section.contains("class=\"field-error\"") && section.contains("www.example.go.th/o7"),
        "the message stands in the item: {section}"
    );
    assert!(section.contains(">www.example.go.th/o7</textarea>"));
    assert!(section.contains(&format!(">{note}</textarea>")));
    assert!(
        section.contains("value=\"yes\" checked"),
        "the choice is kept"
    );

    // "Published" with no link is not an answer.
    let bare = post_form(&app, &admin, &path, &[("published", "yes"), ("urls", " ")]).await;
    assert_status!(bare, 422);
    assert!(
        bare.text.contains("ต้องระบุลิงก์อย่างน้อย 1 รายการ"),
        "{}",
        bare.text
    );
    // Neither choice ticked is asked again, not saved as "not published".
    let none = post_form(
        &app,
        &admin,
        &path,
        &[("urls", "https://x.go.th/a"), ("note", note)],
    )
    .await;
    assert_status!(none, 422);
    assert!(none.text.contains("เลือกก่อนว่าข้อนี้เผยแพร่บนเว็บไซต์แล้วหรือยัง"));
    assert!(none.text.contains(">https://x.go.th/a</textarea>"));
    let oit = app.get(&crate::oit::base(&app), Some(&admin)).await.json();
    let o7 = oit["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["code"] == "O7")
        .cloned()
        .unwrap_or_default();
    assert!(o7["published"].is_null(), "nothing was saved: {o7}");
}

#[tokio::test]
async fn a_refused_submit_links_to_each_item_it_names() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    crate::oit::answer_all(&app, &admin).await;
    // Take two answers back out, as if never given.
    let mut conn = app.conn().await;
    sqlx::query(
        "DELETE FROM oit_answers WHERE item_code IN ('O3', 'O11') \
         AND agency_id = (SELECT id FROM agencies WHERE code = '6360201')",
    )
    .execute(&mut *conn)
    .await
    .unwrap_or_else(|e| panic!("delete: {e}"));
    drop(conn);
    let refused = post_form(&app, &admin, &format!("{}/submit", page_of(&app)), &[]).await;
    assert_status!(refused, 422);
    let summary = refused
        .text
        .split("data-refused")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .unwrap_or_default();
    for item in ["O3", "O11"] {
        assert!(
            summary.contains(&format!("href=\"{}/{item}\"", page_of(&app))),
            "{item}: {summary}"
        );
    }
    assert_eq!(summary.matches("<li>").count(), 2, "{summary}");
}

#[tokio::test]
async fn an_item_page_is_only_for_the_agencys_readers_and_real_items() {
    let app = TestApp::new().await;
    crate::oit::with_oit_calendar(&app).await;
    let admin = app.token("agency-admin").await;
    let missing = app
        .get(&format!("{}/O99", page_of(&app)), Some(&admin))
        .await;
    assert_status!(missing, 404);
    assert!(missing.text.contains("ไม่มีข้อ"), "{}", missing.text);
    let far = app.token("far-agency-admin").await;
    let other = app.get(&format!("{}/O1", page_of(&app)), Some(&far)).await;
    assert_status!(other, 404);
    let encoded = app
        .get(&format!("{}/O1%2F..%2F..", page_of(&app)), Some(&admin))
        .await;
    assert_status!(encoded, 404);
}
