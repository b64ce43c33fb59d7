//! The public lead form for one mount element, assembled from its parts: the sections
//! ([`sections`]), the vehicle rows ([`vehicles`]), what the person and the page are told
//! ([`outcome`]), kiosk mode ([`kiosk`]) and the host API ([`host_api`]). Built with
//! [`crate::public::dom`].

mod asked;
mod host_api;
mod kiosk;
mod outcome;
mod sections;
mod vehicles;

use dms_model::validate::list_of;
use dms_model::{Lang, Lead, LeadBulk};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, HumanSignals};
use crate::i18n::{tr, ui};
use crate::lists::resolve_english;
use crate::public::config::WidgetConfig;
use crate::public::dom::{effect, el, one, El, Painted};
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
    keep_initial_choices(form);
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.bulk_base.clone());
    let dealer_assisted = form.config.with_value(|c| c.dealer_assisted);
    // The proxy's form token, asked for as the form is shown: it dates the person's start.
    if !dealer_assisted {
        outbox::prefetch_token(&api_base);
    }
    // Through the outbox: stored before the first send, retried until the DMS confirms it.
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<(String, Delivery)>);
    let send = move |lead: Lead, human: HumanSignals| {
        let needs_mapping = crate::public::state::needs_mapping(&lead);
        let bulk = LeadBulk::new(vec![lead]);
        let api_base = api_base.clone();
        sending.set(true);
        spawn_local(async move {
            let delivery = outbox::submit(&api_base, bulk, human, needs_mapping).await;
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
            one(done().then(|| {
                outcome::confirmation(
                    lang,
                    queued(),
                    confirmed(),
                    kiosk,
                    dealer_assisted,
                    start_over,
                )
            }))
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
    let end_without_consent = move || {
        vec![
            sections::trap_field(form),
            el("p")
                .class("dlf-send-failed")
                .attr("role", "alert")
                .bind_text(move || failure().to_owned()),
            sections::submit_button(lang, sending),
        ]
    };
    let end = move || {
        let mut end = end_without_consent();
        end.insert(0, sections::consent(form));
        end
    };
    // The field set's own list of controls, or the full form's sections (also the dealer's).
    let asked_keys = form
        .config
        .with_value(|c| (!c.dealer_assisted).then(|| c.fields.keys().map(<[_]>::to_vec)))
        .flatten();
    let slices: Vec<Slice> = match asked_keys {
        Some(keys) => vec![
            Box::new(move || vec![asked::asked(form, keys, phone_hint)]),
            Box::new(end_without_consent),
        ],
        None => vec![
            Box::new(move || vec![sections::you(form)]),
            Box::new(move || vec![sections::contact(form, phone_hint)]),
            Box::new(move || vec![sections::place(form)]),
            Box::new(move || vec![sections::interest(form)]),
            Box::new(end),
        ],
    };
    build_in_slices(form, lead_form.element().clone(), slices, move || {
        outcome::announce_outcome(form, host, outcome)
    });
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
/// A part of the form, built in a task of its own.
type Slice = Box<dyn FnOnce() -> Vec<El>>;

fn build_in_slices(
    state: FormState,
    form: web_sys::Element,
    slices: Vec<Slice>,
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

/// Keeps the presets and defaults (English DMS texts) chosen: each is resolved to its list id once
/// its parent is chosen (a business area under the brand, a branch under the business area, a
/// sub-source under the source), again whenever that parent changes and when the form starts over
/// ([`apply_initial_choices`]), and never over what the person chose. A text that is not among the
/// choices is asked instead (its field is shown); a list that cannot be loaded leaves the field as
/// it is, and the lead carries the text itself (`FormState::check`).
///
/// One effect per field, made once per form: starting over (all day on a kiosk) makes none.
fn keep_initial_choices(form: FormState) {
    // What the form starts with (the dealer pages' customer prefill among it), and what the page may
    // preset later through the host API.
    let initial = form.config.with_value(|c| c.initial_choices());
    let presettable = crate::public::config::PRESETTABLE.iter().map(|(_, k)| *k);
    let mut keys: Vec<&'static str> = Vec::new();
    for key in initial.into_iter().map(|(k, _)| k).chain(presettable) {
        if !keys.contains(&key) && list_of(key).is_some() {
            keys.push(key);
        }
    }
    let api_base = form.config.with_value(|c| c.api_base.clone());
    for key in keys {
        let Some((list, parent_key)) = list_of(key) else {
            continue;
        };
        let api_base = api_base.clone();
        effect(move || {
            form.restarts.track();
            let parent = parent_key.map(|p| form.choice(p));
            let Some(text) = form.config.with_value(|c| c.initial_choice(key)) else {
                return;
            };
            if parent == Some(None) || !form.value(key).with_untracked(String::is_empty) {
                return; // the parent is not chosen yet, or the person chose
            }
            let api_base = api_base.clone();
            spawn_local(async move {
                let resolved = resolve_english(&api_base, list, parent.flatten(), &text).await;
                let still = parent_key.map(|p| form.choice_untracked(p)) == parent;
                if !still || !form.value(key).with_untracked(String::is_empty) {
                    return;
                }
                let unreachable = matches!(resolved, Err(ref e) if *e != ApiError::Aborted);
                if unreachable != form.unresolved.with_untracked(|u| u.contains(&key)) {
                    form.unresolved.update(|u| match unreachable {
                        true => u.push(key),
                        false => u.retain(|k| *k != key),
                    });
                }
                match resolved {
                    Ok(Some(id)) => form.value(key).set(id.to_string()),
                    Ok(None) if form.hidden.with_untracked(|h| h.contains(&key)) => {
                        web_sys::console::warn_3(
                            &"dms-lead-form: this preset or default is not one of the choices, so the field is shown:".into(),
                            &key.into(),
                            &text.into(),
                        );
                        form.hidden.update(|h| h.retain(|k| *k != key));
                    }
                    // Shown already, or the list cannot be loaded now.
                    Ok(None) | Err(_) => {}
                }
            });
        });
    }
}

/// Chooses the presets and defaults again (the form started over, or the page changed a preset).
pub(super) fn apply_initial_choices(form: FormState) {
    form.choose_initial_again();
}
