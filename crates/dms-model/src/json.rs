//! The bulk body written as JSON text without serde.
//!
//! The browser bundle is budgeted, and a bulk body is the only JSON the public form writes: serde's
//! serializer and the derived code for [`LeadBulk`] cost the wasm several kilobytes, this writer a
//! few hundred bytes. It writes exactly what `serde_json::to_string` writes for the same bulk (same
//! keys, order and escaping; a property test holds the two together), so the simulator, the proxy
//! and the dealer pages may use either.

use crate::validate::field;
use crate::wire::{Lead, LeadBulk, Vehicle};

/// `{"leads":[…],"isProcessed":1}`, as `serde_json::to_string(bulk)`.
pub fn bulk_to_json(bulk: &LeadBulk) -> String {
    let mut out = String::with_capacity(512 * bulk.leads.len().max(1));
    out.push_str("{\"leads\":[");
    for (i, lead) in bulk.leads.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_lead(&mut out, lead);
    }
    out.push_str("],\"isProcessed\":");
    push_int(&mut out, i64::from(bulk.is_processed));
    out.push('}');
    out
}

/// An object being written: keys with absent values are left out, as serde's
/// `skip_serializing_if = "Option::is_none"` does.
struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    fn open(out: &'a mut String) -> Object<'a> {
        out.push('{');
        Object { out, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        push_string(self.out, key);
        self.out.push(':');
    }

    fn text(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.key(key);
            push_string(self.out, value);
        }
    }

    fn flag(&mut self, key: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.key(key);
            self.out.push_str(if value { "true" } else { "false" });
        }
    }

    fn int(&mut self, key: &str, value: Option<i64>) {
        if let Some(value) = value {
            self.key(key);
            push_int(self.out, value);
        }
    }

    fn close(self) {
        self.out.push('}');
    }
}

fn write_lead(out: &mut String, lead: &Lead) {
    let mut object = Object::open(out);
    for (key, value) in lead.text_fields() {
        object.text(key, value);
        // The four tick boxes stand between `currency` and `priority` in the wire type.
        if key == field::CURRENCY {
            object.flag(field::TEST_DRIVE_REQUIRED, lead.test_drive_required);
            object.flag(field::ACCEPT_NEWS_LETTER, lead.accept_news_letter);
            object.flag(field::ACCEPT_MARKETING, lead.accept_marketing);
            object.flag(field::ACCEPT_PRIVATE_POLICY, lead.accept_private_policy);
        }
    }
    if !lead.vehicles.is_empty() {
        object.key("vehicles");
        object.out.push('[');
        for (i, vehicle) in lead.vehicles.iter().enumerate() {
            if i > 0 {
                object.out.push(',');
            }
            write_vehicle(object.out, vehicle);
        }
        object.out.push(']');
    }
    object.close();
}

fn write_vehicle(out: &mut String, vehicle: &Vehicle) {
    let mut object = Object::open(out);
    object.int("leadVehiclesId", vehicle.lead_vehicles_id);
    object.text(field::MODEL_FAMILY, vehicle.model_family.as_deref());
    object.int(field::MODEL_YEAR, vehicle.model_year.map(i64::from));
    object.text(field::MODEL_MEMO, vehicle.model_memo.as_deref());
    object.text(
        field::MODEL_PREFERENCES,
        vehicle.model_preferences.as_deref(),
    );
    object.int(field::TOTAL_QTY, vehicle.total_qty.map(i64::from));
    object.close();
}

/// A JSON string with serde_json's escapes: `"` `\` and control characters; everything else,
/// Arabic included, as is.
fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(u32::from(c) >> 4) as usize] as char);
                out.push(HEX[(u32::from(c) & 0xf) as usize] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Decimal digits without `format!` (its machinery is what this module avoids).
fn push_int(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[start..].iter().for_each(|d| out.push(*d as char));
}
