//! The public lead form: sections of controls, vehicle rows, submit, confirmation.

use std::time::Duration;

use dms_model::validate::list_of;
use dms_model::{field, Lead, LeadBulk, LeadKind, ListType};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, HumanSignals};
use crate::components::fields::{
    select_control, text_control, CheckField, ChoiceField, LeadTypeField, TextField, TextKind,
};
use crate::config::{Kiosk, WidgetConfig};
use crate::form::{control_for, now_iso, FormState, VehicleRow};
use crate::i18n::{label, tr, ui};
use crate::lists::{resolve_english, use_list, UseList};
use crate::outbox::{self, Delivery};

/// The whole form for one mount element.
#[component]
pub fn LeadForm(
    config: WidgetConfig,
    id_prefix: String,
    /// Shown under the phone number (the dealer pages point out an existing customer there).
    #[prop(optional, into)]
    phone_hint: Option<ViewFn>,
    /// The page's mount element: the form reports to it ([`crate::events`]) and offers the host
    /// API on it (`element.dmsLeadForm.set({…})`, `.reset()`).
    #[prop(optional)]
    host: Option<web_sys::Element>,
) -> impl IntoView {
    let form = FormState::new(config, id_prefix, host.clone());
    provide_context(form);
    apply_initial_choices(form);
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.bulk_base.clone());
    let dealer_assisted = form.config.with_value(|c| c.dealer_assisted);
    // Through the outbox: stored before the first send, retried until the DMS confirms it.
    // Signals and `spawn_local` rather than an `Action`: the action's machinery cost the public
    // form's wasm more than these few lines do.
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
    let status_heading = NodeRef::<leptos::html::H2>::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return; // one lead, one POST
        }
        form.submitted.set(true);
        let (lead, issues) = form.check(&now_iso());
        match issues.first() {
            Some(first) => focus_control(form, &first.path),
            None => {
                send(lead, form.human_signals());
            }
        }
    };
    let start_over = move || {
        reset_turnstile();
        form.clear();
        apply_initial_choices(form);
        outcome.set(None);
    };
    let send_another = move |_| start_over();
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
    let focus_outcome = move || {
        // Move focus to the confirmation (or the queued notice), so it is read out and visible.
        if done() {
            if let Some(heading) = status_heading.get() {
                let _ = heading.focus();
            }
        }
    };
    announce_outcome(form, host, outcome, focus_outcome);

    let failure = move || match outcome.get() {
        Some((_, Delivery::Refused(error))) => Some(tr(lang, failure_text(&error))),
        _ => None,
    };
    let kiosk = form.config.with_value(|c| c.kiosk);
    let on_activity = kiosk.map(|kiosk| use_kiosk(kiosk, done, start_over));
    // A memo: the kind changes when the person switches it, not each time a list arrives in the
    // cache (which would re-run everything that depends on it).
    let is_company = Memo::new(move |_| form.kind() == Some(LeadKind::Company));
    // Each kind's block is built the first time that kind is chosen, then kept and hidden while
    // the other kind is chosen. Rebuilding it on every switch would leave each of its effects (32)
    // subscribed, dead, to the form's long-lived signals: 3.7 KB per switch, all day on a kiosk.
    // Built lazily, the company list is still only loaded for people who choose Company.
    let is_individual = move || !is_company.get();
    let company_built = true_since_first(move || is_company.get());
    let individual_built = true_since_first(is_individual);

    let note_activity = move || {
        if let Some(note) = on_activity {
            note.run(());
        }
    };
    view! {
        <div
            class="dlf"
            data-theme-preset=form.config.with_value(|c| c.theme_preset)
            data-color-scheme=form.config.with_value(|c| c.color_scheme)
            lang=lang.code()
            dir=if lang == dms_model::Lang::Ar { "rtl" } else { "ltr" }
            on:input=move |_| note_activity()
            on:change=move |_| note_activity()
            on:keydown=move |_| note_activity()
            on:pointerdown=move |_| note_activity()
        >
            <div role="status" aria-live="polite" class="dlf-status">
                // Built from plain values, without reactive parts of its own: this block comes and
                // goes with every person, and each effect made inside it would stay subscribed (as a
                // dead entry) to the form's long-lived signals, about 300 bytes per person on a
                // kiosk. When the outcome changes while it shows, the block is updated in place.
                {move || done().then(|| {
                    let queued = queued();
                    view! {
                        <div class="dlf-thanks" class:dlf-queued=queued>
                            <h2 tabindex="-1" node_ref=status_heading>
                                {tr(lang, if queued { ui::QUEUED_TITLE } else { ui::THANKS })}
                            </h2>
                            {match confirmed() {
                                Some(bulk_id) => Either::Left(view! {
                                    <p>
                                        {tr(lang, ui::REFERENCE)} " "
                                        <strong class="dlf-reference" dir="ltr">{bulk_id}</strong>
                                    </p>
                                    <p>{tr(lang, ui::FOLLOW_UP)}</p>
                                }),
                                None => Either::Right(view! { <p>{tr(lang, ui::QUEUED)}</p> }),
                            }}
                            {kiosk.map(|k| view! {
                                <p class="dlf-kiosk-note">
                                    {tr(lang, ui::KIOSK_RESTART)} " " {k.reset_after_s} " " {tr(lang, ui::SECONDS)}
                                </p>
                            })}
                            <button type="button" class="dlf-secondary" on:click=send_another>
                                {tr(lang, ui::ANOTHER)}
                            </button>
                        </div>
                    }
                })}
            </div>
            <form novalidate on:submit=on_submit class:dlf-hidden=done aria-hidden=move || done().then_some("true")>
                <h2 class="dlf-title">{tr(lang, if dealer_assisted { ui::DEALER_TITLE } else { ui::TITLE })}</h2>
                <p class="dlf-intro">{tr(lang, if dealer_assisted { ui::DEALER_INTRO } else { ui::INTRO })}</p>
                <p class="dlf-note">{tr(lang, ui::REQUIRED_NOTE)}</p>
                <IssueSummary/>
                <fieldset class="dlf-section">
                    <legend>{tr(lang, ui::SECTION_YOU)}</legend>
                    <LeadTypeField/>
                    // Disabled while hidden: the other kind's controls are out of the form's data.
                    <fieldset class="dlf-kind" hidden=is_individual disabled=is_individual>
                        {move || company_built.get().then(|| view! {
                            <TextField key=field::LEAD_NAME required=true autocomplete="organization"/>
                            <ChoiceField key=field::COMPANY_INDUSTRY_TYPE required=true/>
                            <TextField key=field::CONTACT_NAME required=true autocomplete="name"/>
                        })}
                    </fieldset>
                    <fieldset class="dlf-kind" hidden=is_company disabled=is_company>
                        {move || individual_built.get().then(|| view! {
                            <ChoiceField key=field::TITLE/>
                            <TextField key=field::FIRST_NAME required=true autocomplete="given-name"/>
                            <TextField key=field::MIDDLE_NAME autocomplete="additional-name"/>
                            <TextField key=field::LAST_NAME autocomplete="family-name"/>
                            <ChoiceField key=field::GENDER/>
                            <ChoiceField key=field::NATIONALITY/>
                            <TextField key=field::DATE_OF_BIRTH kind=TextKind::Date autocomplete="bday"/>
                            <TextField key=field::OCCUPATION autocomplete="organization-title"/>
                            <ChoiceField key=field::MONTHLY_INCOME/>
                        })}
                    </fieldset>
                </fieldset>
                <fieldset class="dlf-section">
                    <legend>{tr(lang, ui::SECTION_CONTACT)}</legend>
                    <div class="dlf-phone">
                        <ChoiceField key=field::PHONE_CODE required=true/>
                        <TextField key=field::PHONE_NUMBER kind=TextKind::Phone autocomplete="tel-national"/>
                    </div>
                    {phone_hint.map(|hint| hint.run())}
                    <TextField key=field::EMAIL kind=TextKind::Email autocomplete="email"/>
                    <ChoiceField key=field::PREFERRED_LANGUAGE required=true/>
                    <ChoiceField key=field::PREFERRED_CONTACT_TYPE/>
                </fieldset>
                <fieldset class="dlf-section">
                    <legend>{tr(lang, ui::SECTION_PLACE)}</legend>
                    <ChoiceField key=field::CUSTOMER_COUNTRY required=true/>
                    <ChoiceField key=field::CUSTOMER_REGION required=true/>
                    <ChoiceField key=field::CUSTOMER_CITY required=true/>
                    <TextField key=field::ADDRESS1 autocomplete="address-line1"/>
                    <TextField key=field::ADDRESS2 autocomplete="address-line2"/>
                </fieldset>
                <fieldset class="dlf-section">
                    <legend>{tr(lang, ui::SECTION_INTEREST)}</legend>
                    {unless_preset(form, field::BRAND)}
                    {unless_preset(form, field::BUSINESS_AREA)}
                    {unless_preset(form, field::BRANCH)}
                    {unless_preset(form, field::INTEREST)}
                    <ChoiceField key=field::VEHICLE_TYPE/>
                    <Vehicles/>
                    <ChoiceField key=field::PURCHASE_PLAN/>
                    <ChoiceField key=field::PAYMENT_MODE/>
                    <ChoiceField key=field::CURRENCY/>
                    <CheckField key=field::TEST_DRIVE_REQUIRED/>
                    {unless_preset(form, field::SOURCE)}
                    {unless_preset(form, field::SUB_SOURCE)}
                    {unless_preset(form, field::PRIORITY)}
                    <TextField key=field::LEAD_NOTE kind=TextKind::LongText/>
                </fieldset>
                <fieldset class="dlf-section">
                    <legend>{tr(lang, ui::SECTION_CONSENT)}</legend>
                    <CheckField key=field::ACCEPT_PRIVATE_POLICY required=!dealer_assisted/>
                    <CheckField key=field::ACCEPT_MARKETING/>
                    <CheckField key=field::ACCEPT_NEWS_LETTER/>
                </fieldset>
                <TrapField/>
                <p class="dlf-send-failed" role="alert">{failure}</p>
                <button type="submit" class="dlf-submit" disabled=move || sending.get() aria-busy=move || sending.get().then_some("true")>
                    {move || tr(lang, if sending.get() { ui::SENDING } else { ui::SUBMIT })}
                </button>
            </form>
        </div>
    }
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
#[component]
fn TrapField() -> impl IntoView {
    let form = expect_context::<FormState>();
    let id = form.control_id("trap");
    view! {
        <div class="dlf-trap" aria-hidden="true">
            <label for=id.clone()>"Leave this field empty"</label>
            <input
                id=id
                name="dlf-trap"
                type="text"
                tabindex="-1"
                autocomplete="off"
                prop:value=move || form.trap.get()
                on:input=move |ev| form.trap.set(event_target_value(&ev))
            />
        </div>
    }
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

/// Tells how the lead went: the person, by `focus` (run whenever the outcome or what it is shown
/// in changes), and the embedding page through `host`, if any ([`crate::events`]), once per change
/// of state. One effect for all of it (each effect costs the public bundle about 0.5 KB); its
/// first run, right after the form is on screen, is `ready`.
fn announce_outcome(
    form: FormState,
    host: Option<web_sys::Element>,
    outcome: RwSignal<Option<(String, Delivery)>>,
    focus: impl Fn() + 'static,
) {
    use crate::events::{emit, FAILED, QUEUED, READY, SUBMITTED};
    let data_layer = form.config.with_value(|c| c.data_layer);
    let host = StoredValue::new_local(host);
    let emit_to_host = move |name, pairs: &[(&str, wasm_bindgen::JsValue)]| {
        host.with_value(|h| h.as_ref().map(|h| emit(h, name, pairs, data_layer)));
    };
    let last = StoredValue::new(None::<(String, &'static str)>);
    Effect::new(move |first_run: Option<()>| {
        focus();
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
fn unless_preset(form: FormState, key: &'static str) -> impl IntoView {
    move || {
        (!form.hidden.with(|h| h.contains(&key)))
            .then(|| view! { <ChoiceField key=key required=true/> })
    }
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
#[component]
fn IssueSummary() -> impl IntoView {
    let form = expect_context::<FormState>();
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
        (!entries.is_empty()).then(|| {
            let heading = if entries.len() == 1 {
                ui::SUMMARY_ONE
            } else {
                ui::SUMMARY_MANY
            };
            let misconfigured = entries
                .iter()
                .any(|path| form.hidden.with(|h| h.iter().any(|k| *k == path.as_str())));
            view! {
                <div class="dlf-summary">
                    <p>{tr(lang, heading)}</p>
                    <ul>
                        {entries
                            .iter()
                            .map(|path| {
                                let key = path.rsplit('.').next().unwrap_or(path).to_owned();
                                let href = format!("#{}", form.control_id(path));
                                let path = path.clone();
                                // Focus by script: a fragment link cannot reach into a shadow root.
                                let go = move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    focus_control(form, &path);
                                };
                                view! { <li><a href=href on:click=go>{tr(lang, label(&key))}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                    {misconfigured.then(|| view! { <p>{tr(lang, ui::MISCONFIGURED)}</p> })}
                </div>
            }
        })
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
#[component]
fn Vehicles() -> impl IntoView {
    let form = expect_context::<FormState>();
    let lang = form.lang();
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let brand = Callback::new(move |_| form.choice(field::BRAND));
    // One list state for all rows: the model list is fetched once per brand, not once per row.
    let families = use_list(api_base.clone(), ListType::Model, Some(brand), lang);
    let years = use_list(api_base, ListType::ModelYear, None, lang);
    view! {
        <div class="dlf-vehicles">
            {move || form.vehicles.get().into_iter().map(|row| vehicle_row(form, row, families, years)).collect_view()}
            <button type="button" class="dlf-secondary" on:click=move |_| form.add_vehicle()>
                {tr(lang, ui::ADD_VEHICLE)}
            </button>
        </div>
    }
}

fn vehicle_row(
    form: FormState,
    row: VehicleRow,
    families: UseList,
    years: UseList,
) -> impl IntoView {
    let lang = form.lang();
    let index = move || {
        form.vehicles
            .with(|rows| rows.iter().position(|r| r.key == row.key).unwrap_or(0))
    };
    let path = move |key: &'static str| Signal::derive(move || field::vehicle(index(), key));
    let choose = |signal: RwSignal<String>| Callback::new(move |v: String| signal.set(v));
    view! {
        <fieldset class="dlf-vehicle">
            <legend>{tr(lang, ui::VEHICLE)} " " {move || index() + 1}</legend>
            {select_control(form, path(field::MODEL_FAMILY), field::MODEL_FAMILY, row.model_family.into(), choose(row.model_family), families, true)}
            {select_control(form, path(field::MODEL_YEAR), field::MODEL_YEAR, row.model_year.into(), choose(row.model_year), years, true)}
            {text_control(form, path(field::TOTAL_QTY), field::TOTAL_QTY, row.total_qty, TextKind::Number, true, "")}
            {text_control(form, path(field::MODEL_PREFERENCES), field::MODEL_PREFERENCES, row.model_preferences, TextKind::Text, false, "")}
            <button type="button" class="dlf-link" on:click=move |_| form.remove_vehicle(row.key)>
                {tr(lang, ui::REMOVE_VEHICLE)}
            </button>
        </fieldset>
    }
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
