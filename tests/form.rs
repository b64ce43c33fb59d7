//! Component tests in a real browser (wasm-bindgen-test, headless Chromium): the form is mounted with
//! its lists primed in the cache, so nothing here touches the network.

#![cfg(target_arch = "wasm32")]

use dms_lead_widget::lists::prime;
use dms_lead_widget::mount_form;
use dms_model::{Lang, ListItem, ListType};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn items(pairs: &[(i64, &str)]) -> Vec<ListItem> {
    pairs
        .iter()
        .map(|(id, text)| ListItem::new(*id, *text))
        .collect()
}

/// A list item: id, English text, Arabic text.
type BilingualItem = (i64, &'static str, &'static str);
/// A cascading list's item: id and text.
type ChildItem = (i64, &'static str);

/// The lists a form needs: English always (the lead is built from English texts) and the display
/// language beside it.
fn prime_lists(lang: Lang) {
    let flat: Vec<(ListType, &[BilingualItem])> = vec![
        (
            ListType::CustomerType,
            &[(1, "Individual", "فرد"), (2, "Company", "شركة")],
        ),
        (
            ListType::PhoneCode,
            &[(1, "00966", "00966"), (2, "00971", "00971")],
        ),
        (
            ListType::Language,
            &[(1, "Arabic", "العربية"), (2, "English", "الإنجليزية")],
        ),
        (
            ListType::Country,
            &[
                (1, "Saudi Arabia", "السعودية"),
                (2, "United Arab Emirates", "الإمارات"),
            ],
        ),
        (ListType::Currency, &[(1, "SAR", "ريال")]),
        (ListType::OuType, &[(1, "KIA", "كيا")]),
        (ListType::LeadInterest, &[(1, "Vehicle Inquiry", "استفسار")]),
        (ListType::LeadSource, &[(1, "Website", "الموقع")]),
        (ListType::LeadPriority, &[(2, "Warm", "دافئ")]),
        (ListType::ModelYear, &[(2026, "2026", "2026")]),
        (ListType::Title, &[(1, "Mr", "السيد")]),
        (ListType::Gender, &[(1, "Male", "ذكر")]),
        (ListType::Nationality, &[(1, "Saudi", "سعودي")]),
        (
            ListType::LeadMonthlyIncome,
            &[(1, "0-5000 SAR", "0-5000 ريال")],
        ),
        (ListType::ContactType, &[(1, "Phone", "مكالمة")]),
        (ListType::CustomerIndustryType, &[(1, "Bank", "بنوك")]),
        (ListType::VehicleType, &[(1, "New", "جديدة")]),
        (ListType::PurchasePlan, &[(1, "Immediate", "فوراً")]),
        (ListType::PaymentMode, &[(1, "Cash", "نقداً")]),
    ];
    for (list, pairs) in flat {
        let english = pairs
            .iter()
            .map(|(id, en, _)| ListItem::new(*id, *en))
            .collect();
        prime(list, None, Lang::En, english);
        if lang == Lang::Ar {
            let arabic = pairs
                .iter()
                .map(|(id, _, ar)| ListItem::new(*id, *ar))
                .collect();
            prime(list, None, Lang::Ar, arabic);
        }
    }
    // (list, parent id, [(id, text)]), the same in both languages.
    let cascade: &[(ListType, i64, &[ChildItem])] = &[
        (
            ListType::Region,
            1,
            &[(4, "Eastern Province"), (1, "Riyadh")],
        ),
        (ListType::Region, 2, &[(102, "Dubai")]),
        (ListType::City, 4, &[(10, "Dammam"), (11, "Khobar")]),
        (ListType::City, 1, &[(1, "Riyadh")]),
        (ListType::City, 102, &[(50, "Dubai")]),
        (ListType::BusinessArea, 1, &[(11, "Sales")]),
        (ListType::BranchType, 11, &[(1101, "KIA Riyadh Showroom")]),
        (ListType::Model, 1, &[(101, "Sportage")]),
        (ListType::LeadSubSource, 1, &[(11, "Lead Form")]),
    ];
    for (list, parent, pairs) in cascade {
        prime(*list, Some(*parent), lang, items(pairs));
        prime(*list, Some(*parent), Lang::En, items(pairs));
    }
}

/// Mounts the full form into a fresh element; list requests that are not primed go to a closed
/// port.
fn mount(lang: Lang) -> HtmlElement {
    mount_with(lang, &[("data-fields", "full")]).unwrap()
}

/// Mounts a form with `attributes` besides the endpoints, the privacy policy and the language.
fn mount_with(lang: Lang, attributes: &[(&str, &str)]) -> Result<HtmlElement, String> {
    prime_lists(lang);
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    host.set_attribute("data-api-base", "http://127.0.0.1:9/api")
        .unwrap();
    host.set_attribute("data-gs-base", "http://127.0.0.1:9/gs")
        .unwrap();
    host.set_attribute("data-privacy-url", "https://jtc.example/privacy")
        .unwrap();
    host.set_attribute("data-lang", lang.code()).unwrap();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    document.body().unwrap().append_child(&host).unwrap();
    mount_form(host.clone()).inspect_err(|_| host.remove())?;
    Ok(host)
}

async fn settle() {
    for _ in 0..5 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

fn element<T: JsCast>(host: &HtmlElement, selector: &str) -> T {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

fn control<T: JsCast>(host: &HtmlElement, name: &str) -> T {
    element(host, &format!("[name=\"{name}\"]"))
}

fn input_value(host: &HtmlElement, name: &str) -> String {
    control::<HtmlInputElement>(host, name).value()
}

fn fire(target: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Whether the control is marked invalid: `aria-invalid="true"` when it is, no attribute at all
/// when it is not (any other value fails the test).
fn is_flagged(control: &Element) -> bool {
    match control.get_attribute("aria-invalid") {
        None => false,
        Some(value) => {
            assert_eq!(value, "true", "aria-invalid is true or absent");
            true
        }
    }
}

/// The message an invalid control points at (`aria-describedby`), or `None` when it is valid.
fn message_of(control: &Element) -> Option<String> {
    if !is_flagged(control) {
        return None;
    }
    let id = control.get_attribute("aria-describedby")?;
    let message = leptos::prelude::document().get_element_by_id(&id)?;
    Some(message.text_content().unwrap_or_default())
}

/// Types `value` into `input` (as one input event) and lets the form react.
async fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    fire(input, "input");
    settle().await;
}

/// Leaves `control` (a blur) and lets the form react.
async fn leave(control: &Element) {
    fire(control, "blur");
    settle().await;
}

async fn choose(host: &HtmlElement, name: &str, value: &str) {
    let select: HtmlSelectElement = control(host, name);
    select.set_value(value);
    fire(&select, "change");
    settle().await;
}

fn option_texts(select: &HtmlSelectElement) -> Vec<String> {
    let options = select.options();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .filter(|o| !o.get_attribute("value").unwrap_or_default().is_empty())
        .map(|o| o.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn changing_a_parent_clears_and_reloads_its_children() {
    let host = mount(Lang::En);
    settle().await;
    // Saudi Arabia is preselected: its regions are offered.
    let region: HtmlSelectElement = control(&host, "customerRegion");
    assert_eq!(option_texts(&region), vec!["Eastern Province", "Riyadh"]);
    choose(&host, "customerRegion", "4").await;
    let city: HtmlSelectElement = control(&host, "customerCity");
    assert_eq!(option_texts(&city), vec!["Dammam", "Khobar"]);
    choose(&host, "customerCity", "11").await;
    assert_eq!(city.value(), "11");

    choose(&host, "customerCountry", "2").await;
    let region: HtmlSelectElement = control(&host, "customerRegion");
    let city: HtmlSelectElement = control(&host, "customerCity");
    assert_eq!(
        region.value(),
        "",
        "the region of another country is cleared"
    );
    assert_eq!(option_texts(&region), vec!["Dubai"]);
    assert_eq!(city.value(), "", "the city below it is cleared too");
    assert!(city.disabled(), "no city list until a region is chosen");
    host.remove();
}

#[wasm_bindgen_test]
async fn a_failed_submit_shows_each_issue_at_its_field_and_focuses_the_first() {
    let host = mount(Lang::En);
    settle().await;
    let submit: HtmlElement = element(&host, "button[type=submit]");
    submit.click();
    settle().await;

    let first_name: HtmlInputElement = control(&host, "firstName");
    assert_eq!(
        message_of(&first_name).as_deref(),
        Some("This field is required.")
    );
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active.get_attribute("name").as_deref(),
        Some("firstName"),
        "focus moves to the first invalid field"
    );

    let phone: HtmlInputElement = control(&host, "phoneNumber");
    assert!(is_flagged(&phone), "a phone or an email is needed");
    let consent: HtmlInputElement = control(&host, "acceptPrivatePolicy");
    assert!(is_flagged(&consent));
    // Preselected and valid fields are not flagged.
    let country: HtmlSelectElement = control(&host, "customerCountry");
    assert!(!is_flagged(&country));

    // Fixing a field removes its message.
    type_into(&first_name, "Sara").await;
    assert!(!is_flagged(&first_name));
    assert_eq!(first_name.get_attribute("aria-describedby"), None);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_field_is_checked_when_left_in_arabic_too() {
    let host = mount(Lang::Ar);
    settle().await;
    let root = host.query_selector(".dlf").unwrap().unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    let phone: HtmlInputElement = control(&host, "phoneNumber");
    assert_eq!(
        phone.get_attribute("dir").as_deref(),
        Some("ltr"),
        "phone numbers read left to right"
    );
    // Arabic-Indic digits are accepted; the rule (a Saudi mobile starts with 5) still applies.
    phone.set_value("٤٥٥٥٥٥٥٥٥");
    fire(&phone, "input");
    assert!(
        !is_flagged(&phone),
        "nothing is flagged before the field is left"
    );
    leave(&phone).await;
    assert_eq!(
        message_of(&phone).as_deref(),
        Some("رقم الجوال السعودي يبدأ بالرقم 5، مثل 5XXXXXXXX.")
    );
    type_into(&phone, "٠٥٥٥٥٥٥٥٥٥").await;
    assert!(!is_flagged(&phone));
    host.remove();
}

#[wasm_bindgen_test]
async fn company_leads_ask_for_the_company_not_a_first_name() {
    let host = mount(Lang::En);
    settle().await;
    let company: HtmlInputElement = element(&host, "input[name=leadType][value=\"2\"]");
    company.click();
    settle().await;
    // The individual's controls are neither shown nor part of the form's data.
    let first_name: HtmlInputElement = control(&host, "firstName");
    assert!(first_name.offset_parent().is_none(), "firstName is hidden");
    assert!(first_name.matches(":disabled").unwrap());
    let label = host
        .query_selector("label[for$=\"-leadName\"]")
        .unwrap()
        .unwrap();
    assert!(label.text_content().unwrap().starts_with("Company name"));
    control::<HtmlSelectElement>(&host, "companyIndustryType");
    control::<HtmlInputElement>(&host, "contactName");
    host.remove();
}

#[wasm_bindgen_test]
async fn vehicle_rows_keep_what_was_typed_and_the_focus_when_rows_come_and_go() {
    let host = mount(Lang::En);
    settle().await;
    let add: HtmlElement = element(&host, ".dlf-vehicles > .dlf-secondary");
    let type_into = |name: &str, text: &str| {
        let input: HtmlInputElement = control(&host, name);
        input.set_value(text);
        fire(&input, "input");
        input
    };
    let first = type_into("vehicles[0].modelPreferences", "Red");
    first.focus().unwrap();
    add.click();
    settle().await;
    let document = web_sys::window().unwrap().document().unwrap();
    assert_eq!(
        document.active_element().as_ref(),
        Some::<&Element>(first.as_ref()),
        "adding a row leaves the row being typed in alone"
    );
    type_into("vehicles[1].modelPreferences", "Blue");
    type_into("vehicles[1].totalQty", "2");

    // Removing the first row: the second moves up, renumbered, with what was typed in it.
    let remove: HtmlElement = element(&host, ".dlf-vehicle .dlf-link");
    remove.focus().unwrap();
    remove.click();
    settle().await;
    assert_eq!(host.query_selector_all(".dlf-vehicle").unwrap().length(), 1);
    assert_eq!(
        document.active_element().as_ref(),
        Some::<&Element>(add.as_ref()),
        "focus goes to \"Add another vehicle\", not back to the top of the page"
    );
    let legend: HtmlElement = element(&host, ".dlf-vehicle legend");
    assert_eq!(legend.text_content().unwrap(), "Vehicle 1");
    assert_eq!(input_value(&host, "vehicles[0].modelPreferences"), "Blue");
    assert_eq!(input_value(&host, "vehicles[0].totalQty"), "2");

    // A row added again starts empty, whatever the removed row held.
    add.click();
    settle().await;
    assert_eq!(input_value(&host, "vehicles[1].modelPreferences"), "");
    assert_eq!(input_value(&host, "vehicles[1].totalQty"), "1");
    host.remove();
}

#[wasm_bindgen_test]
fn list_requests_carry_the_language_and_the_parent() {
    use dms_lead_widget::api::list_url;
    assert_eq!(
        list_url("/proxy/api", ListType::City, Some(4), Lang::Ar),
        "/proxy/api/v1/list/CITY?lang=ar&parentId=4"
    );
    assert_eq!(
        list_url("https://p.example/api", ListType::Country, None, Lang::En),
        "https://p.example/api/v1/list/COUNTRY?lang=en"
    );
}

#[wasm_bindgen_test]
fn list_answers_are_read_in_every_spelling_the_model_accepts() {
    use dms_lead_widget::api::list_items;
    assert_eq!(
        list_items(
            r#"[{"value":1,"text":"KIA"},{"id":"2","name":"JMC"},{"value":3.0,"label":"هانتر"}]"#
        ),
        Some(items(&[(1, "KIA"), (2, "JMC"), (3, "هانتر")]))
    );
    assert_eq!(list_items("[]"), Some(Vec::new()));
    // Anything else is not a list: the form says so and offers a retry.
    for bad in [
        r#"{"value":1,"text":"KIA"}"#,
        r#"[{"value":1.5,"text":"KIA"}]"#,
        r#"[{"value":"x","text":"KIA"}]"#,
        r#"[{"value":1}]"#,
        r#"[1,2]"#,
        "not json",
    ] {
        assert_eq!(list_items(bad), None, "{bad}");
    }
}

#[wasm_bindgen_test]
async fn mount_all_mounts_every_marked_element_once() {
    prime_lists(Lang::En);
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    for (name, value) in [
        ("data-dms-lead-form", ""),
        ("data-api-base", "http://127.0.0.1:9/api"),
        ("data-gs-base", "http://127.0.0.1:9/gs"),
        ("data-privacy-url", "https://jtc.example/privacy"),
    ] {
        host.set_attribute(name, value).unwrap();
    }
    host.set_inner_html("<p>Loading the form…</p>");
    document.body().unwrap().append_child(&host).unwrap();
    dms_lead_widget::mount_all();
    dms_lead_widget::mount_all(); // a second call must not mount a second form
    settle().await;
    assert_eq!(host.query_selector_all("form").unwrap().length(), 1);
    assert!(
        host.query_selector(".dlf-placeholder").unwrap().is_none()
            && !host.inner_html().contains("Loading the form")
    );
    host.remove();
}

#[wasm_bindgen_test]
fn retries_back_off_with_full_jitter_and_honour_retry_after() {
    use dms_lead_widget::api::ApiError;
    use dms_lead_widget::public::outbox::backoff_ms;
    // Worth retrying: no answer, a timeout, "still being sent", too many requests, server trouble.
    for code in [408, 409, 429, 500, 502, 503, 504] {
        assert!(ApiError::Status(code).is_transient(), "{code}");
    }
    assert!(ApiError::Network.is_transient());
    // Refusals that a retry cannot change.
    for code in [400, 401, 403, 404, 413, 422, 428] {
        assert!(!ApiError::Status(code).is_transient(), "{code}");
    }
    assert_eq!(backoff_ms(0, None, 0.0), 0.0);
    assert_eq!(backoff_ms(0, None, 1.0), 1_000.0);
    assert_eq!(backoff_ms(3, None, 1.0), 8_000.0);
    assert_eq!(backoff_ms(3, None, 0.5), 4_000.0);
    assert_eq!(
        backoff_ms(30, None, 1.0),
        300_000.0,
        "capped at five minutes"
    );
    assert_eq!(
        backoff_ms(0, Some(30), 0.1),
        30_000.0,
        "never sooner than Retry-After"
    );
}

#[wasm_bindgen_test]
fn a_pending_lead_survives_storage_unchanged() {
    use dms_lead_widget::api::HumanSignals;
    use dms_lead_widget::public::outbox::Pending;
    let pending = Pending {
        key: "0b9c6a4e-3f1d-4a57-9c1e-2f9a8d7c6b5a".into(),
        api_base: "https://proxy.example/api".into(),
        body: "{\"leads\":[{\"firstName\":\"Sara Al Qahtani\"}],\"isProcessed\":1}".into(),
        attempts: 3,
        human: HumanSignals {
            form_token: Some("v1.1795446100000.0123456789abcdef.".to_owned() + &"ab".repeat(32)),
            trap_filled: false,
            turnstile: Some("0.zX9-_abc.def".into()),
        },
        not_before: 1_795_446_150_096,
        needs_mapping: false,
    };
    let item = pending.to_item();
    assert_eq!(
        Pending::from_item(&pending.key, &item),
        Some(pending.clone())
    );
    // A lead taken during an outage keeps its "to be completed" mark.
    let to_map = Pending {
        needs_mapping: true,
        ..pending.clone()
    };
    assert_eq!(
        Pending::from_item(&to_map.key, &to_map.to_item()),
        Some(to_map)
    );
    assert_eq!(Pending::from_item(&pending.key, "garbage"), None);
    // An item stored before Turnstile tokens were kept still reads, without a token.
    let older = format!(
        "3 1795446150096 41250 0 https://proxy.example/api\n{}",
        pending.body
    );
    let read = Pending::from_item(&pending.key, &older).expect("an older item");
    assert_eq!(read.human.turnstile, None);
    // Its fill time is no form token: the proxy asks for one (428) and the outbox fetches it.
    assert_eq!(read.human.form_token, None);
    assert_eq!(read.body, pending.body);
}

/// The public bundle carries no Unicode tables of its own: the browser composes and lower-cases
/// for the rules crate, and the lead must come out as the DMS's own normalisation would write it.
#[wasm_bindgen_test]
fn text_is_composed_and_email_domains_lower_cased_by_the_browser() {
    use dms_model::normalize::{normalize_email, normalize_text};
    dms_lead_widget::use_browser_unicode();
    assert_eq!(
        normalize_email(" Sara.Ali@Example.COM "),
        "Sara.Ali@example.com"
    );
    assert_eq!(normalize_email("Jörg@BÜCHER.De"), "Jörg@bücher.de");
    assert_eq!(normalize_email("sara@ΕΛΛΆΔΑ.GR"), "sara@ελλάδα.gr");
    // Alef + hamza above, typed as two characters, is sent as the one letter U+0623.
    assert_eq!(normalize_text("\u{0627}\u{0654}حمد"), "\u{0623}حمد");
}

/// The text of a select's empty choice (its placeholder).
fn placeholder(select: &HtmlSelectElement) -> String {
    select
        .options()
        .item(0)
        .and_then(|o| o.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn tabbing_past_a_field_says_nothing_and_new_problems_wait_until_it_is_left() {
    let host = mount(Lang::En);
    settle().await;
    let first_name: HtmlInputElement = control(&host, "firstName");
    // Focus and leave without typing: nothing to say yet.
    fire(&first_name, "focus");
    leave(&first_name).await;
    assert!(
        !is_flagged(&first_name),
        "an untouched field is not flagged"
    );

    // Typed and left invalid: said when left, and gone as soon as the value is valid.
    let email: HtmlInputElement = control(&host, "email");
    type_into(&email, "sara@").await;
    assert!(!is_flagged(&email), "nothing while typing");
    leave(&email).await;
    assert_eq!(
        message_of(&email).as_deref(),
        Some("Enter an email address like name@example.com.")
    );
    type_into(&email, "sara@example.sa").await;
    assert!(!is_flagged(&email), "valid again: the message goes at once");
    // Made invalid again while typing: not said until the field is left again.
    type_into(&email, "sara@example").await;
    assert!(
        !is_flagged(&email),
        "a new problem waits until the field is left"
    );
    leave(&email).await;
    assert!(is_flagged(&email));
    host.remove();
}

#[wasm_bindgen_test]
async fn a_select_waiting_for_its_parent_names_it_in_both_languages() {
    for (lang, country, region) in [
        (Lang::En, "Choose a country first", "Choose a region first"),
        (Lang::Ar, "اختر الدولة أولاً", "اختر المنطقة أولاً"),
    ] {
        let host = mount(lang);
        settle().await;
        // Saudi Arabia is preselected, so the regions are offered and the city waits for one.
        let city: HtmlSelectElement = control(&host, "customerCity");
        assert_eq!(placeholder(&city), region);
        choose(&host, "customerCountry", "").await;
        let region_select: HtmlSelectElement = control(&host, "customerRegion");
        assert_eq!(placeholder(&region_select), country);
        host.remove();
    }
}

#[wasm_bindgen_test]
fn the_kiosk_countdown_uses_each_language_plural_forms() {
    use dms_lead_widget::i18n::seconds;
    let english: Vec<String> = [1, 2, 10].iter().map(|n| seconds(Lang::En, *n)).collect();
    assert_eq!(english, ["1 second", "2 seconds", "10 seconds"]);
    let arabic: Vec<String> = [1, 2, 3, 10, 11, 100]
        .iter()
        .map(|n| seconds(Lang::Ar, *n))
        .collect();
    assert_eq!(
        arabic,
        [
            "ثانية واحدة",
            "ثانيتين",
            "3 ثوانٍ",
            "10 ثوانٍ",
            "11 ثانية",
            "100 ثانية"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_phone_code_shows_its_country_in_the_form_language() {
    for (lang, expected) in [
        (
            Lang::En,
            ["00966 · Saudi Arabia", "00971 · United Arab Emirates"],
        ),
        (Lang::Ar, ["00966 · السعودية", "00971 · الإمارات"]),
    ] {
        let host = mount(lang);
        settle().await;
        let code: HtmlSelectElement = control(&host, "phoneCode");
        assert_eq!(option_texts(&code), expected);
        host.remove();
    }
}

#[wasm_bindgen_test]
async fn another_phone_country_is_judged_by_its_own_rule_not_the_saudi_one() {
    let host = mount(Lang::En);
    settle().await;
    let phone: HtmlInputElement = control(&host, "phoneNumber");
    type_into(&phone, "412345678").await;
    leave(&phone).await;
    assert_eq!(
        message_of(&phone).as_deref(),
        Some("A Saudi mobile number starts with 5, e.g. 5XXXXXXXX.")
    );
    // The visitor's number is from the Emirates: the message goes as soon as the code is chosen.
    choose(&host, "phoneCode", "2").await;
    assert!(
        !is_flagged(&phone),
        "nine digits are what the DMS asks of 00971"
    );
    host.remove();
}

/// The controls a person sees and can fill (not the bots' trap field), by name, in page order.
fn visible_controls(host: &HtmlElement) -> Vec<String> {
    let all = host.query_selector_all("input, select, textarea").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|c| c.offset_parent().is_some() && c.closest(".dlf-trap").unwrap().is_none())
        .map(|c| c.get_attribute("name").unwrap_or_default())
        .collect()
}

/// The text of the label of the control `name`, without the required marker.
fn label_of(host: &HtmlElement, name: &str) -> String {
    let id = control::<Element>(host, name).id();
    let label: Element = element(host, &format!("label[for=\"{id}\"]"));
    label
        .first_child()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

/// A landing page's presets: brand, source and sub-source.
const LANDING_PRESETS: &[(&str, &str)] = &[
    ("data-brand", "KIA"),
    ("data-source", "Website"),
    ("data-sub-source", "Lead Form"),
];

#[wasm_bindgen_test]
async fn the_short_form_asks_a_handful_of_questions_and_never_the_priority() {
    for lang in [Lang::En, Lang::Ar] {
        let host = mount_with(lang, LANDING_PRESETS).unwrap();
        settle().await;
        assert_eq!(
            visible_controls(&host),
            [
                "firstName",
                "phoneNumber",
                "email",
                "customerCity",
                "vehicles[0].modelFamily",
                "branch",
                "acceptPrivatePolicy"
            ],
            "{lang:?}"
        );
        let full_name = match lang {
            Lang::En => "Full name",
            Lang::Ar => "الاسم الكامل",
        };
        assert_eq!(label_of(&host, "firstName"), full_name);
        assert!(!host.inner_html().contains("priority"));
        host.remove();
    }
}

#[wasm_bindgen_test]
async fn the_city_is_chosen_by_name_and_brings_its_region() {
    let host = mount_with(Lang::Ar, LANDING_PRESETS).unwrap();
    // The Arabic texts, before the form's parts are built.
    prime(
        ListType::Region,
        Some(1),
        Lang::Ar,
        items(&[(4, "المنطقة الشرقية"), (1, "الرياض")]),
    );
    prime(
        ListType::City,
        Some(4),
        Lang::Ar,
        items(&[(10, "الدمام"), (11, "الخبر")]),
    );
    prime(ListType::City, Some(1), Lang::Ar, items(&[(1, "الرياض")]));
    settle().await;
    let city: HtmlSelectElement = control(&host, "customerCity");
    // Cities grouped by the region they are in, in the form's language.
    let groups = city.query_selector_all("optgroup").unwrap();
    let group_labels: Vec<String> = (0..groups.length())
        .map(|i| groups.item(i).unwrap().unchecked_into::<Element>())
        .map(|g| g.get_attribute("label").unwrap())
        .collect();
    assert_eq!(group_labels, ["المنطقة الشرقية", "الرياض"]);
    assert_eq!(option_texts(&city), ["الدمام", "الخبر", "الرياض"]);
    // Nothing chosen: the submit names the city (not a region the person cannot see).
    element::<HtmlElement>(&host, "button[type=submit]").click();
    settle().await;
    assert_eq!(message_of(&city).as_deref(), Some("هذا الحقل مطلوب."));
    choose(&host, "customerCity", "4:11").await;
    assert!(!is_flagged(&city), "Khobar brings the Eastern Province");
    assert_eq!(city.value(), "4:11");
    host.remove();
}

#[wasm_bindgen_test]
async fn an_embedder_lists_the_fields_in_the_order_to_ask_them() {
    let mut attributes = LANDING_PRESETS.to_vec();
    attributes.push((
        "data-fields",
        "lastName, firstName, phoneCode, phoneNumber, customerCountry, customerRegion, customerCity, interest, leadNote",
    ));
    let host = mount_with(Lang::En, &attributes).unwrap();
    settle().await;
    assert_eq!(
        visible_controls(&host),
        [
            "lastName",
            "firstName",
            "phoneCode",
            "phoneNumber",
            "customerCountry",
            "customerRegion",
            "customerCity",
            "interest",
            "leadNote",
            "acceptPrivatePolicy"
        ],
        "the consent is always asked of the public"
    );
    assert_eq!(label_of(&host, "firstName"), "First name");
    host.remove();

    let refused = mount_with(Lang::En, &[("data-fields", "firstName, fax")]);
    assert!(
        refused.as_ref().is_err_and(|e| e.contains("fax")),
        "{refused:?}"
    );
}

#[wasm_bindgen_test]
async fn a_select_waiting_names_the_parent_the_visitor_can_see() {
    // The short form without a brand preset: the department follows the brand by itself, so the
    // branch waits for the brand.
    let host = mount_with(
        Lang::En,
        &[("data-source", "Website"), ("data-sub-source", "Lead Form")],
    )
    .unwrap();
    settle().await;
    let branch: HtmlSelectElement = control(&host, "branch");
    assert_eq!(placeholder(&branch), "Choose a brand first");
    host.remove();
}
