//! The rule tables: limits, mandatory fields and which field takes its choices from which list.
//! Data only; [`super::places`] checks at compile time that every key they name is a lead field.

use super::field;
use crate::date::Date;
use crate::lists::ListType;

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

/// Mandatory for every lead (the lead bulk document's `*` fields; `ou` is the body's `brand`).
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
