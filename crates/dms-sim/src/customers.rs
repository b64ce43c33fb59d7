//! Seeded DMS customers for the customer lookup (the customer document). Texts come from the catalogue in the
//! requested language, as the DMS answers them.

use dms_model::wire::CustomerContact;
use dms_model::{Customer, ItemId, Lang, ListType};

use crate::catalog::SimCatalog;

/// What the simulator stores of a customer: ids for everything that is a list choice.
struct Seed {
    customer_id: i64,
    reference_no: &'static str,
    identification_no: &'static str,
    identification_type: (ItemId, &'static str, &'static str),
    names: [Option<&'static str>; 3],
    company_name: Option<&'static str>,
    contact_name: Option<&'static str>,
    customer_type: ItemId,
    industry_type: Option<ItemId>,
    nationality: Option<ItemId>,
    gender: Option<ItemId>,
    date_of_birth: Option<&'static str>,
    occupation: Option<&'static str>,
    email: &'static str,
    mobile: &'static str,
    contact_type: ItemId,
    language: ItemId,
    place: (ItemId, ItemId, ItemId),
    address: (&'static str, &'static str),
    postal_code: &'static str,
    /// `(contactId, number, relation id, relation en, relation ar, profession)`.
    contacts: &'static [(
        i64,
        &'static str,
        ItemId,
        &'static str,
        &'static str,
        &'static str,
    )],
}

const SEEDS: &[Seed] = &[
    Seed {
        customer_id: 54218,
        reference_no: "333215",
        identification_no: "2103232123",
        identification_type: (5, "Commercial Registration", "رقم السجل التجاري"),
        names: [None, None, None],
        company_name: Some("Param IT"),
        contact_name: Some("Parameswaran Kalidas"),
        customer_type: 2,
        industry_type: Some(4),
        nationality: None,
        gender: None,
        date_of_birth: None,
        occupation: Some("Company"),
        email: "sri1@gmail.com",
        mobile: "568617084",
        contact_type: 1,
        language: 1,
        place: (1, 1, 1),
        address: ("Holding", "Company"),
        postal_code: "31202",
        contacts: &[
            (1, "568617083", 3, "Friend", "صديق", "Test"),
            (2, "568617086", 6, "Brother", "أخ", "Brother Prof"),
        ],
    },
    Seed {
        customer_id: 60311,
        reference_no: "410877",
        identification_no: "1087654321",
        identification_type: (1, "National ID", "الهوية الوطنية"),
        names: [Some("Sara"), Some("Mohammed"), Some("Al-Qahtani")],
        company_name: None,
        contact_name: None,
        customer_type: 1,
        industry_type: None,
        nationality: Some(1),
        gender: Some(2),
        date_of_birth: Some("1991-03-14"),
        occupation: Some("Engineer"),
        email: "sara.alqahtani@example.sa",
        mobile: "551234567",
        contact_type: 3,
        language: 1,
        place: (1, 4, 10),
        address: ("King Fahd Road, Al Olaya", "Khobar"),
        postal_code: "34447",
        contacts: &[(3, "551234568", 1, "Husband", "زوج", "Teacher")],
    },
    Seed {
        customer_id: 60422,
        reference_no: "410990",
        identification_no: "2456789012",
        identification_type: (2, "Iqama", "الإقامة"),
        names: [Some("Omar"), None, Some("Haddad")],
        company_name: None,
        contact_name: None,
        customer_type: 1,
        industry_type: None,
        nationality: Some(8),
        gender: Some(1),
        date_of_birth: Some("1985-11-02"),
        occupation: Some("Accountant"),
        email: "omar.haddad@example.com",
        mobile: "509876543",
        contact_type: 1,
        language: 2,
        place: (1, 2, 10),
        address: ("Prince Sultan Street", "Al Rawdah"),
        postal_code: "23435",
        contacts: &[],
    },
];

