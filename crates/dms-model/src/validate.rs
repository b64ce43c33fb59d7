//! The lead rules, written once for the browser, the simulator and the proxy.
//!
//! Validation is pure data in, data out: a lead (already normalised by [`prepare`]) and whatever lists
//! the caller holds go in; [`Issue`]s keyed by field path (`vehicles[1].modelYear`) with a language-free
//! [`IssueCode`] come out. The UI turns codes into sentences in the person's language.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

use crate::date::{parse_iso_datetime, Date};
use crate::lists::{Catalog, ItemId, ListType, Lookup};
use crate::normalize::{
    normalize_email, normalize_phone, normalize_text, normalized, SAUDI_PHONE_CODE,
};
use crate::wire::{Lead, Vehicle};

/// JSON keys of the lead, used as field paths and as the widget's control names.
pub mod field {
    pub const COMPANY: &str = "company";
    pub const BUSINESS_AREA: &str = "businessArea";
    pub const BRAND: &str = "brand";
    pub const BRANCH: &str = "branch";
    pub const TITLE: &str = "title";
    pub const NATIONALITY: &str = "nationality";
    pub const GENDER: &str = "gender";
    pub const SOURCE: &str = "source";
    pub const SUB_SOURCE: &str = "subSource";
    pub const PHONE_CODE: &str = "phoneCode";
    pub const PHONE_NUMBER: &str = "phoneNumber";
    pub const PREFERRED_LANGUAGE: &str = "preferredLanguage";
    pub const PREFERRED_CONTACT_TYPE: &str = "preferredContactType";
    pub const PURCHASE_PLAN: &str = "purchasePlan";
    pub const PAYMENT_MODE: &str = "paymentMode";
    pub const MONTHLY_INCOME: &str = "monthlyIncome";
    pub const CURRENCY: &str = "currency";
    pub const TEST_DRIVE_REQUIRED: &str = "testDriveRequired";
    pub const ACCEPT_NEWS_LETTER: &str = "acceptNewsLetter";
    pub const ACCEPT_MARKETING: &str = "acceptMarketing";
    pub const ACCEPT_PRIVATE_POLICY: &str = "acceptPrivatePolicy";
    pub const PRIORITY: &str = "priority";
    pub const LEAD_TYPE: &str = "leadType";
    pub const INTEREST: &str = "interest";
    pub const VEHICLE_TYPE: &str = "vehicleType";
    pub const FIRST_NAME: &str = "firstName";
    pub const MIDDLE_NAME: &str = "middleName";
    pub const LAST_NAME: &str = "lastName";
    pub const DATE_OF_BIRTH: &str = "dateOfBirth";
    pub const OCCUPATION: &str = "occupation";
    pub const ADDRESS1: &str = "address1";
    pub const ADDRESS2: &str = "address2";
    pub const EMAIL: &str = "email";
    pub const LEAD_NAME: &str = "leadName";
    pub const LEAD_DATE: &str = "leadDate";
    pub const LEAD_REFERENCE: &str = "leadReference";
    pub const LEAD_NOTE: &str = "leadNote";
    pub const CONTACT_NAME: &str = "contactName";
    pub const LEAD_TYPE_NAME: &str = "leadTypeName";
    pub const COMPANY_INDUSTRY_TYPE: &str = "companyIndustryType";
    pub const CUSTOMER_COUNTRY: &str = "customerCountry";
    pub const CUSTOMER_REGION: &str = "customerRegion";
    pub const CUSTOMER_CITY: &str = "customerCity";
    pub const MODEL_FAMILY: &str = "modelFamily";
    pub const MODEL_YEAR: &str = "modelYear";
    pub const MODEL_MEMO: &str = "modelMemo";
    pub const MODEL_PREFERENCES: &str = "modelPreferences";
    pub const TOTAL_QTY: &str = "totalQty";

    /// `vehicles[i].key`.
    pub fn vehicle(index: usize, key: &str) -> String {
        format!("vehicles[{index}].{key}")
    }
}

