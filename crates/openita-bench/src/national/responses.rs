//! 1.35 million survey responses, stored as the survey writer stores them (`openita-db`
//! `surveys::use_nonce` + `survey_writes::insert_responses`): a `survey_responses` row (random
//! 128-bit hex key, the answers as the JSON object of levels that `submit_response` builds,
//! the day), a `used_nonces` row (a SHA-256-sized hex hash and its last day), and the running
//! sums `survey_counts` (with the integrity counts: repeated answer sets, all-best responses,
//! and the answers per question and level packed in `levels`) and `survey_answer_sets`.
//!
//! Speed without changing what is stored: the random keys are drawn first and sorted, and the
//! responses are written in key order (each response is assigned to an agency through a
//! shuffled list), so the `WITHOUT ROWID` tables are appended to instead of split at random
//! pages; the secondary index is dropped during the load and recreated (the migration's
//! statement) afterwards; tallies are summed in memory and written once, packed per agency.

use super::{
    base::{Base, survey_window},
    bulk::{Bulk, Val, exec, exec_schema},
    plan::Planned,
};
use anyhow::{Result, ensure};
use indicatif::ProgressBar;
use openita_framework::{Framework, InstrumentCode};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};
use serde_json::{Map, Value};
use std::time::{Duration, Instant};

/// The secondary index of `survey_responses` as the migrations leave it on each engine (on
/// PostgreSQL it also orders by key, for the writer's mixing of rows).
fn response_index(backend: openita_db::Backend) -> (&'static str, &'static str) {
    match backend {
        openita_db::Backend::Sqlite => (
            "survey_responses_by_agency",
            "CREATE INDEX survey_responses_by_agency ON survey_responses (cycle_id, agency_id, instrument)",
        ),
        openita_db::Backend::Postgres => (
            "survey_responses_by_agency_key",
            "CREATE INDEX survey_responses_by_agency_key ON survey_responses (cycle_id, agency_id, instrument, id)",
        ),
    }
}
/// Chance that an optional question is left blank.
const BLANK: f64 = 0.15;
/// Answer levels handled (the 2568 scales have 4 and 2).
const MAX_LEVELS: usize = 4;

struct Question {
    id: String,
    levels: usize,
    /// The level that scores 100 (the top one, or level 1 for a reversed question).
    best: usize,
    optional: bool,
}

fn questions(fw: &Framework, code: InstrumentCode) -> Vec<Question> {
    fw.questions(code)
        .map(|(_, q)| {
            let levels = fw.scale(&q.scale).map_or(0, <[_]>::len);
            Question {
                id: q.id.clone(),
                levels,
                best: if q.reverse { 1 } else { levels },
                optional: q.optional,
            }
        })
        .collect()
}

