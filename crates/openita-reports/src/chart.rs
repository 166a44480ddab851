//! Server-rendered SVG charts: readable without JavaScript, embeddable in the PDF.

use std::fmt::Write;

/// One bar: a label, the agency's value (0-100) and an optional reference (e.g. the national
/// mean) drawn as a tick.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub reference: Option<f64>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A bar chart as data: the page draws it as SVG ([`bars`]), the PDF template draws the same
/// bars itself (an SVG embedded in the PDF has its text laid out by the SVG renderer, which
/// put Thai vowels such as ำ on top of the next letter; Typst's own text does not).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    pub title: String,
    pub pass_mark: f64,
    pub bars: Vec<Bar>,
}

impl Chart {
    pub fn svg(&self) -> String {
        bars(&self.title, &self.bars, self.pass_mark)
    }
}

/// Horizontal bars on a 0-100 scale with a dashed line at the pass mark, each label above its
/// bar: the drawing is narrow (360 units), so scaled down to a phone's width (CSS
/// `max-width: 100%`) its text stays readable; nothing is clipped or scrolled.
pub fn bars(title: &str, bars: &[Bar], pass_mark: f64) -> String {
    let (bar_w, row_h, top) = (300.0, 40.0, 30.0);
    let height = top + row_h * bars.len() as f64 + 18.0;
    let width = bar_w + 60.0;
    let x = |v: f64| bar_w * v.clamp(0.0, 100.0) / 100.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}" font-family="Sarabun, sans-serif" font-size="13"><title>{t}</title>"##,
        t = escape(title)
    );
    let _ = write!(
        svg,
        r##"<text x="0" y="18" font-size="14" font-weight="bold">{}</text>"##,
        escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let colour = if b.value >= pass_mark {
            "#067647"
        } else {
            "#b42318"
        };
        let _ = write!(
            svg,
            r##"<text x="0" y="{ty}">{label}</text><rect x="0" y="{by}" width="{w:.1}" height="14" fill="{colour}"/><text x="{vx:.1}" y="{vy}">{v:.2}</text>"##,
            ty = y + 12.0,
            by = y + 18.0,
            label = escape(&b.label),
            w = x(b.value),
            vx = x(b.value) + 4.0,
            vy = y + 30.0,
            v = b.value,
        );
        if let Some(r) = b.reference {
            let _ = write!(
                svg,
                r##"<line x1="{rx:.1}" x2="{rx:.1}" y1="{y1}" y2="{y2}" stroke="#1b1f24" stroke-width="2"/>"##,
                rx = x(r),
                y1 = y + 15.0,
                y2 = y + 35.0
            );
        }
    }
    let px = x(pass_mark);
    let _ = write!(
        svg,
        r##"<line x1="{px:.1}" x2="{px:.1}" y1="{y1}" y2="{y2}" stroke="#4b5563" stroke-dasharray="4 3"/><text x="{px:.1}" y="{ty}" text-anchor="middle" font-size="11">{pass_mark}</text></svg>"##,
        y1 = top + 15.0,
        y2 = height - 16.0,
        ty = height - 4.0
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_escaped_scaled_and_coloured_by_the_pass_mark() {
        let svg = bars(
            "ผล <ITA>",
            &[
                Bar {
                    label: "IIT".into(),
                    value: 90.0,
                    reference: Some(80.0),
                },
                Bar {
                    label: "EIT".into(),
                    value: 50.0,
                    reference: None,
                },
            ],
            85.0,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("ผล &lt;ITA&gt;"));
        assert!(svg.contains("#067647") && svg.contains("#b42318"));
        assert!(svg.contains("width=\"270.0\""), "90% of 300 px");
    }
}
