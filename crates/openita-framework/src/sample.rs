//! Minimum sample sizes and the headcount reference date.

use crate::model::{HeadcountReference, SampleRules};
use openita_types::AgencyType;

impl SampleRules {
    /// Minimum number of IIT responses for an agency whose approved headcount (staff with the
    /// required service at the reference date) is `headcount`:
    ///
    /// 1. no staff: 0;
    /// 2. if `all_if_fewer_than_floor` and `headcount < floor`: everyone, `headcount`;
    /// 3. otherwise `percent`% of the headcount rounded up, raised to `floor`, then lowered to
    ///    `cap`: `min(max(ceil(headcount * percent / 100), floor), cap)`.
    ///
    /// Monotone in `headcount`; never above `headcount` when `all_if_fewer_than_floor` is set.
    /// Without that flag a small agency can get a minimum above its headcount, which is what the
    /// rule then says (it flags every such agency).
    pub fn iit_minimum(&self, headcount: u32) -> u32 {
        let rule = &self.iit;
        if headcount == 0 {
            return 0;
        }
        if rule.all_if_fewer_than_floor && headcount < rule.floor {
            return headcount;
        }
        let share = rule.percent.percent_of_ceil(u64::from(headcount));
        let share = u32::try_from(share).unwrap_or(u32::MAX);
        share.max(rule.floor).min(rule.cap)
    }

    /// Minimum number of EIT responses for an agency of this type: its entry in
    /// `eit.by_agency_type`, else `eit.minimum`.
    pub fn eit_minimum(&self, agency_type: AgencyType) -> u32 {
        self.eit
            .by_agency_type
            .get(&agency_type)
            .copied()
            .unwrap_or(self.eit.minimum)
    }
}

impl HeadcountReference {
    /// The reference date in the Gregorian calendar for Buddhist-era fiscal year
    /// `fiscal_year` (which runs from 1 October of the year before to 30 September):
    /// months October-December fall in the calendar year before the fiscal year.
    /// `None` if the month/day is not a date of that year.
    pub fn date_for(&self, fiscal_year: u16) -> Option<chrono::NaiveDate> {
        let be_year = if self.month >= 10 {
            i32::from(fiscal_year) - 1
        } else {
            i32::from(fiscal_year)
        };
        chrono::NaiveDate::from_ymd_opt(be_year - 543, u32::from(self.month), u32::from(self.day))
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use crate::Fraction;
    use crate::model::{EitSampleRule, IitSampleRule};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn rules(percent: Fraction, floor: u32, cap: u32, all: bool) -> SampleRules {
        SampleRules {
            placeholder: true,
            note_th: String::new(),
            note_en: String::new(),
            iit: IitSampleRule {
                percent,
                floor,
                cap,
                all_if_fewer_than_floor: all,
            },
            eit: EitSampleRule {
                minimum: 30,
                by_agency_type: BTreeMap::from([(AgencyType::Department, 100)]),
            },
        }
    }

    #[test]
    fn iit_minimum_follows_the_documented_steps() {
        let r = rules(Fraction::from_integer(30), 10, 100, true);
        assert_eq!(r.iit_minimum(0), 0);
        assert_eq!(r.iit_minimum(7), 7); // fewer than the floor: everyone
        assert_eq!(r.iit_minimum(10), 10); // 30% = 3, raised to the floor
        assert_eq!(r.iit_minimum(34), 11); // 10.2 rounded up
        assert_eq!(r.iit_minimum(1000), 100); // 300 lowered to the cap
        let strict = rules(Fraction::from_integer(30), 10, 100, false);
        assert_eq!(strict.iit_minimum(7), 10);
    }

    #[test]
    fn eit_minimum_uses_the_type_override_else_the_default() {
        let r = rules(Fraction::from_integer(30), 10, 100, true);
        assert_eq!(r.eit_minimum(AgencyType::Department), 100);
        assert_eq!(r.eit_minimum(AgencyType::Sao), 30);
    }

    #[test]
    fn headcount_reference_date_is_in_the_right_calendar_year() {
        let jan = HeadcountReference {
            month: 1,
            day: 1,
            min_service_years: 1,
        };
        assert_eq!(
            jan.date_for(2568).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
        );
        let oct = HeadcountReference {
            month: 10,
            day: 1,
            min_service_years: 1,
        };
        assert_eq!(
            oct.date_for(2568).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()
        );
        let bad = HeadcountReference {
            month: 2,
            day: 30,
            min_service_years: 1,
        };
        assert_eq!(bad.date_for(2568), None);
    }

    fn any_rules() -> impl Strategy<Value = SampleRules> {
        (
            0_i64..=100,
            1_i64..=4,
            0_u32..200,
            0_u32..300,
            any::<bool>(),
        )
            .prop_map(|(p, d, floor, extra, all)| {
                let percent = Fraction::new(p * d, d).unwrap_or(Fraction::ZERO);
                rules(percent, floor, floor + extra, all)
            })
    }

    proptest! {
        #[test]
        fn iit_minimum_is_monotone_in_headcount(r in any_rules(), h in 0_u32..5000, step in 1_u32..500) {
            prop_assert!(r.iit_minimum(h) <= r.iit_minimum(h + step));
        }

        #[test]
        fn iit_minimum_never_exceeds_headcount_when_everyone_is_the_fallback(
            r in any_rules().prop_filter("flag set", |r| r.iit.all_if_fewer_than_floor),
            h in 0_u32..5000,
        ) {
            prop_assert!(r.iit_minimum(h) <= h);
        }

        #[test]
        fn iit_minimum_stays_within_floor_and_cap_once_headcount_reaches_the_floor(
            r in any_rules(), h in 1_u32..5000,
        ) {
            let m = r.iit_minimum(h);
            prop_assert!(m <= r.iit.cap);
            if h >= r.iit.floor {
                prop_assert!(m >= r.iit.floor);
            }
        }

        #[test]
        fn iit_minimum_is_at_least_the_percentage_below_the_cap(r in any_rules(), h in 1_u32..5000) {
            let m = r.iit_minimum(h);
            // m * 100 >= h * percent unless the cap (or the "everyone" fallback) bound it.
            let needed = f64::from(h) * r.iit.percent.as_f64() / 100.0;
            prop_assert!(f64::from(m) >= needed - 1e-9 || m == r.iit.cap || m == h);
        }
    }
}