/// What is wrong with a field. Serialised as `snake_case`; the UI translates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// Mandatory and empty.
    Required,
    /// Not one of the list's choices.
    NotInList,
    /// A choice of a cascading list that does not belong to the chosen parent.
    NotInParent,
    /// Phone number contains something other than digits.
    PhoneDigits,
    /// Phone number is not 9 digits.
    PhoneLength,
    /// A Saudi (00966) mobile must start with 5.
    PhoneSaudiMobile,
    /// Neither a phone number nor an email: the dealer could not reach the customer.
    ContactRequired,
    /// Not an email address.
    Email,
    /// Not a `yyyy-mm-dd` day (or, for `leadDate`, an ISO date-time).
    DateFormat,
    DateInFuture,
    /// Before 1900-01-01.
    DateTooEarly,
    /// Model year is not a four-digit year.
    YearFormat,
    /// Vehicle quantity below 1 or above [`MAX_QUANTITY`].
    Quantity,
    /// Longer than the field allows.
    TooLong,
    /// A date range whose end lies before its start.
    RangeOrder,
    /// A date range longer than the DMS allows (7 days for bulk status).
    RangeTooLong,
    /// None of a group of alternatives was given (customer lookup, bulk status).
    OneRequired,
}

impl IssueCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::Required => "required",
            IssueCode::NotInList => "not_in_list",
            IssueCode::NotInParent => "not_in_parent",
            IssueCode::PhoneDigits => "phone_digits",
            IssueCode::PhoneLength => "phone_length",
            IssueCode::PhoneSaudiMobile => "phone_saudi_mobile",
            IssueCode::ContactRequired => "contact_required",
            IssueCode::Email => "email",
            IssueCode::DateFormat => "date_format",
            IssueCode::DateInFuture => "date_in_future",
            IssueCode::DateTooEarly => "date_too_early",
            IssueCode::YearFormat => "year_format",
            IssueCode::Quantity => "quantity",
            IssueCode::TooLong => "too_long",
            IssueCode::RangeOrder => "range_order",
            IssueCode::RangeTooLong => "range_too_long",
            IssueCode::OneRequired => "one_required",
        }
    }
}

/// One problem, at one field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Issue {
    pub path: String,
    pub code: IssueCode,
}

impl Issue {
    pub fn new(path: impl Into<String>, code: IssueCode) -> Self {
        Issue {
            path: path.into(),
            code,
        }
    }
}

/// `path: code`, the spelling used in the simulator's `errorList`.
impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.code.as_str())
    }
}

/// Individual or company lead, recognised from the CUSTOMER_TYPE text in English or Arabic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeadKind {
    Individual,
    Company,
}

impl LeadKind {
    /// English DMS text (what the bulk body carries and `leadTypeName` is derived from).
    pub const fn english(self) -> &'static str {
        match self {
            LeadKind::Individual => "Individual",
            LeadKind::Company => "Company",
        }
    }

    pub fn from_text(text: &str) -> Option<LeadKind> {
        let t = normalize_text(text).to_ascii_lowercase();
        match t.as_str() {
            "individual" | "فرد" | "أفراد" | "افراد" => Some(LeadKind::Individual),
            "company" | "شركة" | "شركات" => Some(LeadKind::Company),
            _ => None,
        }
    }
}

/// Oldest accepted date of birth.
pub const EARLIEST_BIRTH: Date = Date {
    year: 1900,
    month: 1,
    day: 1,
};
/// Largest vehicle quantity of one lead line (fleet orders included).
pub const MAX_QUANTITY: i32 = 9999;
/// Saudi and DMS rule: phone numbers are 9 digits.
pub const PHONE_DIGITS: usize = 9;

/// Longest accepted text per field, in characters. Fields not listed are list texts or derived.
pub const MAX_LENGTHS: &[(&str, usize)] = &[
    (field::FIRST_NAME, 100),
    (field::MIDDLE_NAME, 100),
    (field::LAST_NAME, 100),
    (field::CONTACT_NAME, 150),
    (field::LEAD_NAME, 200),
    (field::OCCUPATION, 100),
    (field::ADDRESS1, 250),
    (field::ADDRESS2, 250),
    (field::EMAIL, 254),
    (field::LEAD_REFERENCE, 200),
    (field::LEAD_NOTE, 2000),
    (field::MODEL_MEMO, 500),
    (field::MODEL_PREFERENCES, 500),
];

