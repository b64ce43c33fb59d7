//! The dealer entry's configuration and routing, in a real browser (wasm-bindgen-test).

#![cfg(target_arch = "wasm32")]

use dms_lead_widget::dealer::{hash_param, DealerConfig, Page};
use dms_model::Lang;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn element(attributes: &[(&str, &str)]) -> web_sys::Element {
    let el = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    for (name, value) in attributes {
        el.set_attribute(name, value).unwrap();
    }
    el
}

const BASES: [(&str, &str); 3] = [
    ("data-api-base", "/portal/api"),
    ("data-gs-base", "/portal/gs/"),
    ("data-bulk-base", "https://proxy.example/dealer/api"),
];

#[wasm_bindgen_test]
fn configuration_comes_from_the_element_only() {
    let config = DealerConfig::from_element(&element(&BASES)).unwrap();
    assert_eq!(config.gs_base, "/portal/gs");
    assert_eq!(
        config.lead_bank_base, None,
        "the inbox is off unless configured"
    );
    assert_eq!(config.company_code, "jtc");
    assert_eq!(config.chunk_size, 100);
    assert_eq!(config.lang, Lang::En);

    let mut attrs = BASES.to_vec();
    attrs.push((
        "data-lead-bank-mapping",
        r#"{"contents":{"Tel":"telephone"}}"#,
    ));
    let problem = DealerConfig::from_element(&element(&attrs)).unwrap_err();
    assert!(problem.contains("telephone"), "{problem}");

    let mut attrs = BASES.to_vec();
    attrs[1] = ("data-gs-base", "javascript:alert(1)");
    assert!(DealerConfig::from_element(&element(&attrs)).is_err());
    assert!(
        DealerConfig::from_element(&element(&BASES[..2])).is_err(),
        "the bulk route is required"
    );
}

#[wasm_bindgen_test]
fn the_hash_chooses_the_page_and_its_query() {
    assert_eq!(
        Page::from_hash("#status?id=1001"),
        (Page::Status, "id=1001".into())
    );
    assert_eq!(Page::from_hash("#inbox"), (Page::Inbox, String::new()));
    assert_eq!(Page::from_hash(""), (Page::Status, String::new()));
    assert_eq!(Page::from_hash("#unknown?x=1").0, Page::Status);
    let query = "leadId=7&from=2025-08-18&name=%D8%B3%D8%A7%D8%B1%D8%A9&empty=";
    assert_eq!(hash_param(query, "from").as_deref(), Some("2025-08-18"));
    assert_eq!(hash_param(query, "name").as_deref(), Some("سارة"));
    assert_eq!(hash_param(query, "empty"), None);
    assert_eq!(hash_param(query, "id"), None);
}

#[wasm_bindgen_test]
fn the_dealer_voice_rewords_the_forms_texts_only() {
    use dms_lead_widget::dealer::texts::{dealer_voice, rows, CUSTOMER_TITLE};
    use dms_lead_widget::i18n::{label, ui};
    use dms_model::field;
    assert_eq!(
        dealer_voice(ui::SUBMIT),
        ("Create lead", "إنشاء العميل المحتمل")
    );
    assert_eq!(dealer_voice(ui::SECTION_YOU).0, "Customer");
    assert_eq!(dealer_voice(label(field::LEAD_TYPE)).0, "Lead type");
    assert_eq!(dealer_voice(label(field::SOURCE)).1, "المصدر");
    // What the dealer pages say themselves, and labels a dealer shares, stay as they are.
    assert_eq!(dealer_voice(CUSTOMER_TITLE), CUSTOMER_TITLE);
    assert_eq!(dealer_voice(label(field::EMAIL)), label(field::EMAIL));

    assert_eq!(rows(Lang::En, 1), "1 row");
    assert_eq!(rows(Lang::En, 3), "3 rows");
    assert_eq!(rows(Lang::Ar, 1), "صف واحد");
    assert_eq!(rows(Lang::Ar, 2), "صفان");
    assert_eq!(rows(Lang::Ar, 7), "7 صفوف");
    assert_eq!(rows(Lang::Ar, 12), "12 صفاً");
}
