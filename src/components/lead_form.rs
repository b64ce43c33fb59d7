//! The public lead form: sections of controls, vehicle rows, submit, confirmation. Built with
//! [`crate::dom`].

use std::time::Duration;

use dms_model::validate::list_of;
use dms_model::{field, Lang, Lead, LeadBulk, LeadKind, ListType};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, HumanSignals};
use crate::components::fields::{
    check_field, choice_field, lead_type_field, select_control, text_control, text_field, TextKind,
};
use crate::config::{Kiosk, WidgetConfig};
use crate::dom::{el, one, target_value, El, Painted};
use crate::form::{control_for, now_iso, FormState, VehicleRow};
use crate::i18n::{label, tr, ui};
use crate::lists::{resolve_english, use_list, UseList};
use crate::outbox::{self, Delivery};

/// Builds what the dealer pages show under the phone number (an existing customer with that
/// number), given the form's state.
pub type PhoneHint = Box<dyn FnOnce(FormState) -> web_sys::Element>;

/// The whole form for one mount element.
///
/// `host` is the page's mount element: the form reports to it ([`crate::events`]) and offers the
/// host API on it (`element.dmsLeadForm.set({…})`, `.reset()`).
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
            Some(first) => focus_control(form, &first.path),
            None => send(lead, form.human_signals()),
        }
    };
    let start_over = move || {
        reset_turnstile();
        form.clear();
        apply_initial_choices(form);
        outcome.set(None);
    };
    if let Some(host) = &host {
        offer_host_api(form, host, start_over);
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
        Some((_, Delivery::Refused(error))) => tr(lang, failure_text(&error)),
        _ => "",
    };
    let kiosk = form.config.with_value(|c| c.kiosk);
    let on_activity = kiosk.map(|kiosk| use_kiosk(kiosk, done, start_over));
    // A memo: the kind changes when the person switches it, not each time a list arrives in the
    // cache (which would re-run everything that depends on it).
    let is_company = Memo::new(move |_| form.kind() == Some(LeadKind::Company));
    // Each kind's block is built the first time that kind is chosen, then kept and hidden while
    // the other kind is chosen. Rebuilding it on every switch would leave each of its effects
    // subscribed, dead, to the form's long-lived signals: 3.7 KB per switch, all day on a kiosk.
    // Built lazily, the company list is still only loaded for people who choose Company.
    let is_individual = move || !is_company.get();
    let company_built = true_since_first(move || is_company.get());
    let individual_built = true_since_first(is_individual);
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
        // entry) to the form's long-lived signals, about 300 bytes per person on a kiosk. When
        // the outcome changes while it shows, the block is built again.
        .region(move || {
            one(done().then(|| confirmation(lang, queued(), confirmed(), kiosk, start_over)))
        });
    let contact = move || {
        section(lang, ui::SECTION_CONTACT)
            .child(
                el("div")
                    .class("dlf-phone")
                    .child(choice_field(form, field::PHONE_CODE, true))
                    .child(optional_text(
                        form,
                        field::PHONE_NUMBER,
                        TextKind::Phone,
                        "tel-national",
                    )),
            )
            .child_some(phone_hint)
            .child(optional_text(form, field::EMAIL, TextKind::Email, "email"))
            .child(choice_field(form, field::PREFERRED_LANGUAGE, true))
            .child(choice_field(form, field::PREFERRED_CONTACT_TYPE, false))
    };
    let place = move || {
        section(lang, ui::SECTION_PLACE)
            .child(choice_field(form, field::CUSTOMER_COUNTRY, true))
            .child(choice_field(form, field::CUSTOMER_REGION, true))
            .child(choice_field(form, field::CUSTOMER_CITY, true))
            .child(optional_text(
                form,
                field::ADDRESS1,
                TextKind::Text,
                "address-line1",
            ))
            .child(optional_text(
                form,
                field::ADDRESS2,
                TextKind::Text,
                "address-line2",
            ))
    };
    let interest = move || {
        section(lang, ui::SECTION_INTEREST)
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
            .child(optional_text(
                form,
                field::LEAD_NOTE,
                TextKind::LongText,
                "",
            ))
    };
    let consent = move || {
        section(lang, ui::SECTION_CONSENT)
            .child(check_field(
                form,
                field::ACCEPT_PRIVATE_POLICY,
                !dealer_assisted,
            ))
            .child(check_field(form, field::ACCEPT_MARKETING, false))
            .child(check_field(form, field::ACCEPT_NEWS_LETTER, false))
    };
    let submit = move || {
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
    };
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
        .child(painted.take_text("h2", "dlf-title", tr(lang, title)))
        .child(painted.take_text("p", "dlf-intro", tr(lang, intro)))
        .child(painted.take_text("p", "dlf-note", tr(lang, ui::REQUIRED_NOTE)))
        .region(issue_summary(form));
    let you = move || {
        section(lang, ui::SECTION_YOU)
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
    };
    let end = move || {
        vec![
            consent(),
            trap_field(form),
            el("p")
                .class("dlf-send-failed")
                .attr("role", "alert")
                .bind_text(move || failure().to_owned()),
            submit(),
        ]
    };
    build_in_slices(
        form,
        lead_form.element().clone(),
        vec![
            Box::new(move || vec![you()]),
            Box::new(move || vec![contact()]),
            Box::new(move || vec![place()]),
            Box::new(move || vec![interest()]),
            Box::new(end),
        ],
        move || announce_outcome(form, host, outcome),
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
        text_field(form, field::LEAD_NAME, TextKind::Text, true, "organization"),
        choice_field(form, field::COMPANY_INDUSTRY_TYPE, true),
        text_field(form, field::CONTACT_NAME, TextKind::Text, true, "name"),
    ]
}