/// Maximum length of a field, if it has one.
pub fn max_length(key: &str) -> Option<usize> {
    MAX_LENGTHS.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
}

/// Mandatory for every lead (seed 002's `*` fields; `ou` is the body's `brand`).
pub const ALWAYS_REQUIRED: &[&str] = &[
    field::LEAD_TYPE,
    field::CUSTOMER_COUNTRY,
    field::CUSTOMER_REGION,
    field::CUSTOMER_CITY,
    field::PHONE_CODE,
    field::PREFERRED_LANGUAGE,
    field::BRAND,
    field::BUSINESS_AREA,
    field::BRANCH,
    field::LEAD_DATE,
    field::INTEREST,
    field::SOURCE,
    field::SUB_SOURCE,
    field::LEAD_NAME,
    field::PRIORITY,
];

/// Mandatory for an individual lead.
pub const INDIVIDUAL_REQUIRED: &[&str] = &[field::FIRST_NAME];
/// Mandatory for a company lead.
pub const COMPANY_REQUIRED: &[&str] = &[
    field::COMPANY_INDUSTRY_TYPE,
    field::CONTACT_NAME,
    field::LEAD_TYPE_NAME,
];

/// Which lead field takes its choices from which list, and the field holding its parent choice.
/// Parents come before their children: validation and imports resolve a cascade in one pass.
pub const LIST_FIELDS: &[(&str, ListType, Option<&str>)] = &[
    (field::LEAD_TYPE, ListType::CustomerType, None),
    (
        field::COMPANY_INDUSTRY_TYPE,
        ListType::CustomerIndustryType,
        None,
    ),
    (field::TITLE, ListType::Title, None),
    (field::NATIONALITY, ListType::Nationality, None),
    (field::GENDER, ListType::Gender, None),
    (field::CUSTOMER_COUNTRY, ListType::Country, None),
    (
        field::CUSTOMER_REGION,
        ListType::Region,
        Some(field::CUSTOMER_COUNTRY),
    ),
    (
        field::CUSTOMER_CITY,
        ListType::City,
        Some(field::CUSTOMER_REGION),
    ),
    (field::PHONE_CODE, ListType::PhoneCode, None),
    (field::MONTHLY_INCOME, ListType::LeadMonthlyIncome, None),
    (field::PREFERRED_LANGUAGE, ListType::Language, None),
    (field::PREFERRED_CONTACT_TYPE, ListType::ContactType, None),
    (field::BRAND, ListType::OuType, None),
    (
        field::BUSINESS_AREA,
        ListType::BusinessArea,
        Some(field::BRAND),
    ),
    (
        field::BRANCH,
        ListType::BranchType,
        Some(field::BUSINESS_AREA),
    ),
    (field::INTEREST, ListType::LeadInterest, None),
    (field::SOURCE, ListType::LeadSource, None),
    (
        field::SUB_SOURCE,
        ListType::LeadSubSource,
        Some(field::SOURCE),
    ),
    (field::VEHICLE_TYPE, ListType::VehicleType, None),
    (field::PURCHASE_PLAN, ListType::PurchasePlan, None),
    (field::PAYMENT_MODE, ListType::PaymentMode, None),
    (field::CURRENCY, ListType::Currency, None),
    (field::PRIORITY, ListType::LeadPriority, None),
];

// Rules that run for every row of an import read fields by their place among
// [`Lead::TEXT_KEYS`] instead of matching key strings. The places are worked out by the compiler:
// no start-up work, and a rule table naming a field that is not a text field does not build.

const fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The places of `keys`, each of which must be a lead text field.
const fn places<const N: usize>(keys: &[&str]) -> [usize; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = match Lead::text_slot(keys[i]) {
            Some(place) => place,
            None => panic!("a rule table names a field that is not a lead text field"),
        };
        i += 1;
    }
    out
}

