//! Reminders: a coordinator e-mails every agency of its area that is behind (now, or on the
//! province's weekly schedule, once per slot), users may opt out, the area's reminders are
//! listed; a double click is refused for ten minutes; another province is 404, agency roles
//! 403; mail really goes out through an SMTP sink.

use crate::{assert_status, province_plan::krabi_coordinator};
use axum::http::Method;
use openita_jobs::{MailConfig, Mailer, Worker};
use openita_testing::{PASSWORD, SmtpSink, TestApp};
use serde_json::{Value, json};

pub(crate) const REMINDERS: &str = "/api/v1/cycles/2568/provinces/36/reminders";
pub(crate) const SCHEDULE: &str = "/api/v1/cycles/2568/provinces/36/reminders/schedule";

pub(crate) fn mailer(smtp_url: &str) -> Mailer {
    Mailer::new(&MailConfig {
        smtp_url: smtp_url.to_string(),
        from: "OpenITA <no-reply@ita.test>".into(),
        public_base_url: "https://ita.test/".into(),
    })
    .unwrap_or_else(|e| panic!("mailer: {e}"))
}

pub(crate) fn at(app: &TestApp, when: &str) {
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339(when)
            .map(|t| t.to_utc())
            .unwrap_or_default(),
    );
}

/// Windows in which agencies still have work: the headcount until 31 March, OIT answers
/// until 30 April (the fixture has registration and IIT).
pub(crate) async fn with_windows(app: &TestApp) {
    app.set_calendar(json!({
        "headcount": {"start": "2025-01-06", "end": "2025-03-31"},
        "oit_answer": {"start": "2025-01-06", "end": "2025-04-30"},
    }))
    .await;
}

/// An admin for 5360101 (เมืองชัยภูมิ, outside the district coordinator's district).
pub(crate) async fn neighbour_admin(app: &TestApp) {
    let admin = app.token("admin").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(json!({"username": "neighbour-admin", "password": PASSWORD,
                        "role": "agency-admin", "agency": "5360101",
                        "email": "neighbour-admin@example.go.th"})),
        )
        .await;
    assert_status!(r, 201);
}

pub(crate) async fn post(app: &TestApp, path: &str, user: &str) -> openita_testing::TestResponse {
    let token = app.token(user).await;
    app.call(Method::POST, path, Some(&token), None).await
}

pub(crate) fn recipients(list: &Value) -> Vec<String> {
    let mut to: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["to"].as_str().map(String::from))
        .collect();
    to.sort();
    to
}

