//! The public survey form at `/s/{token}`: Thai by default (`?lang=en` for English), no
//! JavaScript, under 50 KB. Server-side validation re-renders the form with the answers kept
//! and the missing ones marked. The one cookie is set after answering (`device_cookie`).

mod device_cookie;
mod form_page;

pub use form_page::{show, submit, thanks};