fn individual_block(form: FormState) -> Vec<El> {
    vec![
        choice_field(form, field::TITLE, false),
        text_field(form, field::FIRST_NAME, TextKind::Text, true, "given-name"),
        optional_text(form, field::MIDDLE_NAME, TextKind::Text, "additional-name"),
        optional_text(form, field::LAST_NAME, TextKind::Text, "family-name"),
        choice_field(form, field::GENDER, false),
        choice_field(form, field::NATIONALITY, false),
        optional_text(form, field::DATE_OF_BIRTH, TextKind::Date, "bday"),
        optional_text(
            form,
            field::OCCUPATION,
            TextKind::Text,
            "organization-title",
        ),
        choice_field(form, field::MONTHLY_INCOME, false),
    ]
}

/// Appends the form's later parts to `form`, each in a task of its own, then calls `built`.
///
/// Built in one go, the form was one long task on a slow phone (about 130 ms under 4x CPU
/// throttling), during which the page could not react to input; in slices, the browser can
/// paint and handle input between them. Only the heading is built at once; each section after
/// it is a slice of its own, because the first call of each wasm function is compiled then, on
/// the main thread: the person's section alone is about 50 ms under 4x throttling.
fn build_in_slices(
    state: FormState,
    form: web_sys::Element,
    slices: Vec<Box<dyn FnOnce() -> Vec<El>>>,
    built: impl FnOnce() + 'static,
) {
    spawn_local(async move {
        for slice in slices {
            // Ahead of the list requests the first part queued: the form comes first.
            crate::api::yield_to_browser().await;
            for part in state.in_form(slice) {
                let _ = form.append_child(part.element());
            }
        }
        state.in_form(built);
    });
}

/// A text control that may be left empty.
fn optional_text(
    form: FormState,
    key: &'static str,
    kind: TextKind,
    autocomplete: &'static str,
) -> El {
    text_field(form, key, kind, false, autocomplete)
}

/// A section of the form, `<fieldset>` with its `<legend>`.
fn section(lang: Lang, title: (&'static str, &'static str)) -> El {
    el("fieldset")
        .class("dlf-section")
        .child(el("legend").text(tr(lang, title)))
}

/// The confirmation (or the queued notice), shown in place of the form. Focus moves to its heading,
/// so it is read out and visible.
fn confirmation(
    lang: Lang,
    queued: bool,
    bulk_id: Option<i64>,
    kiosk: Option<Kiosk>,
    start_over: impl Fn() + 'static,
) -> El {
    let heading = el("h2")
        .attr("tabindex", "-1")
        .text(tr(lang, if queued { ui::QUEUED_TITLE } else { ui::THANKS }));
    if let Ok(heading) = heading.element().clone().dyn_into::<web_sys::HtmlElement>() {
        // Once it is in the document (the region inserts it after this returns).
        spawn_local(async move {
            let _ = heading.focus();
        });
    }
    let paragraph = |text| el("p").text(tr(lang, text));
    let block = el("div")
        .class(if queued {
            "dlf-thanks dlf-queued"
        } else {
            "dlf-thanks"
        })
        .child(heading);
    let block = match bulk_id {
        Some(bulk_id) => block
            .child(
                paragraph(ui::REFERENCE).text(" ").child(
                    el("strong")
                        .class("dlf-reference")
                        .attr("dir", "ltr")
                        .text(&bulk_id.to_string()),
                ),
            )
            .child(paragraph(ui::FOLLOW_UP)),
        None => block.child(paragraph(ui::QUEUED)),
    };
    block
        .child_some(kiosk.map(|k| {
            el("p")
                .class("dlf-kiosk-note")
                .text(tr(lang, ui::KIOSK_RESTART))
                .text(&format!(" {} ", k.reset_after_s))
                .text(tr(lang, ui::SECONDS))
        }))
        .child(
            el("button")
                .attr("type", "button")
                .class("dlf-secondary")
                .text(tr(lang, ui::ANOTHER))
                .on("click", move |_| start_over()),
        )
}

