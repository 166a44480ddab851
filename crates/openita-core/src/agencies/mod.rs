//! Agencies: registering, editing and listing the assessed units, and importing them in bulk
//! from CSV or XLSX.

mod contact;
mod fields;
mod import;
mod list;
mod place_filter;
mod register;
mod view;

pub use contact::{ContactInput, ContactView, agency_contact, set_agency_contact};
pub(crate) use fields::is_web_address;
pub use fields::{AgencyInput, WebAddressOrBlank};
pub use import::{
    ImportFormat, ImportReport, ImportRowError, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS,
    import_agencies, read_import_file, read_import_rows,
};
pub use list::{AgencyQuery, list_agencies};
pub(crate) use place_filter::{given, place_filter};
pub(crate) use register::agency_not_found as not_found;
pub(crate) use register::visible_agency_row;
pub use register::{create_agency, find_visible_agency, update_agency};
pub use view::AgencyView;
