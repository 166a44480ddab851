//! The calendar form on a cycle's page: what each phase's start and end show, and which
//! phases a posted form changes.
//!
//! The form shows every phase to the minute (Thai readers get `16/06/2568 17:00`, B.E. day
//! first; English readers `2025-06-16 17:00`), and posts every phase back. A stored moment can
//! be finer than a minute (a day's end is 23:59:59; the API takes any second), so a bound whose
//! text is still what the form showed keeps its stored moment exactly, and a phase nobody
//! touched is not sent at all: saving one phase never moves another.

use super::FormError;
use openita_core::cycles::{CycleView, PhaseWindowInput};
use openita_types::{
    Lang, Phase,
    thai_time::{english_datetime_short, thai_datetime_short, to_db_text},
    typed_moment::{iso_input_text, thai_input_text},
};
use std::collections::BTreeMap;

/// The form as posted: field name (`iit_start`, `iit_end`, ...) to text.
pub type PostedCalendar = BTreeMap<String, String>;

type Moment = chrono::DateTime<chrono::Utc>;

pub struct PhaseLine {
    pub code: &'static str,
    pub name: String,
    /// The stored window as the reader reads it ("16 มิ.ย. 2568 17:00 น.").
    pub start: String,
    pub end: String,
    /// What the inputs hold: the stored window, or what was typed when the form failed.
    pub start_input: String,
    pub end_input: String,
    pub start_error: Option<String>,
    pub end_error: Option<String>,
    pub open_now: bool,
}

fn field(phase: Phase, bound: &str) -> String {
    format!("{}_{bound}", phase.code())
}

fn show_time(lang: Lang, at: Moment) -> String {
    match lang {
        Lang::Th => thai_datetime_short(at),
        Lang::En => english_datetime_short(at),
    }
}

/// A stored moment as its input shows it.
fn input_text(lang: Lang, at: Moment) -> String {
    match lang {
        Lang::Th => thai_input_text(at),
        Lang::En => iso_input_text(at),
    }
}

/// Core errors name a bound `iit.start`; the page's input for it is `iit_start`.
pub fn page_errors(mut errors: Vec<FormError>) -> Vec<FormError> {
    for e in &mut errors {
        e.field = e.field.replace('.', "_");
    }
    errors
}

/// One line per phase, in the order a cycle runs. With `typed`, the inputs hold what the
/// person typed (the form failed and comes back); otherwise the stored window.
pub fn phase_lines(
    cycle: &CycleView,
    lang: Lang,
    now: Moment,
    typed: Option<&PostedCalendar>,
    errors: &[FormError],
) -> Vec<PhaseLine> {
    let error_for = |name: &str| {
        errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    };
    Phase::ALL
        .iter()
        .map(|&phase| {
            let w = cycle.window(phase);
            let (start_field, end_field) = (field(phase, "start"), field(phase, "end"));
            let input = |name: &str, stored: Option<Moment>| match typed {
                Some(posted) => posted.get(name).cloned().unwrap_or_default(),
                None => stored.map(|at| input_text(lang, at)).unwrap_or_default(),
            };
            PhaseLine {
                code: phase.code(),
                name: lang.pick(phase.name_th(), phase.name_en()).to_string(),
                start: w.map(|w| show_time(lang, w.start)).unwrap_or_default(),
                end: w.map(|w| show_time(lang, w.end)).unwrap_or_default(),
                start_input: input(&start_field, w.map(|w| w.start)),
                end_input: input(&end_field, w.map(|w| w.end)),
                start_error: error_for(&start_field),
                end_error: error_for(&end_field),
                open_now: w.is_some_and(|w| w.contains(now)),
            }
        })
        .collect()
}

/// What to send the core for one bound: the stored moment to the microsecond when the text is
/// what the form showed for it (in either language, should the reader have switched), else the
/// text as typed.
fn bound_input(typed: &str, stored: Option<Moment>) -> (String, bool) {
    let typed = typed.trim();
    match stored {
        Some(at) if typed == thai_input_text(at) || typed == iso_input_text(at) => {
            (to_db_text(at), true)
        }
        _ => (typed.to_string(), false),
    }
}

/// The phases a posted form changes, as the core's input. A phase whose two bounds still show
/// the stored window, or whose two inputs are empty, is left out and so left as it is.
pub fn changed_phases(
    cycle: &CycleView,
    posted: &PostedCalendar,
) -> BTreeMap<String, PhaseWindowInput> {
    let mut changed = BTreeMap::new();
    for phase in Phase::ALL {
        let w = cycle.window(phase);
        let text = |bound: &str| {
            posted
                .get(&field(phase, bound))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        let (start, end) = (text("start"), text("end"));
        if start.is_empty() && end.is_empty() {
            continue;
        }
        let (start, start_kept) = bound_input(start, w.map(|w| w.start));
        let (end, end_kept) = bound_input(end, w.map(|w| w.end));
        if start_kept && end_kept {
            continue;
        }
        changed.insert(phase.code().to_string(), PhaseWindowInput { start, end });
    }
    changed
}
