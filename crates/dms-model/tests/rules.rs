//! The lead rules as a case table: one valid lead per kind, then one change per rule and the exact
//! issue it must produce (and nothing else).

use std::collections::HashMap;

use dms_model::{
    field, prepare, Catalog, Date, Issue, IssueCode, ItemId, Lead, ListItem, ListType, NoCatalog,
    Vehicle,
};
use proptest::prelude::*;

#[derive(Default)]
struct TestCatalog(HashMap<(ListType, Option<ItemId>), Vec<ListItem>>);

impl TestCatalog {
    fn with(mut self, list: ListType, parent: Option<ItemId>, items: &[(ItemId, &str)]) -> Self {
        let items = items.iter().map(|(id, t)| ListItem::new(*id, *t)).collect();
        self.0.insert((list, parent), items);
        self
    }
}

impl Catalog for TestCatalog {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        self.0.get(&(list, parent)).map(Vec::as_slice)
    }
}

fn catalog() -> TestCatalog {
    use ListType::*;
    TestCatalog::default()
        .with(CustomerType, None, &[(1, "Individual"), (2, "Company")])
        .with(
            CustomerIndustryType,
            None,
            &[(1, "Bank"), (4, "Construction")],
        )
        .with(
            Country,
            None,
            &[(1, "Saudi Arabia"), (2, "United Arab Emirates")],
        )
        .with(Region, Some(1), &[(1, "Riyadh"), (5, "Eastern Province")])
        .with(Region, Some(2), &[(20, "Dubai")])
        .with(City, Some(1), &[(1, "Riyadh"), (2, "Al Kharj")])
        .with(City, Some(5), &[(30, "Dammam"), (31, "Khobar")])
        .with(PhoneCode, None, &[(1, "00966"), (2, "00971")])
        .with(Language, None, &[(1, "Arabic"), (2, "English")])
        .with(OuType, None, &[(1, "KIA"), (2, "JMC")])
        .with(BusinessArea, Some(1), &[(11, "Sales")])
        .with(BusinessArea, Some(2), &[(21, "Sales"), (22, "After Sales")])
        .with(BranchType, Some(11), &[(111, "KIA Dammam Showroom")])
        .with(BranchType, Some(21), &[(211, "JMC Khobar Showroom")])
        .with(LeadInterest, None, &[(1, "Vehicle Inquiry")])
        .with(LeadSource, None, &[(1, "Showroom"), (2, "Website")])
        .with(LeadSubSource, Some(1), &[(1, "Walk-in")])
        .with(LeadSubSource, Some(2), &[(5, "Lead Form")])
        .with(LeadPriority, None, &[(1, "Hot"), (2, "Warm")])
        .with(Model, Some(2), &[(1, "Grand Avenue"), (2, "Vigus")])
        .with(Model, Some(1), &[(10, "Sportage")])
        .with(ModelYear, None, &[(2025, "2025"), (2026, "2026")])
}

const TODAY: Date = Date {
    year: 2025,
    month: 8,
    day: 17,
};

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn individual() -> Lead {
    Lead {
        company: s("JTC"),
        business_area: s("Sales"),
        brand: s("JMC"),
        branch: s("JMC Khobar Showroom"),
        source: s("Showroom"),
        sub_source: s("Walk-in"),
        phone_code: s("00966"),
        phone_number: s("555555555"),
        preferred_language: s("English"),
        priority: s("Hot"),
        lead_type: s("Individual"),
        interest: s("Vehicle Inquiry"),
        first_name: s("Abdullah"),
        last_name: s("Careem"),
        date_of_birth: s("1990-05-01"),
        email: s("example@example.com"),
        lead_name: s("Abdullah Careem"),
        lead_date: s("2025-08-17T06:49:41.761Z"),
        customer_country: s("Saudi Arabia"),
        customer_region: s("Eastern Province"),
        customer_city: s("Dammam"),
        vehicles: vec![Vehicle {
            model_family: s("Grand Avenue"),
            model_year: Some(2025),
            total_qty: Some(1),
            ..Vehicle::default()
        }],
        ..Lead::default()
    }
}

fn company() -> Lead {
    Lead {
        lead_type: s("Company"),
        first_name: None,
        last_name: None,
        date_of_birth: None,
        lead_name: s("Example Holdings"),
        contact_name: s("Abdullah"),
        lead_type_name: s("Company"),
        company_industry_type: s("Bank"),
        ..individual()
    }
}

fn issues_of(lead: &Lead) -> Vec<Issue> {
    prepare(lead, &catalog(), TODAY).1
}

fn only(path: &str, code: IssueCode) -> Vec<Issue> {
    vec![Issue::new(path, code)]
}

