//! The public portal's distributions: by province (or a province's districts), by type, by
//! level, and each indicator's mean — computed from the same results as the list.

use crate::{
    assert_status,
    results::{answer_iit, compute, publish},
};
use openita_testing::TestApp;

/// The cells of the table that follows the heading `title`, row by row.
fn table_after(html: &str, title: &str) -> Vec<Vec<String>> {
    let Some(start) = html.find(&format!("{title}</h2>")) else {
        return Vec::new();
    };
    let rest = &html[start..];
    let body = rest
        .split_once("<tbody>")
        .and_then(|(_, b)| b.split_once("</tbody>"))
        .map(|(b, _)| b)
        .unwrap_or("");
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = cell.split_once('>').map(|(_, c)| c).unwrap_or("");
                    let text = inner.split("</td>").next().unwrap_or("");
                    // Drop nested tags (the <meter>), keep the text.
                    let mut out = String::new();
                    let mut in_tag = false;
                    for ch in text.chars() {
                        match ch {
                            '<' => in_tag = true,
                            '>' => in_tag = false,
                            c if !in_tag => out.push(c),
                            _ => {}
                        }
                    }
                    out.trim().to_string()
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_portal_shows_how_results_spread_over_provinces_districts_types_and_levels() {
    let app = TestApp::new().await;
    answer_iit(&app, 4, 4).await;
    let admin = app.token("admin").await;
    compute(&app, &admin).await;
    // Before publication the public sees nothing; the NACC admin sees it marked unpublished.
    assert_status!(app.get("/results/2568", None).await, 404);
    let draft = app.get("/results/2568", Some(&admin)).await;
    assert_status!(draft, 200);
    assert!(draft.text.contains("ยังไม่ประกาศผล"), "{}", draft.text);
    publish(&app, &admin, 2568).await;
    let national = app.get("/results/2568", None).await;
    assert_status!(national, 200);
    assert!(!national.text.contains("ยังไม่ประกาศผล"));
    let provinces = table_after(&national.text, "ผลรายจังหวัด");
    let names: Vec<(&str, &str)> = provinces
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    // Chaiyaphum (two agencies, one with IIT answers) ranks above Krabi (one, none).
    assert_eq!(names, [("ชัยภูมิ", "2"), ("กระบี่", "1")]);
    // 2568: NACC reports the tier, no AA-F band.
    assert!(!national.text.contains("จำนวนหน่วยงานในแต่ละระดับ"));
    let tiers = table_after(&national.text, "จำนวนหน่วยงานตามผลการประเมิน");
    let tier_names: Vec<&str> = tiers.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(tier_names, ["ผ่านดี", "ผ่าน", "ไม่ผ่าน"]);
    let counted: u64 = tiers.iter().filter_map(|r| r[1].parse::<u64>().ok()).sum();
    assert_eq!(counted, 3, "every agency has one tier");
    let types = table_after(&national.text, "ผลตามประเภทหน่วยงาน");
    assert_eq!(
        types.len(),
        2,
        "SAO and subdistrict municipality: {types:?}"
    );
    let indicators = table_after(&national.text, "คะแนนเฉลี่ยรายตัวชี้วัด");
    assert_eq!(indicators.len(), 10);
    // The agency with answers lifts indicator 1 above zero; the API summary agrees.
    let summary = app.get("/api/v1/cycles/2568/summary", None).await.json();
    let mean_1 = summary["indicators"]["1"].as_f64().unwrap_or(-1.0);
    assert!(mean_1 > 0.0);
    assert_eq!(indicators[0][2], format!("{mean_1:.2}"));

    let province = app.get("/results/2568?province=36", None).await;
    assert_status!(province, 200);
    let districts = table_after(&province.text, "ผลรายอำเภอ");
    let mut names: Vec<&str> = districts.iter().map(|r| r[1].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["บ้านเขว้า", "เมืองชัยภูมิ"]);
}

#[tokio::test]
async fn a_visitor_at_the_front_page_is_offered_the_published_results() {
    let app = TestApp::new().await;
    let front = app.get("/", None).await;
    assert_eq!(
        front.status.as_u16(),
        200,
        "no redirect to the sign-in form"
    );
    assert!(
        front.text.contains("ยังไม่มีผลการประเมินที่ประกาศ"),
        "{}",
        front.text
    );
    assert!(front.text.contains("href=\"/login\""));
    let admin = app.token("admin").await;
    crate::results::compute(&app, &admin).await;
    crate::results::publish(&app, &admin, 2568).await;
    for path in ["/", "/results"] {
        let r = app.get(path, None).await;
        assert_eq!(r.status.as_u16(), 200, "{path}");
        assert!(
            r.text.contains("href=\"/results/2568\""),
            "{path}: {}",
            r.text
        );
    }
    // A signed-in user still gets their own home page.
    let home = app.get("/", Some(&admin)).await;
    assert!(!home.text.contains("เจ้าหน้าที่ลงชื่อเข้าใช้"));
}

#[tokio::test]
async fn the_cycle_list_says_published_and_which_phases_hold_today() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let before = app.get("/cycles", Some(&admin)).await;
    // The fixture's registration and IIT windows hold on its date.
    assert!(before.text.contains("ขณะนี้อยู่ในช่วง"), "{}", before.text);
    assert!(!before.text.contains("ประกาศผลแล้ว"));
    crate::results::compute(&app, &admin).await;
    crate::results::publish(&app, &admin, 2568).await;
    let after = app.get("/cycles", Some(&admin)).await;
    assert!(
        after.text.contains("ประกาศผลแล้ว"),
        "a published cycle is not labelled open"
    );
}
