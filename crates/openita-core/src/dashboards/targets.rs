//! A province's targets for the year (share of agencies passing, mean total), set by its
//! coordinators (the seeds: "every agency reaches 85", "the mean stays at 89 or more"), with
//! the prediction against them before results and the outcome after.

use super::area::{AreaSummary, Outcome, watched_area};
use crate::{Actor, Core, CoreError, FieldError, audit, cycles};
use openita_db::{DbError, queries::province_targets};
use openita_scoring::Decimal2;
use openita_types::{FiscalYear, Moment, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"pass_rate": 95, "mean": 92.5}))]
pub struct TargetInput {
    /// Percent of agencies passing (0-100, at most 2 decimals), null for none.
    #[schema(minimum = 0, maximum = 100, multiple_of = 0.01)]
    pub pass_rate: Option<f64>,
    /// Mean total (0-100, at most 2 decimals), null for none.
    #[schema(minimum = 0, maximum = 100, multiple_of = 0.01)]
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AreaTargets {
    #[schema(value_type = Option<f64>)]
    pub pass_rate: Option<Decimal2>,
    #[schema(value_type = Option<f64>)]
    pub mean: Option<Decimal2>,
    /// The area's figures if the cycle closed now.
    #[schema(value_type = Option<f64>)]
    pub predicted_pass_rate: Option<Decimal2>,
    #[schema(value_type = Option<f64>)]
    pub predicted_mean: Option<Decimal2>,
    /// The published figures (after publication).
    #[schema(value_type = Option<f64>)]
    pub outcome_pass_rate: Option<Decimal2>,
    #[schema(value_type = Option<f64>)]
    pub outcome_mean: Option<Decimal2>,
    /// Whether the outcome (or, before it, the prediction) reaches each target.
    pub pass_rate_met: Option<bool>,
    pub mean_met: Option<bool>,
    pub updated_by: Option<String>,
    pub updated_at: Option<Moment>,
}

fn percent(field: &str, value: Option<f64>) -> Result<Option<Decimal2>, FieldError> {
    let Some(v) = value else { return Ok(None) };
    let hundredths = (v * 100.0).round();
    if !v.is_finite() || !(0.0..=100.0).contains(&v) || (v * 100.0 - hundredths).abs() > 1e-6 {
        return Err(FieldError::new(
            field,
            "ต้องเป็นตัวเลข 0 ถึง 100 ทศนิยมไม่เกิน 2 ตำแหน่ง",
            "Must be a number from 0 to 100 with at most 2 decimals.",
        ));
    }
    Ok(Some(Decimal2::from_hundredths(hundredths as i64)))
}

fn stored(text: Option<&str>) -> Option<Decimal2> {
    let v: f64 = text?.parse().ok()?;
    Some(Decimal2::from_hundredths((v * 100.0).round() as i64))
}

/// The province's targets with the prediction (and outcome) of the area summarised.
pub(crate) async fn area_targets(
    core: &Core,
    cycle: &cycles::CycleView,
    province: &str,
    summary: &AreaSummary,
    outcome: Option<&Outcome>,
) -> Result<AreaTargets, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = province_targets::get(&mut conn, cycle.id, province).await?;
    let pass_rate = row.as_ref().and_then(|r| stored(r.pass_rate.as_deref()));
    let mean = row.as_ref().and_then(|r| stored(r.mean.as_deref()));
    let outcome_pass_rate = outcome.and_then(|o| o.summary.pass_rate);
    let outcome_mean = outcome.and_then(|o| o.summary.mean);
    let against =
        |target: Option<Decimal2>, outcome: Option<Decimal2>, predicted: Option<Decimal2>| {
            Some(outcome.or(predicted)? >= target?)
        };
    Ok(AreaTargets {
        pass_rate_met: against(pass_rate, outcome_pass_rate, summary.predicted_pass_rate),
        mean_met: against(mean, outcome_mean, summary.predicted_mean),
        pass_rate,
        mean,
        predicted_pass_rate: summary.predicted_pass_rate,
        predicted_mean: summary.predicted_mean,
        outcome_pass_rate,
        outcome_mean,
        updated_by: row.as_ref().map(|r| r.updated_by.clone()),
        updated_at: Moment::stored_opt(row.map(|r| r.updated_at).as_deref())?,
    })
}

/// `PUT .../provinces/{province}/targets`: the province's coordinators (or the NACC admin).
pub async fn set_targets(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    input: &TargetInput,
) -> Result<(), CoreError> {
    actor.require(&[Role::NaccAdmin, Role::ProvinceCoordinator])?;
    let (place, _) = watched_area(actor, province, None)?;
    let mut errors = Vec::new();
    let pass_rate = percent("pass_rate", input.pass_rate).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let mean = percent("mean", input.mean).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let cycle = cycles::get_cycle(core, year).await?;
    let now = core.now_text();
    let mut tx = core.db.begin_write().await?;
    let before = province_targets::get(tx.conn(), cycle.id, &place.code).await?;
    let row = province_targets::TargetRow {
        province_code: place.code.clone(),
        pass_rate: pass_rate.map(|d| d.to_string()),
        mean: mean.map(|d| d.to_string()),
        updated_by: actor.username.clone(),
        updated_at: now.clone(),
    };
    province_targets::set(tx.conn(), cycle.id, &row).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province.targets",
        ("province", &format!("{year}/{}", place.code)),
        before.as_ref(),
        Some(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_a_percent_with_two_decimals_at_most() {
        assert_eq!(
            percent("mean", Some(89.0))
                .ok()
                .flatten()
                .map(|d| d.to_string()),
            Some("89.00".into())
        );
        assert!(percent("mean", Some(89.125)).is_err());
        assert!(percent("mean", Some(100.5)).is_err());
        assert!(percent("mean", Some(-1.0)).is_err());
        assert!(percent("mean", Some(f64::NAN)).is_err());
        assert_eq!(percent("mean", None).ok().flatten(), None);
    }
}