const ALWAYS_REQUIRED_PLACES: [usize; ALWAYS_REQUIRED.len()] = places(ALWAYS_REQUIRED);
const INDIVIDUAL_REQUIRED_PLACES: [usize; INDIVIDUAL_REQUIRED.len()] = places(INDIVIDUAL_REQUIRED);
const COMPANY_REQUIRED_PLACES: [usize; COMPANY_REQUIRED.len()] = places(COMPANY_REQUIRED);

/// The places of [`MAX_LENGTHS`]' keys; `None` for vehicle fields (checked per vehicle).
const MAX_LENGTH_PLACES: [Option<usize>; MAX_LENGTHS.len()] = {
    let mut out = [None; MAX_LENGTHS.len()];
    let mut i = 0;
    while i < MAX_LENGTHS.len() {
        out[i] = Lead::text_slot(MAX_LENGTHS[i].0);
        i += 1;
    }
    out
};

/// Where each of [`LIST_FIELDS`] stands among the lead's text fields, in the same order.
const LIST_FIELD_PLACES: [usize; LIST_FIELDS.len()] = {
    let mut keys = [""; LIST_FIELDS.len()];
    let mut i = 0;
    while i < LIST_FIELDS.len() {
        keys[i] = LIST_FIELDS[i].0;
        i += 1;
    }
    places(&keys)
};

/// For each of [`LIST_FIELDS`], the index there of its parent field. A table listing a child before
/// its parent does not build.
const LIST_FIELD_PARENTS: [Option<usize>; LIST_FIELDS.len()] = {
    let mut out = [None; LIST_FIELDS.len()];
    let mut i = 0;
    while i < LIST_FIELDS.len() {
        if let Some(parent_key) = LIST_FIELDS[i].2 {
            let mut j = 0;
            while !same_key(LIST_FIELDS[j].0, parent_key) {
                j += 1;
                assert!(j < i, "LIST_FIELDS names a parent after its child");
            }
            out[i] = Some(j);
        }
        i += 1;
    }
    out
};

/// The index of `key` in [`LIST_FIELDS`].
const fn list_field_index(key: &str) -> usize {
    let mut i = 0;
    while !same_key(LIST_FIELDS[i].0, key) {
        i += 1;
    }
    i
}

/// The items a lead's list fields name, by their index in [`LIST_FIELDS`].
pub type ListChoices = [Option<ItemId>; LIST_FIELDS.len()];

/// A list field whose list is known: no parent, or its parent's text named an item.
pub struct ListFieldStep {
    pub key: &'static str,
    /// The field's place among the lead's text fields ([`Lead::text_at`]).
    pub place: usize,
    pub list: ListType,
    /// The parent's item: the field's choices are its children.
    pub parent: Option<ItemId>,
}

/// Goes through a lead's cascade in one pass, parents first: `item` says which item each reached
/// field names; a field whose parent named none is not reached (the parent's problem comes first).
/// Validation and imports both resolve cascades this way; imports do it for thousands of rows.
pub fn walk_list_fields(mut item: impl FnMut(&ListFieldStep) -> Option<ItemId>) -> ListChoices {
    let mut chosen: ListChoices = [None; LIST_FIELDS.len()];
    for (index, (key, list, _)) in LIST_FIELDS.iter().enumerate() {
        let parent = match LIST_FIELD_PARENTS[index] {
            None => None,
            Some(parent) => match chosen[parent] {
                Some(id) => Some(id),
                None => continue,
            },
        };
        let step = ListFieldStep {
            key,
            place: LIST_FIELD_PLACES[index],
            list: *list,
            parent,
        };
        chosen[index] = item(&step);
    }
    chosen
}

/// The brand's item among `chosen`: model families are listed under it.
pub fn chosen_brand(chosen: &ListChoices) -> Option<ItemId> {
    chosen[list_field_index(field::BRAND)]
}

/// The list a field takes its choices from (vehicle fields by their own key).
pub fn list_of(key: &str) -> Option<(ListType, Option<&'static str>)> {
    match key {
        field::MODEL_FAMILY => Some((ListType::Model, Some(field::BRAND))),
        field::MODEL_YEAR => Some((ListType::ModelYear, None)),
        _ => LIST_FIELDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, list, parent)| (*list, *parent)),
    }
}

