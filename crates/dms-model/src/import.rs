//! CSV bulk import for the dealer pages: read a file, map its columns to lead fields, and turn rows
//! into leads in the DMS's English texts, ready for [`crate::prepare`].
//!
//! Dealers export from spreadsheets in either language, so:
//! - the file may start with a UTF-8 BOM, use `,` or `;` between cells (chosen from the header
//!   line), quote cells with `"` (RFC 4180, `""` inside quotes) and end lines with CRLF or LF;
//! - a header is recognised by the field's JSON key (`firstName`), its English or Arabic label
//!   ([`crate::labels::label`]) or a few common spellings ([`HEADER_ALIASES`]), ignoring case,
//!   spaces and punctuation;
//! - list cells may be written in English or Arabic: [`ListBook::to_english`] turns them into the
//!   English texts the bulk body carries.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::labels::label;
use crate::lists::{Catalog, ItemId, ListItem, ListType, Lookup};
use crate::normalize::{normalize_text, normalized};
use crate::validate::{
    chosen_brand, field, walk_list_fields, ListChoices, ListFieldStep, FORM_ORDER,
};
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

/// A CSV file as header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The cell separator of a file: `;` when the header line has more of them than commas outside
/// quotes (spreadsheets in locales with a decimal comma write that), `,` otherwise.
pub fn detect_delimiter(text: &str) -> char {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas {
        ';'
    } else {
        ','
    }
}

/// Reads a CSV file: BOM dropped, delimiter detected, quotes honoured, blank lines skipped. Rows
/// shorter than the header are padded with empty cells.
///
/// Scans bytes and copies runs of plain text, not characters one by one: every character that
/// means something here is ASCII, so a run always ends on a character boundary, and a file of
/// thousands of rows is mostly plain text.
pub fn parse_csv(text: &str) -> Table {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = detect_delimiter(text) as u8;
    let bytes = text.as_bytes();
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    // `text[run..i]` belongs to `cell` but is not copied yet.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let special = if quoted {
            byte == b'"'
        } else {
            matches!(byte, b'"' | b'\r' | b'\n') || byte == delimiter
        };
        if !special {
            i += 1;
            continue;
        }
        cell.push_str(&text[run..i]);
        let next = bytes.get(i + 1).copied();
        i += 1;
        match byte {
            b'"' if quoted && next == Some(b'"') => {
                cell.push('"');
                i += 1;
            }
            b'"' if quoted => quoted = false,
            // A quote opens a quoted cell only at its start; elsewhere it is text.
            b'"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            b'"' => cell.push('"'),
            b'\r' if next == Some(b'\n') => {}
            b'\r' | b'\n' => {
                record.push(std::mem::take(&mut cell));
                if record.iter().any(|c| !c.trim().is_empty()) {
                    // The next record is likely as wide as this one.
                    let width = record.len();
                    records.push(std::mem::replace(&mut record, Vec::with_capacity(width)));
                } else {
                    record.clear();
                }
            }
            _ => record.push(std::mem::take(&mut cell)),
        }
        run = i;
    }
    cell.push_str(&text[run..]);
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        if record.iter().any(|c| !c.trim().is_empty()) {
            records.push(record);
        }
    }
    let mut records = records.into_iter();
    let headers: Vec<String> = records
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let rows = records
        .map(|mut row| {
            if row.len() < headers.len() {
                row.resize(headers.len(), String::new());
            }
            row
        })
        .collect();
    Table { headers, rows }
}

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
        let aliases = HEADER_ALIASES
            .iter()
            .filter(move |(k, _)| *k == key)
            .flat_map(|(_, a)| a.iter().copied());
        [key, en, ar].into_iter().chain(aliases)
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

/// Lists in both languages, as the import loads them: validation reads the English side, and
/// [`ListBook::to_english`] recognises a cell written in either.
///
/// Every list is indexed by its texts as [`crate::lists::same_text`] compares them, so judging thousands of rows
/// costs a hash lookup per cell instead of a normalisation per choice.
#[derive(Debug, Clone, Default)]
pub struct ListBook {
    lists: FastMap<(ListType, Option<ItemId>), IndexedList>,
}

