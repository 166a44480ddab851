//! The integrity rules, pure: from an agency's counts and its peers' shares to flags with a
//! sentence each. Thresholds are here, in one place, and in docs/security.md.
//!
//! None of these proves stuffing and none changes a score: they tell the NACC admin and the
//! province's coordinators where to look.

use openita_scoring::Flag;
use openita_types::Text;
use std::collections::BTreeMap;

/// IIT: an hour with more arrivals than the agency's whole headcount is flagged, once it has
/// at least this many (a five-person office answering together is not a burst).
pub const IIT_BURST_MIN_ARRIVALS: i64 = 20;
/// EIT: an hour with more than this many times the EIT minimum sample ...
pub const EIT_BURST_TIMES_MINIMUM: i64 = 3;
/// ... and at least this many arrivals.
pub const EIT_BURST_MIN_ARRIVALS: i64 = 50;
/// Shares of identical and all-best answer sets are compared only for agencies (and peers)
/// with at least this many responses to the instrument.
pub const MIN_RESPONSES_FOR_SHARES: i64 = 10;
/// Peers are the agencies of the same type with enough responses; with fewer than this many,
/// every agency of the cycle with enough responses.
pub const MIN_PEERS: usize = 5;
/// A share is flagged when it is above the peers' 95th percentile and at least this much
/// (40 percentage points) above their median: at most one agency in twenty of a type, and
/// only where it stands far from the rest.
pub const SHARE_MARGIN: f64 = 0.40;
/// The peers' percentile a share must exceed.
pub const SHARE_PERCENTILE: f64 = 0.95;

/// One instrument's integrity counts for one agency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InstrumentCounts {
    pub responses: i64,
    /// Responses whose exact answer set was given at least twice.
    pub repeated: i64,
    /// Responses with every answer at its best level.
    pub all_best: i64,
    /// The most responses that arrived in one hour.
    pub peak_hour: i64,
}

impl InstrumentCounts {
    fn share(part: i64, of: i64) -> Option<f64> {
        (of >= MIN_RESPONSES_FOR_SHARES).then(|| part as f64 / of as f64)
    }

    pub fn repeated_share(&self) -> Option<f64> {
        Self::share(self.repeated, self.responses)
    }

    pub fn all_best_share(&self) -> Option<f64> {
        Self::share(self.all_best, self.responses)
    }
}

/// What the rules know of one agency.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyFacts {
    pub agency_id: i64,
    pub agency_type: String,
    /// Staff entered by the agency, and whether the executive approved the number.
    pub headcount: Option<(i64, bool)>,
    pub eit_minimum: i64,
    pub iit: InstrumentCounts,
    pub eit: InstrumentCounts,
}

/// A flag with the sentence that explains it, figures included.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    pub flag: Flag,
    pub explanation: Text,
}

/// The median and 95th percentile of the peers' shares (nearest rank), the agency itself left
/// out: with few peers, its own share would otherwise be the percentile it is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareSpread {
    pub median: f64,
    pub p95: f64,
    pub agencies: usize,
}

impl ShareSpread {
    /// From `sorted` (every share of the group, ascending) without one occurrence of `own`.
    fn without(sorted: &[f64], own: Option<f64>) -> Option<ShareSpread> {
        let skip = own.and_then(|v| sorted.iter().position(|x| x.total_cmp(&v).is_eq()));
        let n = sorted.len() - usize::from(skip.is_some());
        if n < MIN_PEERS {
            return None;
        }
        let at = |rank: usize| match skip {
            Some(k) if rank >= k => sorted[rank + 1],
            _ => sorted[rank],
        };
        let rank = |p: f64| ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
        Some(ShareSpread {
            median: at(rank(0.5)),
            p95: at(rank(SHARE_PERCENTILE)),
            agencies: n,
        })
    }

    /// The share above which an agency is flagged.
    pub fn threshold(&self) -> f64 {
        self.p95.max(self.median + SHARE_MARGIN)
    }
}

/// The shares of one group of agencies for one instrument, sorted.
#[derive(Debug, Clone, Default)]
struct GroupShares {
    repeated: Vec<f64>,
    all_best: Vec<f64>,
}

