//! The place as a person thinks of it: one select of cities, grouped by region, that sets both
//! the DMS's `customerRegion` and `customerCity` ("Dammam", not "Eastern Province → Dammam").
//! Used where the field set asks the city without the region (the short form).

use dms_model::{field, ItemId, Lang, ListType};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{tr, ui};
use crate::lists::{cached, track_cache, use_list, ListLoad};
use crate::public::dom::{effect, el, one, target_value, El};
use crate::public::mapping::cities_of;
use crate::public::state::{FormState, TYPED_CITY};
use crate::public::view::fields::{load_failed, ControlWiring};

/// An option's value: the region's and the city's list ids.
fn option_value(region: ItemId, city: ItemId) -> String {
    format!("{region}:{city}")
}

/// The city select, named `customerCity`; its issues and the region's show under it.
pub fn city_field(form: FormState) -> El {
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let regions = use_list(
        api_base.clone(),
        ListType::Region,
        form.parent_choice(field::CUSTOMER_REGION),
        lang,
    );
    // A city list that could not be loaded: the select says so (and offers a retry) rather than
    // waiting for it.
    let city_failed = RwSignal::new(false);
    effect(move || {
        if !matches!(regions.load(), ListLoad::Ready(_)) {
            return;
        }
        let Some(country) = form.choice_untracked(field::CUSTOMER_COUNTRY) else {
            return;
        };
        let api_base = api_base.clone();
        spawn_local(async move {
            if cities_of(&api_base, country, lang).await.is_none() {
                city_failed.set(true);
            }
        });
    });
    let groups = move || {
        track_cache();
        match regions.load() {
            ListLoad::Ready(items) => items
                .iter()
                .filter_map(|region| {
                    let cities = cached(ListType::City, Some(region.value), lang)?;
                    Some((region.value, region.text.clone(), cities))
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    // Every region's cities are there: a city is never missing from a list being read.
    let ready = move || {
        track_cache();
        match regions.load() {
            ListLoad::Ready(items) => items.iter().all(|region| {
                let cities = |lang| cached(ListType::City, Some(region.value), lang).is_some();
                cities(lang) && cities(Lang::En)
            }),
            _ => false,
        }
    };
    let chosen = move || {
        let region = form.value(field::CUSTOMER_REGION).get();
        let city = form.value(field::CUSTOMER_CITY).get();
        format!("{region}:{city}")
    };
    let placeholder = el("option")
        .attr("value", "")
        .bind_prop("selected", move || {
            form.value(field::CUSTOMER_CITY)
                .with(String::is_empty)
                .into()
        })
        .bind_text(move || tr(lang, if ready() { ui::CHOOSE } else { ui::LOADING }).to_owned());
    let select = el("select")
        .child(placeholder)
        .region(move || {
            let chosen = chosen();
            groups()
                .into_iter()
                .map(|(region, text, cities)| {
                    cities
                        .iter()
                        .fold(el("optgroup").attr("label", &text), |group, city| {
                            let value = option_value(region, city.value);
                            let selected = (value == chosen).then_some("");
                            group.child(
                                el("option")
                                    .attr("value", &value)
                                    .attr_some("selected", selected)
                                    .text(&city.text),
                            )
                        })
                })
                .collect()
        })
        .bind_flag("disabled", move || !ready())
        .bind_attr("aria-busy", move || (!ready()).then(|| "true".to_owned()))
        .on("change", move |ev| {
            let value = target_value(&ev);
            let (region, city) = value.split_once(':').unwrap_or_default();
            form.choose(field::CUSTOMER_REGION, region.to_owned());
            form.choose(field::CUSTOMER_CITY, city.to_owned());
        });
    let wiring = ControlWiring::new(form, Signal::stored(field::CUSTOMER_CITY.to_owned()));
    // The regions cannot be loaded (a first visit while the DMS is out of reach): the city is typed
    // instead, and mapped to the DMS's region and city before the lead is sent.
    let typed = form.value(TYPED_CITY);
    let input = el("input")
        .attr("type", "text")
        .attr("autocomplete", "address-level2")
        .bind_prop("value", move || typed.get().into())
        .on("input", move |ev| typed.set(target_value(&ev)));
    let input = wiring.wire(input, true).into_element();
    let select = wiring.wire(select, true).into_element();
    // The regions' list failed, or the country they hang from could not be resolved.
    let regions_failed = move || {
        matches!(regions.load(), ListLoad::Failed(_))
            || form
                .unresolved
                .with(|u| u.contains(&field::CUSTOMER_COUNTRY))
    };
    let retry = Callback::new(move |_| {
        city_failed.set(false);
        regions.retry.run(());
        form.choose_initial_again();
    });
    let no_city = move || city_failed.get() || (ready() && groups().is_empty());
    wiring
        .field("dlf-field")
        .bind_class("dlf-loading", move || !ready() && !regions_failed())
        .child(wiring.label(lang, field::CUSTOMER_CITY, true))
        .region(move || match regions_failed() {
            true => vec![El::from(input.clone()), typed_hint(lang, retry)],
            false => vec![El::from(select.clone())],
        })
        .region(move || one(no_city().then(|| load_failed(lang, retry))))
        .child(wiring.issue_text(lang))
}

/// Says why the city is typed, and offers to load the list again.
fn typed_hint(lang: Lang, retry: Callback<()>) -> El {
    el("p")
        .class("dlf-hint")
        .text(tr(lang, ui::CITY_TYPED))
        .text(" ")
        .child(
            el("button")
                .attr("type", "button")
                .class("dlf-link")
                .text(tr(lang, ui::RETRY))
                .on("click", move |_| retry.run(())),
        )
}