/// One list of the lead's text fields generates both the reading and the writing visitor, so the
/// two can never disagree.
macro_rules! lead_text_fields {
    ($($key:ident => $member:ident),* $(,)?) => {
        impl Lead {
            /// The text fields with their JSON keys, for rules that treat them alike.
            pub fn text_fields(&self) -> [(&'static str, Option<&str>); 39] {
                [$((field::$key, self.$member.as_deref())),*]
            }

            /// The text of a field by JSON key (`None` when empty or not a text field). A direct
            /// match: rules and imports ask for fields by key many times per lead.
            pub fn text(&self, key: &str) -> Option<&str> {
                match key {
                    $(field::$key => self.$member.as_deref(),)*
                    _ => None,
                }
            }

            /// The text field with JSON key `key`, to change it (`None` for any other key).
            pub fn text_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
                match key {
                    $(field::$key => Some(&mut self.$member),)*
                    _ => None,
                }
            }

            /// The JSON keys of the text fields, in the order of [`Lead::text_fields`]: a key's
            /// place here is what [`Lead::text_at`] takes.
            pub const TEXT_KEYS: [&'static str; 39] = [$(field::$key),*];

            /// Where the field `key` stands among [`Lead::TEXT_KEYS`], to read it with
            /// [`Lead::text_at`]: loops over many leads find the place once instead of matching
            /// the key for every lead.
            pub const fn text_slot(key: &str) -> Option<usize> {
                let mut i = 0;
                while i < Self::TEXT_KEYS.len() {
                    if same_key(Self::TEXT_KEYS[i], key) {
                        return Some(i);
                    }
                    i += 1;
                }
                None
            }

            /// The text of the field at `slot` (from [`Lead::text_slot`]).
            pub fn text_at(&self, slot: usize) -> Option<&str> {
                const READERS: &[for<'a> fn(&'a Lead) -> Option<&'a str>] =
                    &[$(|lead: &Lead| lead.$member.as_deref()),*];
                READERS[slot](self)
            }

            /// The text field at `slot` (from [`Lead::text_slot`]), to change it.
            pub fn text_mut_at(&mut self, slot: usize) -> &mut Option<String> {
                const WRITERS: &[for<'a> fn(&'a mut Lead) -> &'a mut Option<String>] =
                    &[$(|lead: &mut Lead| &mut lead.$member),*];
                WRITERS[slot](self)
            }

            /// Visits every text field with its JSON key, in the order of [`Lead::text_fields`].
            pub fn for_each_text_mut(&mut self, mut visit: impl FnMut(&'static str, &mut Option<String>)) {
                $(visit(field::$key, &mut self.$member);)*
            }
        }
    };
}

lead_text_fields! {
    COMPANY => company,
    BUSINESS_AREA => business_area,
    BRAND => brand,
    BRANCH => branch,
    TITLE => title,
    NATIONALITY => nationality,
    GENDER => gender,
    SOURCE => source,
    SUB_SOURCE => sub_source,
    PHONE_CODE => phone_code,
    PHONE_NUMBER => phone_number,
    PREFERRED_LANGUAGE => preferred_language,
    PREFERRED_CONTACT_TYPE => preferred_contact_type,
    PURCHASE_PLAN => purchase_plan,
    PAYMENT_MODE => payment_mode,
    MONTHLY_INCOME => monthly_income,
    CURRENCY => currency,
    PRIORITY => priority,
    LEAD_TYPE => lead_type,
    INTEREST => interest,
    VEHICLE_TYPE => vehicle_type,
    FIRST_NAME => first_name,
    MIDDLE_NAME => middle_name,
    LAST_NAME => last_name,
    DATE_OF_BIRTH => date_of_birth,
    OCCUPATION => occupation,
    ADDRESS1 => address1,
    ADDRESS2 => address2,
    EMAIL => email,
    LEAD_NAME => lead_name,
    LEAD_DATE => lead_date,
    LEAD_REFERENCE => lead_reference,
    LEAD_NOTE => lead_note,
    CONTACT_NAME => contact_name,
    LEAD_TYPE_NAME => lead_type_name,
    COMPANY_INDUSTRY_TYPE => company_industry_type,
    CUSTOMER_COUNTRY => customer_country,
    CUSTOMER_REGION => customer_region,
    CUSTOMER_CITY => customer_city,
}

impl Lead {
    /// The lead kind, if `leadType` names one.
    pub fn kind(&self) -> Option<LeadKind> {
        self.lead_type.as_deref().and_then(LeadKind::from_text)
    }
}

fn clean(value: &mut Option<String>, normalise: impl Fn(&str) -> String) {
    *value = value
        .as_deref()
        .map(normalise)
        .filter(|text| !text.is_empty());
}

/// [`clean`] with the text rules, keeping the string when it is normal already (most are).
fn clean_text(value: &mut Option<String>) {
    if let Some(text) = value {
        if let Cow::Owned(normal) = normalized(text) {
            *text = normal;
        }
        if text.is_empty() {
            *value = None;
        }
    }
}

/// Normalises every field: text rules everywhere, phone and email spellings, a date of birth given
/// as a timestamp cut to its day. Empty texts become absent.
pub fn normalize_lead(lead: &Lead) -> Lead {
    normalize_lead_owned(lead.clone())
}

/// [`normalize_lead`] for a lead the caller gives up: no copy.
fn normalize_lead_owned(mut out: Lead) -> Lead {
    // The text rules first, for every field alike (no per-key dispatch: imports run this for
    // every row). The phone, email and date normalisers start with the same text rules, which
    // are idempotent, so applying them to the cleaned text gives what they give on the raw one.
    out.for_each_text_mut(|_, value| clean_text(value));
    for vehicle in &mut out.vehicles {
        clean_text(&mut vehicle.model_family);
        clean_text(&mut vehicle.model_memo);
        clean_text(&mut vehicle.model_preferences);
    }
    let phone_code = out.phone_code.clone().unwrap_or_default();
    clean(&mut out.phone_number, |v| normalize_phone(&phone_code, v));
    clean(&mut out.email, normalize_email);
    clean(&mut out.date_of_birth, |v| match parse_iso_datetime(v) {
        Some(day) => day.to_string(),
        None => v.to_owned(),
    });
    out
}

/// Normalises then validates: the lead to send and what is wrong with it.
pub fn prepare(lead: &Lead, catalog: &dyn Catalog, today: Date) -> (Lead, Vec<Issue>) {
    prepare_owned(lead.clone(), catalog, today)
}

/// [`prepare`] for a lead the caller gives up (an imported row already copied to be translated):
/// no second copy.
pub fn prepare_owned(lead: Lead, catalog: &dyn Catalog, today: Date) -> (Lead, Vec<Issue>) {
    let lead = normalize_lead_owned(lead);
    let issues = validate(&lead, catalog, today);
    (lead, issues)
}

/// Rules of the public form on top of the DMS rules: a member of the public must accept the privacy
/// policy before their details are sent (Saudi PDPL consent). Dealer tools that record a lead on a
/// customer's behalf do not apply this.
pub fn public_form_issues(lead: &Lead) -> Vec<Issue> {
    if lead.accept_private_policy == Some(true) {
        Vec::new()
    } else {
        vec![Issue::new(
            field::ACCEPT_PRIVATE_POLICY,
            IssueCode::Required,
        )]
    }
}

/// Every rule, on a lead that has been through [`normalize_lead`]. Issues come in form order, so the
/// first one is the field to focus.
pub fn validate(lead: &Lead, catalog: &dyn Catalog, today: Date) -> Vec<Issue> {
    let mut issues = Vec::new();
    let (by_kind, by_kind_places): (&[&str], &[usize]) = match lead.kind() {
        Some(LeadKind::Individual) => (INDIVIDUAL_REQUIRED, &INDIVIDUAL_REQUIRED_PLACES),
        Some(LeadKind::Company) => (COMPANY_REQUIRED, &COMPANY_REQUIRED_PLACES),
        None => (&[], &[]),
    };
    let required = ALWAYS_REQUIRED.iter().zip(&ALWAYS_REQUIRED_PLACES);
    for (key, place) in required.chain(by_kind.iter().zip(by_kind_places)) {
        if lead.text_at(*place).is_none() {
            issues.push(Issue::new(*key, IssueCode::Required));
        }
    }
    for ((key, max), place) in MAX_LENGTHS.iter().zip(MAX_LENGTH_PLACES) {
        let Some(text) = place.and_then(|place| lead.text_at(place)) else {
            continue;
        };
        // Within the limit in bytes is within it in characters: most texts need no count.
        if text.len() > *max && text.chars().count() > *max {
            issues.push(Issue::new(*key, IssueCode::TooLong));
        }
    }

    check_phone(lead, &mut issues);
    if let Some(email) = &lead.email {
        if !is_email(email) {
            issues.push(Issue::new(field::EMAIL, IssueCode::Email));
        }
    }
    if let Some(dob) = &lead.date_of_birth {
        match Date::parse_ymd(dob) {
            None => issues.push(Issue::new(field::DATE_OF_BIRTH, IssueCode::DateFormat)),
            Some(day) if day > today => {
                issues.push(Issue::new(field::DATE_OF_BIRTH, IssueCode::DateInFuture))
            }
            Some(day) if day < EARLIEST_BIRTH => {
                issues.push(Issue::new(field::DATE_OF_BIRTH, IssueCode::DateTooEarly))
            }
            Some(_) => {}
        }
    }
    if let Some(date) = &lead.lead_date {
        if parse_iso_datetime(date).is_none() {
            issues.push(Issue::new(field::LEAD_DATE, IssueCode::DateFormat));
        }
    }

    let brand_id = chosen_brand(&check_choices(catalog, lead, &mut issues));
    for (index, vehicle) in lead.vehicles.iter().enumerate() {
        check_vehicle(catalog, brand_id, index, vehicle, &mut issues);
    }
    sort_in_form_order(&mut issues);
    issues
}

fn check_phone(lead: &Lead, issues: &mut Vec<Issue>) {
    let Some(number) = &lead.phone_number else {
        if lead.email.is_none() {
            issues.push(Issue::new(field::PHONE_NUMBER, IssueCode::ContactRequired));
        }
        return;
    };
    let saudi = lead.phone_code.as_deref() == Some(SAUDI_PHONE_CODE);
    if let Some(code) = phone_issue(number, saudi) {
        issues.push(Issue::new(field::PHONE_NUMBER, code));
    }
}

/// The phone-number rule (after [`normalize_phone`]): 9 digits, and a Saudi mobile starts with 5.
pub fn phone_issue(number: &str, saudi_mobile: bool) -> Option<IssueCode> {
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        Some(IssueCode::PhoneDigits)
    } else if number.len() != PHONE_DIGITS {
        Some(IssueCode::PhoneLength)
    } else if saudi_mobile && !number.starts_with('5') {
        Some(IssueCode::PhoneSaudiMobile)
    } else {
        None
    }
}

/// A practical address check: one `@`, a local part of printable non-space characters, a domain of
/// dot-separated labels (letters of any script, digits, hyphens inside) with at least one dot.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
    local_ok && domain_ok
}

