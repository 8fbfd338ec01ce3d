//! Files on messages: which kinds are accepted (decided from the bytes, never
//! from the name or the sender's claim), how large, and how names are shown.

use serde::{Deserialize, Serialize};

/// Largest file accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
/// Most files on one message.
pub const MAX_ATTACHMENTS: usize = 5;
/// Longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 100;
/// What the file picker offers.
pub const ACCEPT: &str = "image/png,image/jpeg,image/gif,image/webp,application/pdf";

/// A file on a message, as the timeline shows it. `token` is the server-chosen
/// name it is stored and served under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub token: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

impl AttachmentView {
    /// Where the file is served.
    pub fn url(&self) -> String {
        format!("/attachments/{}", self.token)
    }

    /// Whether it is shown as a picture.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

/// The kind of a file from its first bytes: PNG, JPEG, GIF, WebP or PDF;
/// anything else (including SVG, which can carry script) is refused.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The file name extension that goes with a kind.
fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "pdf",
    }
}

/// A name fit to show and to offer for download: the last part of what the
/// sender called it, without control characters, quotes or slashes, at most
/// [`MAX_NAME_CHARS`], ending in the extension of its real kind.
pub fn clean_filename(name: &str, content_type: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | ';'))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    if clean.is_empty() {
        clean = "attachment".into();
    }
    let ext = extension(content_type);
    let has_ext = clean.rsplit_once('.').is_some_and(|(_, e)| {
        e.eq_ignore_ascii_case(ext) || (ext == "jpg" && e.eq_ignore_ascii_case("jpeg"))
    });
    if !has_ext {
        clean = format!("{clean}.{ext}");
    }
    clean
}

/// Checks an uploaded file; the error is for the person who sent it.
pub fn check_upload(bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err("The file is empty.".into());
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_large());
    }
    sniff(bytes)
        .ok_or_else(|| "Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached.".into())
}

/// The refusal of a file over [`MAX_ATTACHMENT_BYTES`].
pub fn too_large() -> String {
    format!(
        "A file can be at most {} MB.",
        MAX_ATTACHMENT_BYTES / (1024 * 1024)
    )
}

/// "12 KB", "1.4 MB".
pub fn size_words(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a..."), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
    }

    #[test]
    fn uploads_are_checked_for_emptiness_size_and_kind() {
        assert_eq!(check_upload(b"%PDF-1.4 ..."), Ok("application/pdf"));
        assert_eq!(check_upload(b"").unwrap_err(), "The file is empty.");
        assert!(check_upload(b"hello").unwrap_err().contains("Only images"));
        let big = [b"%PDF-".as_slice(), &vec![0u8; MAX_ATTACHMENT_BYTES]].concat();
        assert_eq!(
            check_upload(&big).unwrap_err(),
            "A file can be at most 5 MB."
        );
    }

    #[test]
    fn names_are_cleaned_and_carry_their_real_extension() {
        assert_eq!(
            clean_filename("../../etc/passwd", "application/pdf"),
            "passwd.pdf"
        );
        assert_eq!(
            clean_filename("C:\\Users\\me\\scan.PDF", "application/pdf"),
            "scan.PDF"
        );
        assert_eq!(clean_filename("photo.jpeg", "image/jpeg"), "photo.jpeg");
        assert_eq!(
            clean_filename("evil\"name<script>.png", "image/png"),
            "evilnamescript.png"
        );
        assert_eq!(
            clean_filename("invoice.exe", "application/pdf"),
            "invoice.exe.pdf"
        );
        assert_eq!(clean_filename("  ", "image/gif"), "attachment.gif");
        assert_eq!(clean_filename(".hidden", "image/png"), "hidden.png");
        assert_eq!(
            clean_filename(&"a".repeat(300), "image/png")
                .chars()
                .count(),
            MAX_NAME_CHARS + 4
        );
    }

    #[test]
    fn sizes_read_in_kilobytes_or_megabytes() {
        assert_eq!(size_words(1), "1 KB");
        assert_eq!(size_words(2048), "2 KB");
        assert_eq!(size_words(1_500_000), "1.4 MB");
    }
}
