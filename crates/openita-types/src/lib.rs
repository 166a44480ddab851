//! Shared vocabulary of OpenITA. Pure data: no database, no HTTP, no files.

mod agency_type;

pub use agency_type::{AgencyType, UnknownAgencyType};
