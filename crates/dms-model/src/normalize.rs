//! Input normalisation, applied before any rule is checked.
//!
//! People type on Arabic keyboards, paste from WhatsApp (which adds bidi marks) and write phone numbers
//! in every local spelling. The DMS should receive one spelling, so the lead is normalised first and the
//! rules then see exactly what will be sent.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The Unicode text services this crate needs tables for, supplied by the host when it is built
/// without them (feature `unicode-tables` off). The browser widget passes the browser's own
/// (`String.prototype.normalize` and `toLowerCase`): its download is budgeted, and the browser
/// carries the same tables already.
#[derive(Clone, Copy)]
pub struct UnicodeHost {
    /// NFC composition.
    pub nfc: fn(&str) -> String,
    /// Unicode's default lower-case mapping, what `str::to_lowercase` does.
    pub to_lowercase: fn(&str) -> String,
}

static UNICODE_HOST: OnceLock<UnicodeHost> = OnceLock::new();

/// Installs the host's text services, used when this crate is built without the `unicode-tables`
/// feature. The first call wins. Without a host, text is not composed and only ASCII letters are
/// put in lower case.
pub fn set_unicode_host(host: UnicodeHost) {
    let _ = UNICODE_HOST.set(host);
}

/// Characters NFC leaves alone wherever they stand: starters (combining class 0) that are their own
/// composition and that nothing composes with as a second character. ASCII, Latin-1 and the Arabic
/// letters, digits and punctuation without marks: what nearly every name, city and note in a lead is
/// made of. Arabic marks (harakat, hamza and madda above/below, U+0610–U+061A, U+064B–U+065F, U+0670,
/// U+06D6–U+06ED) are not in the set: they combine or reorder. Checked against the full Unicode
/// tables, pair by pair, in the tests.
fn is_nfc_inert(c: char) -> bool {
    matches!(c,
        '\0'..='\u{00FF}'
        | '\u{0600}'..='\u{060F}'
        | '\u{061B}'..='\u{064A}'
        | '\u{0660}'..='\u{066F}'
        | '\u{0671}'..='\u{06D5}'
        | '\u{06EE}'..='\u{06FF}')
}

fn nfc(s: &str) -> String {
    // Text made of inert characters is in NFC already: no table lookup (and, in the browser, no
    // call out to JS). That is every ASCII text and most Arabic ones.
    if s.chars().all(is_nfc_inert) {
        return s.to_owned();
    }
    #[cfg(feature = "unicode-tables")]
    {
        use unicode_normalization::UnicodeNormalization;
        s.nfc().collect()
    }
    #[cfg(not(feature = "unicode-tables"))]
    {
        match UNICODE_HOST.get() {
            Some(host) => (host.nfc)(s),
            None => s.to_owned(),
        }
    }
}

/// `s` in lower case, as `str::to_lowercase` puts it. ASCII text (nearly every email domain) needs
/// no table; other text goes to the standard library's tables or, without them, to the host's.
fn to_lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(feature = "unicode-tables")]
    {
        s.to_lowercase()
    }
    #[cfg(not(feature = "unicode-tables"))]
    {
        match UNICODE_HOST.get() {
            Some(host) => (host.to_lowercase)(s),
            None => s.to_ascii_lowercase(),
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

/// Text that [`normalize_text`] gives back unchanged: inert characters only (see [`is_nfc_inert`]),
/// no bidi mark, no Arabic-Indic digit, no white space but single spaces between words. Most texts
/// are, and they skip the general path. One pass, no allocation, one `match` per character (this
/// runs for every cell of an import); `the_shortcut_agrees_with_the_full_path` holds it to
/// [`normalize_text_slow`].
fn is_normal(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut after_space = true; // so a leading space is not normal
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let c = if byte < 0x80 {
            i += 1;
            char::from(byte)
        } else if (0xC2..0xE0).contains(&byte) {
            // Two bytes: U+0080..U+07FF, where every non-ASCII inert character is. Longer
            // sequences are never normal here.
            let c = (u32::from(byte & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            i += 2;
            char::from_u32(c).unwrap_or('\u{FFFD}')
        } else {
            return false;
        };
        match c {
            ' ' if after_space => return false,
            ' ' => after_space = true,
            // Inert, minus white space (TAB…CR, NEL, NBSP), the Arabic letter mark (a bidi mark)
            // and Arabic-Indic / Persian digits.
            '\0'..='\u{0008}'
            | '\u{000E}'..='\u{001F}'
            | '!'..='\u{0084}'
            | '\u{0086}'..='\u{009F}'
            | '\u{00A1}'..='\u{00FF}'
            | '\u{0600}'..='\u{060F}'
            | '\u{061B}'
            | '\u{061D}'..='\u{064A}'
            | '\u{066A}'..='\u{066F}'
            | '\u{0671}'..='\u{06D5}'
            | '\u{06EE}'..='\u{06EF}'
            | '\u{06FA}'..='\u{06FF}' => after_space = false,
            _ => return false,
        }
    }
    // Ends in a space (or is empty, which is normal).
    !after_space || s.is_empty()
}

/// [`normalize_text`] without a copy when the text is normal already: for comparing and indexing
/// many texts (CSV imports), where most cells are.
pub fn normalized(s: &str) -> Cow<'_, str> {
    normalized_keeping(s, false)
}

/// [`normalized`] line by line, for a note: its line breaks are the writer's (a CSV cell, a
/// provider's comments, the form's text area) and reach the DMS; blank lines are dropped.
pub fn normalized_lines(s: &str) -> Cow<'_, str> {
    normalized_keeping(s, true)
}

fn normalized_keeping(s: &str, lines: bool) -> Cow<'_, str> {
    if is_normal(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalize_text_slow(s, lines))
    }
}

