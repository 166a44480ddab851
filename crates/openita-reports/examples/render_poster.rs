//! Renders a sample survey poster and reports how long it takes.
//!
//! ```sh
//! cargo run --release -p openita-reports --example render_poster -- /tmp/poster.pdf
//! ```

use std::time::Instant;

use openita_reports::poster::{self, Instrument, PosterInput};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "poster.pdf".to_owned());
    let input = PosterInput {
        agency_name_th: "องค์การบริหารส่วนตำบลหนองบัวระเหว อำเภอหนองบัวระเหว จังหวัดชัยภูมิ".into(),
        agency_name_en: Some("Nong Bua Rawe Subdistrict Administrative Organization".into()),
        instrument: Instrument::Iit,
        fiscal_year_be: 2569,
        survey_url: "https://ita.example.go.th/s/K7QX2M9P".into(),
        window_th: "เปิดตอบ 1 ก.พ. 2569 – 31 พ.ค. 2569".into(),
        window_en: Some("Open 1 Feb 2026 – 31 May 2026".into()),
        minutes: 5,
        contact: Some("สอบถาม สำนักปลัด โทร 044 000 000".into()),
    };

    let start = Instant::now();
    let bytes = poster::pdf(&input)?;
    let first = start.elapsed();

    // Later posters differ in agency and link, as a batch for a province would.
    let runs: u32 = 20;
    let start = Instant::now();
    for i in 0..runs {
        let other = PosterInput {
            agency_name_th: format!("เทศบาลตำบลตัวอย่างที่ {i} อำเภอเมือง จังหวัดขอนแก่น"),
            survey_url: format!("https://ita.example.go.th/s/AGENCY{i:04}"),
            instrument: if i % 2 == 0 {
                Instrument::Iit
            } else {
                Instrument::Eit
            },
            ..input.clone()
        };
        poster::pdf(&other)?;
    }
    let each = start.elapsed() / runs;

    std::fs::write(&out, &bytes)?;
    println!(
        "wrote {out} ({} bytes); first poster {first:.1?} (includes font parsing), then {each:.1?} per poster (mean of {runs} different posters)",
        bytes.len()
    );
    Ok(())
}