#[test]
fn valid_leads_pass() {
    assert_eq!(issues_of(&individual()), vec![]);
    assert_eq!(issues_of(&company()), vec![]);
}

#[test]
fn every_always_mandatory_field_is_required() {
    for key in dms_model::validate::ALWAYS_REQUIRED {
        for base in [individual(), company()] {
            let mut lead = base;
            lead.for_each_text_mut(|k, v| {
                if k == *key {
                    *v = Some("   ".into()); // blank after trimming counts as empty
                }
            });
            let issues = issues_of(&lead);
            assert!(
                issues.contains(&Issue::new(*key, IssueCode::Required)),
                "{key}: {issues:?}"
            );
        }
    }
}

#[test]
fn kind_specific_mandatory_fields() {
    let mut lead = individual();
    lead.first_name = None;
    assert_eq!(issues_of(&lead), only("firstName", IssueCode::Required));

    for key in ["companyIndustryType", "contactName", "leadTypeName"] {
        let mut lead = company();
        lead.for_each_text_mut(|k, v| {
            if k == key {
                *v = None;
            }
        });
        assert_eq!(issues_of(&lead), only(key, IssueCode::Required), "{key}");
    }
    // A company lead does not need a first name, an individual no industry.
    assert!(company().first_name.is_none());
}

#[test]
fn arabic_lead_type_texts_select_the_rules() {
    let mut lead = company();
    lead.lead_type = s("شركة");
    lead.contact_name = None;
    let issues = prepare(&lead, &NoCatalog, TODAY).1;
    assert_eq!(issues, only("contactName", IssueCode::Required));
}

#[test]
fn phone_rules() {
    let cases: &[(&str, &str, Option<IssueCode>)] = &[
        ("00966", "555555555", None),
        ("00966", "0555555555", None),
        ("00966", "+966 55 555 5555", None),
        ("00966", "٥٥٥٥٥٥٥٥٥", None),
        ("00966", "455555555", Some(IssueCode::PhoneSaudiMobile)),
        ("00966", "55555555", Some(IssueCode::PhoneLength)),
        ("00966", "5555555555", Some(IssueCode::PhoneLength)),
        ("00966", "55555x555", Some(IssueCode::PhoneDigits)),
        ("00971", "401234567", None),
        ("00971", "40123456", Some(IssueCode::PhoneLength)),
    ];
    for (code, number, expected) in cases {
        let mut lead = individual();
        lead.phone_code = s(code);
        lead.phone_number = s(number);
        let expected = expected.map_or(vec![], |c| only("phoneNumber", c));
        assert_eq!(issues_of(&lead), expected, "{code} {number}");
    }
}

#[test]
fn a_way_to_reach_the_customer_is_required() {
    let mut lead = individual();
    lead.phone_number = None;
    assert_eq!(issues_of(&lead), vec![]); // email alone is enough
    lead.email = None;
    assert_eq!(
        issues_of(&lead),
        only("phoneNumber", IssueCode::ContactRequired)
    );
}

#[test]
fn email_rules() {
    for ok in [
        "a@b.co",
        "first.last+tag@sub.example.sa",
        "محمد@مثال.السعودية",
        " X@Example.COM ",
    ] {
        let mut lead = individual();
        lead.email = s(ok);
        assert_eq!(issues_of(&lead), vec![], "{ok}");
    }
    for bad in [
        "plain", "a@b", "a@@b.co", "a<b@c.co", "a@b..co", ".a@b.co", "a@-b.co", "a@b.c",
    ] {
        let mut lead = individual();
        lead.email = s(bad);
        assert_eq!(issues_of(&lead), only("email", IssueCode::Email), "{bad}");
    }
}

#[test]
fn a_note_keeps_its_line_breaks_and_other_texts_do_not() {
    let (lead, issues) = prepare(
        &Lead {
            lead_note: s("  Call after 5\r\n\r\n  ask for   Omar \nقال: ٣ سيارات"),
            last_name: s("Al\nHarbi"),
            ..individual()
        },
        &catalog(),
        TODAY,
    );
    assert_eq!(issues, vec![]);
    assert_eq!(
        lead.lead_note.as_deref(),
        Some("Call after 5\nask for Omar\nقال: 3 سيارات")
    );
    assert_eq!(lead.last_name.as_deref(), Some("Al Harbi"));
    assert_eq!(dms_model::normalize_lead(&lead), lead);
}

