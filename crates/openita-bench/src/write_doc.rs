//! `openita-bench write-doc`: the "Latest run" section of docs/benchmarks.md from the
//! figures `scripts/bench-all` collected, with the date, the machine and each figure beside
//! its target. Only the section between the markers is replaced; the history below stays.

use crate::figures::{self, Figure};
use anyhow::{Context, Result};
use std::{fmt::Write as _, path::PathBuf};

const START: &str = "<!-- bench-all:start -->";
const END: &str = "<!-- bench-all:end -->";

#[derive(Debug, Clone, clap::Args)]
pub struct WriteDocArgs {
    /// The JSON-lines file the benchmarks appended to (`OPENITA_BENCH_FIGURES`).
    #[arg(long)]
    pub figures: PathBuf,
    /// The document to update.
    #[arg(long, default_value = "docs/benchmarks.md")]
    pub doc: PathBuf,
    /// The code measured (git commit), as the script passes it.
    #[arg(long, default_value = "")]
    pub commit: String,
    /// The compiler (`rustc --version`).
    #[arg(long, default_value = "")]
    pub rustc: String,
    /// Minutes the whole run took.
    #[arg(long, default_value_t = 0.0)]
    pub minutes: f64,
}

pub fn write_doc(args: &WriteDocArgs) -> Result<()> {
    let figures = figures::read(&args.figures)?;
    anyhow::ensure!(
        !figures.is_empty(),
        "no figures in {}",
        args.figures.display()
    );
    let section = render(&figures, args);
    let doc = std::fs::read_to_string(&args.doc)
        .with_context(|| format!("reading {}", args.doc.display()))?;
    let updated = splice(&doc, &section);
    std::fs::write(&args.doc, updated)
        .with_context(|| format!("writing {}", args.doc.display()))?;
    let missed = figures.iter().filter(|f| f.met() == Some(false)).count();
    println!(
        "{}: {} figures, {} targets met, {missed} missed",
        args.doc.display(),
        figures.len(),
        figures.iter().filter(|f| f.met() == Some(true)).count()
    );
    Ok(())
}

/// The section in place of the old one, or after the document's first paragraph.
fn splice(doc: &str, section: &str) -> String {
    if let (Some(start), Some(end)) = (doc.find(START), doc.find(END))
        && start < end
    {
        // The section ends in its own newline: the one after the old END goes with it, or
        // every run would add a blank line.
        let rest = &doc[end + END.len()..];
        let rest = rest.strip_prefix('\n').unwrap_or(rest);
        return format!("{}{section}{rest}", &doc[..start]);
    }
    match doc.find("\n\n## ") {
        Some(at) => format!("{}\n\n{section}{}", &doc[..at], &doc[at..]),
        None => format!("{doc}\n{section}\n"),
    }
}

fn render(figures: &[Figure], args: &WriteDocArgs) -> String {
    let now = chrono::Utc::now();
    let mut s = String::new();
    let _ = writeln!(s, "{START}");
    let _ = writeln!(s, "## Latest run: every benchmark (`scripts/bench-all`)\n");
    let _ = writeln!(
        s,
        "Written by `scripts/bench-all` on {} UTC (B.E. {}){}{}; the whole run took {:.0} minutes. \
         The sections after this one keep each issue's measurements and their history.\n",
        now.format("%Y-%m-%d %H:%M"),
        now.format("%Y")
            .to_string()
            .parse::<i32>()
            .map_or(0, |y| y + 543),
        if args.commit.is_empty() {
            String::new()
        } else {
            format!(", commit `{}`", args.commit)
        },
        if args.rustc.is_empty() {
            String::new()
        } else {
            format!(", {} release build", args.rustc)
        },
        args.minutes
    );
    let _ = writeln!(s, "Machine: {}.\n", machine());
    let _ = writeln!(s, "| benchmark | figure | value | target | met? |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    let mut reasons = Vec::new();
    for f in figures {
        let target = match (f.at_least, f.below) {
            (Some(t), _) => format!(">= {}", value(t, &f.unit)),
            (_, Some(t)) => format!("< {}", value(t, &f.unit)),
            _ => String::new(),
        };
        let met = match f.met() {
            Some(true) => "yes".to_string(),
            Some(false) => {
                reasons.push(f);
                format!("**no** ({})", reasons.len())
            }
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {target} | {met} |",
            f.bench,
            f.name,
            value(f.value, &f.unit)
        );
    }
    if !reasons.is_empty() {
        let _ = writeln!(s, "\nMissed targets, and why:\n");
        for (i, f) in reasons.iter().enumerate() {
            let _ = writeln!(
                s,
                "{}. {}, {}: {}",
                i + 1,
                f.bench,
                f.name,
                f.why_missed
                    .as_deref()
                    .unwrap_or("no reason recorded yet: profile it")
            );
        }
    }
    let _ = writeln!(s, "{END}");
    s
}

/// A figure as people read it: thousands separated, milliseconds to a tenth.
fn value(v: f64, unit: &str) -> String {
    let number = if v.abs() >= 1000.0 {
        group(v.round())
    } else if v.fract() == 0.0 || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    match unit {
        "" => number,
        "/s" | "%" => format!("{number}{unit}"),
        _ => format!("{number} {unit}"),
    }
}

fn group(v: f64) -> String {
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// Cores, processor, memory, kernel and system, from /proc and /etc/os-release.
fn machine() -> String {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown processor", str::trim)
        .to_string();
    let mem_gib = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default();
    let load = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{} cores ({model}), {mem_gib:.1} GiB, Linux {kernel}, {os}; load average at the end {load}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_replaces_its_old_self_and_nothing_else() {
        let doc = "# Benchmarks\n\nIntro.\n\n## Old section\n\nkept\n";
        let once = splice(doc, &format!("{START}\nfirst\n{END}\n"));
        assert!(once.starts_with("# Benchmarks\n\nIntro.\n\n<!-- bench-all:start -->\nfirst"));
        assert!(once.ends_with("## Old section\n\nkept\n"));
        let twice = splice(&once, &format!("{START}\nsecond\n{END}\n"));
        assert!(!twice.contains("first") && twice.contains("second"));
        assert_eq!(twice.matches(START).count(), 1);
        assert!(twice.ends_with("## Old section\n\nkept\n"));
        let again = splice(&twice, &format!("{START}\nsecond\n{END}\n"));
        assert_eq!(again, twice, "a run with the same figures changes nothing");
    }

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(value(4231.4, "/s"), "4,231/s");
        assert_eq!(value(27.25, "ms"), "27.2 ms");
        assert_eq!(value(0.78, "s"), "0.78 s");
        assert_eq!(value(75.0, "MiB"), "75 MiB");
    }
}
