//! The public lead form for one mount element, assembled from its parts: the sections
//! ([`sections`]), the vehicle rows ([`vehicles`]), what the person and the page are told
//! ([`outcome`]), kiosk mode ([`kiosk`]) and the host API ([`host_api`]). Built with
//! [`crate::public::dom`].

mod host_api;
mod kiosk;
mod outcome;
mod sections;
mod vehicles;

use dms_model::validate::list_of;
use dms_model::{Lang, Lead, LeadBulk};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::HumanSignals;
use crate::i18n::{tr, ui};
use crate::lists::resolve_english;
use crate::public::config::WidgetConfig;
use crate::public::dom::{el, one, El, Painted};
use crate::public::outbox::{self, Delivery};
use crate::public::state::{now_iso, FormState};

/// Builds what the dealer pages show under the phone number (an existing customer with that
/// number), given the form's state.
pub type PhoneHint = Box<dyn FnOnce(FormState) -> web_sys::Element>;

/// The whole form for one mount element.
///
/// `host` is the page's mount element: the form reports to it ([`crate::public::events`]) and
/// offers the host API on it (`element.dmsLeadForm.set({…})`, `.reset()`).
pub fn lead_form(
    config: WidgetConfig,
    id_prefix: String,
    phone_hint: Option<PhoneHint>,
    host: Option<web_sys::Element>,
    painted: Painted,
) -> El {
    let form = FormState::new(config, id_prefix, host.clone());
    apply_initial_choices(form);
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.bulk_base.clone());
    let dealer_assisted = form.config.with_value(|c| c.dealer_assisted);
    // Through the outbox: stored before the first send, retried until the DMS confirms it.
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<(String, Delivery)>);
    let send = move |lead: Lead, human: HumanSignals| {
        let bulk = LeadBulk::new(vec![lead]);
        let api_base = api_base.clone();
        sending.set(true);
        spawn_local(async move {
            let delivery = outbox::submit(&api_base, bulk, human).await;
            outcome.set(Some(delivery));
            sending.set(false);
        });
    };
    let on_submit = move |ev: web_sys::Event| {
        ev.prevent_default();
        if sending.get_untracked() {
            return; // one lead, one POST
        }
        form.submitted.set(true);
        let (lead, issues) = form.check(&now_iso());
        match issues.first() {
            Some(first) => outcome::focus_control(form, &first.path),
            None => send(lead, form.human_signals()),
        }
    };
    let start_over = move || {
        outcome::reset_turnstile();
        form.clear();
        apply_initial_choices(form);
        outcome.set(None);
    };
    if let Some(host) = &host {
        host_api::offer_host_api(form, host, start_over);
    }
    // The bulk id once the DMS took the lead: at once, or later by a retry of the outbox.
    let confirmed = move || match outcome.get() {
        Some((_, Delivery::Sent(bulk_id))) => Some(bulk_id),
        Some((key, Delivery::Queued)) => outbox::delivered(&key),
        _ => None,
    };
    let queued =
        move || matches!(outcome.get(), Some((_, Delivery::Queued))) && confirmed().is_none();
    // The form gives way once the lead is confirmed or safely queued: sending it again would be a
    // second lead.
    let done = move || confirmed().is_some() || queued();

    let failure = move || match outcome.get() {
        Some((_, Delivery::Refused(error))) => tr(lang, outcome::failure_text(&error)),
        _ => "",
    };
    let kiosk = form.config.with_value(|c| c.kiosk);
    let heading_id = form.control_id("title");
    let on_activity =
        kiosk.map(|kiosk| kiosk::use_kiosk(kiosk, done, start_over, heading_id.clone(), form));
    let phone_hint = phone_hint.map(|hint| El::from(hint(form)));

    let note_activity = move |_| {
        if let Some(note) = on_activity {
            note.run(());
        }
    };
    let status = painted
        .take("div", "dlf-status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        // Built from plain values, without reactive parts of its own: this block comes and goes
        // with every person, and each effect made inside it would stay subscribed (as a dead
        // entry) to the form's long-lived signals, all day on a kiosk. When the outcome changes
        // while it shows, the block is built again.
        .region(move || {
            one(done()
                .then(|| outcome::confirmation(lang, queued(), confirmed(), kiosk, start_over)))
        });
    let (title, intro) = match dealer_assisted {
        true => (ui::DEALER_TITLE, ui::DEALER_INTRO),
        false => (ui::TITLE, ui::INTRO),
    };
    // `painted` offers what embed/embed.js painted before the wasm came: the `.dlf` box, its
    // status, the form and these three first lines, found by tag and class. Keep both in step.
    let lead_form = painted
        .take("form", "")
        .attr("novalidate", "")
        .bind_class("dlf-hidden", done)
        .bind_attr("aria-hidden", move || done().then(|| "true".to_owned()))
        .on("submit", on_submit)
        .child(
            painted
                .take_text("h2", "dlf-title", tr(lang, title))
                .attr("id", &heading_id)
                .attr("tabindex", "-1"),
        )
        .child(painted.take_text("p", "dlf-intro", tr(lang, intro)))
        .child(painted.take_text("p", "dlf-note", tr(lang, ui::REQUIRED_NOTE)))
        .region(outcome::issue_summary(form));
    let end = move || {
        vec![
            sections::consent(form),
            sections::trap_field(form),
            el("p")
                .class("dlf-send-failed")
                .attr("role", "alert")
                .bind_text(move || failure().to_owned()),
            sections::submit_button(lang, sending),
        ]
    };
    build_in_slices(
        form,
        lead_form.element().clone(),
        vec![
            Box::new(move || vec![sections::you(form)]),
            Box::new(move || vec![sections::contact(form, phone_hint)]),
            Box::new(move || vec![sections::place(form)]),
            Box::new(move || vec![sections::interest(form)]),
            Box::new(end),
        ],
        move || outcome::announce_outcome(form, host, outcome),
    );
    painted
        .take("div", "dlf")
        .attr_some(
            "data-theme-preset",
            form.config.with_value(|c| c.theme_preset),
        )
        .attr_some(
            "data-color-scheme",
            form.config.with_value(|c| c.color_scheme),
        )
        .attr("lang", lang.code())
        .attr("dir", if lang == Lang::Ar { "rtl" } else { "ltr" })
        .on("input", note_activity)
        .on("change", note_activity)
        .on("keydown", note_activity)
        .on("pointerdown", note_activity)
        .child(status)
        .child(lead_form)
}