impl GroupShares {
    fn of<'a>(facts: impl Iterator<Item = &'a InstrumentCounts>) -> GroupShares {
        let mut g = GroupShares::default();
        for c in facts {
            g.repeated.extend(c.repeated_share());
            g.all_best.extend(c.all_best_share());
        }
        g.repeated.sort_by(f64::total_cmp);
        g.all_best.sort_by(f64::total_cmp);
        g
    }
}

/// The peers' shares per (agency type, instrument) and for the whole cycle.
#[derive(Debug, Clone, Default)]
pub struct Peers {
    by_type: BTreeMap<(String, bool), GroupShares>,
    whole: BTreeMap<bool, GroupShares>,
}

fn pick(f: &AgencyFacts, iit: bool) -> &InstrumentCounts {
    if iit { &f.iit } else { &f.eit }
}

impl Peers {
    /// Peers from the facts of every agency of the cycle.
    pub fn of(all: &[AgencyFacts]) -> Peers {
        let mut types: BTreeMap<&str, Vec<&AgencyFacts>> = BTreeMap::new();
        for f in all {
            types.entry(f.agency_type.as_str()).or_default().push(f);
        }
        let mut peers = Peers::default();
        for iit in [true, false] {
            peers
                .whole
                .insert(iit, GroupShares::of(all.iter().map(|f| pick(f, iit))));
            for (t, facts) in &types {
                peers.by_type.insert(
                    (t.to_string(), iit),
                    GroupShares::of(facts.iter().map(|f| pick(f, iit))),
                );
            }
        }
        peers
    }

    /// The spreads an agency's instrument is compared with: its type's, else the cycle's;
    /// `None` when neither has enough peers. The bool is true for the whole cycle.
    fn spreads(
        &self,
        agency_type: &str,
        iit: bool,
        own: &InstrumentCounts,
    ) -> Option<(ShareSpread, ShareSpread, bool)> {
        let of = |g: &GroupShares| {
            Some((
                ShareSpread::without(&g.repeated, own.repeated_share())?,
                ShareSpread::without(&g.all_best, own.all_best_share())?,
            ))
        };
        self.by_type
            .get(&(agency_type.to_string(), iit))
            .and_then(of)
            .map(|(r, b)| (r, b, false))
            .or_else(|| self.whole.get(&iit).and_then(of).map(|(r, b)| (r, b, true)))
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}", x * 100.0)
}

