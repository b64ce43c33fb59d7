//! What the form tells the embedding page: DOM `CustomEvent`s on the mount element (they bubble and
//! cross a shadow root), optionally pushed to `window.dataLayer` for tag managers. The hosted iframe
//! page forwards them to its parent (`demo/frame.js`).
//!
//! | event | when | `detail` |
//! |---|---|---|
//! | `dms-lead-form:ready` | the form is on screen | `{}` |
//! | `dms-lead-form:submitted` | the DMS took the lead (at once, or later from the outbox) | `{bulkId}` |
//! | `dms-lead-form:queued` | saved on the device, to be sent when possible | `{}` |
//! | `dms-lead-form:failed` | refused, nothing saved; what was typed stays | `{reason}` |
//!
//! No event carries what the person typed: a tag manager may send events to third parties.

use wasm_bindgen::{JsCast, JsValue};

pub const READY: &str = "dms-lead-form:ready";
pub const SUBMITTED: &str = "dms-lead-form:submitted";
pub const QUEUED: &str = "dms-lead-form:queued";
pub const FAILED: &str = "dms-lead-form:failed";

/// An event's `detail`: the parts present only. Made into a JS object by serde-wasm-bindgen.
#[derive(serde::Serialize, Default, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bulk_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

/// `detail` as a JS object (`{}` for an empty one).
fn detail_object(detail: Detail) -> JsValue {
    serde_wasm_bindgen::to_value(&detail).unwrap_or_else(|_| js_sys::Object::new().into())
}

/// Dispatches `name` on `host` with `detail`, and pushes it to `window.dataLayer` when asked to
/// (`{event: "dms_lead_form_submitted", …detail}`).
pub fn emit(host: &web_sys::Element, name: &str, detail: Detail, data_layer: bool) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail_object(detail));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
    if !data_layer {
        return;
    }
    let global = js_sys::global();
    let layer = js_sys::Reflect::get(&global, &"dataLayer".into())
        .ok()
        .and_then(|l| l.dyn_into::<js_sys::Array>().ok())
        .unwrap_or_else(|| {
            let layer = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&global, &"dataLayer".into(), &layer);
            layer
        });
    let entry = detail_object(detail);
    let event_name = name.replace("dms-lead-form:", "dms_lead_form_");
    let _ = js_sys::Reflect::set(&entry, &"event".into(), &event_name.into());
    layer.push(&entry);
}
