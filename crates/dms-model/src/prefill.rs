//! A DMS customer (the customer document) as the starting values of a dealer-assisted lead.
//!
//! The customer must be fetched with `lang=en`: list fields are given as English DMS texts, which
//! the form resolves to list ids like any preset. The customer's `phoneCode` may be spelled `+966`
//! or `966`; it becomes the DMS's `00966`.

use crate::validate::field;
use crate::wire::Customer;

/// `(field key, text)` pairs for every lead field the customer record fills.
pub fn customer_prefill(customer: &Customer) -> Vec<(&'static str, String)> {
    let is_company = customer.company_name.is_some()
        || customer
            .customer_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("company"));
    let phone_code = customer.phone_code.as_deref().map(|code| {
        let digits: String = code.chars().filter(char::is_ascii_digit).collect();
        format!("00{}", digits.trim_start_matches('0'))
    });
    let pairs: [(&'static str, Option<String>); 19] = [
        (
            field::LEAD_TYPE,
            Some(if is_company { "Company" } else { "Individual" }.to_owned()),
        ),
        (field::FIRST_NAME, customer.first_name.clone()),
        (field::MIDDLE_NAME, customer.middle_name.clone()),
        (field::LAST_NAME, customer.last_name.clone()),
        (field::LEAD_NAME, customer.company_name.clone()),
        (field::CONTACT_NAME, customer.contact_name.clone()),
        (field::COMPANY_INDUSTRY_TYPE, customer.industry_type.clone()),
        (field::GENDER, customer.gender.clone()),
        (field::NATIONALITY, customer.nationality.clone()),
        // The customer document spells its dates as date-times (`1988-04-12T00:00:00`); the form's
        // date field, and the lead, take the day.
        (
            field::DATE_OF_BIRTH,
            customer.date_of_birth.as_deref().map(|d| {
                crate::date::parse_iso_datetime(d)
                    .map_or_else(|| d.to_owned(), |day| day.to_string())
            }),
        ),
        (field::PHONE_CODE, phone_code),
        (field::PHONE_NUMBER, customer.mobile_number.clone()),
        (field::EMAIL, customer.email_address.clone()),
        (
            field::PREFERRED_LANGUAGE,
            customer.preferred_language.clone(),
        ),
        (
            field::PREFERRED_CONTACT_TYPE,
            customer.preferred_contact_type.clone(),
        ),
        (field::CUSTOMER_COUNTRY, customer.country.clone()),
        (field::CUSTOMER_REGION, customer.region.clone()),
        (field::CUSTOMER_CITY, customer.city.clone()),
        (field::ADDRESS1, customer.address1.clone()),
    ];
    pairs
        .into_iter()
        .filter_map(|(key, value)| {
            let value = value?.trim().to_owned();
            (!value.is_empty()).then_some((key, value))
        })
        .filter(|(key, _)| !(is_company && *key == field::DATE_OF_BIRTH))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn individual_and_company_customers() {
        let person = Customer {
            first_name: Some("Sara".into()),
            last_name: Some("Al-Qahtani".into()),
            phone_code: Some("+966".into()),
            mobile_number: Some("551234567".into()),
            city: Some("Riyadh".into()),
            date_of_birth: Some("1988-04-12T00:00:00".into()),
            ..Customer::default()
        };
        let prefill = customer_prefill(&person);
        assert!(
            prefill.contains(&(field::DATE_OF_BIRTH, "1988-04-12".into())),
            "the day, as the date field shows it and the lead sends it"
        );
        assert!(prefill.contains(&(field::LEAD_TYPE, "Individual".into())));
        assert!(prefill.contains(&(field::PHONE_CODE, "00966".into())));
        assert!(prefill.contains(&(field::CUSTOMER_CITY, "Riyadh".into())));
        assert!(!prefill.iter().any(|(k, _)| *k == field::MIDDLE_NAME));

        let company = Customer {
            company_name: Some("Param IT".into()),
            contact_name: Some("Parameswaran Kalidas".into()),
            date_of_birth: Some("2001-01-01T00:00:00".into()),
            ..Customer::default()
        };
        let prefill = customer_prefill(&company);
        assert!(prefill.contains(&(field::LEAD_TYPE, "Company".into())));
        assert!(prefill.contains(&(field::LEAD_NAME, "Param IT".into())));
        assert!(!prefill.iter().any(|(k, _)| *k == field::DATE_OF_BIRTH));
    }
}
