//! Every agency's OIT at the end of the confirmation window, in the rows the OIT use cases
//! leave (`oit_review::save_answer`/`approve`/`set_provisional`/`clarify`/`confirm_all`):
//! an answer per item (published, URLs), a review per item with a provisional and a final
//! score (some items objected to and raised after clarification), and the state `final`.
//! Written with bulk SQL: 233,000 use case calls (each with its audit entry) would take far
//! longer than everything else; the audit entries are the one thing left out.

use super::{
    base::Base,
    bulk::{Bulk, Val},
    plan::Planned,
};
use anyhow::{Context, Result};
use indicatif::ProgressBar;
use openita_framework::Framework;
use rand::{Rng, SeedableRng, rngs::StdRng};

#[derive(Clone, Copy)]
struct Item {
    full: bool,
    /// Provisional 0, objected to, final full marks.
    raised: bool,
    published: bool,
}

pub async fn load(
    db: &openita_db::Db,
    fw: &Framework,
    plan: &[Planned],
    base: &Base,
    seed: u64,
    bar: &ProgressBar,
) -> Result<u64> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x33);
    let items: Vec<(String, String, String)> = fw
        .oit_items()
        .map(|i| {
            let lo = i.allowed_scores.first().map(ToString::to_string);
            let hi = i.allowed_scores.last().map(ToString::to_string);
            Ok((
                i.code.clone(),
                lo.context("no allowed score")?,
                hi.context("no allowed score")?,
            ))
        })
        .collect::<Result<_>>()?;
    let decided: Vec<Vec<Item>> = plan
        .iter()
        .map(|p| {
            items
                .iter()
                .map(|_| {
                    let full = rng.gen_bool(p.oit_pass);
                    let raised = full && rng.gen_bool(0.04);
                    Item {
                        full,
                        raised,
                        published: full || rng.gen_bool(0.5),
                    }
                })
                .collect()
        })
        .collect();
    let cycle = base.cycle_id;
    bar.set_message("OIT answers, reviews and final scores (bulk SQL)");
    bar.set_length((plan.len() * 3) as u64);
    bar.set_position(0);

    let mut answers = Bulk::new(
        db,
        "oit_answers",
        &[
            "cycle_id",
            "agency_id",
            "item_code",
            "published",
            "urls",
            "note",
            "updated_by",
            "updated_at",
        ],
    );
    for (p, (id, its)) in plan.iter().zip(base.agency_ids.iter().zip(&decided)) {
        let code = &p.input.code;
        for ((item, _, _), it) in items.iter().zip(its) {
            let urls = if it.published {
                format!(
                    "[\"https://{}.example.go.th/ita/2568/{}\"]",
                    code.to_lowercase(),
                    item.to_lowercase()
                )
            } else {
                "[]".to_string()
            };
            answers
                .push(vec![
                    cycle.into(),
                    (*id).into(),
                    item.as_str().into(),
                    i64::from(it.published).into(),
                    Val::S(urls),
                    "".into(),
                    format!("{code}.admin").into(),
                    "2025-04-20T03:00:00.000000Z".into(),
                ])
                .await?;
        }
        bar.inc(1);
    }
    answers.finish().await?;

    let mut reviews = Bulk::new(
        db,
        "oit_reviews",
        &[
            "cycle_id",
            "agency_id",
            "item_code",
            "provisional_score",
            "provisional_reason",
            "provisional_by",
            "provisional_at",
            "clarification",
            "clarification_by",
            "clarification_at",
            "final_score",
            "final_reason",
            "final_by",
            "final_at",
        ],
    );
    for (p, ((id, its), assessor)) in plan
        .iter()
        .zip(base.agency_ids.iter().zip(&decided).zip(&base.assessor_of))
    {
        let code = &p.input.code;
        for ((item, lo, hi), it) in items.iter().zip(its) {
            let provisional = if it.full && !it.raised { hi } else { lo };
            let reason = if it.full {
                "เผยแพร่ครบถ้วนตามองค์ประกอบ"
            } else {
                "ข้อมูลไม่ครบตามองค์ประกอบ"
            };
            let (clar, clar_by, clar_at) = if it.raised {
                (
                    Some("ข้อมูลอยู่ในลิงก์ที่ส่งไว้แล้ว หน้า 2".to_string()),
                    Some(format!("{code}.admin")),
                    Some("2025-06-10T03:00:00.000000Z".to_string()),
                )
            } else {
                (None, None, None)
            };
            let final_reason = if it.raised {
                "แก้ไขตามคำชี้แจง / raised after clarification"
            } else {
                "ยืนยันคะแนนเบื้องต้น / provisional score confirmed"
            };
            reviews
                .push(vec![
                    cycle.into(),
                    (*id).into(),
                    item.as_str().into(),
                    provisional.as_str().into(),
                    reason.into(),
                    assessor.as_str().into(),
                    "2025-05-20T03:00:00.000000Z".into(),
                    clar.into(),
                    clar_by.into(),
                    clar_at.into(),
                    (if it.full { hi } else { lo }).as_str().into(),
                    final_reason.into(),
                    assessor.as_str().into(),
                    "2025-06-25T03:00:00.000000Z".into(),
                ])
                .await?;
        }
        bar.inc(1);
    }
    reviews.finish().await?;

    let mut states = Bulk::new(
        db,
        "oit_submissions",
        &[
            "cycle_id",
            "agency_id",
            "state",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
        ],
    );
    for (p, id) in plan.iter().zip(&base.agency_ids) {
        let code = &p.input.code;
        states
            .push(vec![
                cycle.into(),
                (*id).into(),
                "final".into(),
                format!("{code}.admin").into(),
                "2025-04-25T03:00:00.000000Z".into(),
                format!("{code}.executive").into(),
                "2025-04-28T03:00:00.000000Z".into(),
            ])
            .await?;
        bar.inc(1);
    }
    states.finish().await?;
    Ok((plan.len() * items.len()) as u64)
}
