//! # Dealer pages
//!
//! Bulk status, customer lookup with a dealer-assisted lead form, CSV bulk import and the lead-bank
//! inbox, for the dealer portal. They are a separate entry (`dealer.html`, binary `dms-dealer`)
//! sharing this library, so the public form's download does not carry them.
//!
//! [`mount_all`] mounts the pages into every `[data-dms-dealer]` element. The element's attributes
//! configure them ([`DealerConfig`]); the page shown follows the URL hash (`#status?id=1001`,
//! `#customer`, `#new-lead?customerId=54218`, `#import`, `#inbox`), so a dealer can share or
//! reload a view. Only the page choice and its query come from the hash: endpoints never do.

pub mod book;
pub mod controls;
pub mod customer;
pub mod import;
pub mod inbox;
pub mod status;
pub mod texts;
pub mod time;

use dms_model::leadbank::LeadBankMapping;
use dms_model::Lang;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::public::config::WidgetConfig;

/// How the dealer pages are set up, from the mount element's `data-*` attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct DealerConfig {
    /// `data-api-base`: lists (the proxy's public `…/api` routes, through the portal).
    pub api_base: String,
    /// `data-gs-base`: bulk status and customer lookup.
    pub gs_base: String,
    /// `data-bulk-base`: the proxy's dealer bulk route (`…/dealer/api`), up to 500 leads a bulk.
    pub bulk_base: String,
    /// `data-lead-bank-base`: the provider's routes through the proxy (`…/leadbank/api`); the
    /// inbox says it is not configured without it.
    pub lead_bank_base: Option<String>,
    pub lang: Lang,
    /// `data-company-code`: the `companyCode` of customer lookups (default `jtc`, as in the customer document).
    pub company_code: String,
    /// `data-lead-bank-dealer`: the integer body of `POST api/leads` (default 1).
    pub lead_bank_dealer: i64,
    /// `data-lead-bank-mapping`: JSON of [`LeadBankMapping`]. When absent, the inbox maps with the
    /// proxy's mapping (the one its sync uses), else the default one.
    pub lead_bank_mapping: Option<LeadBankMapping>,
    /// `data-chunk-size`: the CSV import's default leads per bulk (default 100).
    pub chunk_size: usize,
    /// `data-time-zone`: the zone dates and times are shown in (default Asia/Riyadh).
    pub time_zone: String,
}

impl DealerConfig {
    pub fn from_element(el: &web_sys::Element) -> Result<DealerConfig, String> {
        let attr = |name: &str| {
            el.get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let base = |name: &str| {
            attr(name)
                .map(|v| crate::public::config::endpoint(name, &v))
                .transpose()
        };
        let required = |name: &str| base(name)?.ok_or_else(|| format!("{name} is missing"));
        let lead_bank_mapping = match attr("data-lead-bank-mapping") {
            None => None,
            Some(json) => Some(LeadBankMapping::from_json(&json).map_err(|e| e.to_string())?),
        };
        Ok(DealerConfig {
            api_base: required("data-api-base")?,
            gs_base: required("data-gs-base")?,
            bulk_base: required("data-bulk-base")?,
            lead_bank_base: base("data-lead-bank-base")?,
            lang: attr("data-lang")
                .and_then(|l| Lang::from_code(&l))
                .unwrap_or_default(),
            company_code: attr("data-company-code").unwrap_or_else(|| "jtc".into()),
            lead_bank_dealer: attr("data-lead-bank-dealer")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1),
            lead_bank_mapping,
            chunk_size: attr("data-chunk-size")
                .and_then(|v| v.parse().ok())
                .filter(|n| (1..=500).contains(n))
                .unwrap_or(100),
            time_zone: attr("data-time-zone").unwrap_or_else(|| time::DEFAULT_ZONE.to_owned()),
        })
    }

