//! The form of a field set that lists its controls (`short`, or the embedder's own list): one
//! control per key in the set's order, the privacy consent, and any required field whose preset
//! or default turned out not to be among the DMS's choices (so the person can still choose it).

use dms_model::public_form::{FULL_NAME, MODEL, VEHICLES};
use dms_model::validate::list_of;
use dms_model::{field, LeadKind, ListType};
use leptos::prelude::*;

use super::sections::{privacy_consent, unless_preset};
use super::vehicles::vehicles;
use crate::lists::use_list;
use crate::public::dom::{el, El};
use crate::public::state::{FormState, CHECK_KEYS, COMPANY_KEYS, INDIVIDUAL_KEYS, TEXT_KEYS};
use crate::public::view::city::city_field;
use crate::public::view::fields::{
    check_field, full_name_field, lead_type_field, select_control, text_for,
};

/// The controls of `keys`, in order, then the consent and the fields revealed when a preset or
/// default cannot be used. `phone_hint` follows the mobile number.
pub(super) fn asked(form: FormState, keys: Vec<&'static str>, phone_hint: Option<El>) -> El {
    let mut phone_hint = phone_hint;
    let mut block = el("div").class("dlf-section dlf-asked");
    for key in keys.iter().copied() {
        block = match key {
            field::ACCEPT_PRIVATE_POLICY => block,
            key if list_of(key).is_some() && !takes_own_control(form, key) => {
                block.region(unless_preset(form, key))
            }
            key => block.child(kind_bound(form, key, control(form, key))),
        };
        if key == field::PHONE_NUMBER {
            block = block.child_some(phone_hint.take());
        }
    }
    let (privacy, policy) = privacy_consent(form);
    let block = block.child(privacy).child_some(policy);
    // Required fields the set does not ask, filled from a preset or a default: asked after all
    // when that text is not among the choices.
    let not_asked = form.config.with_value(|c| c.not_asked());
    not_asked
        .into_iter()
        .filter(|key| !keys.contains(key) && list_of(key).is_some())
        .fold(block, |block, key| match key {
            field::LEAD_TYPE => block.region(move || {
                let shown = !form.hidden.with(|h| h.contains(&key));
                crate::public::dom::one(shown.then(|| lead_type_field(form)))
            }),
            key => block.region(unless_preset(form, key)),
        })
}

/// Whether a list field is asked with a control of its own rather than a plain select: the lead
/// type (radio buttons) and the city when the region is not asked (the city with its region).
fn takes_own_control(form: FormState, key: &str) -> bool {
    match key {
        field::LEAD_TYPE => true,
        field::CUSTOMER_CITY => !form.config.with_value(|c| c.asks(field::CUSTOMER_REGION)),
        _ => false,
    }
}

/// The control of `key`.
fn control(form: FormState, key: &'static str) -> El {
    match key {
        FULL_NAME => full_name_field(form),
        MODEL => model_field(form),
        VEHICLES => vehicles(form),
        field::LEAD_TYPE => lead_type_field(form),
        field::CUSTOMER_CITY => city_field(form),
        key if CHECK_KEYS.contains(&key) => check_field(form, key, false),
        key if TEXT_KEYS.contains(&key) => text_for(form, key),
        // FieldSet::parse takes no other key.
        _ => el("div"),
    }
}

/// A control of one lead kind's fields (a company's name, an individual's date of birth) shows
/// only while that kind is chosen.
fn kind_bound(form: FormState, key: &str, control: El) -> El {
    let kind = if COMPANY_KEYS.contains(&key) {
        LeadKind::Company
    } else if INDIVIDUAL_KEYS.contains(&key) {
        LeadKind::Individual
    } else {
        return control;
    };
    control.bind_flag("hidden", move || form.kind().is_some_and(|k| k != kind))
}

/// The model of the first vehicle row, from the chosen (or preset) brand's models.
fn model_field(form: FormState) -> El {
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let brand = Callback::new(move |_| form.choice(field::BRAND));
    let families = use_list(api_base, ListType::Model, Some(brand), form.lang());
    let value = form.vehicles.with_untracked(|rows| rows[0].model_family);
    select_control(
        form,
        Signal::stored(field::vehicle(0, field::MODEL_FAMILY)),
        field::MODEL_FAMILY,
        value,
        Callback::new(move |chosen: String| value.set(chosen)),
        families,
        false,
    )
}