/// The findings for one agency.
pub fn findings(facts: &AgencyFacts, peers: &Peers) -> Vec<Finding> {
    let mut out = Vec::new();
    let iit = facts.iit;
    if let Some((staff, true)) = facts.headcount
        && iit.responses > staff
    {
        out.push(Finding {
            flag: Flag::IntegrityAboveHeadcountIit,
            explanation: Text::new(
                format!(
                    "มีผู้ตอบ IIT {} คน มากกว่าจำนวนบุคลากรที่อนุมัติ {staff} คน",
                    iit.responses
                ),
                format!(
                    "{} IIT responses, more than the approved headcount of {staff}.",
                    iit.responses
                ),
            ),
        });
    }
    if let Some((staff, _)) = facts.headcount
        && iit.peak_hour > staff
        && iit.peak_hour >= IIT_BURST_MIN_ARRIVALS
    {
        out.push(Finding {
            flag: Flag::IntegrityBurstIit,
            explanation: Text::new(
                format!(
                    "ในชั่วโมงเดียวมีผู้ตอบ IIT {} คน มากกว่าจำนวนบุคลากรทั้งหน่วยงาน ({staff} คน)",
                    iit.peak_hour
                ),
                format!(
                    "{} IIT responses arrived in one hour, more than the agency's whole staff ({staff}).",
                    iit.peak_hour
                ),
            ),
        });
    }
    let eit_limit = EIT_BURST_TIMES_MINIMUM * facts.eit_minimum;
    if facts.eit.peak_hour > eit_limit && facts.eit.peak_hour >= EIT_BURST_MIN_ARRIVALS {
        out.push(Finding {
            flag: Flag::IntegrityBurstEit,
            explanation: Text::new(
                format!(
                    "ในชั่วโมงเดียวมีผู้ตอบ EIT {} คน เกิน {eit_limit} คน ({EIT_BURST_TIMES_MINIMUM} เท่าของจำนวนขั้นต่ำ {} คน)",
                    facts.eit.peak_hour, facts.eit_minimum
                ),
                format!(
                    "{} EIT responses arrived in one hour, above {eit_limit} ({EIT_BURST_TIMES_MINIMUM} times the minimum sample of {}).",
                    facts.eit.peak_hour, facts.eit_minimum
                ),
            ),
        });
    }
    for (is_iit, counts, flag, name) in [
        (true, facts.iit, Flag::IntegrityIdenticalIit, "IIT"),
        (false, facts.eit, Flag::IntegrityIdenticalEit, "EIT"),
    ] {
        let Some((repeated, all_best, whole_cycle)) =
            peers.spreads(&facts.agency_type, is_iit, &counts)
        else {
            continue;
        };
        let group = if whole_cycle {
            Text::new("ทุกหน่วยงานในรอบนี้", "all agencies of the cycle")
        } else {
            Text::new("หน่วยงานประเภทเดียวกัน", "agencies of the same type")
        };
        let mut sentences: Vec<Text> = Vec::new();
        if let Some(share) = counts.repeated_share()
            && share > repeated.threshold()
        {
            sentences.push(Text::new(
                format!(
                    "คำตอบ {name} ร้อยละ {} เป็นชุดคำตอบที่ซ้ำกับผู้ตอบคนอื่นทุกข้อ โดยไม่ใช่คำตอบดีที่สุดทุกข้อ ({}: มัธยฐานร้อยละ {} เปอร์เซ็นไทล์ที่ 95 ร้อยละ {})",
                    percent(share),
                    group.th,
                    percent(repeated.median),
                    percent(repeated.p95)
                ),
                format!(
                    "{}% of the {name} responses repeat another response's answers exactly, other than all-best ones ({}: median {}%, 95th percentile {}%).",
                    percent(share),
                    group.en,
                    percent(repeated.median),
                    percent(repeated.p95)
                ),
            ));
        }
        if let Some(share) = counts.all_best_share()
            && share > all_best.threshold()
        {
            sentences.push(Text::new(
                format!(
                    "คำตอบ {name} ร้อยละ {} ตอบระดับดีที่สุดทุกข้อ ({}: มัธยฐานร้อยละ {} เปอร์เซ็นไทล์ที่ 95 ร้อยละ {})",
                    percent(share),
                    group.th,
                    percent(all_best.median),
                    percent(all_best.p95)
                ),
                format!(
                    "{}% of the {name} responses give the best answer to every question ({}: median {}%, 95th percentile {}%).",
                    percent(share),
                    group.en,
                    percent(all_best.median),
                    percent(all_best.p95)
                ),
            ));
        }
        if !sentences.is_empty() {
            out.push(Finding {
                flag,
                explanation: Text::new(
                    sentences
                        .iter()
                        .map(|t| t.th.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    sentences
                        .iter()
                        .map(|t| t.en.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(responses: i64, repeated: i64, all_best: i64, peak_hour: i64) -> InstrumentCounts {
        InstrumentCounts {
            responses,
            repeated,
            all_best,
            peak_hour,
        }
    }

    fn agency(id: i64, kind: &str, iit: InstrumentCounts, eit: InstrumentCounts) -> AgencyFacts {
        AgencyFacts {
            agency_id: id,
            agency_type: kind.into(),
            headcount: Some((100, true)),
            eit_minimum: 30,
            iit,
            eit,
        }
    }

    fn flags(f: &AgencyFacts, peers: &Peers) -> Vec<Flag> {
        findings(f, peers).into_iter().map(|f| f.flag).collect()
    }

    /// Ten ordinary SAOs: 20-40% repeated, 30-50% all-best, calm hours.
    fn ordinary() -> Vec<AgencyFacts> {
        (0..10)
            .map(|i| {
                let c = counts(100, 20 + 2 * i, 30 + 2 * i, 8);
                agency(i, "sao", c, c)
            })
            .collect()
    }

    #[test]
    fn an_ordinary_agency_has_no_flags() {
        let all = ordinary();
        let peers = Peers::of(&all);
        assert!(all.iter().all(|a| flags(a, &peers).is_empty()));
    }

    #[test]
    fn more_iit_responses_than_the_approved_headcount_is_flagged_only_once_approved() {
        let mut a = agency(1, "sao", counts(101, 0, 0, 5), counts(0, 0, 0, 0));
        let peers = Peers::default();
        assert_eq!(flags(&a, &peers), vec![Flag::IntegrityAboveHeadcountIit]);
        a.headcount = Some((100, false));
        assert!(flags(&a, &peers).is_empty());
        a.iit.responses = 100;
        a.headcount = Some((100, true));
        assert!(
            flags(&a, &peers).is_empty(),
            "exactly the headcount is fine"
        );
    }

    #[test]
    fn an_hour_busier_than_the_whole_staff_is_a_burst() {
        let peers = Peers::default();
        let mut a = agency(1, "sao", counts(60, 0, 0, 101), counts(0, 0, 0, 0));
        assert_eq!(flags(&a, &peers), vec![Flag::IntegrityBurstIit]);
        a.iit.peak_hour = 100;
        assert!(flags(&a, &peers).is_empty());
        a.headcount = Some((10, true));
        a.iit.responses = 10;
        a.iit.peak_hour = 19;
        assert!(flags(&a, &peers).is_empty(), "below the floor of 20");
        a.iit.peak_hour = 20;
        assert_eq!(flags(&a, &peers), vec![Flag::IntegrityBurstIit]);
    }

    #[test]
    fn an_eit_hour_above_three_times_the_minimum_is_a_burst() {
        let peers = Peers::default();
        let mut a = agency(1, "sao", counts(0, 0, 0, 0), counts(200, 0, 0, 91));
        assert_eq!(flags(&a, &peers), vec![Flag::IntegrityBurstEit]);
        a.eit.peak_hour = 90;
        assert!(flags(&a, &peers).is_empty());
        a.eit_minimum = 10;
        a.eit.peak_hour = 49;
        assert!(flags(&a, &peers).is_empty(), "below the floor of 50");
    }

    #[test]
    fn identical_or_all_best_sets_far_above_peers_are_flagged() {
        let mut all = ordinary();
        all.push(agency(
            99,
            "sao",
            counts(100, 95, 20, 8),
            counts(100, 20, 95, 8),
        ));
        let peers = Peers::of(&all);
        let stuffed = all
            .last()
            .cloned()
            .unwrap_or_else(|| agency(0, "x", counts(0, 0, 0, 0), counts(0, 0, 0, 0)));
        assert_eq!(
            flags(&stuffed, &peers),
            vec![Flag::IntegrityIdenticalIit, Flag::IntegrityIdenticalEit]
        );
        let text = findings(&stuffed, &peers)
            .into_iter()
            .map(|f| f.explanation.en)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("95% of the IIT responses repeat"), "{text}");
        assert!(text.contains("agencies of the same type"), "{text}");
    }

    #[test]
    fn few_responses_are_never_compared() {
        let mut all = ordinary();
        all.push(agency(99, "sao", counts(9, 9, 9, 2), counts(0, 0, 0, 0)));
        let peers = Peers::of(&all);
        assert!(all.last().is_some_and(|a| flags(a, &peers).is_empty()));
    }

    #[test]
    fn a_type_with_few_peers_is_compared_with_the_whole_cycle() {
        let mut all = ordinary();
        all.push(agency(
            50,
            "department",
            counts(100, 90, 90, 8),
            counts(100, 20, 30, 8),
        ));
        let peers = Peers::of(&all);
        let text = all
            .last()
            .map(|a| findings(a, &peers))
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.explanation.en)
            .collect::<String>();
        assert!(text.contains("all agencies of the cycle"), "{text}");
    }
}
