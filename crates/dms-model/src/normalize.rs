//! Input normalisation, applied before any rule is checked.
//!
//! People type on Arabic keyboards, paste from WhatsApp (which adds bidi marks) and write phone numbers
//! in every local spelling. The DMS should receive one spelling, so the lead is normalised first and the
//! rules then see exactly what will be sent.

use std::sync::OnceLock;

/// Optional NFC implementation supplied by the host (the browser widget passes
/// `String.prototype.normalize`); used when the `nfc` feature is off.
static NFC_HOOK: OnceLock<fn(&str) -> String> = OnceLock::new();

/// Installs the NFC composer used when this crate is built without the `nfc` feature. The first call wins.
pub fn set_nfc_hook(hook: fn(&str) -> String) {
    let _ = NFC_HOOK.set(hook);
}

fn nfc(s: &str) -> String {
    // ASCII text is always in NFC: no table lookup (and, in the browser, no call out to JS).
    if s.is_ascii() {
        return s.to_owned();
    }
    #[cfg(feature = "nfc")]
    {
        use unicode_normalization::UnicodeNormalization;
        s.nfc().collect()
    }
    #[cfg(not(feature = "nfc"))]
    {
        match NFC_HOOK.get() {
            Some(hook) => hook(s),
            None => s.to_owned(),
        }
    }
}

/// Bidirectional formatting characters that copy-paste drags along and that must never reach the DMS.
fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Arabic-Indic (U+0660…) and Extended Arabic-Indic / Persian (U+06F0…) digits as ASCII.
fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

/// ASCII text that [`normalize_text`] would give back unchanged: words separated by single spaces,
/// nothing around them. Most texts are, and they skip the general path.
fn is_normal_ascii(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes
        .iter()
        .all(|b| b.is_ascii() && (*b == b' ' || !b.is_ascii_whitespace()))
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !s.contains("  ")
}

/// NFC, digits to ASCII, bidi marks removed, white space trimmed and runs of it folded to one space.
/// Idempotent: `normalize_text(normalize_text(s)) == normalize_text(s)`.
pub fn normalize_text(s: &str) -> String {
    if is_normal_ascii(s) {
        return s.to_owned();
    }
    let cleaned: String = s
        .chars()
        .filter(|c| !is_bidi_mark(*c))
        .map(ascii_digit)
        .collect();
    let composed = nfc(&cleaned);
    let mut out = String::with_capacity(composed.len());
    for word in composed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The Saudi country calling code as the DMS spells it.
pub const SAUDI_PHONE_CODE: &str = "00966";

/// Normalises a phone number typed for the calling code `phone_code` (`00966`, `00971`, …): keeps digits
/// only, then removes the calling code however it was written (`+9665…`, `009665…`, `9665…`) and, for
/// Saudi numbers, the national trunk prefix (`05…` → `5…`). A number that is not digits after removing
/// spaces, dashes, dots and brackets is returned as typed (normalised text) so validation can say so.
pub fn normalize_phone(phone_code: &str, raw: &str) -> String {
    let text = normalize_text(raw);
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
        .collect();
    let (had_plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    let country = normalize_text(phone_code);
    let country = country.trim_start_matches('+').trim_start_matches("00");
    let mut national = digits;
    if !country.is_empty() {
        if let Some(rest) = digits
            .strip_prefix("00")
            .and_then(|d| d.strip_prefix(country))
        {
            national = rest;
        } else if let Some(rest) = digits.strip_prefix(country) {
            // Without `+` or `00`, only strip when what is left is a plausible national number, so
            // a Saudi number such as 966… typed without a prefix is not mistaken for one.
            if had_plus || rest.len() >= 8 {
                national = rest;
            }
        }
    }
    if country == &SAUDI_PHONE_CODE[2..] && national.len() == 10 && national.starts_with("05") {
        national = &national[1..];
    }
    national.to_owned()
}

/// Normalises an email address: text normalisation, no inner spaces, domain in lower case.
pub fn normalize_email(raw: &str) -> String {
    let text: String = normalize_text(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match text.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_folded_and_cleaned() {
        assert_eq!(normalize_text("  Abdullah \t  Careem "), "Abdullah Careem");
        assert_eq!(normalize_text("\u{200F}محمد\u{200E}"), "محمد");
        assert_eq!(
            normalize_text("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹"),
            "0123456789 0123456789"
        );
        assert_eq!(normalize_text("\u{00A0}x\u{00A0}"), "x");
    }

    #[cfg(feature = "nfc")]
    #[test]
    fn text_is_composed() {
        assert_eq!(normalize_text("e\u{0301}"), "\u{00E9}");
        // Alef + hamza above composes to U+0623.
        assert_eq!(normalize_text("\u{0627}\u{0654}"), "\u{0623}");
    }

    #[test]
    fn saudi_phone_spellings() {
        for raw in [
            "555555555",
            "0555555555",
            "+966555555555",
            "+966 55 555 5555",
            "00966555555555",
            "966555555555",
            "٠٥٥٥٥٥٥٥٥٥",
            "(055) 555-5555",
        ] {
            assert_eq!(normalize_phone("00966", raw), "555555555", "{raw}");
        }
    }

    #[test]
    fn other_codes_and_garbage() {
        assert_eq!(normalize_phone("00971", "+971501234567"), "501234567");
        assert_eq!(normalize_phone("00971", "0501234567"), "0501234567");
        assert_eq!(normalize_phone("00966", "55-abc"), "55-abc");
        assert_eq!(normalize_phone("00966", ""), "");
        // Short number that merely starts with the code digits is kept.
        assert_eq!(normalize_phone("00966", "96612"), "96612");
    }

    #[test]
    fn email() {
        assert_eq!(
            normalize_email(" Sara.Ali@Example.COM "),
            "Sara.Ali@example.com"
        );
    }
}
