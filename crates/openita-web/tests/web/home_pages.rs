//! "Waiting for you" on the home page of the roles outside the agency (the agency's own is in
//! confirmations.rs): a coordinator's laggards, an assessor's ready work, the NACC admin's
//! cycles with the phase each is in.

use crate::assert_status;
use openita_testing::TestApp;

/// The `data-waiting` list of a home page, or the whole page when there is none.
fn waiting(text: &str) -> &str {
    text.split("data-waiting")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or(text)
}

#[tokio::test]
async fn a_coordinator_sees_the_laggards_of_their_own_area_only() {
    let app = TestApp::new().await;
    let coordinator = app.token("coordinator").await;
    let home = app.get("/", Some(&coordinator)).await;
    assert_status!(home, 200);
    let list = waiting(&home.text);
    // Nothing is done by anyone in the fixture: both Chaiyaphum agencies miss something.
    assert!(
        list.contains("2568 · 2 จาก 2 หน่วยงานยังขาดบางอย่าง"),
        "{list}"
    );
    assert!(list.contains("href=\"/cycles/2568/drive\""), "{list}");
    assert!(list.contains("(6360201, บ้านเขว้า)"), "{list}");
    assert!(list.contains("href=\"/cycles/2568/agencies/6360201\""));
    assert!(list.contains("5360101"), "{list}");
    assert!(
        !list.contains("6810101"),
        "another province's agency: {list}"
    );

    // The district coordinator: their district's agency, not the province's other one.
    let district = app.token("district-coordinator").await;
    let home = app.get("/", Some(&district)).await;
    let list = waiting(&home.text);
    assert!(list.contains("1 จาก 1 หน่วยงาน"), "{list}");
    assert!(
        list.contains("6360201") && !list.contains("5360101"),
        "{list}"
    );
}

#[tokio::test]
async fn the_nacc_admin_sees_each_cycle_and_the_phase_it_is_in() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    app.create_cycle(2569, "ita-2568").await;
    let home = app.get("/", Some(&admin)).await;
    let list = waiting(&home.text).to_string();
    // 1 March 2568: registration is over, the IIT window runs to 31 May.
    assert!(list.contains("2568 · เปิดอยู่ ขณะนี้: "), "{list}");
    assert!(
        list.contains("31 พ.ค. 68") || list.contains("31 พ.ค. 2568"),
        "{list}"
    );
    assert!(list.contains("2569 · ยังไม่เปิดรอบ"), "{list}");
    crate::results::compute(&app, &admin).await;
    crate::results::publish(&app, &admin, 2568).await;
    let home = app.get("/", Some(&admin)).await;
    let list = waiting(&home.text);
    assert!(list.contains("2568 · เผยแพร่ผลแล้ว"), "{list}");
    assert!(!list.contains("2568 · เปิดอยู่"), "{list}");
}

#[tokio::test]
async fn an_assessor_sees_how_much_is_ready_to_score() {
    let app = TestApp::new().await;
    let assessor = app.token("assessor").await;
    let home = app.get("/", Some(&assessor)).await;
    let list = waiting(&home.text);
    assert!(
        list.contains("2568 · พร้อมให้คะแนน 0 จาก 1 หน่วยงานที่ได้รับมอบหมาย"),
        "{list}"
    );
    assert!(list.contains("/cycles/2568/queue?show=ready"), "{list}");
    // Assigned nowhere: nothing waits.
    let idle = app.token("idle-assessor").await;
    let home = app.get("/", Some(&idle)).await;
    assert!(home.text.contains("data-waiting=\"none\""), "{}", home.text);
}
