//! QR codes for survey links, as SVG (for pages and the PDF poster) and PNG (for chat apps and
//! slides).
//!
//! Error correction is level M (15 % of the code may be lost), enough for a printed poster
//! that gets a pin through it, while a typical survey URL stays a small version 3–4 code with
//! big modules. Both formats carry the quiet zone of four modules that scanners need.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use crate::error::ReportError;

/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

fn encode(text: &str) -> Result<QrCode, ReportError> {
    Ok(QrCode::with_error_correction_level(
        text.as_bytes(),
        EcLevel::M,
    )?)
}

/// The QR code of `text` as an SVG document that scales to any size.
///
/// One unit of the `viewBox` is one module, quiet zone included; there is no fixed width or
/// height, so the embedding page or PDF decides the size. Dark modules are a single black path
/// with `shape-rendering="crispEdges"` on a white background.
///
/// # Errors
/// [`ReportError::Qr`] when `text` is too long for a QR code.
pub fn svg(text: &str) -> Result<String, ReportError> {
    let code = encode(text)?;
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let mut path = String::with_capacity(colors.len() * 6);
    for (index, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let x = index % width + QUIET_ZONE;
            let y = index / width + QUIET_ZONE;
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// The QR code of `text` as a greyscale PNG at most `pixels` wide and high.
///
/// Every module is a whole number of pixels (the largest that fits, at least one), so the
/// image is sharp; it can therefore be a little smaller than `pixels`. The quiet zone is
/// included.
///
/// # Errors
/// [`ReportError::Qr`] when `text` is too long for a QR code, [`ReportError::Png`] if encoding
/// fails.
pub fn png(text: &str, pixels: u32) -> Result<Vec<u8>, ReportError> {
    let code = encode(text)?;
    let width = code.width();
    let modules = width + 2 * QUIET_ZONE;
    let scale = (usize::try_from(pixels).unwrap_or(usize::MAX) / modules).max(1);
    let side = modules * scale;
    let colors = code.to_colors();

    let mut image = vec![255_u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let left = (index % width + QUIET_ZONE) * scale;
        let top = (index / width + QUIET_ZONE) * scale;
        for row in top..top + scale {
            image[row * side + left..row * side + left + scale].fill(0);
        }
    }

    let side = u32::try_from(side).map_err(|_| qrcode::types::QrError::DataTooLong)?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&image)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://ita.example.go.th/s/K7QX2M9P";

    /// Decodes a greyscale PNG and reads the QR code in it.
    fn decode_png(bytes: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info()?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or("image too large")?];
        let info = reader.next_frame(&mut buf)?;
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        let (w, h) = (info.width as usize, info.height as usize);
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        let grids = prepared.detect_grids();
        let grid = grids.first().ok_or("no QR code found")?;
        Ok(grid.decode()?.1)
    }

    #[test]
    fn png_decodes_back_to_the_url() -> Result<(), Box<dyn std::error::Error>> {
        let png = png(URL, 300)?;
        assert_eq!(decode_png(&png)?, URL);
        Ok(())
    }

    #[test]
    fn png_uses_whole_pixel_modules_within_the_requested_size()
    -> Result<(), Box<dyn std::error::Error>> {
        let png = png(URL, 300)?;
        let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info()?;
        let (w, h) = (reader.info().width, reader.info().height);
        assert_eq!(w, h);
        assert!(w <= 300 && w > 200, "{w}");
        Ok(())
    }

    #[test]
    fn svg_scales_and_keeps_a_quiet_zone() -> Result<(), ReportError> {
        let svg = svg(URL)?;
        let code = encode(URL)?;
        let size = code.width() + 8;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        let svg_tag = svg.split('>').next().unwrap_or_default();
        assert!(!svg_tag.contains("width"), "no fixed size: {svg_tag}");
        // No dark module is drawn in the quiet zone: the first row and column of dark
        // modules start at 4.
        assert!(
            svg.contains("M4 4h1v1h-1z"),
            "the finder pattern starts at (4,4)"
        );
        assert!(!svg.contains("M3 ") && !svg.contains(" 3h1"));
        Ok(())
    }

    #[test]
    fn svg_modules_decode_back_to_the_url() -> Result<(), Box<dyn std::error::Error>> {
        // Rasterise the SVG's own path (one `Mx yh1v1h-1z` per dark module) and decode it,
        // so the test reads what a viewer would draw, not the encoder's matrix.
        let svg = svg(URL)?;
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .ok_or("no viewBox")?
            .parse()?;
        let d = svg.split(" d=\"").nth(1).ok_or("no path")?;
        let scale = 8;
        let side = size * scale;
        let mut pixels = vec![255_u8; side * side];
        for module in d.split('M').filter(|m| m.contains('h')) {
            let coords = module.split('h').next().ok_or("bad module")?;
            let (x, y) = coords.split_once(' ').ok_or("bad module")?;
            let (x, y): (usize, usize) = (x.parse()?, y.parse()?);
            for row in y * scale..(y + 1) * scale {
                pixels[row * side + x * scale..row * side + (x + 1) * scale].fill(0);
            }
        }
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = prepared.detect_grids();
        let grid = grids.first().ok_or("no QR code found")?;
        assert_eq!(grid.decode()?.1, URL);
        Ok(())
    }

    #[test]
    fn too_long_text_is_an_error_not_a_panic() {
        let long = "ก".repeat(3000);
        assert!(matches!(svg(&long), Err(ReportError::Qr(_))));
        assert!(matches!(png(&long, 100), Err(ReportError::Qr(_))));
    }
}