/// The customers matching every given criterion (the DMS treats the optional fields as filters).
pub fn find(
    catalog: &SimCatalog,
    lang: Lang,
    customer_id: Option<i64>,
    identification_no: Option<&str>,
    mobile_number: Option<&str>,
    reference_no: Option<&str>,
) -> Vec<Customer> {
    SEEDS
        .iter()
        .filter(|s| customer_id.is_none_or(|id| id == s.customer_id))
        .filter(|s| identification_no.is_none_or(|n| n == s.identification_no))
        .filter(|s| mobile_number.is_none_or(|m| m == s.mobile))
        .filter(|s| reference_no.is_none_or(|r| r == s.reference_no))
        .map(|s| to_customer(catalog, lang, s))
        .collect()
}

fn to_customer(catalog: &SimCatalog, lang: Lang, s: &Seed) -> Customer {
    let text = |list: ListType, id: Option<ItemId>| {
        id.and_then(|id| catalog.text(list, id, lang))
            .map(str::to_owned)
    };
    let pick = |en: &str, ar: &str| match lang {
        Lang::En => en.to_owned(),
        Lang::Ar => ar.to_owned(),
    };
    let (country, region, city) = s.place;
    Customer {
        version_id: Some(100_000 + s.customer_id),
        customer_id: s.customer_id,
        customer_version_id: Some(1),
        first_name: s.names[0].map(str::to_owned),
        middle_name: s.names[1].map(str::to_owned),
        last_name: s.names[2].map(str::to_owned),
        company_name: s.company_name.map(str::to_owned),
        contact_name: s.contact_name.map(str::to_owned),
        nationality_id: s.nationality,
        nationality: text(ListType::Nationality, s.nationality),
        gender_id: s.gender,
        gender: text(ListType::Gender, s.gender),
        customer_type_id: Some(s.customer_type),
        customer_type: text(ListType::CustomerType, Some(s.customer_type)),
        industry_type_id: s.industry_type,
        industry_type: text(ListType::CustomerIndustryType, s.industry_type),
        date_of_birth: s.date_of_birth.map(str::to_owned),
        occupation: s.occupation.map(str::to_owned),
        preferred_contact_type_id: Some(s.contact_type),
        preferred_contact_type: text(ListType::ContactType, Some(s.contact_type)),
        email_address: Some(s.email.to_owned()),
        phone_code_id: Some(1),
        phone_code: Some("00966".to_owned()),
        mobile_number: Some(s.mobile.to_owned()),
        identification_type_id: Some(s.identification_type.0),
        identification_type: Some(pick(s.identification_type.1, s.identification_type.2)),
        identification_no: Some(s.identification_no.to_owned()),
        country_id: Some(country),
        country: text(ListType::Country, Some(country)),
        region_id: Some(region),
        region: text(ListType::Region, Some(region)),
        city_id: Some(city),
        city: text(ListType::City, Some(city)),
        address1: Some(s.address.0.to_owned()),
        address2: Some(s.address.1.to_owned()),
        preferred_language_id: Some(s.language),
        preferred_language: text(ListType::Language, Some(s.language)),
        company_id: Some(1),
        start_date: Some("2026-05-14T14:24:50.61".to_owned()),
        postal_code: Some(s.postal_code.to_owned()),
        user_active: Some(1),
        customer_contacts: s
            .contacts
            .iter()
            .map(
                |(id, number, rel_id, rel_en, rel_ar, profession)| CustomerContact {
                    contact_id: *id,
                    customer_id: s.customer_id,
                    contact_number: Some((*number).to_owned()),
                    relation_type_id: Some(*rel_id),
                    relation_type: Some(pick(rel_en, rel_ar)),
                    phone_code: Some("00966".to_owned()),
                    primary_contact: Some(false),
                    is_active: Some(true),
                    profession: Some((*profession).to_owned()),
                    remarks: Some(String::new()),
                    ..CustomerContact::default()
                },
            )
            .collect(),
        ..Customer::default()
    }
}
