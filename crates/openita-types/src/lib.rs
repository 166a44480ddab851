//! Shared vocabulary of OpenITA. Pure data: no database, no HTTP, no files.

mod agency_code;
mod agency_type;
mod ids;
mod lang;
mod link_outcome;
mod moment;
mod phase;
mod role;
pub mod thai_order;
pub mod thai_time;
pub mod typed_moment;
pub mod typed_number;
pub mod whole_number;

pub use agency_code::{AgencyCode, InvalidAgencyCode};
pub use agency_type::{AgencyType, UnknownAgencyType};
pub use ids::{ActivityId, AgencyId, DocumentId, JobId, UserId};
pub use lang::{Lang, Text};
pub use link_outcome::LinkOutcome;
pub use moment::{InvalidMoment, Moment};
pub use phase::{Phase, UnknownPhase};
pub use role::{Role, UnknownRole};
pub use thai_time::{FiscalYear, InvalidFiscalYear};
