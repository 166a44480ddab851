//! Shared vocabulary of OpenITA. Pure data: no database, no HTTP, no files.

mod agency_type;
mod lang;
mod link_outcome;
mod moment;
mod phase;
mod role;
pub mod thai_order;
pub mod thai_time;
pub mod typed_moment;
pub mod typed_number;

pub use agency_type::{AgencyType, UnknownAgencyType};
pub use lang::{Lang, Text};
pub use link_outcome::LinkOutcome;
pub use moment::{InvalidMoment, Moment};
pub use phase::{Phase, UnknownPhase};
pub use role::{Role, UnknownRole};
pub use thai_time::{FiscalYear, InvalidFiscalYear};

/// Database id of an agency.
pub type AgencyId = i64;
/// Database id of a user.
pub type UserId = i64;
/// Database id of a cycle.
pub type CycleId = i64;
