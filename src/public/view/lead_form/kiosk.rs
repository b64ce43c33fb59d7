//! Kiosk mode: the form starts over by itself after a confirmation, and wipes what was typed after
//! a while without input.

use std::time::Duration;

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use crate::public::config::Kiosk;
use crate::public::state::FormState;

/// Kiosk mode: after a confirmation the form starts over by itself, and what a person typed is
/// wiped after a while without input. Returns the callback that records input.
pub(super) fn use_kiosk(
    kiosk: Kiosk,
    done: impl Fn() -> bool + Copy + 'static,
    start_over: impl Fn() + Copy + 'static,
    heading_id: String,
    form: FormState,
) -> Callback<()> {
    // The next person walks up to the top of the form, its heading focused (and read out).
    let heading_id = StoredValue::new(heading_id);
    let start_over = move || {
        start_over();
        // After the form is shown again (its render effects run first): a hidden heading takes
        // no focus.
        set_timeout(
            move || {
                if let Some(window) = web_sys::window() {
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                }
                let heading = form
                    .find_element(&heading_id.get_value())
                    .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(heading) = heading {
                    let _ = heading.focus();
                }
            },
            Duration::ZERO,
        );
    };
    let last_input = StoredValue::new(js_sys::Date::now());
    let typed = StoredValue::new(false);
    // Counts confirmations, so a timer only ends the confirmation it was set for: the next person's
    // confirmation, shown before the old timer fires, gets its full time.
    let confirmations = StoredValue::new(0u32);
    crate::public::dom::effect(move || {
        if done() {
            confirmations.update_value(|n| *n += 1);
            let this_confirmation = confirmations.get_value();
            set_timeout(
                move || {
                    // Not if someone already started over (and maybe sent the next lead).
                    if confirmations.get_value() == this_confirmation && untrack(done) {
                        start_over();
                        typed.set_value(false);
                    }
                },
                Duration::from_secs(kiosk.reset_after_s.into()),
            );
        }
    });
    let idle_ms = f64::from(kiosk.idle_after_s) * 1000.0;
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if typed.get_value() && js_sys::Date::now() - last_input.get_value() > idle_ms {
                start_over();
                typed.set_value(false);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    Callback::new(move |_| {
        last_input.set_value(js_sys::Date::now());
        typed.set_value(true);
    })
}
