//! The queries, one file per table. Each takes a connection (`&mut Conn`) so that a use case
//! can run several inside one transaction, or the pool for plain reads.

pub mod agencies;
pub mod agency_contacts;
pub mod assignments;
pub mod audit_log;
pub mod cycles;
pub mod dashboard_reads;
pub mod headcounts;
pub mod jobs;
pub mod login_failures;
pub mod notifications;
pub mod oit;
pub mod oit_prechecks;
pub mod province_documents;
pub mod province_plans;
pub mod province_targets;
pub mod publicity;
pub mod reminders;
pub mod result_versions;
pub mod results;
pub mod scoring_inputs;
pub mod sessions;
pub mod settings;
pub mod survey_integrity;
pub mod survey_writes;
pub mod surveys;
pub mod users;
