//! The national run's figures for docs/benchmarks.md (`scripts/bench-all`), with the targets
//! of issues 5, 12 and 14.

use super::{drive::DriveStage, measure::Path, public_reads::PublicReads, report::RawStage};
use crate::figures::Figure;

const BENCH: &str = "nation, 8,317 agencies, 1.35 M responses";

fn seconds(d: std::time::Duration) -> f64 {
    d.as_secs_f64()
}

/// Stages (a), (b), the public reads from `openita serve` as its own process, and the drive.
pub fn of(
    engine: &str,
    sums: &Path,
    raw: Option<&RawStage>,
    reads: Option<&PublicReads>,
    drive: Option<&DriveStage>,
) -> Vec<Figure> {
    let bench = format!("{BENCH}, {engine}");
    let mut figures = vec![
        Figure::new(
            &bench,
            "(a) scoring from running sums, median",
            seconds(sums.total.median()),
            "s",
        )
        .below(1.0)
        .why_missed(
            "the read of 757,324 tally rows is sensitive to other work on the machine: \
             0.75-0.78 s on a quiet one, about 1 s with a build beside it (see \"National \
             results\"); compare the run's load average",
        ),
    ];
    if let Some(raw) = raw {
        figures.push(
            Figure::new(
                &bench,
                "(b) scoring from raw responses, median",
                seconds(raw.raw.total.median()),
                "s",
            )
            .below(15.0),
        );
    }
    if let Some(reads) = reads {
        let server = format!("{bench}, openita serve as a process");
        for line in &reads.lines {
            let target = line.route.what.contains("results.xlsx");
            let mut figure = Figure::new(
                &server,
                &format!("{} p95", line.route.what),
                line.warm.ms(0.95),
                "ms",
            );
            figure = if target {
                figure.below(5_000.0)
            } else {
                figure.below(50.0)
            };
            figures.push(figure);
        }
        let peak = reads
            .lines
            .iter()
            .map(|l| l.peak_kib)
            .chain([reads.together.peak_kib])
            .max()
            .unwrap_or(0);
        figures.push(
            Figure::new(
                &server,
                "server peak RSS while serving the downloads",
                peak as f64 / 1024.0,
                "MiB",
            )
            .below(200.0),
        );
    }
    if let Some(drive) = drive {
        figures.push(
            Figure::new(
                &bench,
                "province dashboard (about 200 agencies) p95",
                drive.dashboard.ms(0.95),
                "ms",
            )
            .below(50.0),
        );
        figures.push(
            Figure::new(
                &bench,
                "national view (77 provinces) p95",
                drive.national.ms(0.95),
                "ms",
            )
            .below(50.0),
        );
    }
    figures
}