#[derive(Debug, Clone)]
struct IndexedList {
    english: Vec<ListItem>,
    arabic: Vec<ListItem>,
    /// Text key (either language) → item id.
    ids_by_text: FastMap<String, ItemId>,
    /// Text key of an English text → its place in `english`.
    english_by_text: FastMap<String, usize>,
}

/// The book's maps hash short texts several times for every row of an import: a word at a time,
/// rotate-xor-multiply (as rustc's own FxHash does). SipHash's resistance to chosen keys buys
/// nothing for lists the DMS sent.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[derive(Default)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        let rest = words.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// What [`crate::lists::same_text`] compares: the normalised text, ASCII letters in lower case.
/// Borrowed when the text is its own key, as most list texts and cells are.
fn text_key(text: &str) -> Cow<'_, str> {
    let key = normalized(text);
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        key
    }
}

impl ListBook {
    /// Adds a list as loaded in English and Arabic.
    pub fn insert(
        &mut self,
        list: ListType,
        parent: Option<ItemId>,
        english: Vec<ListItem>,
        arabic: Vec<ListItem>,
    ) {
        let mut ids_by_text = FastMap::default();
        // Arabic first, so an English text equal to an Arabic one of another item wins.
        for item in arabic.iter().chain(&english) {
            ids_by_text.insert(text_key(&item.text).into_owned(), item.value);
        }
        let english_by_text = english
            .iter()
            .enumerate()
            .map(|(i, item)| (text_key(&item.text).into_owned(), i))
            .collect();
        self.lists.insert(
            (list, parent),
            IndexedList {
                english,
                arabic,
                ids_by_text,
                english_by_text,
            },
        );
    }

    pub fn contains(&self, list: ListType, parent: Option<ItemId>) -> bool {
        self.lists.contains_key(&(list, parent))
    }

    /// The id of the item written `text` in either language.
    fn id_of(&self, list: ListType, parent: Option<ItemId>, text: &str) -> Option<ItemId> {
        let indexed = self.lists.get(&(list, parent))?;
        indexed.ids_by_text.get(text_key(text).as_ref()).copied()
    }

    fn english_text(&self, list: ListType, parent: Option<ItemId>, id: ItemId) -> Option<&str> {
        let indexed = self.lists.get(&(list, parent))?;
        indexed
            .english
            .iter()
            .find(|item| item.value == id)
            .map(|i| i.text.as_str())
    }

    /// Walks `lead`'s cascade ([`walk_list_fields`]) with the item each cell names in either
    /// language, calling `reached` for every field whose list is known.
    fn resolve(
        &self,
        lead: &Lead,
        mut reached: impl FnMut(&ListFieldStep, Option<ItemId>),
    ) -> ListChoices {
        walk_list_fields(|step| {
            let id = lead
                .text_at(step.place)
                .and_then(|text| self.id_of(step.list, step.parent, text));
            reached(step, id);
            id
        })
    }

    /// Writes every list cell of `lead` in English (a cell in Arabic becomes the English text of
    /// the same item); cells not found stay as they are, for validation to report. Children are
    /// looked up under their parent's item, whichever language named it.
    pub fn to_english(&self, lead: &mut Lead) {
        let mut english_texts = Vec::new();
        let chosen = self.resolve(lead, |step, id| {
            if let Some(english) = id.and_then(|id| self.english_text(step.list, step.parent, id)) {
                english_texts.push((step.place, english));
            }
        });
        for (place, english) in english_texts {
            let value = lead.text_mut_at(place);
            if value.as_deref() != Some(english) {
                *value = Some(english.to_owned());
            }
        }
        let brand = chosen_brand(&chosen);
        for vehicle in &mut lead.vehicles {
            let (Some(brand), Some(family)) = (brand, vehicle.model_family.clone()) else {
                continue;
            };
            if let Some(english) = self
                .id_of(ListType::Model, Some(brand), &family)
                .and_then(|id| self.english_text(ListType::Model, Some(brand), id))
            {
                vehicle.model_family = Some(english.to_owned());
            }
        }
    }

