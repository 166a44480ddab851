//! Cycles: one fiscal year's assessment with the framework it is scored by and its calendar
//! of phase windows; and which assessor reviews which agency.

mod assignments;
mod calendar;
mod create;
mod framework;
mod view;
mod windows;

pub use assignments::{AgencySelection, AssignmentReport, assign_assessor};
pub use calendar::{PhaseWindowInput, get_calendar, parse_day_bound, set_calendar};
pub use create::{create_cycle, get_cycle, list_cycles, open_cycle};
pub(crate) use create::{cycle_not_found, load as load_cycle};
pub use framework::{FrameworkCache, FrameworkSource, cycle_framework, replace_framework};
pub(crate) use framework::{cached_framework, cached_framework_of};
pub use view::{CycleView, PhaseWindow};
pub use windows::{check_window, require_window};
