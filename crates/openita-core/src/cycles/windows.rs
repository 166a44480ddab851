//! Is an action inside its phase's window? Every time-bound use case asks here, and a refusal
//! names the window so that the person knows when to come back.

use super::CycleView;
use crate::{Core, CoreError};
use chrono::{DateTime, Utc};
use openita_types::FiscalYear;
use openita_types::{
    Phase, Text,
    thai_time::{english_datetime_short, thai_datetime_short},
};

pub fn check_window(cycle: &CycleView, phase: Phase, now: DateTime<Utc>) -> Result<(), CoreError> {
    match cycle.window(phase) {
        Some(w) if w.contains(now) => Ok(()),
        Some(w) => {
            let when_th = if now < w.start {
                "ยังไม่เปิด"
            } else {
                "ปิดแล้ว"
            };
            let when_en = if now < w.start {
                "has not opened yet"
            } else {
                "has closed"
            };
            Err(CoreError::OutsideWindow {
                phase,
                message: Text::new(
                    format!(
                        "ช่วง{} ของปีงบประมาณ {} {when_th}: กำหนดไว้ {} ถึง {}",
                        phase.name_th(),
                        cycle.year,
                        thai_datetime_short(w.start),
                        thai_datetime_short(w.end)
                    ),
                    format!(
                        "The {} window of fiscal year {} {when_en}: it runs from {} to {} (Bangkok time).",
                        phase.name_en(),
                        cycle.year,
                        english_datetime_short(w.start),
                        english_datetime_short(w.end)
                    ),
                ),
            })
        }
        None => Err(CoreError::OutsideWindow {
            phase,
            message: Text::new(
                format!(
                    "ยังไม่ได้กำหนดช่วง{} ของปีงบประมาณ {}",
                    phase.name_th(),
                    cycle.year
                ),
                format!(
                    "The {} window of fiscal year {} has not been set.",
                    phase.name_en(),
                    cycle.year
                ),
            ),
        }),
    }
}

/// Loads the cycle and checks the window at the core's clock.
pub async fn require_window(
    core: &Core,
    year: FiscalYear,
    phase: Phase,
) -> Result<CycleView, CoreError> {
    let cycle = super::get_cycle(core, year).await?;
    check_window(&cycle, phase, core.now())?;
    Ok(cycle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cycles::PhaseWindow;
    use openita_types::thai_time::from_db_text;

    fn cycle_with_iit() -> CycleView {
        CycleView {
            year: FiscalYear::of(2568),
            framework: "ita-2568".into(),
            framework_fingerprint: String::new(),
            opened: true,
            opened_at: None,
            created_at: openita_types::Moment::new(chrono::DateTime::UNIX_EPOCH),
            phases: vec![PhaseWindow {
                phase: Phase::Iit,
                start: from_db_text("2025-01-31T17:00:00Z").unwrap_or_default(),
                end: from_db_text("2025-05-31T16:59:59Z").unwrap_or_default(),
            }],
            id: 1,
        }
    }

    #[test]
    fn inside_the_window_is_allowed_and_its_edges_count() {
        let c = cycle_with_iit();
        for t in [
            "2025-01-31T17:00:00Z",
            "2025-03-01T00:00:00Z",
            "2025-05-31T16:59:59Z",
        ] {
            assert!(
                check_window(&c, Phase::Iit, from_db_text(t).unwrap_or_default()).is_ok(),
                "{t}"
            );
        }
    }

    #[test]
    fn outside_the_window_the_refusal_names_the_window_in_thai() {
        let c = cycle_with_iit();
        let late = from_db_text("2025-06-01T00:00:00Z").unwrap_or_default();
        let err = check_window(&c, Phase::Iit, late).err();
        let text = err.map(|e| e.text()).unwrap_or_else(|| Text::new("", ""));
        assert!(text.th.contains("ปิดแล้ว"), "{}", text.th);
        assert!(text.th.contains("1 ก.พ. 2568 00:00 น."), "{}", text.th);
        assert!(text.th.contains("31 พ.ค. 2568 23:59 น."), "{}", text.th);
        assert!(text.en.contains("has closed"), "{}", text.en);
    }

    #[test]
    fn a_phase_without_a_window_is_refused() {
        let c = cycle_with_iit();
        let now = from_db_text("2025-03-01T00:00:00Z").unwrap_or_default();
        assert!(matches!(
            check_window(&c, Phase::Eit, now),
            Err(CoreError::OutsideWindow {
                phase: Phase::Eit,
                ..
            })
        ));
    }
}