    /// The choices of a list field of `lead` in English and Arabic (same ids), when loaded.
    pub fn choices(&self, lead: &Lead, key: &str) -> Option<(&[ListItem], &[ListItem])> {
        let mut list_of_key = None;
        let chosen = self.resolve(lead, |step, _| {
            if step.key == key {
                list_of_key = Some((step.list, step.parent));
            }
        });
        let wanted = match key {
            field::MODEL_FAMILY => (ListType::Model, Some(chosen_brand(&chosen)?)),
            field::MODEL_YEAR => (ListType::ModelYear, None),
            _ => list_of_key?,
        };
        self.lists
            .get(&wanted)
            .map(|l| (l.english.as_slice(), l.arabic.as_slice()))
    }

    /// Lists the leads need that are not loaded yet and can be asked for now (their parent is
    /// recognised): those of the fields they fill, and of empty fields too, so the dealer can
    /// choose what is missing. Call again after loading them: each round reaches one level deeper.
    pub fn missing(&self, leads: &[Lead]) -> BTreeSet<(ListType, Option<ItemId>)> {
        let mut wanted = BTreeSet::new();
        for lead in leads {
            // Most are loaded after the first round: a hash lookup each, no set insertion.
            let mut want = |list, parent| {
                if !self.contains(list, parent) {
                    wanted.insert((list, parent));
                }
            };
            let chosen = self.resolve(lead, |step, _| want(step.list, step.parent));
            if !lead.vehicles.is_empty() {
                want(ListType::ModelYear, None);
                if let Some(brand) = chosen_brand(&chosen) {
                    want(ListType::Model, Some(brand));
                }
            }
        }
        wanted
    }
}