/// NFC, digits to ASCII, bidi marks removed, white space trimmed and runs of it folded to one space.
/// Idempotent: `normalize_text(normalize_text(s)) == normalize_text(s)`.
pub fn normalize_text(s: &str) -> String {
    normalized(s).into_owned()
}

fn normalize_text_slow(s: &str, lines: bool) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !is_bidi_mark(*c))
        .map(ascii_digit)
        .collect();
    let composed = nfc(&cleaned);
    let mut out = String::with_capacity(composed.len());
    for line in composed.split(|c| lines && c == '\n') {
        let mut starts_line = lines;
        for word in line.split_whitespace() {
            if !out.is_empty() {
                out.push(if starts_line { '\n' } else { ' ' });
            }
            starts_line = false;
            out.push_str(word);
        }
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
        Some((local, domain)) => format!("{local}@{}", to_lowercase(domain)),
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

    #[cfg(feature = "unicode-tables")]
    #[test]
    fn text_is_composed() {
        assert_eq!(normalize_text("e\u{0301}"), "\u{00E9}");
        // Alef + hamza above composes to U+0623.
        assert_eq!(normalize_text("\u{0627}\u{0654}"), "\u{0623}");
    }

    /// The fast paths are only right if no pair of "inert" characters changes under NFC.
    #[cfg(feature = "unicode-tables")]
    #[test]
    fn inert_characters_are_nfc_in_every_pair() {
        use unicode_normalization::UnicodeNormalization;
        let inert: Vec<char> = (0..=0x06FF_u32)
            .filter_map(char::from_u32)
            .filter(|c| is_nfc_inert(*c))
            .collect();
        assert!(inert.len() > 400);
        let mut pair = String::new();
        for a in &inert {
            for b in &inert {
                pair.clear();
                pair.push(*a);
                pair.push(*b);
                assert!(
                    pair.nfc().eq(pair.chars()),
                    "{:04X} {:04X}",
                    *a as u32,
                    *b as u32
                );
            }
        }
        // And the marks left out do change something somewhere.
        assert_ne!(normalize_text("\u{0627}\u{0653}"), "\u{0627}\u{0653}");
    }

    proptest::proptest! {
        /// The shortcut answers what the full path would, on text built from the characters where
        /// they could differ (spaces of every kind, bidi marks, Arabic digits and marks).
        #[test]
        fn the_shortcut_agrees_with_the_full_path(
            s in "[ \\t\r\u{000B}\u{0085}\u{00A0}\u{2000}\u{200F}\u{061C}\u{0000}-\u{00FF}\u{0600}-\u{06FF}]{0,10}|\\PC{0,20}",
        ) {
            let full = normalize_text_slow(&s, false);
            proptest::prop_assert_eq!(normalized(&s), full.as_str());
        }
    }

    #[test]
    fn normal_text_is_borrowed_and_the_rest_is_normalised() {
        for normal in [
            "",
            "Riyadh",
            "Abdullah Careem",
            "صالة عرض كيا - الرياض",
            "José 5",
        ] {
            assert!(matches!(normalized(normal), Cow::Borrowed(_)), "{normal:?}");
        }
        for (raw, want) in [
            (" Riyadh", "Riyadh"),
            ("Riyadh ", "Riyadh"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("\u{00A0}x", "x"),
            ("الرياض\u{200F}", "الرياض"),
            ("٥٥", "55"),
        ] {
            assert!(matches!(normalized(raw), Cow::Owned(_)), "{raw:?}");
            assert_eq!(normalized(raw), want, "{raw:?}");
        }
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

    #[cfg(feature = "unicode-tables")]
    #[test]
    fn email_domains_in_other_scripts_are_put_in_lower_case() {
        assert_eq!(normalize_email("Jörg@BÜCHER.De"), "Jörg@bücher.de");
        assert_eq!(normalize_email("sara@ΕΛΛΆΔΑ.GR"), "sara@ελλάδα.gr");
    }
}