/// A level for a respondent of an agency of the given quality: the best with chance `p`,
/// otherwise a worse one, nearer levels likelier (60/30/10).
fn draw(rng: &mut StdRng, q: &Question, quality: f64) -> usize {
    let p = if q.levels == 2 {
        0.3 + 0.7 * quality
    } else {
        quality
    };
    if rng.gen_bool(p.clamp(0.0, 1.0)) || q.levels < 2 {
        return q.best;
    }
    let weights = [0.6, 0.3, 0.1];
    let others = (q.levels - 1).min(weights.len());
    let total: f64 = weights.iter().take(others).sum();
    let mut u = rng.r#gen::<f64>() * total;
    let mut distance = others;
    for (d, w) in weights.iter().take(others).enumerate() {
        if u < *w {
            distance = d + 1;
            break;
        }
        u -= w;
    }
    if q.best == 1 {
        1 + distance
    } else {
        q.best - distance
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// What was written, to print and check.
pub struct Loaded {
    pub responses: u64,
    pub tallies: u64,
    /// How long each part took.
    pub steps: Vec<(&'static str, Duration)>,
}

pub async fn load(
    db: &openita_db::Db,
    fw: &Framework,
    plan: &[Planned],
    base: &Base,
    seed: u64,
    bar: &ProgressBar,
) -> Result<Loaded> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x22);
    let mut steps = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str| {
        steps.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let instruments = [
        ("IIT", questions(fw, InstrumentCode::Iit)),
        ("EIT", questions(fw, InstrumentCode::Eit)),
    ];
    let max_q = instruments.iter().map(|i| i.1.len()).max().unwrap_or(0);
    ensure!(
        instruments
            .iter()
            .all(|i| i.1.iter().all(|q| q.levels <= MAX_LEVELS)),
        "a scale has more than {MAX_LEVELS} levels"
    );

    // Slot k of the shuffled list: agency << 1 | instrument (0 = IIT) of the k-th smallest key.
    let mut slots: Vec<u32> = Vec::new();
    for (a, p) in plan.iter().enumerate() {
        let a = u32::try_from(a)? << 1;
        slots.extend(std::iter::repeat_n(a, p.iit as usize));
        slots.extend(std::iter::repeat_n(a | 1, p.eit as usize));
    }
    slots.shuffle(&mut rng);
    let mut keys: Vec<u128> = (0..slots.len()).map(|_| rng.r#gen()).collect();
    keys.sort_unstable();
    ensure!(
        keys.windows(2).all(|w| w[0] != w[1]),
        "two random keys collided; change --seed"
    );

    let (first_day, last_day) = survey_window();
    let window_days = (last_day - first_day).num_days();
    let mut days: Vec<u16> = Vec::with_capacity(slots.len());
    let mut tallies = vec![0u32; plan.len() * 2 * max_q * MAX_LEVELS];
    bar.set_message("survey_responses (bulk SQL, key order)");
    bar.set_length(slots.len() as u64);
    bar.set_position(0);
    let (index, create_index) = response_index(db.backend());
    exec(db, &format!("DROP INDEX {index}")).await?;
    // Integrity counts, as the writer keeps them: all-best responses per agency and
    // instrument, and how many responses gave each answer set.
    let mut all_best = vec![0i64; plan.len() * 2];
    let mut sets: std::collections::HashMap<(usize, usize, String), i64> =
        std::collections::HashMap::new();
    let mut rows = Bulk::new(
        db,
        "survey_responses",
        &[
            "id",
            "cycle_id",
            "agency_id",
            "instrument",
            "answers",
            "received_on",
        ],
    );
    for (i, (slot, key)) in slots.iter().zip(&keys).enumerate() {
        let (agency, inst) = ((*slot >> 1) as usize, (*slot & 1) as usize);
        let (Some(p), Some(id), Some((code, qs))) = (
            plan.get(agency),
            base.agency_ids.get(agency),
            instruments.get(inst),
        ) else {
            anyhow::bail!("slot out of range");
        };
        // Service users (EIT) are a little kinder than staff.
        let quality = if inst == 1 {
            (p.quality + 0.03).min(1.0)
        } else {
            p.quality
        };
        let mut answers = Map::new();
        let mut every_best = true;
        for (qi, q) in qs.iter().enumerate() {
            if q.optional && rng.gen_bool(BLANK) {
                continue;
            }
            let level = draw(&mut rng, q, quality);
            every_best &= level == q.best;
            if let Some(t) =
                tallies.get_mut(((agency * 2 + inst) * max_q + qi) * MAX_LEVELS + level - 1)
            {
                *t += 1;
            }
            answers.insert(q.id.clone(), Value::from(level as i64));
        }
        let day = rng.gen_range(0..=window_days);
        days.push(u16::try_from(day)?);
        let received_on = first_day + chrono::Duration::days(day);
        let best = every_best && !answers.is_empty();
        if best && let Some(n) = all_best.get_mut(agency * 2 + inst) {
            *n += 1;
        }
        let answers = Value::Object(answers).to_string();
        // All-best responses are counted apart, not as answer sets (as the writer does).
        if !best {
            *sets
                .entry((
                    agency,
                    inst,
                    openita_core::survey_integrity::set_hash(&answers),
                ))
                .or_default() += 1;
        }
        rows.push(vec![
            format!("{key:032x}").into(),
            base.cycle_id.into(),
            (*id).into(),
            (*code).into(),
            answers.into(),
            received_on.to_string().into(),
        ])
        .await?;
        if i % 4096 == 0 {
            bar.set_position(i as u64);
        }
    }
    let responses = rows.finish().await?;
    lap("survey_responses");
    bar.set_position(responses);
    bar.set_message(format!("recreating the index {index}"));
    exec_schema(db, create_index).await?;
    lap("its index");

    // Nonces: hashes are unrelated to responses ("nothing to join on"); each takes the day of
    // the response of the same rank (a random pairing) plus one, the nonce's last valid day.
    bar.set_message("used_nonces (bulk SQL, key order)");
    bar.set_position(0);
    let mut hashes: Vec<[u8; 32]> = (0..days.len()).map(|_| rng.r#gen()).collect();
    hashes.sort_unstable();
    let mut nonces = Bulk::new(db, "used_nonces", &["nonce_hash", "expires_on"]);
    for (i, (h, day)) in hashes.iter().zip(&days).enumerate() {
        let expires = first_day + chrono::Duration::days(i64::from(*day) + 1);
        nonces
            .push(vec![Val::S(hex(h)), expires.to_string().into()])
            .await?;
        if i % 4096 == 0 {
            bar.set_position(i as u64);
        }
    }
    nonces.finish().await?;
    lap("used_nonces");

    bar.set_message("survey_counts (running sums, tallies packed per agency)");
    let mut tallied: u64 = 0;
    let mut counts: Vec<(i64, &str, i64, i64, i64, String)> = Vec::new();
    let mut repeated = vec![0i64; plan.len() * 2];
    let mut set_rows: Vec<(i64, &str, String, i64)> = Vec::with_capacity(sets.len());
    for ((agency, inst, hash), n) in sets {
        if n >= 2
            && let Some(r) = repeated.get_mut(agency * 2 + inst)
        {
            *r += n;
        }
        if let (Some(id), Some((code, _))) = (base.agency_ids.get(agency), instruments.get(inst)) {
            set_rows.push((*id, *code, hash, n));
        }
    }
    set_rows.sort_unstable();
    for (a, (p, id)) in plan.iter().zip(&base.agency_ids).enumerate() {
        for (inst, (code, qs)) in instruments.iter().enumerate() {
            let n = if inst == 0 { p.iit } else { p.eit };
            // Packed as the writer keeps them: `question:level:answers` joined by `,`.
            let mut levels: Vec<(&str, usize, u32)> = Vec::new();
            for (qi, q) in qs.iter().enumerate() {
                for level in 1..=q.levels {
                    let t = tallies
                        .get(((a * 2 + inst) * max_q + qi) * MAX_LEVELS + level - 1)
                        .copied()
                        .unwrap_or(0);
                    if t > 0 {
                        levels.push((q.id.as_str(), level, t));
                    }
                }
            }
            levels.sort_unstable();
            tallied += levels.len() as u64;
            let levels: Vec<String> = levels
                .iter()
                .map(|(q, level, t)| format!("{q}:{level}:{t}"))
                .collect();
            if n > 0 {
                let at = a * 2 + inst;
                counts.push((
                    *id,
                    *code,
                    i64::from(n),
                    repeated.get(at).copied().unwrap_or(0),
                    all_best.get(at).copied().unwrap_or(0),
                    levels.join(","),
                ));
            }
        }
    }
    counts.sort_unstable();
    let tallies = tallied;
    let mut count_rows = Bulk::new(
        db,
        "survey_counts",
        &[
            "cycle_id",
            "agency_id",
            "instrument",
            "responses",
            "repeated",
            "all_best",
            "levels",
        ],
    );
    for (id, code, n, repeated, all_best, levels) in counts {
        count_rows
            .push(vec![
                base.cycle_id.into(),
                id.into(),
                code.into(),
                n.into(),
                repeated.into(),
                all_best.into(),
                Val::S(levels),
            ])
            .await?;
    }
    count_rows.finish().await?;
    let mut answer_sets = Bulk::new(
        db,
        "survey_answer_sets",
        &[
            "cycle_id",
            "agency_id",
            "instrument",
            "set_hash",
            "responses",
        ],
    );
    for (id, code, hash, n) in set_rows {
        answer_sets
            .push(vec![
                base.cycle_id.into(),
                id.into(),
                code.into(),
                Val::S(hash),
                n.into(),
            ])
            .await?;
    }
    answer_sets.finish().await?;
    lap("tallies and counts");
    Ok(Loaded {
        responses,
        tallies,
        steps,
    })
}
