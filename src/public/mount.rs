//! Mounting: a form into every `[data-dms-lead-form]` element, in the element itself (the plain
//! module embed) or in a shadow root of it (the script embed, `embed.js`), taking over what
//! `embed.js` painted there.

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::config::WidgetConfig;
use super::dom::{self, Painted};
use super::outbox;
use super::view::lead_form::lead_form;
use crate::browser::{mount_each, use_browser_unicode};

/// Marks an element that already holds a form, so calling [`mount_all`] twice is harmless.
const MOUNTED: &str = "data-dms-mounted";

thread_local! {
    static NEXT_FORM: Cell<u32> = const { Cell::new(1) };
}

/// Mounts a form into every `[data-dms-lead-form]` element not mounted yet.
pub fn mount_all() {
    outbox::start_flusher();
    mount_each("[data-dms-lead-form]", "dms-lead-form", mount_form);
}

/// Mounts one form into `element`, configured from its attributes.
pub fn mount_form(element: web_sys::HtmlElement) -> Result<(), String> {
    use_browser_unicode();
    if element.has_attribute(MOUNTED) {
        return Ok(());
    }
    mount_lead_form(&element, || {
        // Whatever the page put inside (a placeholder that reserves the form's box) gives way.
        element.set_inner_html("");
        Ok((element.clone(), Painted::default()))
    })
}

/// Reads `host`'s configuration, then mounts a form into the element `root` makes (`host` itself,
/// or a container in its shadow root), taking over what was painted there, reporting to `host`.
fn mount_lead_form(
    host: &web_sys::HtmlElement,
    root: impl FnOnce() -> Result<(web_sys::HtmlElement, Painted), String>,
) -> Result<(), String> {
    let config = WidgetConfig::from_element(host)?;
    let (root, painted) = root()?;
    let _ = host.set_attribute(MOUNTED, "");
    let n = NEXT_FORM.with(|c| c.replace(c.get() + 1));
    let id_prefix = format!("dlf{n}");
    let host: web_sys::Element = host.clone().into();
    // The reactive system runs on the browser's microtasks.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // The form lives as long as the page: its owner is never dropped.
    let owner = Owner::new();
    let form = owner.with(|| lead_form(config, id_prefix, None, Some(host), painted));
    dom::append_once(&root, form.element());
    #[expect(clippy::mem_forget, reason = "the form lives as long as the page")]
    std::mem::forget(owner);
    Ok(())
}

/// For `embed.js`: mounts a form into every `[data-dms-lead-form]` element not mounted yet, each
/// inside a shadow root of its element with `css` in it, so the host page's styles cannot break
/// the form and the form's cannot leak into the page.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = dmsMountEmbedded)]
pub fn mount_embedded(css: String) {
    outbox::start_flusher();
    use_browser_unicode();
    mount_each("[data-dms-lead-form]", "dms-lead-form", |host| {
        match host.has_attribute(MOUNTED) {
            true => Ok(()),
            false => mount_in_shadow(&host, &css),
        }
    });
}

fn mount_in_shadow(host: &web_sys::HtmlElement, css: &str) -> Result<(), String> {
    // The light-DOM placeholder (which reserved the form's box) is no longer shown: a shadow root
    // without a slot renders only what is inside it.
    mount_lead_form(host, || {
        let shadow = match host.shadow_root() {
            Some(shadow) => shadow,
            None => host
                .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
                .map_err(|_| "this element cannot hold a shadow root".to_owned())?,
        };
        // What the script embed painted while the wasm loaded (embed/embed.js: the stylesheet,
        // and the form's first lines in a container) is taken over, not replaced. Its marker
        // stays: `MOUNTED` on the host is what says a form took it over.
        let painted = shadow
            .query_selector("div[data-dlf-shell]")
            .ok()
            .flatten()
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(container) = painted {
            return Ok((container.clone(), Painted::within(container.into())));
        }
        let document = document();
        let style = document.create_element("style").map_err(|_| "no <style>")?;
        style.set_text_content(Some(css));
        let root: web_sys::HtmlElement = document
            .create_element("div")
            .ok()
            .and_then(|d| d.dyn_into().ok())
            .ok_or("no <div>")?;
        let _ = shadow.append_child(&style);
        let _ = shadow.append_child(&root);
        Ok((root, Painted::default()))
    })
}
