//! The form's sections (the person, the contact, the place, the interest, the consent) and the
//! small builders they share. Each section is one slice of the build (see `build_in_slices`).

use dms_model::{field, Lang, LeadKind};
use leptos::prelude::*;

use super::vehicles::vehicles;
use crate::i18n::{tr, ui};
use crate::public::dom::{el, one, target_value, El};
use crate::public::state::FormState;
use crate::public::view::fields::{
    check_field, choice_field, is_required, lead_type_field, text_for,
};

/// The person: the lead type, then the Individual or the Company block.
pub(super) fn you(form: FormState) -> El {
    // A memo: the kind changes when the person switches it, not each time a list arrives in the
    // cache (which would re-run everything that depends on it).
    let is_company = Memo::new(move |_| form.kind() == Some(LeadKind::Company));
    // Each kind's block is built the first time that kind is chosen, then kept and hidden while
    // the other kind is chosen. Rebuilding it on every switch would leave each of its effects
    // subscribed, dead, to the form's long-lived signals, all day on a kiosk.
    // Built lazily, the company list is still only loaded for people who choose Company.
    let is_individual = move || !is_company.get();
    let company_built = true_since_first(move || is_company.get());
    let individual_built = true_since_first(is_individual);
    section(form.lang(), ui::SECTION_YOU)
        .child(lead_type_field(form))
        .child(kind_block(
            form,
            move || is_company.get(),
            company_built,
            company_block,
        ))
        .child(kind_block(
            form,
            is_individual,
            individual_built,
            individual_block,
        ))
}

/// How to reach the person; `phone_hint` is what the dealer pages show under the phone number.
pub(super) fn contact(form: FormState, phone_hint: Option<El>) -> El {
    section(form.lang(), ui::SECTION_CONTACT)
        .child(
            el("div")
                .class("dlf-phone")
                .child(choice_field(form, field::PHONE_CODE, true))
                .child(text_for(form, field::PHONE_NUMBER)),
        )
        .child_some(phone_hint)
        .child(text_for(form, field::EMAIL))
        .child(choice_field(form, field::PREFERRED_LANGUAGE, true))
        .child(choice_field(form, field::PREFERRED_CONTACT_TYPE, false))
}

/// Where the person is: country, region, city and address.
pub(super) fn place(form: FormState) -> El {
    section(form.lang(), ui::SECTION_PLACE)
        .child(choice_field(form, field::CUSTOMER_COUNTRY, true))
        .child(choice_field(form, field::CUSTOMER_REGION, true))
        .child(choice_field(form, field::CUSTOMER_CITY, true))
        .child(text_for(form, field::ADDRESS1))
        .child(text_for(form, field::ADDRESS2))
}

/// What the person is interested in; the embedding page's presets are not asked.
pub(super) fn interest(form: FormState) -> El {
    section(form.lang(), ui::SECTION_INTEREST)
        .region(unless_preset(form, field::BRAND))
        .region(unless_preset(form, field::BUSINESS_AREA))
        .region(unless_preset(form, field::BRANCH))
        .region(unless_preset(form, field::INTEREST))
        .child(choice_field(form, field::VEHICLE_TYPE, false))
        .child(vehicles(form))
        .child(choice_field(form, field::PURCHASE_PLAN, false))
        .child(choice_field(form, field::PAYMENT_MODE, false))
        .child(choice_field(form, field::CURRENCY, false))
        .child(check_field(form, field::TEST_DRIVE_REQUIRED, false))
        .region(unless_preset(form, field::SOURCE))
        .region(unless_preset(form, field::SUB_SOURCE))
        .region(unless_preset(form, field::PRIORITY))
        .child(text_for(form, field::LEAD_NOTE))
}

/// The consent boxes; the privacy consent is required of the public, not of a dealer.
pub(super) fn consent(form: FormState) -> El {
    let (privacy, policy) = privacy_consent(form);
    section(form.lang(), ui::SECTION_CONSENT)
        .child(privacy)
        .child_some(policy)
        .child(check_field(form, field::ACCEPT_MARKETING, false))
        .child(check_field(form, field::ACCEPT_NEWS_LETTER, false))
}