/// Appends the form's later parts to `form`, each in a task of its own, then calls `built`.
///
/// Built in one go, the form was one long task on a slow phone, during which the page could not
/// react to input; in slices, the browser can paint and handle input between them. Only the
/// heading is built at once; each section after it is a slice of its own, because the first call
/// of each wasm function is compiled then, on the main thread (docs/perf-log.md has the traces).
fn build_in_slices(
    state: FormState,
    form: web_sys::Element,
    slices: Vec<Box<dyn FnOnce() -> Vec<El>>>,
    built: impl FnOnce() + 'static,
) {
    spawn_local(async move {
        for slice in slices {
            // Ahead of the list requests the first part queued: the form comes first.
            crate::browser::yield_to_browser().await;
            for part in state.in_form(slice) {
                let _ = form.append_child(part.element());
            }
        }
        state.in_form(built);
    });
}

/// Sets presets and defaults (English DMS texts) to list ids. Cascades resolve in order (brand, then
/// business area under it, then branch); independent chains resolve in parallel. A default never
/// overrides what the person already chose; a preset that cannot be resolved is shown instead, so the
/// person can still choose it.
pub(super) fn apply_initial_choices(form: FormState) {
    let depth = |key: &str| {
        let mut depth = 0;
        let mut current = list_of(key).and_then(|(_, parent)| parent);
        while let Some(parent) = current {
            depth += 1;
            current = list_of(parent).and_then(|(_, p)| p);
        }
        depth
    };
    let mut choices = form.config.with_value(|c| c.initial_choices());
    dms_model::validate::sort_small_by_key(&mut choices, |(key, _)| depth(key));
    let mut chains: Vec<Vec<(&'static str, String)>> = Vec::new();
    for (key, text) in choices {
        let parent = list_of(key).and_then(|(_, parent)| parent);
        match chains
            .iter_mut()
            .find(|chain| parent.is_some_and(|p| chain.iter().any(|(k, _)| *k == p)))
        {
            Some(chain) => chain.push((key, text)),
            None => chains.push(vec![(key, text)]),
        }
    }
    let api_base = form.config.with_value(|c| c.api_base.clone());
    for chain in chains {
        let api_base = api_base.clone();
        spawn_local(async move {
            for (key, text) in chain {
                let Some((list, parent_key)) = list_of(key) else {
                    continue;
                };
                let parent = parent_key.and_then(|p| form.value(p).get_untracked().parse().ok());
                let resolved = if parent_key.is_some() && parent.is_none() {
                    None
                } else {
                    resolve_english(&api_base, list, parent, &text)
                        .await
                        .ok()
                        .flatten()
                };
                match resolved {
                    Some(id) if form.value(key).with_untracked(String::is_empty) => {
                        form.value(key).set(id.to_string())
                    }
                    Some(_) => {}
                    None if form.hidden.with_untracked(|h| h.contains(&key)) => {
                        web_sys::console::warn_3(
                            &"dms-lead-form: this preset is not one of the choices, so the field is shown:".into(),
                            &key.into(),
                            &text.into(),
                        );
                        form.hidden.update(|h| h.retain(|k| *k != key));
                    }
                    None => {}
                }
            }
        });
    }
}
