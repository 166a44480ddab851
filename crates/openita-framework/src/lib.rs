//! ITA frameworks as data: what is assessed in a fiscal year, and how it is weighed.
//!
//! A *framework* is one fiscal year's definition of the Integrity and Transparency Assessment:
//! the three instruments (IIT, EIT, OIT) and their weights, the ten indicators, the IIT/EIT
//! questions and the scales their answers are worth, the OIT items an agency must publish and
//! what an assessor checks in each, the level bands, the rating rules, and the minimum-sample
//! rules. This crate parses, validates and embeds them; it does no I/O at run time (except
//! [`Framework::from_dir`], for tools and tests), no database and no HTTP.
//!
//! # Why frameworks are data, not code
//!
//! NACC changes the assessment every year. For fiscal 2568 it changed the IIT/EIT answer
//! options, the number of questions and their wording; the OIT went from about 35 items (2567)
//! to 28; and an agency with 94.64 overall was rated a tier lower because its EIT was under 85.
//! None of that should need a release: a framework is a file the
//! NACC administrator can read, edit and upload, and each cycle stores the framework it was
//! scored with (its [`Framework::fingerprint`] as the version), so last year's results can be
//! recomputed exactly after this year's framework changes.
//!
//! # File layout
//!
//! ```text
//! frameworks/
//!   2568/                 fiscal year, Buddhist era
//!     framework.toml      name, year, pass mark, instrument weights, scales (values + labels,
//!                         marked unverified with the reason), levels, rating rules, sample rules
//!                         (placeholders), headcount date, notes
//!     iit.toml            [instrument], [[indicators]] 1-5, [[questions]] (each names its indicator)
//!     eit.toml            [instrument], [[indicators]] 6-8, [[questions]]
//!     oit.toml            [instrument] (item names marked unverified), [[indicators]] 9-10,
//!                         [[items]] O1... with the elements an assessor checks and notes per
//!                         agency type
//! ```
//!
//! A year ships only when its OIT list can be cited: 2567 (35 OIT items with other codes) does
//! not, as its list was not found in public material.
//!
//! The files are embedded at build time ([`shipped::load`]); [`Framework::from_dir`] reads a
//! folder directly. Scale values may be written as exact fractions (`"100/3"`) and are kept as
//! [`Fraction`]s. See the comments at the top of each file for what is official and what is
//! OpenITA's assumption.
//!
//! # JSON
//!
//! A [`Framework`] serializes to exactly the JSON of `GET /api/v1/cycles/{year}/framework`
//! (API.md, "Cycles, framework, calendar"), with extra fields (labels, OIT elements, sample
//! rules, notes). [`Framework::from_json_str`] reads that JSON back (an admin's upload) and
//! validates it; every refusal is a [`FrameworkError`] naming the exact place, in Thai and English.

mod error;
mod fraction;
mod framework;
mod model;
mod sample;
pub mod shipped;
mod toml_source;
mod validate;

pub use error::FrameworkError;
pub use fraction::{Fraction, FractionError};
pub use framework::{Framework, MAX_UPLOAD_BYTES};
pub use model::{
    EitSampleRule, EmptyIndicatorRule, FrameworkDefinition, HeadcountReference, IitSampleRule,
    Indicator, Instrument, InstrumentCode, LEVELS_HIDDEN_FROM_YEAR, Level, OitItem, PerInstrument,
    Question, RatingRule, SamplePolicy, SampleRules, Text, TotalRounding, YearRule,
};
