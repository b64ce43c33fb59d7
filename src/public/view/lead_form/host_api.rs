//! The host API on the mount element (`element.dmsLeadForm.set({…})`, `.reset()`), which
//! `embed.js` also drives from the page's `window.dmsLeadForm` queue.

use dms_model::field;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::apply_initial_choices;
use crate::public::state::FormState;

/// `element.dmsLeadForm`: `set({field: value, …})` sets controls (`firstName`, …), presets (list
/// fields as English DMS texts, e.g. `brand: "KIA"`; the field is then hidden like a `data-*`
/// preset) and hidden values (`leadReference`); `reset()` starts over.
pub(super) fn offer_host_api(
    form: FormState,
    host: &web_sys::Element,
    start_over: impl Fn() + Copy + 'static,
) {
    use wasm_bindgen::closure::Closure;
    let api = js_sys::Object::new();
    let set =
        Closure::<dyn Fn(wasm_bindgen::JsValue)>::new(move |values| set_from_host(form, values));
    let reset = Closure::<dyn Fn()>::new(start_over);
    let _ = js_sys::Reflect::set(&api, &"set".into(), set.as_ref());
    let _ = js_sys::Reflect::set(&api, &"reset".into(), reset.as_ref());
    // They live as long as the page: the form is never unmounted.
    set.forget();
    reset.forget();
    let _ = js_sys::Reflect::set(host, &"dmsLeadForm".into(), &api);
}

fn set_from_host(form: FormState, values: wasm_bindgen::JsValue) {
    use crate::public::config::PRESETTABLE;
    use crate::public::state::TEXT_KEYS;
    let Some(object) = values.dyn_ref::<js_sys::Object>() else {
        return;
    };
    let mut presets_changed = false;
    for entry in js_sys::Object::entries(object).iter() {
        let entry = js_sys::Array::from(&entry);
        let (Some(name), value) = (entry.get(0).as_string(), entry.get(1)) else {
            continue;
        };
        // Numbers are written by the browser: Rust's float printing is large (docs/architecture.md).
        let value: String = match value.as_string() {
            Some(text) => text,
            None if value.as_f64().is_some() => js_sys::Number::from(value)
                .to_string_with_radix(10)
                .map(String::from)
                .unwrap_or_default(),
            None => String::new(),
        };
        if let Some(key) = PRESETTABLE.iter().map(|(_, k)| *k).find(|k| *k == name) {
            form.config.update_value(|c| {
                c.presets.retain(|(k, _)| *k != key);
                c.presets.push((key, value));
            });
            form.hidden.update(|h| {
                if !h.contains(&key) {
                    h.push(key);
                }
            });
            form.choose(key, String::new());
            presets_changed = true;
        } else if let Some(key) = TEXT_KEYS.iter().find(|k| **k == name) {
            form.value(key).set(value);
        } else if name == field::LEAD_REFERENCE {
            form.extra.update(|extra| {
                extra.retain(|(k, _)| *k != field::LEAD_REFERENCE);
                extra.push((field::LEAD_REFERENCE, value));
            });
        } else {
            web_sys::console::warn_2(&"dms-lead-form: set() does not know".into(), &name.into());
        }
    }
    if presets_changed {
        apply_initial_choices(form);
    }
}