/// The privacy consent box (required of the public, not of a dealer) and the link to the policy
/// it accepts.
pub(super) fn privacy_consent(form: FormState) -> (El, Option<El>) {
    let dealer_assisted = form.config.with_value(|c| c.dealer_assisted);
    let policy = form
        .config
        .with_value(|c| c.privacy_url.clone())
        .map(|url| {
            el("p").class("dlf-policy").child(
                el("a")
                    .attr("href", &url)
                    .attr("target", "_blank")
                    .attr("rel", "noopener")
                    .text(tr(form.lang(), ui::READ_PRIVACY_POLICY)),
            )
        });
    let privacy = check_field(form, field::ACCEPT_PRIVATE_POLICY, !dealer_assisted);
    (privacy, policy)
}

/// The submit button, busy while the lead is on its way.
pub(super) fn submit_button(lang: Lang, sending: RwSignal<bool>) -> El {
    el("button")
        .attr("type", "submit")
        .class("dlf-submit")
        .bind_flag("disabled", move || sending.get())
        .bind_attr("aria-busy", move || {
            sending.get().then(|| "true".to_owned())
        })
        .bind_text(move || {
            tr(
                lang,
                if sending.get() {
                    ui::SENDING
                } else {
                    ui::SUBMIT
                },
            )
            .to_owned()
        })
}

/// The block of one lead kind (Individual or Company), shown while `shown()`, built once `built`.
/// Disabled while hidden: the other kind's controls are out of the form's data.
fn kind_block(
    form: FormState,
    shown: impl Fn() -> bool + Copy + 'static,
    built: Memo<bool>,
    block: fn(FormState) -> Vec<El>,
) -> El {
    el("fieldset")
        .class("dlf-kind")
        .bind_flag("hidden", move || !shown())
        .bind_flag("disabled", move || !shown())
        .region(move || match built.get() {
            true => block(form),
            false => Vec::new(),
        })
}

fn company_block(form: FormState) -> Vec<El> {
    vec![
        text_for(form, field::LEAD_NAME),
        choice_field(form, field::COMPANY_INDUSTRY_TYPE, true),
        text_for(form, field::CONTACT_NAME),
    ]
}

fn individual_block(form: FormState) -> Vec<El> {
    vec![
        choice_field(form, field::TITLE, false),
        text_for(form, field::FIRST_NAME),
        text_for(form, field::MIDDLE_NAME),
        text_for(form, field::LAST_NAME),
        choice_field(form, field::GENDER, false),
        choice_field(form, field::NATIONALITY, false),
        text_for(form, field::DATE_OF_BIRTH),
        text_for(form, field::OCCUPATION),
        choice_field(form, field::MONTHLY_INCOME, false),
    ]
}

/// A section of the form, `<fieldset>` with its `<legend>`.
pub(super) fn section(lang: Lang, title: (&'static str, &'static str)) -> El {
    el("fieldset")
        .class("dlf-section")
        .child(el("legend").text(tr(lang, title)))
}

/// True from the first time `condition` is, and from then on: what is built then stays built.
fn true_since_first(condition: impl Fn() -> bool + Send + Sync + 'static) -> Memo<bool> {
    Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || condition())
}

/// A select (marked required when the DMS requires it), unless its value comes from a preset or
/// a default.
pub(super) fn unless_preset(form: FormState, key: &'static str) -> impl Fn() -> Vec<El> {
    let required = is_required(key);
    move || {
        let shown = !form.hidden.with(|h| h.contains(&key));
        one(shown.then(|| choice_field(form, key, required)))
    }
}

/// A field people never see or reach (off-screen, hidden from assistive technology, out of the tab
/// order, not autofilled); naive bots fill every input, and the proxy drops what they send.
pub(super) fn trap_field(form: FormState) -> El {
    let id = form.control_id("trap");
    el("div")
        .class("dlf-trap")
        .attr("aria-hidden", "true")
        .child(el("label").attr("for", &id).text("Leave this field empty"))
        .child(
            el("input")
                .attr("id", &id)
                .attr("name", "dlf-trap")
                .attr("type", "text")
                .attr("tabindex", "-1")
                .attr("autocomplete", "off")
                .bind_prop("value", move || form.trap.get().into())
                .on("input", move |ev| form.trap.set(target_value(&ev))),
        )
}