    /// The dealer-assisted lead form's configuration: `choices` (English list texts) and `prefill`
    /// (text fields) as starting values, nothing hidden.
    pub fn form_config(
        &self,
        choices: Vec<(&'static str, String)>,
        prefill: Vec<(&'static str, String)>,
    ) -> WidgetConfig {
        WidgetConfig {
            api_base: self.api_base.clone(),
            gs_base: self.gs_base.clone(),
            bulk_base: self.bulk_base.clone(),
            dealer_assisted: true,
            prefill,
            lang: self.lang,
            company: crate::public::config::DEFAULT_COMPANY.to_owned(),
            presets: choices,
            kiosk: None,
            campaign: None,
            data_layer: false,
            theme_preset: None,
            color_scheme: None,
            privacy_url: None,
            fields: dms_model::public_form::FieldSet::Full,
        }
    }
}

/// The pages, by hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Status,
    Customer,
    NewLead,
    Import,
    Inbox,
}

impl Page {
    const ALL: [(Page, &'static str, (&'static str, &'static str)); 5] = [
        (Page::Status, "status", texts::NAV_STATUS),
        (Page::Customer, "customer", texts::NAV_CUSTOMER),
        (Page::NewLead, "new-lead", texts::NAV_NEW_LEAD),
        (Page::Import, "import", texts::NAV_IMPORT),
        (Page::Inbox, "inbox", texts::NAV_INBOX),
    ];

    /// The page and its query from a hash like `#status?id=1001` (the status page by default).
    pub fn from_hash(hash: &str) -> (Page, String) {
        let hash = hash.trim_start_matches('#');
        let (name, query) = hash.split_once('?').unwrap_or((hash, ""));
        let page = Page::ALL
            .iter()
            .find(|(_, n, _)| *n == name)
            .map_or(Page::Status, |(p, _, _)| *p);
        (page, query.to_owned())
    }
}

/// The value of `key` in a hash query (`a=1&b=x%20y`), decoded.
pub fn hash_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key)
            .then(|| js_sys::decode_uri_component(v).ok().map(String::from))
            .flatten()
            .filter(|v| !v.is_empty())
    })
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Shows `page` with `query` (the hash changes; the view follows it).
pub fn go(page: &str, query: &str) {
    let hash = if query.is_empty() {
        format!("#{page}")
    } else {
        format!("#{page}?{query}")
    };
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&hash);
    }
}

/// Texts NFC-composed lately, at most [`NFC_MEMO_LIMIT`] of them: a CSV import has the same city in
/// thousands of rows, and crossing into JS costs far more than a hash lookup. (Not in the public
/// form, where the bytes count more than this.)
const NFC_MEMO_LIMIT: usize = 4096;

thread_local! {
    static NFC_MEMO: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
}

fn remembered_nfc(text: &str) -> String {
    NFC_MEMO.with(|memo| {
        if let Some(composed) = memo.borrow().get(text) {
            return composed.clone();
        }
        let composed = crate::browser::browser_nfc(text);
        let mut memo = memo.borrow_mut();
        if memo.len() >= NFC_MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(text.to_owned(), composed.clone());
        composed
    })
}

/// Mounts the dealer pages into every `[data-dms-dealer]` element.
pub fn mount_all() {
    crate::public::outbox::start_flusher();
    crate::browser::use_browser_unicode_with(remembered_nfc);
    crate::browser::mount_each("[data-dms-dealer]", "dms-dealer", |element| {
        let config = DealerConfig::from_element(&element)?;
        element.set_inner_html("");
        mount_to(element, move || view! { <DealerApp config=config/> }).forget();
        Ok(())
    });
}

/// The dealer pages with their navigation.
#[component]
pub fn DealerApp(config: DealerConfig) -> impl IntoView {
    crate::i18n::speak_with(texts::dealer_voice);
    let lang = config.lang;
    provide_context(StoredValue::new(config));
    let hash = RwSignal::new(current_hash());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| hash.set(current_hash()));
    on_cleanup(move || listener.remove());
    let route = Memo::new(move |_| Page::from_hash(&hash.get()));
    let page = Memo::new(move |_| route.get().0);
    let query = Memo::new(move |_| route.get().1);
    let nav = Page::ALL.map(|(p, name, text)| {
        view! {
            <li>
                <a
                    href=format!("#{name}")
                    aria-current=move || (page.get() == p).then_some("page")
                >
                    {tr(lang, text)}
                </a>
            </li>
        }
    });
    view! {
        <div class="dlf dlf-dealer" lang=lang.code() dir=if lang == Lang::Ar { "rtl" } else { "ltr" }>
            <nav aria-label=tr(lang, texts::NAV_LABEL)>
                <ul class="dlf-tabs">{nav.to_vec()}</ul>
            </nav>
            <main class="dlf-dealer-page">
                {move || match page.get() {
                    Page::Status => {
                        // A new query in the hash (a link, back, a reload) shows in the form too.
                        query.track();
                        view! { <status::StatusPage query=query/> }.into_any()
                    }
                    Page::Customer => view! { <customer::CustomerPage/> }.into_any(),
                    // Another customer in the hash is another form.
                    Page::NewLead => view! { <customer::NewLeadPage query=query.get()/> }.into_any(),
                    Page::Import => view! { <import::ImportPage/> }.into_any(),
                    Page::Inbox => view! { <inbox::InboxPage/> }.into_any(),
                }}
            </main>
        </div>
    }
}

/// The configuration, for components inside [`DealerApp`].
pub fn use_config() -> StoredValue<DealerConfig> {
    expect_context::<StoredValue<DealerConfig>>()
}