/// Checks every list field against its list (a child against the children of the item its parent
/// names) and returns the items found. A child whose parent is missing, unknown or not in its list
/// is not checked: the parent's issue says what to fix first.
fn check_choices(catalog: &dyn Catalog, lead: &Lead, issues: &mut Vec<Issue>) -> ListChoices {
    walk_list_fields(|step| {
        let text = lead.text_at(step.place)?;
        match catalog.find(step.list, step.parent, text) {
            Lookup::Found(item) => Some(item.value),
            Lookup::Missing => {
                let code = match step.parent {
                    Some(_) => IssueCode::NotInParent,
                    None => IssueCode::NotInList,
                };
                issues.push(Issue::new(step.key, code));
                None
            }
            Lookup::Unknown => None,
        }
    })
}

fn check_vehicle(
    catalog: &dyn Catalog,
    brand_id: Option<ItemId>,
    index: usize,
    vehicle: &Vehicle,
    issues: &mut Vec<Issue>,
) {
    let path = |key| field::vehicle(index, key);
    match &vehicle.model_family {
        None => issues.push(Issue::new(path(field::MODEL_FAMILY), IssueCode::Required)),
        Some(family) => {
            if let Some(brand_id) = brand_id {
                if catalog.find(ListType::Model, Some(brand_id), family) == Lookup::Missing {
                    issues.push(Issue::new(
                        path(field::MODEL_FAMILY),
                        IssueCode::NotInParent,
                    ));
                }
            }
        }
    }
    match vehicle.model_year {
        None => issues.push(Issue::new(path(field::MODEL_YEAR), IssueCode::Required)),
        Some(year) if !(1900..=2100).contains(&year) => {
            issues.push(Issue::new(path(field::MODEL_YEAR), IssueCode::YearFormat))
        }
        Some(year) => {
            if catalog.find(ListType::ModelYear, None, &year.to_string()) == Lookup::Missing {
                issues.push(Issue::new(path(field::MODEL_YEAR), IssueCode::NotInList));
            }
        }
    }
    match vehicle.total_qty {
        None => issues.push(Issue::new(path(field::TOTAL_QTY), IssueCode::Required)),
        Some(qty) if !(1..=MAX_QUANTITY).contains(&qty) => {
            issues.push(Issue::new(path(field::TOTAL_QTY), IssueCode::Quantity))
        }
        Some(_) => {}
    }
    for (key, value) in [
        (field::MODEL_MEMO, &vehicle.model_memo),
        (field::MODEL_PREFERENCES, &vehicle.model_preferences),
    ] {
        if let (Some(text), Some(max)) = (value, max_length(key)) {
            if text.chars().count() > max {
                issues.push(Issue::new(path(key), IssueCode::TooLong));
            }
        }
    }
}

