//! The order fields appear in on the form, so the first issue reported is the one to focus.

use super::field;
use super::issue::Issue;

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