#[test]
fn stray_spaces_in_an_email_are_removed() {
    // Phone keyboards put a space after "." or before "@"; the address is still the person's.
    let (lead, issues) = prepare(
        &Lead {
            email: s("sara @gmail. com"),
            ..individual()
        },
        &catalog(),
        TODAY,
    );
    assert_eq!(issues, vec![]);
    assert_eq!(lead.email.as_deref(), Some("sara@gmail.com"));
}

#[test]
fn date_of_birth_rules() {
    let cases: &[(&str, Option<IssueCode>)] = &[
        ("1990-05-01", None),
        ("2025-08-17", None),
        ("2025-08-17T06:49:41.761Z", None), // the API example's spelling, cut to the day
        ("٢٠٠٠-٠١-٠١", None),
        ("2025-08-18", Some(IssueCode::DateInFuture)),
        ("1899-12-31", Some(IssueCode::DateTooEarly)),
        ("1990-02-30", Some(IssueCode::DateFormat)),
        ("01/05/1990", Some(IssueCode::DateFormat)),
    ];
    for (dob, expected) in cases {
        let mut lead = individual();
        lead.date_of_birth = s(dob);
        let expected = expected.map_or(vec![], |c| only("dateOfBirth", c));
        assert_eq!(issues_of(&lead), expected, "{dob}");
    }
    let (normalised, _) = prepare(
        &Lead {
            date_of_birth: s("2025-08-17T06:49:41.761Z"),
            ..individual()
        },
        &NoCatalog,
        TODAY,
    );
    assert_eq!(normalised.date_of_birth.as_deref(), Some("2025-08-17"));
}

#[test]
fn lead_date_must_be_iso() {
    let mut lead = individual();
    lead.lead_date = s("17/08/2025 10:00");
    assert_eq!(issues_of(&lead), only("leadDate", IssueCode::DateFormat));
}

#[test]
fn vehicle_rules() {
    let row = |family: Option<&str>, year: Option<i32>, qty: Option<i32>| Vehicle {
        model_family: family.map(str::to_owned),
        model_year: year,
        total_qty: qty,
        ..Vehicle::default()
    };
    let cases: Vec<(Vehicle, &str, IssueCode)> = vec![
        (
            row(None, Some(2025), Some(1)),
            "modelFamily",
            IssueCode::Required,
        ),
        (
            row(Some("Sportage"), Some(2025), Some(1)),
            "modelFamily",
            IssueCode::NotInParent,
        ),
        (
            row(Some("Vigus"), Some(25), Some(1)),
            "modelYear",
            IssueCode::YearFormat,
        ),
        (
            row(Some("Vigus"), Some(2019), Some(1)),
            "modelYear",
            IssueCode::NotInList,
        ),
        (
            row(Some("Vigus"), Some(2026), None),
            "totalQty",
            IssueCode::Required,
        ),
        (
            row(Some("Vigus"), Some(2026), Some(0)),
            "totalQty",
            IssueCode::Quantity,
        ),
        (
            row(Some("Vigus"), Some(2026), Some(10_000)),
            "totalQty",
            IssueCode::Quantity,
        ),
    ];
    for (bad, key, code) in cases {
        let mut lead = individual();
        lead.vehicles.push(bad.clone());
        assert_eq!(
            issues_of(&lead),
            only(&format!("vehicles[1].{key}"), code),
            "{bad:?}"
        );
    }
    let mut lead = individual();
    lead.vehicles.push(row(Some("Vigus"), None, Some(1)));
    assert_eq!(issues_of(&lead), vec![], "a model without its year is fine");
    let mut lead = individual();
    lead.vehicles.clear();
    assert_eq!(issues_of(&lead), vec![], "a lead without vehicles is fine");
}

#[test]
fn choices_must_come_from_their_list_and_parent() {
    let cases: &[(&str, &str, IssueCode)] = &[
        ("customerCountry", "Atlantis", IssueCode::NotInList),
        ("customerRegion", "Dubai", IssueCode::NotInParent),
        ("customerCity", "Riyadh", IssueCode::NotInParent),
        ("brand", "Tesla", IssueCode::NotInList),
        ("businessArea", "Leasing", IssueCode::NotInParent),
        ("branch", "KIA Dammam Showroom", IssueCode::NotInParent),
        ("subSource", "Lead Form", IssueCode::NotInParent),
        ("priority", "Lukewarm", IssueCode::NotInList),
        ("leadType", "Government", IssueCode::NotInList),
        ("phoneCode", "001", IssueCode::NotInList),
    ];
    for (key, value, code) in cases {
        let mut lead = individual();
        lead.for_each_text_mut(|k, v| {
            if k == *key {
                *v = s(value);
            }
        });
        let issues = issues_of(&lead);
        assert_eq!(
            issues.first(),
            Some(&Issue::new(*key, *code)),
            "{key}={value}: {issues:?}"
        );
    }
    // Case and spacing differences are not errors.
    let mut lead = individual();
    lead.customer_city = s("  dammam ");
    assert_eq!(issues_of(&lead), vec![]);
}