/// Kiosk mode: after a confirmation the form starts over by itself, and what a person typed is
/// wiped after a while without input. Returns the callback that records input.
fn use_kiosk(
    kiosk: Kiosk,
    done: impl Fn() -> bool + Copy + 'static,
    start_over: impl Fn() + Copy + 'static,
) -> Callback<()> {
    let last_input = StoredValue::new(js_sys::Date::now());
    let typed = StoredValue::new(false);
    // Counts confirmations, so a timer only ends the confirmation it was set for: the next person's
    // confirmation, shown before the old timer fires, gets its full time.
    let confirmations = StoredValue::new(0u32);
    Effect::new(move |_| {
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

/// A field people never see or reach (off-screen, hidden from assistive technology, out of the tab
/// order, not autofilled); naive bots fill every input, and the proxy drops what they send.
fn trap_field(form: FormState) -> El {
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

/// A Turnstile token is good for one lead: the page's challenge is reset for the next person.
fn reset_turnstile() {
    let turnstile = js_sys::Reflect::get(&js_sys::global(), &"turnstile".into()).ok();
    let reset = turnstile
        .as_ref()
        .and_then(|t| js_sys::Reflect::get(t, &"reset".into()).ok())
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok());
    if let (Some(turnstile), Some(reset)) = (turnstile, reset) {
        let _ = reset.call0(&turnstile);
    }
}

/// Tells the embedding page through `host`, if any, how the lead went ([`crate::events`]), once per
/// change of state. The effect's first run, right after the form is on screen, is `ready`.
fn announce_outcome(
    form: FormState,
    host: Option<web_sys::Element>,
    outcome: RwSignal<Option<(String, Delivery)>>,
) {
    use crate::events::{emit, FAILED, QUEUED, READY, SUBMITTED};
    let data_layer = form.config.with_value(|c| c.data_layer);
    let host = StoredValue::new_local(host);
    let emit_to_host = move |name, pairs: &[(&str, wasm_bindgen::JsValue)]| {
        host.with_value(|h| h.as_ref().map(|h| emit(h, name, pairs, data_layer)));
    };
    let last = StoredValue::new(None::<(String, &'static str)>);
    Effect::new(move |first_run: Option<()>| {
        if first_run.is_none() {
            emit_to_host(READY, &[]);
        }
        let Some((key, delivery)) = outcome.get() else {
            return;
        };
        let (name, pairs): (&'static str, Vec<(&str, wasm_bindgen::JsValue)>) = match delivery {
            Delivery::Sent(id) => (SUBMITTED, vec![("bulkId", (id as f64).into())]),
            Delivery::Queued => match outbox::delivered(&key) {
                Some(id) => (SUBMITTED, vec![("bulkId", (id as f64).into())]),
                None => (QUEUED, Vec::new()),
            },
            Delivery::Refused(error) => (FAILED, vec![("reason", failure_reason(&error).into())]),
        };
        if last.with_value(|l| l.as_ref().is_some_and(|(k, n)| *k == key && *n == name)) {
            return;
        }
        last.set_value(Some((key, name)));
        emit_to_host(name, &pairs);
    });
}

/// The `reason` of a `failed` event.
fn failure_reason(error: &ApiError) -> &'static str {
    match error {
        ApiError::Network | ApiError::Aborted => "network",
        ApiError::Status(403) => "misconfigured",
        ApiError::Status(428) => "human_check",
        e if e.is_transient() => "server",
        _ => "refused",
    }
}

/// `element.dmsLeadForm`: `set({field: value, …})` sets controls (`firstName`, …), presets (list
/// fields as English DMS texts, e.g. `brand: "KIA"`; the field is then hidden like a `data-*`
/// preset) and hidden values (`leadReference`); `reset()` starts over.
fn offer_host_api(
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
    use crate::config::PRESETTABLE;
    use crate::form::TEXT_KEYS;
    let Some(object) = values.dyn_ref::<js_sys::Object>() else {
        return;
    };
    let mut presets_changed = false;
    for entry in js_sys::Object::entries(object).iter() {
        let entry = js_sys::Array::from(&entry);
        let (Some(name), value) = (entry.get(0).as_string(), entry.get(1)) else {
            continue;
        };
        // Numbers are written by the browser: Rust's float printing would add 11 KB to the bundle.
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

/// True from the first time `condition` is, and from then on: what is built then stays built.
fn true_since_first(condition: impl Fn() -> bool + Send + Sync + 'static) -> Memo<bool> {
    Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || condition())
}

/// A mandatory select, unless the embedding page preset it.
fn unless_preset(form: FormState, key: &'static str) -> impl Fn() -> Vec<El> {
    move || one((!form.hidden.with(|h| h.contains(&key))).then(|| choice_field(form, key, true)))
}

/// What to tell the person when the POST failed; what they typed stays.
fn failure_text(error: &ApiError) -> (&'static str, &'static str) {
    match failure_reason(error) {
        "network" => ui::SEND_FAILED_NETWORK,
        "misconfigured" => ui::MISCONFIGURED,
        "human_check" => ui::HUMAN_CHECK,
        "server" => ui::SEND_FAILED_SERVER,
        _ => ui::SEND_REFUSED,
    }
}

/// After a failed submit: how many fields need attention, with links to each.
fn issue_summary(form: FormState) -> impl Fn() -> Vec<El> {
    let lang = form.lang();
    let entries = move || {
        if !form.submitted.get() {
            return Vec::new();
        }
        let kind = form.kind();
        let mut seen: Vec<String> = Vec::new();
        form.issues.with(|issues| {
            for issue in issues {
                let control = control_for(&issue.path, kind).to_owned();
                if !seen.contains(&control) {
                    seen.push(control);
                }
            }
        });
        seen
    };
    move || {
        let entries = entries();
        if entries.is_empty() {
            return Vec::new();
        }
        let heading = match entries.len() {
            1 => ui::SUMMARY_ONE,
            _ => ui::SUMMARY_MANY,
        };
        let misconfigured = entries
            .iter()
            .any(|path| form.hidden.with(|h| h.contains(&path.as_str())));
        let links = entries.into_iter().map(|path| {
            let key = path.rsplit('.').next().unwrap_or(&path).to_owned();
            let link = el("a")
                .attr("href", &format!("#{}", form.control_id(&path)))
                .text(tr(lang, label(&key)))
                // Focus by script: a fragment link cannot reach into a shadow root.
                .on("click", move |ev| {
                    ev.prevent_default();
                    focus_control(form, &path);
                });
            el("li").child(link)
        });
        let list = links.fold(el("ul"), El::child);
        vec![el("div")
            .class("dlf-summary")
            .child(el("p").text(tr(lang, heading)))
            .child(list)
            .child_some(misconfigured.then(|| el("p").text(tr(lang, ui::MISCONFIGURED))))]
    }
}

/// Moves keyboard focus to the control that shows the issue at `path`.
fn focus_control(form: FormState, path: &str) {
    let kind = untrack(|| form.kind());
    let id = form.control_id(control_for(path, kind));
    let element = form
        .find_element(&id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Vehicle rows: model (from the brand), year and quantity; add and remove.
fn vehicles(form: FormState) -> El {
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let brand = Callback::new(move |_| form.choice(field::BRAND));
    // One list state for all rows: the model list is fetched once per brand, not once per row.
    let families = use_list(api_base.clone(), ListType::Model, Some(brand), lang);
    let years = use_list(api_base, ListType::ModelYear, None, lang);
    // Each row's controls are built once, under the form's owner, and kept by the row's key, also
    // while the row is out of the form (the form reuses a removed row for the next one added).
    // Rebuilt on every change, they left their effects subscribed, dead, to the form's long-lived
    // signals: 14 KB per vehicle added and removed.
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

/// Sets presets and defaults (English DMS texts) to list ids. Cascades resolve in order (brand, then
/// business area under it, then branch); independent chains resolve in parallel. A default never
/// overrides what the person already chose; a preset that cannot be resolved is shown instead, so the
/// person can still choose it.
fn apply_initial_choices(form: FormState) {
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
