//! The lead rules, written once for the browser, the simulator and the proxy.
//!
//! Validation is pure data in, data out: a lead (already normalised by [`prepare`]) and whatever lists
//! the caller holds go in; [`Issue`]s keyed by field path (`vehicles[1].modelYear`) with a language-free
//! [`IssueCode`] come out. The UI turns codes into sentences in the person's language.
//!
//! By concern: [`field`] (the JSON keys), [`issue`] (what is reported), [`tables`] (the rule
//! tables, data only), [`places`] (fields by place, checked at compile time, and the cascade walk),
//! `text_fields` (the lead's text fields by key and place), [`order`] (form order), and here the
//! rules themselves: normalising a lead, then judging it.

pub mod field;
pub mod issue;
pub mod order;
pub mod places;
pub mod tables;
mod text_fields;

pub use issue::{Issue, IssueCode, LeadKind};
pub use order::{sort_in_form_order, sort_small_by_key, FORM_ORDER};
pub use places::{chosen_brand, list_of, walk_list_fields, ListChoices, ListFieldStep};
pub use tables::*;

use std::borrow::Cow;

use crate::date::{parse_iso_datetime, Date};
use crate::lists::{Catalog, ItemId, ListType, Lookup};
use crate::normalize::{
    normalize_email, normalize_phone, normalized, normalized_lines, SAUDI_PHONE_CODE,
};
use crate::wire::{Lead, Vehicle};
use places::*;

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
    clean_text_with(value, normalized);
}

fn clean_text_with(value: &mut Option<String>, rules: fn(&str) -> Cow<'_, str>) {
    if let Some(text) = value {
        if let Cow::Owned(normal) = rules(text) {
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
    // A note keeps its line breaks.
    let mut note = out.lead_note.take();
    out.for_each_text_mut(|_, value| clean_text(value));
    clean_text_with(&mut note, normalized_lines);
    out.lead_note = note;
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
    // The year is optional: a visitor asked only for the model (the short form) does not know
    // or say it (docs/assumptions.md, "Vehicles").
    match vehicle.model_year {
        Some(year) if !(1900..=2100).contains(&year) => {
            issues.push(Issue::new(path(field::MODEL_YEAR), IssueCode::YearFormat))
        }
        Some(year)
            if catalog.find(ListType::ModelYear, None, &year.to_string()) == Lookup::Missing =>
        {
            issues.push(Issue::new(path(field::MODEL_YEAR), IssueCode::NotInList))
        }
        _ => {}
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
