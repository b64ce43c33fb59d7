//! The vehicle rows: model (from the brand), year and quantity, added and removed by the person.
//! Each row's controls are built once and kept by the row's key.

use dms_model::{field, ListType};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{tr, ui};
use crate::lists::{use_list, UseList};
use crate::public::dom::{el, El};
use crate::public::state::{FormState, VehicleRow};
use crate::public::view::fields::{select_control, text_control, TextKind};

/// Vehicle rows: model (from the brand), year and quantity; add and remove.
pub(super) fn vehicles(form: FormState) -> El {
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let brand = Callback::new(move |_| form.choice(field::BRAND));
    // One list state for all rows: the model list is fetched once per brand, not once per row.
    let families = use_list(api_base.clone(), ListType::Model, Some(brand), lang);
    let years = use_list(api_base, ListType::ModelYear, None, lang);
    // Each row's controls are built once, under the form's owner, and kept by the row's key, also
    // while the row is out of the form (the form reuses a removed row for the next one added).
    // Rebuilt on every change, they left their effects subscribed, dead, to the form's long-lived
    // signals, kept for as long as the form lives.
    let built = std::cell::RefCell::new(Vec::<(u32, web_sys::Element)>::new());
    el("div")
        .class("dlf-vehicles")
        .region(move || {
            let rows = form.vehicles.get();
            let mut built = built.borrow_mut();
            let mut shown = Vec::with_capacity(rows.len());
            for row in rows {
                let element = match built.iter().find(|(key, _)| *key == row.key) {
                    Some((_, element)) => element.clone(),
                    None => {
                        let build = || vehicle_row(form, row, families, years);
                        let element = untrack(|| form.in_form(build)).into_element();
                        built.push((row.key, element.clone()));
                        element
                    }
                };
                shown.push(El::from(element));
            }
            shown
        })
        .child(
            el("button")
                .attr("type", "button")
                .class("dlf-secondary")
                .text(tr(lang, ui::ADD_VEHICLE))
                .on("click", move |_| form.add_vehicle()),
        )
}

fn vehicle_row(form: FormState, row: VehicleRow, families: UseList, years: UseList) -> El {
    let lang = form.lang();
    let index = move || {
        form.vehicles
            .with(|rows| rows.iter().position(|r| r.key == row.key).unwrap_or(0))
    };
    let path = move |key: &'static str| Signal::derive(move || field::vehicle(index(), key));
    let list_control = |key, value: RwSignal<String>, options| {
        let choose = Callback::new(move |chosen: String| value.set(chosen));
        select_control(form, path(key), key, value, choose, options, true)
    };
    let text =
        |key, value, kind, required| text_control(form, path(key), key, value, kind, required, "");
    el("fieldset")
        .class("dlf-vehicle")
        .child(
            el("legend")
                .text(tr(lang, ui::VEHICLE))
                .text(" ")
                .bind_text(move || (index() + 1).to_string()),
        )
        .child(list_control(
            field::MODEL_FAMILY,
            row.model_family,
            families,
        ))
        .child(list_control(field::MODEL_YEAR, row.model_year, years))
        .child(text(
            field::TOTAL_QTY,
            row.total_qty,
            TextKind::Number,
            true,
        ))
        .child(text(
            field::MODEL_PREFERENCES,
            row.model_preferences,
            TextKind::Text,
            false,
        ))
        .child(
            el("button")
                .attr("type", "button")
                .class("dlf-link")
                .text(tr(lang, ui::REMOVE_VEHICLE))
                .on("click", move |ev| {
                    // The button goes with its row: keyboard focus moves to "Add another vehicle"
                    // rather than falling back to the top of the page.
                    let add = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|button| button.closest(".dlf-vehicles").ok().flatten())
                        .and_then(|rows| {
                            rows.query_selector(":scope > .dlf-secondary")
                                .ok()
                                .flatten()
                        })
                        .and_then(|add| add.dyn_into::<web_sys::HtmlElement>().ok());
                    form.remove_vehicle(row.key);
                    if let Some(add) = add {
                        let _ = add.focus();
                    }
                }),
        )
}
