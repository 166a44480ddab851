//! A cycle as pages and the API show it.

use chrono::{DateTime, Utc};
use openita_db::queries::cycles::{CycleRow, PhaseRow};
use openita_types::{FiscalYear, Moment, Phase, thai_time::from_db_text};
use serde::Serialize;

/// One phase's window, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhaseWindow {
    pub phase: Phase,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl PhaseWindow {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at <= self.end
    }

    pub(crate) fn from_row(row: &PhaseRow) -> Option<PhaseWindow> {
        Some(PhaseWindow {
            phase: row.phase.parse().ok()?,
            start: from_db_text(&row.starts_at)?,
            end: from_db_text(&row.ends_at)?,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CycleView {
    pub year: FiscalYear,
    pub framework: String,
    pub framework_fingerprint: String,
    /// Opened cycles keep their framework: results must stay reproducible.
    pub opened: bool,
    pub opened_at: Option<Moment>,
    pub created_at: Moment,
    pub phases: Vec<PhaseWindow>,
    #[serde(skip)]
    pub id: i64,
}

impl CycleView {
    pub(crate) fn new(
        row: &CycleRow,
        phases: &[PhaseRow],
        now: DateTime<Utc>,
    ) -> Result<Self, crate::CoreError> {
        let mut phases: Vec<PhaseWindow> =
            phases.iter().filter_map(PhaseWindow::from_row).collect();
        phases.sort_by_key(|w| (w.phase, w.start));
        let started = phases.iter().any(|w| w.start <= now);
        Ok(CycleView {
            id: row.id,
            year: row.year,
            framework: row.framework_name.clone(),
            framework_fingerprint: row.framework_fingerprint.clone(),
            opened: row.opened_at.is_some() || started,
            opened_at: Moment::stored_opt(row.opened_at.as_deref())?,
            created_at: Moment::stored(&row.created_at)?,
            phases,
        })
    }

    pub fn window(&self, phase: Phase) -> Option<&PhaseWindow> {
        self.phases.iter().find(|w| w.phase == phase)
    }
}
