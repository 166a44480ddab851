//! What kind of document a body is, from its `Content-Type` and its first
//! bytes.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Html,
    Text,
    Pdf,
    Ooxml,
    Other(String),
}

pub(super) fn sniff(content_type: Option<&str>, bytes: &[u8]) -> Kind {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Kind::Ooxml;
    }
    if ct.contains("html") {
        return Kind::Html;
    }
    if ct.contains("pdf") {
        return Kind::Pdf;
    }
    if ct.starts_with("text/") || ct.contains("json") || ct.contains("xml") || ct.contains("csv") {
        return Kind::Text;
    }
    let generic = ct.is_empty() || ct.starts_with("application/octet-stream");
    if generic {
        let start = String::from_utf8_lossy(head)
            .trim_start()
            .to_ascii_lowercase();
        if start.starts_with("<!doctype html") || start.starts_with("<html") {
            return Kind::Html;
        }
        if std::str::from_utf8(bytes).is_ok() {
            return Kind::Text;
        }
    }
    let what = ct.split(';').next().unwrap_or("").trim().to_owned();
    Kind::Other(if what.is_empty() {
        "unknown binary".to_owned()
    } else {
        what
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff(Some("text/html; charset=utf-8"), b"<p>x"), Kind::Html);
        assert_eq!(
            sniff(Some("application/octet-stream"), b"%PDF-1.7\n"),
            Kind::Pdf
        );
        assert_eq!(sniff(None, b"\r\n%PDF-1.4"), Kind::Pdf);
        assert_eq!(sniff(Some("application/pdf"), b"garbage"), Kind::Pdf);
        assert_eq!(
            sniff(Some("application/octet-stream"), b"PK\x03\x04rest"),
            Kind::Ooxml
        );
        assert_eq!(sniff(None, b"  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(sniff(Some("text/csv"), b"a,b"), Kind::Text);
        assert_eq!(sniff(None, b"plain 2568"), Kind::Text);
        assert_eq!(
            sniff(Some("image/jpeg"), b"\xFF\xD8\xFF"),
            Kind::Other("image/jpeg".into())
        );
        assert_eq!(
            sniff(None, b"\xFF\xD8\xFF"),
            Kind::Other("unknown binary".into())
        );
    }
}
