//! From cells to lead fields: which field a header names, the column mapping, and a cell set into
//! (or read back from) a lead.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::labels::{dealer_label, label};
use crate::normalize::normalize_text;
use crate::validate::{field, FORM_ORDER};
use crate::wire::{Lead, Vehicle};

/// The fields a CSV column can fill, in the form's order ([`FORM_ORDER`]), which is also the
/// template's: the vehicle columns fill the lead's one vehicle; `leadDate`, `leadTypeName` and (for
/// individuals) `leadName` are derived as in the form; the privacy consent is the customer's own and
/// cannot be imported; the yes/no fields come last.
pub fn import_fields() -> &'static [&'static str] {
    static FIELDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let vehicle = [
            field::MODEL_FAMILY,
            field::MODEL_YEAR,
            field::TOTAL_QTY,
            field::MODEL_PREFERENCES,
        ];
        FORM_ORDER
            .iter()
            .flat_map(|key| match *key {
                "vehicles" => vehicle.to_vec(),
                field::LEAD_TYPE_NAME | field::LEAD_DATE | field::ACCEPT_PRIVATE_POLICY => {
                    Vec::new()
                }
                other => vec![other],
            })
            .chain(FLAG_FIELDS.iter().copied())
            .collect()
    })
}

/// Header spellings seen in dealers' own spreadsheets, besides keys and labels.
pub const HEADER_ALIASES: &[(&str, &[&str])] = &[
    (
        field::PHONE_NUMBER,
        &["mobile", "phone", "الجوال", "الهاتف", "رقم الهاتف"],
    ),
    (field::EMAIL, &["e-mail", "mail", "البريد"]),
    (field::FIRST_NAME, &["name", "الاسم"]),
    (field::LEAD_NAME, &["company", "الشركة"]),
    (field::LEAD_TYPE, &["type", "customer type", "النوع"]),
    (field::CUSTOMER_CITY, &["city", "المدينة"]),
    (field::CUSTOMER_REGION, &["region", "province", "المنطقة"]),
    (field::CUSTOMER_COUNTRY, &["country", "الدولة"]),
    (field::BRAND, &["ou", "make", "الماركة"]),
    (field::BUSINESS_AREA, &["business area", "department"]),
    (field::INTEREST, &["interest", "lead interest", "الاهتمام"]),
    (field::SOURCE, &["source", "المصدر"]),
    (field::SUB_SOURCE, &["sub source", "المصدر الفرعي"]),
    (field::MODEL_FAMILY, &["model family", "vehicle", "الموديل"]),
    (field::TOTAL_QTY, &["qty", "total qty"]),
    (field::LEAD_NOTE, &["note", "notes", "ملاحظات"]),
];

/// Fields that take yes/no.
const FLAG_FIELDS: &[&str] = &[
    field::TEST_DRIVE_REQUIRED,
    field::ACCEPT_MARKETING,
    field::ACCEPT_NEWS_LETTER,
];

/// A header (or a provider's key) reduced to what identifies it: normalised, lower case, letters
/// and digits only, so `Full Name`, `full_name` and `FULLNAME` are one.
pub(crate) fn header_key(text: &str) -> String {
    normalize_text(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a header names, if any.
pub fn field_for_header(header: &str) -> Option<&'static str> {
    let wanted = header_key(header);
    if wanted.is_empty() {
        return None;
    }
    let names = |key: &'static str| {
        let (en, ar) = label(key);
        let (dealer_en, dealer_ar) = dealer_label(key);
        let aliases = HEADER_ALIASES
            .iter()
            .filter(move |(k, _)| *k == key)
            .flat_map(|(_, a)| a.iter().copied());
        [key, en, ar, dealer_en, dealer_ar]
            .into_iter()
            .chain(aliases)
    };
    import_fields()
        .iter()
        .copied()
        .find(|key| names(key).any(|name| header_key(name) == wanted))
}

/// Column → field for each header; a field is given to its first column only.
pub fn auto_map(headers: &[String]) -> Vec<Option<&'static str>> {
    let mut taken = BTreeSet::new();
    headers
        .iter()
        .map(|h| field_for_header(h).filter(|key| taken.insert(*key)))
        .collect()
}

/// The template's header line and one example row, written with `,`.
pub fn template_csv() -> String {
    let example = |key: &str| match key {
        field::LEAD_TYPE => "Individual",
        field::FIRST_NAME => "Sara",
        field::LAST_NAME => "Al-Qahtani",
        field::PHONE_CODE => "00966",
        field::PHONE_NUMBER => "551234567",
        field::EMAIL => "sara@example.com",
        field::PREFERRED_LANGUAGE => "Arabic",
        field::CUSTOMER_COUNTRY => "Saudi Arabia",
        field::CUSTOMER_REGION => "Riyadh",
        field::CUSTOMER_CITY => "Riyadh",
        field::BRAND => "KIA",
        field::BUSINESS_AREA => "Sales",
        field::BRANCH => "KIA Riyadh Showroom",
        field::INTEREST => "Test Drive",
        field::MODEL_FAMILY => "Sportage",
        field::MODEL_YEAR => "2025",
        field::TOTAL_QTY => "1",
        field::SOURCE => "Showroom",
        field::SUB_SOURCE => "Walk-in",
        field::PRIORITY => "Warm",
        field::TEST_DRIVE_REQUIRED => "yes",
        _ => "",
    };
    let header = import_fields().join(",");
    let row: Vec<&str> = import_fields().iter().map(|k| example(k)).collect();
    format!("{header}\r\n{}\r\n", row.join(","))
}

