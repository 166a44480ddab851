//! The poster read back the way people and scanners see it: text extracted with poppler's
//! `pdftotext` (proves Thai was shaped and mapped to Unicode correctly, in reading order) and
//! the QR code decoded from a rasterised page (`pdftoppm`). Needs poppler-utils
//! (`apt-get install poppler-utils`).

use std::path::Path;
use std::process::Command;

use openita_reports::poster::{self, Instrument, PosterInput};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const AGENCY: &str = "องค์การบริหารส่วนตำบลหนองบัวระเหว อำเภอหนองบัวระเหว จังหวัดชัยภูมิ";
const URL: &str = "https://ita.example.go.th/s/K7QX2M9P";

fn input(instrument: Instrument) -> PosterInput {
    PosterInput {
        agency_name_th: AGENCY.into(),
        agency_name_en: Some("Nong Bua Rawe Subdistrict Administrative Organization".into()),
        instrument,
        fiscal_year_be: 2569,
        survey_url: URL.into(),
        window_th: "เปิดตอบ 1 ก.พ. 2569 – 31 พ.ค. 2569".into(),
        window_en: Some("Open 1 Feb 2026 – 31 May 2026".into()),
        minutes: 5,
        contact: Some("สอบถาม สำนักปลัด โทร 044 000 000".into()),
    }
}

/// Runs a poppler tool, failing with an install hint when it is missing.
fn poppler(tool: &str, args: &[&str]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let output = Command::new(tool).args(args).output().map_err(|err| {
        format!(
            "cannot run `{tool}` ({err}): install poppler-utils (apt-get install poppler-utils)"
        )
    })?;
    if !output.status.success() {
        return Err(format!("{tool} failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(output.stdout)
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    Ok(path.to_str().ok_or("temp path is not UTF-8")?.to_owned())
}

fn page_count(pdf: &str) -> Result<u32, Box<dyn std::error::Error>> {
    let info = String::from_utf8(poppler("pdfinfo", &[pdf])?)?;
    let pages = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .ok_or("pdfinfo printed no page count")?;
    Ok(pages.trim().parse()?)
}

/// Text without any whitespace, so a name wrapped over two lines still matches.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn position(haystack: &str, needle: &str) -> Result<usize, String> {
    haystack
        .find(&squeeze(needle))
        .ok_or_else(|| format!("{needle:?} not found in the extracted text:\n{haystack}"))
}

#[test]
fn poster_text_is_extractable_thai_in_reading_order() -> TestResult {
    let bytes = poster::pdf(&input(Instrument::Iit))?;
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir()?;
    let pdf = write_pdf(dir.path(), "poster.pdf", &bytes)?;
    assert_eq!(page_count(&pdf)?, 1, "the poster must fit one page");

    let text = String::from_utf8(poppler("pdftotext", &["-enc", "UTF-8", &pdf, "-"])?)?;
    let flat = squeeze(&text);
    let agency = position(&flat, AGENCY)?;
    let instrument = position(&flat, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)")?;
    let year = position(&flat, "ประจำปีงบประมาณ พ.ศ. 2569")?;
    let url = position(&flat, URL)?;
    let window = position(&flat, "เปิดตอบ 1 ก.พ. 2569 – 31 พ.ค. 2569")?;
    let anonymous = position(&flat, "ไม่ต้องระบุชื่อ ระบบไม่เก็บข้อมูลที่ระบุตัวตนผู้ตอบ")?;
    assert!(agency < instrument, "agency before instrument");
    assert!(instrument < year, "instrument before year");
    assert!(year < url, "year before URL");
    assert!(url < window, "URL before window");
    assert!(window < anonymous, "window before instructions");

    // Stacked marks come out in logical order: shaping and the ToUnicode map worked.
    assert!(text.contains("ผู้มีส่วนได้ส่วนเสีย"), "{text}");
    assert!(text.contains("ใช้เวลาประมาณ 5 นาที"), "{text}");
    assert!(text.contains("Fiscal year 2026"), "{text}");
    Ok(())
}

#[test]
fn eit_poster_names_the_external_survey() -> TestResult {
    let bytes = poster::pdf(&input(Instrument::Eit))?;
    let dir = tempfile::tempdir()?;
    let pdf = write_pdf(dir.path(), "eit.pdf", &bytes)?;
    let text = String::from_utf8(poppler("pdftotext", &["-enc", "UTF-8", &pdf, "-"])?)?;
    let flat = squeeze(&text);
    position(&flat, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)")?;
    assert!(!flat.contains("(IIT)"));
    Ok(())
}

#[test]
fn a_very_long_agency_name_still_fits_one_page() -> TestResult {
    let long_name = format!("{AGENCY} {AGENCY} {AGENCY}");
    let long_url =
        format!("{URL}?utm_source=poster&utm_medium=print&agency=1234567890&lang=th&x=yz");
    let poster = PosterInput {
        agency_name_th: long_name.clone(),
        survey_url: long_url.clone(),
        ..input(Instrument::Eit)
    };
    let bytes = poster::pdf(&poster)?;
    let dir = tempfile::tempdir()?;
    let pdf = write_pdf(dir.path(), "long.pdf", &bytes)?;
    assert_eq!(page_count(&pdf)?, 1);
    let text = String::from_utf8(poppler("pdftotext", &["-enc", "UTF-8", &pdf, "-"])?)?;
    let flat = squeeze(&text);
    position(&flat, &long_name)?;
    // The URL is shrunk to fit one line instead of running off the page.
    position(&flat, &long_url)?;
    assert!(text.lines().any(|line| line.trim() == long_url), "{text}");
    Ok(())
}

/// Reads a binary PGM (P5), as `pdftoppm -gray` writes it.
fn parse_pgm(bytes: &[u8]) -> Result<(usize, usize, &[u8]), Box<dyn std::error::Error>> {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        let start = pos;
        while bytes.get(pos).is_some_and(|b| !b.is_ascii_whitespace()) {
            pos += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..pos])?.to_owned());
    }
    if fields[0] != "P5" || fields[3] != "255" {
        return Err(format!("not an 8-bit PGM: {fields:?}").into());
    }
    let (width, height): (usize, usize) = (fields[1].parse()?, fields[2].parse()?);
    let pixels = bytes
        .get(pos + 1..pos + 1 + width * height)
        .ok_or("PGM too short")?;
    Ok((width, height, pixels))
}

#[test]
fn the_printed_qr_code_scans_to_the_survey_url() -> TestResult {
    let bytes = poster::pdf(&input(Instrument::Iit))?;
    let dir = tempfile::tempdir()?;
    let pdf = write_pdf(dir.path(), "scan.pdf", &bytes)?;
    let pgm = poppler("pdftoppm", &["-gray", "-r", "100", "-singlefile", &pdf])?;
    let (width, height, pixels) = parse_pgm(&pgm)?;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code on the poster");
    let (_, content) = grids[0].decode()?;
    assert_eq!(content, URL);
    Ok(())
}
