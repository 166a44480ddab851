//! An agency's report in one language: the strings the report page shows, the PDF lays out
//! and `openita report` prints, made from the language-neutral [`AgencyReport`]. Pure: no
//! database, no clock; the same report gives the same text.

use super::AgencyResult;
use super::report::AgencyReport;
use openita_scoring::PlanStep;
use openita_types::{FiscalYear, Lang};

pub struct IndicatorLine {
    pub number: u16,
    pub name: String,
    pub score: String,
    pub national: String,
    pub provincial: String,
}

/// Everything the report shows, in one language; the page, the PDF and the CLI use it.
pub struct ReportText {
    pub title: String,
    pub agency: String,
    pub total: String,
    /// The AA-F band, when the framework shows bands (years before 2566).
    pub level: Option<String>,
    /// The tier as the framework names it ("ผ่านดี", "ผ่าน", "ไม่ผ่าน").
    pub result_label: String,
    pub instruments: Vec<(String, String)>,
    pub lines: Vec<IndicatorLine>,
    pub flags: Vec<String>,
    pub lost: Vec<(String, String)>,
    pub plan: Vec<String>,
    /// "Path to 85": the pass mark of the cycle's framework, not a literal.
    pub plan_title: String,
    pub plan_intro: String,
    /// The indicators' bars: the page draws them as SVG, the PDF with its own Thai text.
    pub chart: openita_reports::chart::Chart,
    pub lang: Lang,
    pub published: bool,
    /// Year on year: a header and one row per earlier cycle, then this one.
    pub history_header: Vec<String>,
    pub history: Vec<Vec<String>>,
}

/// The year-on-year table: earlier cycles oldest first, this year last; the change is this
/// year's total minus that year's.
/// Without bands (`levels` false) the band column is left out.
fn history_table(
    r: &AgencyResult,
    year: FiscalYear,
    lang: Lang,
    levels: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
    const LEVEL: usize = 2;
    let mut header = [
        lang.pick("ปีงบประมาณ", "Fiscal year"),
        lang.pick("คะแนนรวม", "Total"),
        lang.pick("ระดับ", "Level"),
        lang.pick("ผล", "Result"),
        "IIT",
        "EIT",
        "OIT",
        lang.pick("ปีนี้ต่างจากปีนั้น", "This year vs. then"),
    ]
    .map(str::to_string)
    .to_vec();
    if !levels {
        header.remove(LEVEL);
    }
    if r.history.is_empty() {
        return (header, Vec::new());
    }
    let pass = |p: bool| {
        lang.pick(
            if p {
                "ผ่าน"
            } else {
                "ไม่ผ่าน"
            },
            if p { "Pass" } else { "Not passed" },
        )
        .to_string()
    };
    let mut rows: Vec<Vec<String>> = r
        .history
        .iter()
        .map(|h| {
            let sign = if h.change.hundredths() > 0 { "+" } else { "" };
            vec![
                h.year.to_string(),
                h.total.to_string(),
                h.level.clone(),
                pass(h.pass),
                h.iit.to_string(),
                h.eit.to_string(),
                h.oit.to_string(),
                format!("{sign}{}", h.change),
            ]
        })
        .collect();
    rows.push(vec![
        year.to_string(),
        r.fields.total.to_string(),
        r.fields.level.clone(),
        pass(r.fields.pass),
        r.fields.instruments.iit.to_string(),
        r.fields.instruments.eit.to_string(),
        r.fields.instruments.oit.to_string(),
        String::new(),
    ]);
    if !levels {
        rows.iter_mut().for_each(|row| {
            row.remove(LEVEL);
        });
    }
    (header, rows)
}

fn d2(v: Option<openita_scoring::Decimal2>) -> String {
    v.map(|d| d.to_string()).unwrap_or_else(|| "–".into())
}

