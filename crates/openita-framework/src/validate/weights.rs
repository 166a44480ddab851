//! The instrument weights: each positive, together exactly 100.

use super::values::check_weight;
use super::{Check, err};
use crate::Fraction;
use crate::model::{FrameworkDefinition, InstrumentCode};

impl FrameworkDefinition {
    pub(super) fn check_weights(&self) -> Check {
        let mut sum = Fraction::ZERO;
        for code in InstrumentCode::ALL {
            let w = *self.weights.get(code);
            check_weight(format!("weights.{code}"), w, code.as_str())?;
            sum = sum
                .checked_add(w)
                .unwrap_or(Fraction::from_integer(i64::MAX));
        }
        if sum != Fraction::HUNDRED {
            let w = &self.weights;
            return err(
                "weights",
                format!(
                    "instrument weights IIT {} + EIT {} + OIT {} = {sum}; they must sum to 100",
                    w.iit, w.eit, w.oit
                ),
                format!(
                    "น้ำหนักของแบบวัด IIT {} + EIT {} + OIT {} = {sum} ต้องรวมกันได้ 100",
                    w.iit, w.eit, w.oit
                ),
            );
        }
        Ok(())
    }
}
