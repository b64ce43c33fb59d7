//! The lead's text fields by JSON key and by place, generated from one list.

use super::field;
use super::places::same_key;
use crate::wire::Lead;

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