impl AgencyReport {
    /// The report in `lang`.
    pub fn in_language(&self, lang: Lang) -> ReportText {
        let (r, year) = (&self.result, self.year);
        let fw = &r.framework;
        let mut lines = Vec::new();
        let mut bars = Vec::new();
        for instrument in &fw.instruments {
            for ind in &instrument.indicators {
                let score = r.fields.indicators.get(&ind.number).copied().flatten();
                let national = r.national.indicators.get(&ind.number).copied();
                lines.push(IndicatorLine {
                    number: ind.number,
                    name: lang.pick(&ind.name_th, &ind.name_en).to_string(),
                    score: d2(score),
                    national: d2(national),
                    provincial: d2(r.provincial.indicators.get(&ind.number).copied()),
                });
                bars.push(openita_reports::chart::Bar {
                    label: format!("{} {}", ind.number, lang.pick(&ind.name_th, &ind.name_en)),
                    value: score.map(|s| s.as_f64()).unwrap_or(0.0),
                    reference: national.map(|n| n.as_f64()),
                });
            }
        }
        let chart_title = lang.pick(
            "คะแนนรายตัวชี้วัด (เส้นดำ = ค่าเฉลี่ยประเทศ)",
            "Indicator scores (black tick = national mean)",
        );
        let chart = openita_reports::chart::Chart {
            title: chart_title.to_string(),
            pass_mark: fw.pass_mark.as_f64(),
            bars,
        };
        let reasons = &self.oit_reasons;
        let lost = self
            .lost_items
            .iter()
            .map(|code| {
                // "O5 แผนพัฒนาท้องถิ่น": the item's name, not only its code.
                let name = fw
                    .oit_item(code)
                    .map(|(_, it)| lang.pick(&it.name_th, &it.name_en).to_string())
                    .unwrap_or_default();
                (
                    format!("{code} {name}"),
                    reasons.get(code).cloned().unwrap_or_else(|| {
                        lang.pick("ยังไม่มีผลการตรวจของผู้ประเมิน", "Not reviewed by an assessor")
                            .to_string()
                    }),
                )
            })
            .collect();
        let plan: Vec<String> = r
            .plan
            .steps
            .iter()
            .map(|s| match s {
                PlanStep::RaiseItem { code, points, .. } => match lang {
                    Lang::Th => format!(
                        "ข้อ OIT {code}: เผยแพร่ให้ครบถ้วนถูกต้อง เพิ่ม {} คะแนน",
                        points.rounded()
                    ),
                    Lang::En => format!(
                        "OIT item {code}: publish it completely, +{} points",
                        points.rounded()
                    ),
                },
                PlanStep::RaiseIndicator {
                    indicator,
                    points_needed,
                    score_needed,
                    ..
                } => match lang {
                    Lang::Th => format!(
                        "ตัวชี้วัดที่ {indicator}: ยกระดับให้ได้ {} คะแนน เพิ่ม {} คะแนนในผลรวม",
                        score_needed.rounded(),
                        points_needed.rounded()
                    ),
                    Lang::En => format!(
                        "Indicator {indicator}: raise it to {}, adding {} points to the total",
                        score_needed.rounded(),
                        points_needed.rounded()
                    ),
                },
            })
            .collect();
        let plan_intro = if r.fields.pass {
            lang.pick("ผ่านเกณฑ์แล้ว", "The agency passes.").to_string()
        } else {
            match lang {
                Lang::Th => format!(
                    "ต้องการอีก {} คะแนนเพื่อให้ถึง {} คะแนน ลำดับการปรับปรุงที่ใช้ข้อน้อยที่สุด:",
                    r.plan.points_needed.rounded(),
                    fw.pass_mark
                ),
                Lang::En => format!(
                    "{} more points are needed to reach {}. The shortest route:",
                    r.plan.points_needed.rounded(),
                    fw.pass_mark
                ),
            }
        };
        let levels = fw.shows_levels();
        let (history_header, history) = history_table(r, year, lang, levels);
        let tier = super::tier_name(fw, &r.fields.tier);
        ReportText {
            history_header,
            history,
            title: match lang {
                Lang::Th => format!("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}"),
                Lang::En => format!("ITA result report, fiscal year {year} B.E."),
            },
            agency: format!(
                "{} ({}) · {}",
                r.agency.name_th, r.agency.code, r.agency.province
            ),
            total: r.fields.total.to_string(),
            level: levels.then(|| r.fields.level.clone()),
            result_label: tier.get(lang).to_string(),
            instruments: vec![
                ("IIT".into(), r.fields.instruments.iit.to_string()),
                ("EIT".into(), r.fields.instruments.eit.to_string()),
                ("OIT".into(), r.fields.instruments.oit.to_string()),
            ],
            lines,
            // Readers get the sentence, not the API code.
            flags: r
                .fields
                .flags
                .iter()
                .map(|f| {
                    lang.pick(f.description_th(), f.description_en())
                        .to_string()
                })
                .collect(),
            lost,
            plan,
            plan_title: match lang {
                Lang::Th => format!("เส้นทางสู่ {} คะแนน", fw.pass_mark),
                Lang::En => format!("Path to {}", fw.pass_mark),
            },
            plan_intro,
            chart,
            lang,
            published: r.published,
        }
    }
}

