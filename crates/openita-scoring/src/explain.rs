//! A plain-text explanation of a result, line by line, from its breakdown.
//!
//! Every figure is shown rounded to 2 decimals with its exact value where it is not a
//! 2-decimal number, so a reader (or an auditor) can redo each step by hand.

use crate::exact::Score;
use crate::inputs::OitItemState;
use crate::result::{AgencyScore, IndicatorScore, InstrumentScore, InstrumentStatus};

fn show(s: &Score) -> String {
    let rounded = s.rounded();
    if rounded.to_score() == *s {
        rounded.to_string()
    } else {
        format!("{rounded} (exact {s})")
    }
}

fn list<T: ToString>(values: &[T]) -> String {
    let parts: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

impl AgencyScore {
    /// The explanation in English, one line per figure: the total and its parts, each
    /// instrument and why it counts, each indicator's share and points, each question's counts
    /// and values, each OIT item's state, the flags, and the framework used.
    pub fn explain(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.push(format!(
            "Framework {} (fiscal {}), fingerprint {}.",
            self.framework.name, self.framework.year, self.framework.fingerprint
        ));
        let parts: Vec<String> = self
            .instruments
            .iter()
            .map(|i| format!("{} {}", i.code, show(&i.points)))
            .collect();
        lines.push(format!(
            "Total {} = {} points; level {}, tier {}, {} the pass mark {} (decided on the rounded total {}).",
            show(&self.total),
            parts.join(" + "),
            self.level,
            self.tier,
            if self.pass { "reaches" } else { "is below" },
            self.pass_mark,
            self.total_rounded,
        ));
        for instrument in &self.instruments {
            explain_instrument(instrument, &mut lines);
        }
        for flag in &self.flags {
            lines.push(format!("Flag {flag}: {}", flag.description_en()));
        }
        lines
    }
}

fn explain_instrument(instrument: &InstrumentScore, lines: &mut Vec<String>) {
    let code = instrument.code;
    let why = match instrument.status {
        InstrumentStatus::Counted => "the weighted mean of its indicators".to_string(),
        InstrumentStatus::NoResponses => "0: no responses".to_string(),
        InstrumentStatus::ZeroedBelowMinimum => format!(
            "0: fewer responses than the minimum under sample policy `zero` (computed {})",
            instrument
                .computed
                .as_ref()
                .map_or_else(|| "-".to_string(), show)
        ),
    };
    let sample = instrument.sample.map_or(String::new(), |s| {
        let minimum = s
            .minimum
            .map_or_else(|| "unknown".to_string(), |m| m.to_string());
        format!("; {} responses, minimum {minimum}", s.responses)
    });
    lines.push(format!(
        "{code} {} x {}% = {} points of the total; {code} is {why}{sample}.",
        show(&instrument.score),
        instrument.weight,
        show(&instrument.points),
    ));
    for indicator in &instrument.indicators {
        explain_indicator(code.as_str(), indicator, lines);
    }
}

fn explain_indicator(code: &str, indicator: &IndicatorScore, lines: &mut Vec<String>) {
    match &indicator.score {
        Some(score) => lines.push(format!(
            "  Indicator {}: {}, weight {}, share {} of {code} = {} points of {code}, {} of the total.",
            indicator.number,
            show(score),
            indicator.weight,
            indicator.share,
            show(&indicator.points_in_instrument),
            show(&indicator.points_in_total),
        )),
        None => lines.push(format!(
            "  Indicator {}: no answers; left out of {code}'s mean.",
            indicator.number
        )),
    }
    for q in &indicator.questions {
        let score = q
            .score
            .as_ref()
            .map_or_else(|| "no answers (left out)".to_string(), show);
        lines.push(format!(
            "    {}{}{}: {score} from counts {} x values {} over {} answers ({} blank), share {}, {} points of the total.",
            q.id,
            if q.reverse { " (reversed)" } else { "" },
            if q.optional { " (optional)" } else { "" },
            list(&q.counts),
            list(&q.values),
            q.answers,
            q.blank,
            q.share,
            show(&q.points_in_total),
        ));
    }
    for item in &indicator.items {
        let state = match item.state {
            OitItemState::Final(s) => format!("final {s}"),
            OitItemState::Provisional(s) => format!("provisional {s} (counted)"),
            OitItemState::Missing => "missing (counts 0)".to_string(),
        };
        let gain = if item.gain_to_max.is_zero() {
            String::new()
        } else {
            format!("; +{} if raised to {}", show(&item.gain_to_max), item.max)
        };
        lines.push(format!(
            "    {}: {state}, share {}, {} points of the total{gain}.",
            item.code,
            item.share,
            show(&item.points_in_total),
        ));
    }
}
