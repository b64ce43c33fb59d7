//! What both front ends (the public form and the dealer pages) take from the browser: its
//! storage, its timers and scheduler, and its Unicode tables for the rules crate.

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The page's `localStorage`, if the browser offers one (not in some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Waits `ms` milliseconds (a timer promise); `0` waits for the next task.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Lets the browser paint and handle input, then resumes: ahead of other waiting tasks where the
/// browser offers that (`scheduler.yield()`), else after them (a 0 ms timer).
pub async fn yield_to_browser() {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok();
    let yield_now = scheduler
        .as_ref()
        .and_then(|s| js_sys::Reflect::get(s, &"yield".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let resumed = match (scheduler, yield_now) {
        (Some(scheduler), Some(yield_now)) => yield_now.call0(&scheduler).ok(),
        _ => None,
    };
    match resumed {
        Some(promise) => {
            let _ = JsFuture::from(js_sys::Promise::from(promise)).await;
        }
        None => sleep_ms(0).await,
    }
}

/// NFC through the browser's own Unicode tables (`String.prototype.normalize`).
pub fn browser_nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// Lower case through the browser's own Unicode tables (`String.prototype.toLowerCase`, the same
/// locale-free mapping as `str::to_lowercase`).
fn browser_lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// The rules crate's text services, from the browser (see `dms_model::normalize::UnicodeHost`).
pub fn use_browser_unicode() {
    use_browser_unicode_with(browser_nfc);
}

/// [`use_browser_unicode`] with NFC through `nfc` (the dealer pages remember what they composed).
pub fn use_browser_unicode_with(nfc: fn(&str) -> String) {
    dms_model::normalize::set_unicode_host(dms_model::normalize::UnicodeHost {
        nfc,
        to_lowercase: browser_lowercase,
    });
}

/// Calls `mount` with every element matching `selector`; what it reports as a problem is logged
/// under the name `who` (one element's mistake must not keep the others from mounting).
pub fn mount_each(
    selector: &str,
    who: &str,
    mut mount: impl FnMut(web_sys::HtmlElement) -> Result<(), String>,
) {
    let Ok(nodes) = document().query_selector_all(selector) else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(element) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        if let Err(problem) = mount(element) {
            web_sys::console::error_1(&format!("{who}: {problem}").into());
        }
    }
}
