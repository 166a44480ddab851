//! The rules a framework must satisfy before it may score anything.
//!
//! Checked in document order; the first broken rule is reported with the path of the offending
//! value (the second of two duplicates) and a message in English and Thai.
//!
//! [`FrameworkDefinition::validate`] runs the rule groups in that order; each group has its own
//! file:
//!
//! * `header`: name, fiscal year, titles, pass mark;
//! * `weights`: the instrument weights and their sum of 100;
//! * `scales`: answer scales and their labels;
//! * `instruments`: IIT, EIT, OIT in order and their indicators;
//! * `questions`: IIT/EIT questions;
//! * `oit_items`: OIT items, their elements and allowed scores;
//! * `levels`: the level bands;
//! * `rating_rules`: the rating rules and their catch-all;
//! * `sample_rules`: the minimum-sample rules and the headcount reference date;
//! * `values`: checks of single values shared by every group (identifiers, texts, percentages,
//!   weights).
//!
//! Every refusal is built by [`err`]: the path of the value (e.g. `instruments[2].weight`) and
//! the message in English and Thai; [`FrameworkError`] adds the file and line when the
//! framework was read from files.

mod header;
mod instruments;
mod levels;
mod oit_items;
mod questions;
mod rating_rules;
mod sample_rules;
mod scales;
mod values;
mod weights;

use crate::error::FrameworkError;
use crate::model::FrameworkDefinition;

type Check = Result<(), FrameworkError>;

fn err(location: impl Into<String>, en: impl Into<String>, th: impl Into<String>) -> Check {
    Err(FrameworkError::new(location, en, th))
}

impl FrameworkDefinition {
    /// Checks every rule; the first broken one is returned with its exact location.
    ///
    /// Rules: name and year; pass mark within 0-100; instrument weights positive and summing to
    /// 100; scales with 2+ values within 0-100, non-decreasing, with as many labels as values,
    /// and marked unverified only by name of an existing scale, with a reason; instruments
    /// exactly IIT, EIT, OIT in order, each weight equal to its `weights` entry, only OIT
    /// marking its item names unverified (with a reason);
    /// indicator numbers unique; each IIT/EIT indicator has questions and no items, each OIT
    /// indicator items and no questions; question ids and item codes unique and well formed;
    /// question scales exist; all weights positive; OIT items with elements and allowed scores
    /// strictly ascending within 0-100; levels with unique names, mins strictly descending
    /// within 0-100, the last at 0; rating rules non-empty, tiers unique, thresholds within
    /// 0-100, only the last one a catch-all (min_total 0, no min_each_instrument) and it must be;
    /// sample rules sane (percent within 0-100, floor <= cap, minimums >= 1); headcount
    /// reference a real month and day.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        self.check_header()?;
        self.check_weights()?;
        self.check_scales()?;
        self.check_instruments()?;
        self.check_levels()?;
        self.check_rating_rules()?;
        self.check_sample_rules()?;
        self.check_headcount_reference()
    }
}