#[test]
fn a_wrong_parent_does_not_cascade_into_more_errors() {
    let mut lead = individual();
    lead.customer_country = s("Atlantis");
    assert_eq!(
        issues_of(&lead),
        only("customerCountry", IssueCode::NotInList)
    );
}

#[test]
fn lengths_are_capped() {
    let mut lead = individual();
    lead.first_name = Some("x".repeat(101));
    lead.lead_name = Some("x".repeat(101));
    assert_eq!(issues_of(&lead), only("firstName", IssueCode::TooLong));
    lead.first_name = Some("ع".repeat(100)); // counted in characters, not bytes
    assert_eq!(issues_of(&lead), vec![]);
}

#[test]
fn the_public_form_needs_privacy_consent() {
    let mut lead = individual();
    assert_eq!(
        dms_model::public_form_issues(&lead),
        only("acceptPrivatePolicy", IssueCode::Required)
    );
    lead.accept_private_policy = Some(false);
    assert_eq!(dms_model::public_form_issues(&lead).len(), 1);
    lead.accept_private_policy = Some(true);
    assert_eq!(dms_model::public_form_issues(&lead), vec![]);
}

#[test]
fn issues_come_in_form_order() {
    let issues = prepare(&Lead::default(), &NoCatalog, TODAY).1;
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths.first(), Some(&"leadType"));
    let pos = |p: &str| paths.iter().position(|x| *x == p).unwrap();
    assert!(pos("phoneNumber") < pos("customerCountry"));
    assert!(pos("customerCity") < pos("brand"));
    assert!(pos("subSource") < pos("priority"));
}

#[test]
fn issue_codes_serialise_as_stable_strings() {
    let issue = Issue::new(field::vehicle(1, field::MODEL_YEAR), IssueCode::NotInList);
    assert_eq!(issue.to_string(), "vehicles[1].modelYear: not_in_list");
    assert_eq!(
        serde_json::to_string(&issue).unwrap(),
        r#"{"path":"vehicles[1].modelYear","code":"not_in_list"}"#
    );
}

#[test]
fn bulk_body_matches_the_document_example() {
    let bulk = dms_model::LeadBulk::new(vec![company()]);
    let json = serde_json::to_value(&bulk).unwrap();
    assert_eq!(json["isProcessed"], 1);
    let lead = &json["leads"][0];
    assert_eq!(lead["leadTypeName"], "Company");
    assert_eq!(lead["vehicles"][0]["modelYear"], 2025);
    assert_eq!(lead["vehicles"][0]["totalQty"], 1);
    assert!(lead.get("firstName").is_none(), "empty fields are left out");
    // And the document's own example decodes, quantities as numbers or strings.
    let example = r#"{"leads":[{"brand":"JMC","testDriveRequired":true,"vehicles":[
        {"modelFamily":"Grand Avenue","modelYear":2025,"totalQty":"1"}]}],"isProcessed":1}"#;
    let decoded: dms_model::LeadBulk = serde_json::from_str(example).unwrap();
    assert_eq!(decoded.leads[0].vehicles[0].total_qty, Some(1));
    assert_eq!(decoded.leads[0].test_drive_required, Some(true));
}

#[test]
fn status_answer_of_the_document_decodes() {
    let doc = r#"{"leads":[{"leadExternalId":574,"leadId":0,"isError":0,"errorList":null,
        "leadType":"Individual","firstName":"first name","companyName":"string","customerCity":"Afif",
        "vehicles":[{"leadVehiclesId":575,"modelFamily":"RIO","modelYear":2024,"totalQty":1}],
        "testDriveRequired":true}],
        "createdDate":"2025-08-24T21:00:00.000Z","createdBy":1,"totalRecords":1,"errorRecords":0,"isProcessed":2}"#;
    let status: dms_model::BulkStatus = serde_json::from_str(doc).unwrap();
    assert_eq!(status.is_processed, 2);
    assert_eq!(status.leads[0].lead_external_id, 574);
    assert_eq!(status.leads[0].company_name.as_deref(), Some("string"));
    assert_eq!(status.leads[0].lead.customer_city.as_deref(), Some("Afif"));
    assert_eq!(status.leads[0].lead.vehicles[0].lead_vehicles_id, Some(575));
}