impl Catalog for ListBook {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        self.lists
            .get(&(list, parent))
            .map(|l| l.english.as_slice())
    }

    /// As [`Catalog::find`] (English texts only), by the index.
    fn find(&self, list: ListType, parent: Option<ItemId>, text: &str) -> Lookup<'_> {
        match self.lists.get(&(list, parent)) {
            None => Lookup::Unknown,
            Some(indexed) => indexed
                .english_by_text
                .get(text_key(text).as_ref())
                .map_or(Lookup::Missing, |i| Lookup::Found(&indexed.english[*i])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_bom_semicolons_and_blank_lines() {
        let table = parse_csv("\u{FEFF}firstName;leadNote\r\n\"Sara\";\"said \"\"hi\"\"; twice\"\r\n\r\nعلي;\"multi\nline\"\n");
        assert_eq!(table.headers, ["firstName", "leadNote"]);
        assert_eq!(
            table.rows,
            vec![
                vec!["Sara".to_owned(), "said \"hi\"; twice".to_owned()],
                vec!["علي".to_owned(), "multi\nline".to_owned()],
            ]
        );
        let table = parse_csv("a,b,c\n1\n");
        assert_eq!(
            table.rows,
            vec![vec!["1".to_owned(), String::new(), String::new()]]
        );
    }

    proptest::proptest! {
        /// Whatever the cells hold (quotes, delimiters, line breaks, Arabic), a file written the
        /// way spreadsheets quote reads back as the same cells.
        #[test]
        fn quoted_cells_read_back_as_written(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z\"\u{0627}-\u{0629};,\r\n ]{0,6}", 3),
                1..6,
            ),
            delimiter in proptest::sample::select(vec![',', ';']),
        ) {
            let quote = |cell: &String| format!("\"{}\"", cell.replace('"', "\"\""));
            let line = |cells: &[String]| {
                cells.iter().map(quote).collect::<Vec<_>>().join(&delimiter.to_string())
            };
            let headers: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
            let mut file = line(&headers);
            // The delimiter is detected from the header line: make it win.
            file.push_str(&format!("{delimiter}{delimiter}\r\n"));
            for row in &rows {
                file.push_str(&line(row));
                file.push_str("\r\n");
            }
            let table = parse_csv(&file);
            let kept: Vec<Vec<String>> = rows
                .iter()
                .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
                .cloned()
                .collect();
            proptest::prop_assert_eq!(&table.headers[..3], &headers[..]);
            let cells: Vec<Vec<String>> = table.rows.iter().map(|r| r[..3].to_vec()).collect();
            proptest::prop_assert_eq!(cells, kept);
        }
    }

    #[test]
    fn headers_map_by_key_label_and_alias_in_both_languages() {
        let headers: Vec<String> = [
            "First Name",
            "رقم الجوال",
            "E-mail",
            "brand",
            "المدينة",
            "Mobile",
            "??",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            auto_map(&headers),
            vec![
                Some(field::FIRST_NAME),
                Some(field::PHONE_NUMBER),
                Some(field::EMAIL),
                Some(field::BRAND),
                Some(field::CUSTOMER_CITY),
                None, // the phone column is taken already
                None,
            ]
        );
    }

    #[test]
    fn template_maps_onto_itself() {
        let table = parse_csv(&template_csv());
        let mapping = auto_map(&table.headers);
        assert_eq!(mapping.len(), import_fields().len());
        assert!(mapping
            .iter()
            .zip(import_fields())
            .all(|(m, k)| *m == Some(*k)));
        let lead = row_to_lead(&table.rows[0], &mapping);
        assert_eq!(lead.first_name.as_deref(), Some("Sara"));
        assert_eq!(lead.test_drive_required, Some(true));
        assert_eq!(lead.vehicles[0].model_year, Some(2025));
        assert_eq!(field_text(&lead, field::MODEL_YEAR), "2025");
        assert_eq!(column_of("vehicles[0].modelYear"), "modelYear");
    }

    #[test]
    fn arabic_cells_become_english_under_their_parents() {
        let mut book = ListBook::default();
        book.insert(
            ListType::Country,
            None,
            vec![ListItem::new(1, "Saudi Arabia")],
            vec![ListItem::new(1, "المملكة العربية السعودية")],
        );
        book.insert(
            ListType::Region,
            Some(1),
            vec![ListItem::new(10, "Riyadh Region")],
            vec![ListItem::new(10, "منطقة الرياض")],
        );
        let mut lead = Lead {
            customer_country: Some("المملكة العربية السعودية".into()),
            customer_region: Some("منطقة الرياض".into()),
            customer_city: Some("الرياض".into()),
            ..Lead::default()
        };
        let missing = book.missing(std::slice::from_ref(&lead));
        assert!(missing.contains(&(ListType::City, Some(10))));
        assert!(
            missing.contains(&(ListType::OuType, None)),
            "empty fields get their choices"
        );
        assert!(!missing
            .iter()
            .any(|(l, _)| *l == ListType::Region || *l == ListType::BranchType));
        // Validation sees English texts only, compared as everywhere else.
        assert!(
            matches!(book.find(ListType::Country, None, "  saudi   ARABIA "), Lookup::Found(i) if i.value == 1)
        );
        assert_eq!(
            book.find(ListType::Country, None, "المملكة العربية السعودية"),
            Lookup::Missing
        );
        assert_eq!(
            book.find(ListType::City, Some(10), "Riyadh"),
            Lookup::Unknown
        );
        book.to_english(&mut lead);
        assert_eq!(lead.customer_country.as_deref(), Some("Saudi Arabia"));
        assert_eq!(lead.customer_region.as_deref(), Some("Riyadh Region"));
        assert_eq!(
            lead.customer_city.as_deref(),
            Some("الرياض"),
            "its list is not loaded"
        );
    }
}