#[tokio::test]
async fn a_reminder_now_reaches_the_users_of_agencies_behind_in_thai_and_is_listed() {
    let app = TestApp::new().await;
    with_windows(&app).await;
    let sink = SmtpSink::start().await.unwrap_or_else(|e| panic!("{e}"));

    let r = post(&app, REMINDERS, "coordinator").await;
    assert_status!(r, 202);
    // 6360201's admin and executive; 5360101 has nobody to mail, Krabi is another province.
    assert_eq!(r.json()["queued"], 2, "{}", r.text);
    assert_eq!(r.json()["agencies"], 1);
    assert_eq!(r.json()["unreachable"], 1);

    let coordinator = app.token("coordinator").await;
    let list = app.get(REMINDERS, Some(&coordinator)).await;
    assert_status!(list, 200);
    assert_eq!(
        recipients(&list.json()),
        [
            "agency-admin@example.go.th",
            "agency-executive@example.go.th"
        ]
    );
    assert_eq!(list.json()[0]["kind"], "reminder.digest");
    assert_eq!(list.json()[0]["agency"], "6360201");
    assert!(list.json()[0]["sent_at"].is_null(), "queued, not sent yet");
    assert!(list.json()[0]["queued_at"].is_string());

    let report = mailer(&sink.url)
        .send_pending(app.core())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.sent, 2);
    let mail = sink.messages();
    assert_eq!(mail.len(), 2);
    let m = &mail[0];
    assert!(
        m.subject.contains("แจ้งเตือน") && m.subject.contains("Reminder"),
        "{}",
        m.subject
    );
    assert!(
        m.body.contains("ยังไม่กรอกจำนวนบุคลากร"),
        "reasons in Thai: {}",
        m.body
    );
    assert!(m.body.contains("OIT ยังตอบไม่ครบ"), "{}", m.body);
    assert!(
        m.body.contains("31 มีนาคม 2568"),
        "the headcount window's last day: {}",
        m.body
    );
    assert!(
        m.body.contains("30 เมษายน 2568"),
        "the OIT window's last day: {}",
        m.body
    );
    assert!(
        m.body.contains("Headcount not entered"),
        "English below: {}",
        m.body
    );
    assert!(
        !m.body.contains("ยังไม่ลงทะเบียนผู้ใช้"),
        "registration closed on 28 February: not chased"
    );
    assert!(
        m.body
            .contains("https://ita.test/cycles/2568/agencies/6360201"),
        "links the agency's page: {}",
        m.body
    );
    let list = app.get(REMINDERS, Some(&coordinator)).await;
    assert!(list.json()[0]["sent_at"].is_string(), "{}", list.text);

    // The audit log has the round.
    let admin = app.token("admin").await;
    let audit = app
        .get("/api/v1/audit?object_type=reminders", Some(&admin))
        .await;
    assert_eq!(audit.json()["entries"][0]["action"], "reminders.send");
    assert_eq!(audit.json()["entries"][0]["after"]["queued"], 2);
}