proptest! {
    #[test]
    fn the_small_sort_orders_like_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..40)) {
        // Pairs sorted by the first value only: equal keys must keep their order (issues of one
        // vehicle row stay in the order they were found).
        let mut ours = items.clone();
        dms_model::validate::sort_small_by_key(&mut ours, |(k, _)| *k);
        let mut standard = items;
        standard.sort_by_key(|(k, _)| *k);
        prop_assert_eq!(ours, standard);
    }

    #[test]
    fn the_bulk_writer_writes_what_serde_writes(
        texts in proptest::collection::vec(proptest::option::of("\\PC{0,12}|[\"\\\\\u{0}-\u{1f}\u{7f}]{0,4}"), 39),
        flags in proptest::collection::vec(any::<Option<bool>>(), 4),
        vehicles in proptest::collection::vec((any::<Option<i64>>(), proptest::option::of("\\PC{0,8}"), any::<Option<i32>>(), any::<Option<i32>>()), 0..3),
        leads in 1usize..3,
    ) {
        let mut lead = Lead::default();
        let mut it = texts.into_iter();
        lead.for_each_text_mut(|_, v| *v = it.next().flatten());
        lead.test_drive_required = flags[0];
        lead.accept_news_letter = flags[1];
        lead.accept_marketing = flags[2];
        lead.accept_private_policy = flags[3];
        lead.vehicles = vehicles.into_iter().map(|(id, family, year, qty)| Vehicle {
            lead_vehicles_id: id, model_family: family.clone(), model_year: year,
            model_memo: family.clone(), model_preferences: family, total_qty: qty,
        }).collect();
        let bulk = dms_model::LeadBulk::new(vec![lead; leads]);
        prop_assert_eq!(dms_model::json::bulk_to_json(&bulk), serde_json::to_string(&bulk).unwrap());
    }

    #[test]
    fn normalising_text_is_idempotent(s in "\\PC*") {
        let once = dms_model::normalize::normalize_text(&s);
        prop_assert_eq!(dms_model::normalize::normalize_text(&once), once);
    }

    #[test]
    fn normalising_a_phone_is_idempotent(code in "(00966|00971|\\+973)", raw in "[+0-9٠-٩ ()-]{0,20}") {
        let once = dms_model::normalize::normalize_phone(&code, &raw);
        prop_assert_eq!(dms_model::normalize::normalize_phone(&code, &once), once);
    }

    #[test]
    fn normalising_a_lead_is_idempotent(first in "\\PC{0,30}", phone in "\\PC{0,20}", dob in "\\PC{0,30}", mail in "\\PC{0,30}") {
        let lead = Lead { first_name: Some(first), phone_number: Some(phone), date_of_birth: Some(dob), email: Some(mail), phone_code: s("00966"), ..Lead::default() };
        let once = dms_model::normalize_lead(&lead);
        prop_assert_eq!(dms_model::normalize_lead(&once), once);
    }

    #[test]
    fn validation_never_panics(texts in proptest::collection::vec("\\PC{0,40}", 39), year in any::<Option<i32>>(), qty in any::<Option<i32>>()) {
        let mut lead = Lead::default();
        let mut it = texts.into_iter();
        lead.for_each_text_mut(|_, v| *v = it.next());
        lead.vehicles.push(Vehicle { model_family: lead.brand.clone(), model_year: year, total_qty: qty, ..Vehicle::default() });
        let _ = prepare(&lead, &catalog(), TODAY);
        let _ = prepare(&lead, &NoCatalog, TODAY);
    }
}

#[test]
fn list_fields_come_after_their_parents_and_follow_the_list_cascade() {
    use dms_model::validate::LIST_FIELDS;
    for (index, (key, list, parent_key)) in LIST_FIELDS.iter().enumerate() {
        let parent = parent_key.map(|parent_key| {
            LIST_FIELDS[..index]
                .iter()
                .find(|(k, _, _)| *k == parent_key)
                .unwrap_or_else(|| panic!("{key}: its parent {parent_key} must come first"))
        });
        assert_eq!(parent.map(|(_, l, _)| *l), list.parent(), "{key}");
    }
}

#[test]
fn text_fields_read_and_written_by_place_are_the_fields_of_their_key() {
    let mut lead = Lead::default();
    for (place, key) in Lead::TEXT_KEYS.iter().enumerate() {
        *lead.text_mut_at(place) = Some(format!("value of {key}"));
    }
    for (place, (key, value)) in lead.text_fields().iter().enumerate() {
        assert_eq!(Lead::TEXT_KEYS[place], *key);
        assert_eq!(Lead::text_slot(key), Some(place));
        assert_eq!(*value, Some(format!("value of {key}").as_str()));
        assert_eq!(lead.text_at(place), lead.text(key));
    }
}