impl ReportText {
    /// The report as plain text (UTF-8), section by section as the PDF lays it out.
    pub fn plain_text(&self) -> String {
        let input = self.pdf_input();
        let mut out = format!("{}\n{}\n\n", input.title, input.agency);
        for h in &input.headline {
            out.push_str(&format!("{}: {}\n", h.label, h.value));
        }
        out.push_str(&format!("\n{}\n", input.table_title));
        out.push_str(&input.table_header.join(" | "));
        out.push('\n');
        for r in &input.rows {
            out.push_str(&format!(
                "{} | {} | {} | {} | {}\n",
                r.number, r.name, r.score, r.national, r.provincial
            ));
        }
        if !input.flags.is_empty() {
            out.push_str(&format!("\n{}\n", input.flags_title));
            input
                .flags
                .iter()
                .for_each(|f| out.push_str(&format!("- {f}\n")));
        }
        if !input.lost.is_empty() {
            out.push_str(&format!("\n{}\n", input.lost_title));
            for l in &input.lost {
                out.push_str(&format!("- {}: {}\n", l.code, l.reason));
            }
        }
        if !input.history.is_empty() {
            out.push_str(&format!(
                "\n{}\n{}\n",
                input.history_title,
                input.history_header.join(" | ")
            ));
            input
                .history
                .iter()
                .for_each(|row| out.push_str(&format!("{}\n", row.join(" | "))));
        }
        out.push_str(&format!("\n{}\n{}\n", input.plan_title, input.plan_intro));
        input
            .plan
            .iter()
            .for_each(|p| out.push_str(&format!("- {p}\n")));
        out.push_str(&format!("\n{}\n", input.footer));
        out
    }

    pub fn pdf_input(&self) -> openita_reports::report::ReportInput {
        use openita_reports::report::{Headline, IndicatorRow, LostItem, ReportInput};
        let l = self.lang;
        ReportInput {
            chart: self.chart.clone(),
            title: self.title.clone(),
            agency: self.agency.clone(),
            footer: l
                .pick(
                    "OpenITA · ผลคำนวณจากเกณฑ์ที่บันทึกไว้กับรอบการประเมิน ทำซ้ำได้",
                    "OpenITA · computed from the framework stored with the cycle; reproducible",
                )
                .to_string(),
            headline: [
                Some(Headline {
                    label: l.pick("คะแนนรวม", "Total").into(),
                    value: self.total.clone(),
                }),
                self.level.as_ref().map(|level| Headline {
                    label: l.pick("ระดับ", "Level").into(),
                    value: level.clone(),
                }),
                Some(Headline {
                    label: l.pick("ผลการประเมิน", "Result").into(),
                    value: self.result_label.clone(),
                }),
                Some(Headline {
                    label: "IIT / EIT / OIT".into(),
                    value: self
                        .instruments
                        .iter()
                        .map(|i| i.1.clone())
                        .collect::<Vec<_>>()
                        .join(" / "),
                }),
            ]
            .into_iter()
            .flatten()
            .collect(),
            table_title: l.pick("คะแนนรายตัวชี้วัด", "Indicators").into(),
            table_header: vec![
                "#".into(),
                l.pick("ตัวชี้วัด", "Indicator").into(),
                l.pick("คะแนน", "Score").into(),
                l.pick("เฉลี่ยประเทศ", "National").into(),
                l.pick("เฉลี่ยจังหวัด", "Province").into(),
            ],
            rows: self
                .lines
                .iter()
                .map(|x| IndicatorRow {
                    number: x.number.to_string(),
                    name: x.name.clone(),
                    score: x.score.clone(),
                    national: x.national.clone(),
                    provincial: x.provincial.clone(),
                })
                .collect(),
            flags_title: l.pick("ข้อสังเกต", "Flags").into(),
            flags: self.flags.clone(),
            lost_title: l
                .pick(
                    "ข้อ OIT ที่ไม่ได้คะแนน และเหตุผลของผู้ประเมิน",
                    "OIT items lost, with the assessors' reasons",
                )
                .into(),
            lost: self
                .lost
                .iter()
                .map(|(c, r)| LostItem {
                    code: c.clone(),
                    reason: r.clone(),
                })
                .collect(),
            history_title: l.pick("เปรียบเทียบกับปีก่อน", "Year on year").into(),
            history_header: self.history_header.clone(),
            history: self.history.clone(),
            plan_title: self.plan_title.clone(),
            plan_intro: self.plan_intro.clone(),
            plan: self.plan.clone(),
        }
    }
}