#[tokio::test]
async fn opted_out_users_are_skipped_and_the_choice_is_audited() {
    let app = TestApp::new().await;
    with_windows(&app).await;
    let executive = app.token("agency-executive").await;
    let me = "/api/v1/users/me/notifications";
    assert_eq!(
        app.get(me, Some(&executive)).await.json()["reminders"],
        true
    );
    let r = app
        .call(
            Method::PUT,
            me,
            Some(&executive),
            Some(json!({"reminders": false})),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(
        app.get(me, Some(&executive)).await.json()["reminders"],
        false
    );
    let bad = app
        .call(
            Method::PUT,
            me,
            Some(&executive),
            Some(json!({"reminders": "no"})),
        )
        .await;
    assert_status!(bad, 422);

    let r = post(&app, REMINDERS, "coordinator").await;
    assert_status!(r, 202);
    assert_eq!(r.json()["queued"], 1);
    let coordinator = app.token("coordinator").await;
    assert_eq!(
        recipients(&app.get(REMINDERS, Some(&coordinator)).await.json()),
        ["agency-admin@example.go.th"]
    );

    let admin = app.token("admin").await;
    let audit = app
        .get("/api/v1/audit?object_type=user", Some(&admin))
        .await;
    let entry = audit.json()["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["action"] == "user.notifications_change")
        .cloned()
        .unwrap_or_default();
    assert_eq!(entry["before"]["reminders"], true, "{}", audit.text);
    assert_eq!(entry["after"]["reminders"], false);
}

#[tokio::test]
async fn a_district_coordinators_reminder_covers_only_its_district() {
    let app = TestApp::new().await;
    with_windows(&app).await;
    neighbour_admin(&app).await;
    let r = post(&app, REMINDERS, "district-coordinator").await;
    assert_status!(r, 202);
    assert_eq!(r.json()["queued"], 2, "{}", r.text);
    let district = app.token("district-coordinator").await;
    let listed = recipients(&app.get(REMINDERS, Some(&district)).await.json());
    assert_eq!(
        listed,
        [
            "agency-admin@example.go.th",
            "agency-executive@example.go.th"
        ]
    );
    // Another district of the province: not its area.
    let other = app
        .call(
            Method::POST,
            &format!("{REMINDERS}?district=เมืองชัยภูมิ"),
            Some(&district),
            None,
        )
        .await;
    assert_status!(other, 404);

    // The province's coordinator (once the guard has passed) reaches both agencies.
    at(&app, "2025-03-01T10:11:00+07:00");
    let r = post(&app, REMINDERS, "coordinator").await;
    assert_status!(r, 202);
    assert_eq!(r.json()["queued"], 3, "{}", r.text);
    let coordinator = app.token("coordinator").await;
    let all = recipients(&app.get(REMINDERS, Some(&coordinator)).await.json());
    assert!(
        all.contains(&"neighbour-admin@example.go.th".to_string()),
        "{all:?}"
    );
    // The district coordinator still sees only its district's mail.
    let district = app.token("district-coordinator").await;
    let listed = recipients(&app.get(REMINDERS, Some(&district)).await.json());
    assert!(
        !listed.contains(&"neighbour-admin@example.go.th".to_string()),
        "{listed:?}"
    );
}

#[tokio::test]
async fn a_second_reminder_within_ten_minutes_is_409_with_the_next_time() {
    let app = TestApp::new().await;
    with_windows(&app).await;
    assert_status!(post(&app, REMINDERS, "coordinator").await, 202);
    let again = post(&app, REMINDERS, "coordinator").await;
    assert_status!(again, 409);
    let message = again.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("ส่งได้อีกครั้งหลัง") && message.contains("10:10"),
        "{message}"
    );
    // A district inside the province overlaps too; the admin's own click as well.
    assert_status!(post(&app, REMINDERS, "district-coordinator").await, 409);
    assert_status!(post(&app, REMINDERS, "admin").await, 409);
    let coordinator = app.token("coordinator").await;
    assert_eq!(
        app.get(REMINDERS, Some(&coordinator))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(2),
        "one round queued"
    );
    at(&app, "2025-03-01T10:10:01+07:00");
    assert_status!(post(&app, REMINDERS, "coordinator").await, 202);
}

#[tokio::test]
async fn another_province_is_404_and_agency_roles_are_403() {
    let app = TestApp::new().await;
    let krabi = krabi_coordinator(&app).await;
    for (method, path) in [
        (Method::POST, REMINDERS),
        (Method::GET, REMINDERS),
        (Method::GET, SCHEDULE),
    ] {
        let r = app.call(method.clone(), path, Some(&krabi), None).await;
        assert_status!(r, 404);
    }
    let r = app
        .call(
            Method::PUT,
            SCHEDULE,
            Some(&krabi),
            Some(json!({"weekday": 1, "hour": 9})),
        )
        .await;
    assert_status!(r, 404);
    for user in ["agency-admin", "agency-executive", "assessor"] {
        assert_status!(post(&app, REMINDERS, user).await, 403);
        let token = app.token(user).await;
        assert_status!(app.get(REMINDERS, Some(&token)).await, 403);
    }
    // A district coordinator reads the schedule but does not set it.
    let district = app.token("district-coordinator").await;
    assert_status!(app.get(SCHEDULE, Some(&district)).await, 200);
    let r = app
        .call(
            Method::PUT,
            SCHEDULE,
            Some(&district),
            Some(json!({"weekday": 1, "hour": 9})),
        )
        .await;
    assert_status!(r, 403);
}

#[tokio::test]
async fn the_schedule_sends_once_in_its_slot_and_the_coordinator_gets_the_summary() {
    let app = TestApp::new().await;
    with_windows(&app).await;
    let sink = SmtpSink::start().await.unwrap_or_else(|e| panic!("{e}"));
    let coordinator = app.token("coordinator").await;
    for bad in [
        json!({"weekday": 8, "hour": 9}),
        json!({"weekday": 1, "hour": 24}),
        json!({"weekday": 1}),
    ] {
        let r = app
            .call(Method::PUT, SCHEDULE, Some(&coordinator), Some(bad))
            .await;
        assert_status!(r, 422);
    }
    // Mondays 09:00 Bangkok; today is Saturday 1 March 2025, 10:00.
    let r = app
        .call(
            Method::PUT,
            SCHEDULE,
            Some(&coordinator),
            Some(json!({"weekday": 1, "hour": 9})),
        )
        .await;
    assert_status!(r, 200);
    assert_eq!(r.json()["next_at"], "2025-03-03T09:00:00+07:00");
    assert_eq!(
        app.get(SCHEDULE, Some(&coordinator)).await.json()["weekday"],
        1
    );

    // Two workers, both idle: nothing before the slot.
    let worker = |name: &str| {
        Worker::new(app.core().clone(), name)
            .with_nightly(false)
            .with_mailer(Some(mailer(&sink.url)))
    };
    worker("a").idle_duties().await;
    assert!(sink.messages().is_empty());

    at(&app, "2025-03-03T09:02:00+07:00");
    worker("a").idle_duties().await;
    worker("b").idle_duties().await;
    worker("a").idle_duties().await;
    let mail = sink.messages();
    let mut to: Vec<&str> = mail.iter().map(|m| m.to[0].as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        [
            "agency-admin@example.go.th",
            "agency-executive@example.go.th",
            "coordinator@example.go.th"
        ],
        "one batch for the slot"
    );
    let summary = mail
        .iter()
        .find(|m| m.to[0] == "coordinator@example.go.th")
        .map(|m| (m.subject.clone(), m.body.clone()))
        .unwrap_or_default();
    assert!(summary.0.contains("สรุปประจำสัปดาห์"), "{}", summary.0);
    assert!(
        summary.1.contains("ยังไม่กรอกจำนวนบุคลากร: 2 หน่วยงาน"),
        "{}",
        summary.1
    );
    assert!(
        summary
            .1
            .contains("องค์การบริหารส่วนตำบลบ้านเขว้า (6360201): 2 ฉบับ"),
        "{}",
        summary.1
    );
    assert!(
        summary.1.contains("เทศบาลตำบลโนนสำราญ (5360101)"),
        "unreachable listed: {}",
        summary.1
    );
    assert!(summary.1.contains("ตามกำหนดประจำสัปดาห์"), "{}", summary.1);
    let kinds: Vec<String> = app
        .get(REMINDERS, Some(&coordinator))
        .await
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["kind"].as_str().map(String::from))
        .collect();
    assert!(
        kinds.contains(&"reminder.scheduled_digest".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"reminder.weekly_summary".to_string()),
        "{kinds:?}"
    );

    // Later that day, nothing more; the next Monday, the next batch.
    at(&app, "2025-03-03T15:00:00+07:00");
    worker("b").idle_duties().await;
    assert_eq!(sink.messages().len(), 3);
    at(&app, "2025-03-10T09:00:00+07:00");
    worker("b").idle_duties().await;
    worker("a").idle_duties().await;
    assert_eq!(sink.messages().len(), 6);

    // Stopping it is audited with the slot before.
    let coordinator = app.token("coordinator").await;
    let r = app
        .call(Method::DELETE, SCHEDULE, Some(&coordinator), None)
        .await;
    assert_status!(r, 200);
    assert!(r.json()["weekday"].is_null());
    let admin = app.token("admin").await;
    let audit = app
        .get("/api/v1/audit?object_type=reminder_schedule", Some(&admin))
        .await;
    let entries = audit.json()["entries"].clone();
    assert_eq!(
        entries[0]["action"], "reminders.schedule_delete",
        "{}",
        audit.text
    );
    assert_eq!(entries[0]["before"]["weekday"], 1);
    assert!(entries[0]["after"].is_null());
    at(&app, "2025-03-17T09:00:00+07:00");
    worker("a").idle_duties().await;
    assert_eq!(sink.messages().len(), 6, "no schedule, no mail");
}