/// `yes`/`no` in the spellings a spreadsheet uses; anything else is no answer.
pub fn parse_flag(text: &str) -> Option<bool> {
    match header_key(text).as_str() {
        "yes" | "y" | "true" | "1" | "نعم" | "x" => Some(true),
        "no" | "n" | "false" | "0" | "لا" => Some(false),
        _ => None,
    }
}

/// Sets one field of `lead` from a cell (raw: normalising is [`crate::prepare`]'s job).
pub fn set_field(lead: &mut Lead, key: &str, cell: &str) {
    let cell = cell.trim();
    let text = (!cell.is_empty()).then(|| cell.to_owned());
    if FLAG_FIELDS.contains(&key) {
        let flag = parse_flag(cell);
        match key {
            field::TEST_DRIVE_REQUIRED => lead.test_drive_required = flag,
            field::ACCEPT_MARKETING => lead.accept_marketing = flag,
            _ => lead.accept_news_letter = flag,
        }
        return;
    }
    let vehicle_key = matches!(
        key,
        field::MODEL_FAMILY | field::MODEL_YEAR | field::TOTAL_QTY | field::MODEL_PREFERENCES
    );
    if vehicle_key {
        if lead.vehicles.is_empty() {
            lead.vehicles.push(Vehicle::default());
        }
        let vehicle = &mut lead.vehicles[0];
        let number = || normalize_text(cell).parse().ok();
        match key {
            field::MODEL_FAMILY => vehicle.model_family = text,
            field::MODEL_YEAR => vehicle.model_year = number(),
            field::TOTAL_QTY => vehicle.total_qty = number(),
            _ => vehicle.model_preferences = text,
        }
        return;
    }
    if let Some(value) = lead.text_mut(key) {
        *value = text;
    }
}

/// The field value of a lead as a cell shows it (for editing a cell in place).
pub fn field_text(lead: &Lead, key: &str) -> String {
    let flag = |v: Option<bool>| v.map(|b| if b { "yes" } else { "no" }.to_owned());
    let vehicle = lead.vehicles.first();
    let text = match key {
        field::TEST_DRIVE_REQUIRED => flag(lead.test_drive_required),
        field::ACCEPT_MARKETING => flag(lead.accept_marketing),
        field::ACCEPT_NEWS_LETTER => flag(lead.accept_news_letter),
        field::MODEL_FAMILY => vehicle.and_then(|v| v.model_family.clone()),
        field::MODEL_YEAR => vehicle.and_then(|v| v.model_year).map(|y| y.to_string()),
        field::TOTAL_QTY => vehicle.and_then(|v| v.total_qty).map(|q| q.to_string()),
        field::MODEL_PREFERENCES => vehicle.and_then(|v| v.model_preferences.clone()),
        _ => lead.text(key).map(str::to_owned),
    };
    text.unwrap_or_default()
}

/// One row as a lead, by the column mapping. A row naming a model but no quantity orders one.
pub fn row_to_lead(row: &[String], mapping: &[Option<&str>]) -> Lead {
    ColumnPlan::new(mapping).lead(row)
}

/// Every row as a lead, as [`row_to_lead`] makes it; where each column goes is worked out once
/// for the file, not for every cell.
pub fn rows_to_leads(rows: &[Vec<String>], mapping: &[Option<&str>]) -> Vec<Lead> {
    let plan = ColumnPlan::new(mapping);
    rows.iter().map(|row| plan.lead(row)).collect()
}

/// Where each column of a file goes in a lead.
struct ColumnPlan<'a>(Vec<Option<Target<'a>>>);

enum Target<'a> {
    /// A text field, by its place (see [`Lead::text_slot`]).
    Text(usize),
    /// A flag or a vehicle field, set by key.
    Other(&'a str),
}

impl<'a> ColumnPlan<'a> {
    fn new(mapping: &[Option<&'a str>]) -> Self {
        ColumnPlan(
            mapping
                .iter()
                .map(|key| {
                    key.map(|key| match Lead::text_slot(key) {
                        Some(slot) => Target::Text(slot),
                        None => Target::Other(key),
                    })
                })
                .collect(),
        )
    }

    fn lead(&self, row: &[String]) -> Lead {
        let mut lead = Lead::default();
        for (cell, target) in row.iter().zip(&self.0) {
            match target {
                Some(Target::Text(slot)) => {
                    let cell = cell.trim();
                    *lead.text_mut_at(*slot) = (!cell.is_empty()).then(|| cell.to_owned());
                }
                Some(Target::Other(key)) => set_field(&mut lead, key, cell),
                None => {}
            }
        }
        if let Some(vehicle) = lead.vehicles.first_mut() {
            if vehicle.total_qty.is_none() && vehicle.model_family.is_some() {
                vehicle.total_qty = Some(1);
            }
        }
        lead
    }
}

/// The column (field key) an issue path is shown in: `vehicles[0].modelYear` → `modelYear`.
pub fn column_of(path: &str) -> &str {
    match path.strip_prefix("vehicles[") {
        Some(rest) => rest.split_once("].").map_or(path, |(_, key)| key),
        None => path,
    }
}