/// The order fields appear in on the form, so the first issue is the one to focus.
pub const FORM_ORDER: &[&str] = &[
    field::LEAD_TYPE,
    field::TITLE,
    field::FIRST_NAME,
    field::MIDDLE_NAME,
    field::LAST_NAME,
    field::LEAD_NAME,
    field::COMPANY_INDUSTRY_TYPE,
    field::CONTACT_NAME,
    field::LEAD_TYPE_NAME,
    field::GENDER,
    field::NATIONALITY,
    field::DATE_OF_BIRTH,
    field::OCCUPATION,
    field::MONTHLY_INCOME,
    field::PHONE_CODE,
    field::PHONE_NUMBER,
    field::EMAIL,
    field::PREFERRED_LANGUAGE,
    field::PREFERRED_CONTACT_TYPE,
    field::CUSTOMER_COUNTRY,
    field::CUSTOMER_REGION,
    field::CUSTOMER_CITY,
    field::ADDRESS1,
    field::ADDRESS2,
    field::BRAND,
    field::BUSINESS_AREA,
    field::BRANCH,
    field::INTEREST,
    field::VEHICLE_TYPE,
    "vehicles",
    field::PURCHASE_PLAN,
    field::PAYMENT_MODE,
    field::CURRENCY,
    field::SOURCE,
    field::SUB_SOURCE,
    field::PRIORITY,
    field::LEAD_REFERENCE,
    field::LEAD_NOTE,
    field::ACCEPT_PRIVATE_POLICY,
    field::LEAD_DATE,
];

fn form_position(path: &str) -> usize {
    let key = if path.starts_with("vehicles[") {
        "vehicles"
    } else {
        path
    };
    FORM_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(FORM_ORDER.len())
}

/// Sorts issues by where their fields stand on the form.
pub fn sort_in_form_order(issues: &mut [Issue]) {
    // Stable: vehicle issues keep row order, and within a row the order they were found in.
    sort_small_by_key(issues, |issue| form_position(&issue.path));
}

/// A stable sort for the short slices of a form (issues of one lead, presets of one mount):
/// insertion sort, a few hundred bytes of wasm where the standard library's sort is several
/// kilobytes per element type. Quadratic, so not for long lists.
pub fn sort_small_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}
