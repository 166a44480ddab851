//! Measures an XLSX archive before the spreadsheet reader opens it.
//!
//! An XLSX file is a ZIP archive whose parts are inflated on reading, and calamine reads
//! some of them whole when it opens a workbook (the shared strings table, the styles). The
//! sizes written in the archive are claims, so each part is inflated here once, into
//! nothing, counting the bytes that really come out and stopping at the limits; the shared
//! strings are counted too, since the reader keeps one string per entry. Only an archive
//! that fits is handed to calamine, which then cannot be made to allocate more than the
//! limits allow. Reading a part twice costs a fraction of a second at these sizes.

use super::limits::{
    MAX_SHARED_STRINGS, MAX_XLSX_PART_BYTES, MAX_XLSX_PARTS, MAX_XLSX_UNZIPPED_BYTES, file_error,
};
use crate::CoreError;
use quick_xml::events::Event;
use std::io::{self, BufReader, Read};

/// The path calamine reads the shared strings from (compared as calamine compares it).
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

pub(super) fn unreadable(e: &dyn std::fmt::Display) -> CoreError {
    file_error(
        format!("เปิดไฟล์ Excel ไม่ได้: {e}"),
        format!("Cannot open the Excel file: {e}"),
    )
}

fn too_large_unzipped() -> CoreError {
    file_error(
        format!(
            "ไฟล์ Excel นี้เมื่อแตกไฟล์แล้วใหญ่เกินกว่าที่ระบบอ่าน (เกิน {} MB ต่อส่วน หรือ {} MB รวม): บันทึกเฉพาะแผ่นงานรายชื่อหน่วยงานเป็นไฟล์ใหม่",
            MAX_XLSX_PART_BYTES / (1024 * 1024),
            MAX_XLSX_UNZIPPED_BYTES / (1024 * 1024)
        ),
        format!(
            "Unzipped, this Excel file is larger than the importer reads (over {} MB in one part or {} MB in all): save only the sheet of agencies as a new file.",
            MAX_XLSX_PART_BYTES / (1024 * 1024),
            MAX_XLSX_UNZIPPED_BYTES / (1024 * 1024)
        ),
    )
}

/// Refuses an archive with too many parts, a part or a total that inflates beyond the
/// limits, or a shared strings table with more entries than any agency file needs.
pub(super) fn check_xlsx_budget(bytes: &[u8]) -> Result<(), CoreError> {
    let mut zip = zip::ZipArchive::new(io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.len() > MAX_XLSX_PARTS {
        return Err(file_error(
            format!("ไฟล์ Excel มีส่วนประกอบเกิน {MAX_XLSX_PARTS} ส่วน จึงไม่ใช่ไฟล์รายชื่อหน่วยงาน"),
            format!(
                "The Excel file has more than {MAX_XLSX_PARTS} parts; it is not an agency list."
            ),
        ));
    }
    let mut total = 0_u64;
    for index in 0..zip.len() {
        let mut part = zip.by_index(index).map_err(|e| unreadable(&e))?;
        let is_shared_strings = part
            .name()
            .replace('\\', "/")
            .eq_ignore_ascii_case(SHARED_STRINGS);
        let mut limited = (&mut part).take(MAX_XLSX_PART_BYTES + 1);
        let mut size = 0;
        if is_shared_strings {
            let mut counted = Counted::new(&mut limited);
            let strings = count_shared_strings(&mut counted);
            size += counted.bytes;
            if strings > MAX_SHARED_STRINGS {
                return Err(file_error(
                    format!(
                        "ไฟล์ Excel มีข้อความในตารางข้อความร่วมเกิน {MAX_SHARED_STRINGS} รายการ: บันทึกเฉพาะแผ่นงานรายชื่อหน่วยงานเป็นไฟล์ใหม่"
                    ),
                    format!(
                        "The Excel file's shared strings table has more than {MAX_SHARED_STRINGS} entries: save only the sheet of agencies as a new file."
                    ),
                ));
            }
        }
        size += io::copy(&mut limited, &mut io::sink()).map_err(|e| unreadable(&e))?;
        total += size;
        if size > MAX_XLSX_PART_BYTES || total > MAX_XLSX_UNZIPPED_BYTES {
            return Err(too_large_unzipped());
        }
    }
    Ok(())
}

/// Counts the `<si>` entries of a shared strings table as the spreadsheet reader will see
/// them, stopping at one past the limit. Malformed XML ends the count: the reader reports it.
fn count_shared_strings(reader: &mut impl Read) -> usize {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader));
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut count = 0;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"si" => {
                count += 1;
                if count > MAX_SHARED_STRINGS {
                    return count;
                }
            }
            Ok(Event::Eof) | Err(_) => return count,
            Ok(_) => {}
        }
    }
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Self {
        Counted { inner, bytes: 0 }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}
