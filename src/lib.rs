//! # dms-lead-widget
//!
//! The public lead-capture form of the JTC DMS, as a Leptos (CSR) library. [`mount_all`] mounts a
//! form into every `[data-dms-lead-form]` element of the page; each form reads its configuration
//! from that element's `data-*` attributes ([`config::WidgetConfig`]).
//!
//! Modules: [`api`] (typed calls through the proxy), [`lists`] (list cache and the `use_list` hook),
//! [`form`] (state → DMS lead → `dms-model` validation), [`outbox`] (a submitted lead is stored
//! until the DMS confirmed it, and retried), [`i18n`] (English and Arabic texts),
//! [`components`] (the views).

pub mod api;
pub mod components;
pub mod config;
pub mod dealer;
pub mod form;
#[cfg(feature = "heap-stats")]
pub mod heap_stats;
pub mod i18n;
pub mod lists;
pub mod outbox;

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use components::lead_form::LeadForm;
use config::WidgetConfig;

/// Marks an element that already holds a form, so calling [`mount_all`] twice is harmless.
const MOUNTED: &str = "data-dms-mounted";

thread_local! {
    static NEXT_FORM: Cell<u32> = const { Cell::new(1) };
}

/// NFC through the browser's own Unicode tables (`String.prototype.normalize`).
pub(crate) fn browser_nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// Mounts a form into every `[data-dms-lead-form]` element not mounted yet.
pub fn mount_all() {
    outbox::start_flusher();
    let Ok(nodes) = document().query_selector_all("[data-dms-lead-form]") else {
        return;
    };
    for i in 0..nodes.length() {
        if let Some(element) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            if let Err(problem) = mount_form(element) {
                web_sys::console::error_1(&format!("dms-lead-form: {problem}").into());
            }
        }
    }
}

/// Mounts one form into `element`, configured from its attributes.
pub fn mount_form(element: web_sys::HtmlElement) -> Result<(), String> {
    dms_model::normalize::set_nfc_hook(browser_nfc);
    if element.has_attribute(MOUNTED) {
        return Ok(());
    }
    let config = WidgetConfig::from_element(&element)?;
    let _ = element.set_attribute(MOUNTED, "");
    // Whatever the page put inside (a placeholder that reserves the form's box) gives way.
    element.set_inner_html("");
    let n = NEXT_FORM.with(|c| c.replace(c.get() + 1));
    let id_prefix = format!("dlf{n}");
    leptos::mount::mount_to(
        element,
        move || view! { <LeadForm config=config id_prefix=id_prefix/> },
    )
    .forget();
    Ok(())
}
