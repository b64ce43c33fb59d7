//! What the person and the embedding page are told: the issue summary after a failed submit, the
//! confirmation (or the queued notice) in place of the form, the failure line, and the host events.

use dms_model::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{label, seconds, tr, ui};
use crate::public::config::Kiosk;
use crate::public::dom::{el, El};
use crate::public::outbox::{self, Delivery};
use crate::public::state::FormState;

/// Counts `text` down from `from` seconds, once a second, until it reaches one or leaves the
/// page. A plain timer writing the text, not a signal: the confirmation comes and goes with every
/// person, and nothing reactive may be made inside it (see `lead_form`).
fn count_down(text: web_sys::Element, lang: Lang, from: u32) {
    let left = std::cell::Cell::new(from);
    let handle = std::rc::Rc::new(std::cell::Cell::new(None::<IntervalHandle>));
    let own = handle.clone();
    let tick = move || {
        let next = left.get().saturating_sub(1);
        left.set(next);
        if next >= 1 && text.is_connected() {
            text.set_text_content(Some(&seconds(lang, next)));
        } else if let Some(handle) = own.take() {
            handle.clear();
        }
    };
    handle.set(set_interval_with_handle(tick, std::time::Duration::from_secs(1)).ok());
}

/// The confirmation (or the queued notice), shown in place of the form. Focus moves to its heading,
/// so it is read out and visible.
pub(super) fn confirmation(
    lang: Lang,
    queued: bool,
    bulk_id: Option<i64>,
    kiosk: Option<Kiosk>,
    status_link: bool,
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
        Some(bulk_id) => {
            let id = bulk_id.to_string();
            // The dealer's form links the bulk number to its status page.
            let reference = match status_link {
                true => el("a").attr("href", &("#status?id=".to_owned() + &id)),
                false => el("strong"),
            };
            block
                .child(
                    paragraph(ui::REFERENCE).text(" ").child(
                        reference
                            .class("dlf-reference")
                            .attr("dir", "ltr")
                            .text(&id),
                    ),
                )
                .child(paragraph(ui::FOLLOW_UP))
        }
        None => block.child(paragraph(ui::QUEUED)),
    };
    block
        .child_some(kiosk.map(|k| {
            let left = el("span")
                .class("dlf-countdown")
                .text(&seconds(lang, k.reset_after_s));
            count_down(left.element().clone(), lang, k.reset_after_s);
            el("p")
                .class("dlf-kiosk-note")
                .text(tr(lang, ui::KIOSK_RESTART))
                .text(" ")
                .child(left)
                .text(".")
        }))
        .child(
            el("button")
                .attr("type", "button")
                .class("dlf-secondary")
                .text(tr(lang, ui::ANOTHER))
                .on("click", move |_| start_over()),
        )
}

/// A Turnstile token is good for one lead: the page's challenge is reset for the next person.
pub(super) fn reset_turnstile() {
    let turnstile = js_sys::Reflect::get(&js_sys::global(), &"turnstile".into()).ok();
    let reset = turnstile
        .as_ref()
        .and_then(|t| js_sys::Reflect::get(t, &"reset".into()).ok())
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok());
    if let (Some(turnstile), Some(reset)) = (turnstile, reset) {
        let _ = reset.call0(&turnstile);
    }
}

/// Tells the embedding page through `host`, if any, how the lead went ([`crate::public::events`]), once per
/// change of state. The effect's first run, right after the form is on screen, is `ready`.
pub(super) fn announce_outcome(
    form: FormState,
    host: Option<web_sys::Element>,
    outcome: RwSignal<Option<(String, Delivery)>>,
) {
    use crate::public::events::{emit, Detail, FAILED, QUEUED, READY, SUBMITTED};
    let data_layer = form.config.with_value(|c| c.data_layer);
    let host = StoredValue::new_local(host);
    let emit_to_host = move |name, detail: Detail| {
        host.with_value(|h| h.as_ref().map(|h| emit(h, name, detail, data_layer)));
    };
    let last = StoredValue::new(None::<(String, &'static str)>);
    let mut first_run = true;
    crate::public::dom::effect(move || {
        if std::mem::take(&mut first_run) {
            emit_to_host(READY, Detail::default());
        }
        let Some((key, delivery)) = outcome.get() else {
            return;
        };
        let sent = |id| Detail {
            bulk_id: Some(id),
            ..Detail::default()
        };
        let (name, detail) = match delivery {
            Delivery::Sent(id) => (SUBMITTED, sent(id)),
            Delivery::Queued => match outbox::delivered(&key) {
                Some(id) => (SUBMITTED, sent(id)),
                None => (QUEUED, Detail::default()),
            },
            Delivery::Refused(error) => (
                FAILED,
                Detail {
                    reason: Some(failure_reason(&error)),
                    ..Detail::default()
                },
            ),
        };
        if last.with_value(|l| l.as_ref().is_some_and(|(k, n)| *k == key && *n == name)) {
            return;
        }
        last.set_value(Some((key, name)));
        emit_to_host(name, detail);
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

/// What to tell the person when the POST failed; what they typed stays.
pub(super) fn failure_text(error: &ApiError) -> (&'static str, &'static str) {
    match failure_reason(error) {
        "network" => ui::SEND_FAILED_NETWORK,
        "misconfigured" => ui::MISCONFIGURED,
        "human_check" => ui::HUMAN_CHECK,
        "server" => ui::SEND_FAILED_SERVER,
        _ => ui::SEND_REFUSED,
    }
}

/// After a failed submit: how many fields need attention, with links to each.
pub(super) fn issue_summary(form: FormState) -> impl Fn() -> Vec<El> {
    let lang = form.lang();
    let entries = move || {
        if !form.submitted.get() {
            return Vec::new();
        }
        let kind = form.kind();
        let mut seen: Vec<String> = Vec::new();
        form.issues.with(|issues| {
            for issue in issues {
                let control = form.control_of(&issue.path, kind).to_owned();
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
            let key = form.label_key(&path).to_owned();
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
pub(super) fn focus_control(form: FormState, path: &str) {
    let kind = untrack(|| form.kind());
    let id = form.control_id(form.control_of(path, kind));
    let element = form
        .find_element(&id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
