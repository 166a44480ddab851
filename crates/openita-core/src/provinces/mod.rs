//! A province's drive for a cycle: its ITA plan (with XLSX and PDF copies), its own deadlines
//! for its agencies, the documents it sends them, and where each agency publicised its survey
//! links, and its report forms (XLSX/PDF from live data). Who may see or change a province's part is decided in [`scope`] only.

mod deadlines;
mod documents;
mod forms;
mod plan;
mod plan_files;
mod publicity;
pub mod scope;

pub use deadlines::{
    Deadline, MAX_DEADLINES, deadlines_for_agency, list_deadlines, replace_deadlines,
};
pub use documents::{
    DocumentKind, DocumentView, MAX_DOCUMENT_BYTES, delete_document, document_file, list_documents,
    safe_filename, sniff, upload_document,
};
pub use forms::{
    FormArea, FormFormat, FormKind, form_area, form_file, parse_form_file, place_en, place_th,
};
pub use plan::{
    PlanActivity, PlanInput, PlanStatus, add_activity, delete_activity, get_activity, list_plan,
    update_activity,
};
pub use plan_files::{plan_pdf, plan_title, plan_xlsx};
pub use publicity::{
    Channel, ChannelInput, ChannelKind, MAX_CHANNELS, PublicityView, get_publicity, set_publicity,
};
pub use scope::ProvinceScope;
