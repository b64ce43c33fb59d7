//! The outbox: a lead the person submitted is written to browser storage, with its idempotency key,
//! **before** the first send, and removed only when the DMS answered with a bulk id. Network errors,
//! 408, 429 and 5xx are retried with full-jitter exponential backoff (honouring `Retry-After`); a
//! refusal (any other 4xx) is not retried — the lead stays in the form for the person to correct.
//!
//! Retries run on load, when the browser comes back `online`, when the page becomes visible again
//! and on a timer. The proxy replays the first answer for a key it has seen, so a retry after a lost
//! answer never makes a second bulk.

use std::cell::{Cell, RefCell};

use dms_model::LeadBulk;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{post_bulk, ApiError, HumanSignals};
use crate::browser::local_storage;

/// Prefix of the `localStorage` items that hold pending leads, one item per lead (`…<key>`), so
/// two tabs never overwrite each other's leads.
const STORAGE_PREFIX: &str = "dms-lead-widget.outbox.";
/// First retry after about a second, doubling up to five minutes.
const BACKOFF_BASE_MS: f64 = 1_000.0;
const BACKOFF_CAP_MS: f64 = 300_000.0;
/// How often the timer looks for leads due again.
const FLUSH_INTERVAL_MS: i32 = 5_000;

/// A lead waiting for its bulk id.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// Also the `Idempotency-Key` of every attempt.
    pub key: String,
    pub api_base: String,
    /// The bulk body as JSON text: stored and sent as is (no need to decode leads in the browser).
    pub body: String,
    pub attempts: u32,
    /// Sent with every attempt for the proxy's spam check.
    pub human: HumanSignals,
    /// Not retried before this time (ms since the epoch). An integer: floats would pull float
    /// printing and parsing into the bundle.
    pub not_before: u64,
    /// Taken while the lists could not be loaded: its place (and branch) are completed from the
    /// lists before it is sent ([`crate::public::mapping`]).
    pub needs_mapping: bool,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// The DMS took the bulk: its id.
    Sent(i64),
    /// Not sent yet; kept and retried later.
    Queued,
    /// The DMS (or the proxy) refused it; not retried.
    Refused(ApiError),
}

thread_local! {
    /// Keys with an attempt under way, so the timer and the form never send one lead twice at once.
    static IN_FLIGHT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static FLUSHER_STARTED: Cell<bool> = const { Cell::new(false) };
    /// Bulk ids of leads delivered by a retry, by key, for the form still showing "queued".
    static DELIVERED: ArcRwSignal<Vec<(String, i64)>> = ArcRwSignal::new(Vec::new());
    /// The form token for the next lead, and when it is old enough to be sent (ms since the epoch).
    static FORM_TOKEN: RefCell<Option<(String, u64)>> = const { RefCell::new(None) };
}

/// Fetches a form token for the next lead unless one is held: when a form is shown, and after each
/// lead (a kiosk's next person). The proxy knows when it gave the token, so it knows the form was
/// not filled by a script in a blink.
pub fn prefetch_token(api_base: &str) {
    if FORM_TOKEN.with(|t| t.borrow().is_some()) {
        return;
    }
    let api_base = api_base.to_owned();
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(token) = fetch_token(&api_base).await {
            FORM_TOKEN.with(|held| *held.borrow_mut() = Some(token));
        }
    });
}

async fn fetch_token(api_base: &str) -> Option<(String, u64)> {
    let (token, min_fill_ms) = crate::api::form_token(api_base).await?;
    Some((token, js_sys::Date::now() as u64 + u64::from(min_fill_ms)))
}

impl Pending {
    /// `attempts not_before form_token trap api_base turnstile [map]` on the first line (`-` for no
    /// token; items written before form tokens hold a fill time there, read as no token; items
    /// written before Turnstile end after `api_base`; `map` for a lead
    /// whose place is still to be completed), the body after it. A plain format: the
    /// body is JSON already, and decoding numbers with serde would pull float printing into the
    /// bundle.
    pub fn to_item(&self) -> String {
        format!(
            "{} {} {} {} {} {}{}\n{}",
            self.attempts,
            self.not_before,
            self.human.form_token.as_deref().unwrap_or("-"),
            u8::from(self.human.trap_filled),
            self.api_base,
            self.human.turnstile.as_deref().unwrap_or("-"),
            if self.needs_mapping { " map" } else { "" },
            self.body
        )
    }

    /// Reads what [`Pending::to_item`] wrote; `None` for anything else.
    pub fn from_item(key: &str, item: &str) -> Option<Pending> {
        let (head, body) = item.split_once('\n')?;
        let mut head = head.split(' ');
        let attempts = head.next()?.parse().ok()?;
        let not_before = head.next()?.parse().ok()?;
        let form_token = head.next()?;
        let form_token = form_token.starts_with("v1.").then(|| form_token.to_owned());
        let trap_filled = head.next()? == "1";
        let api_base = head.next()?.to_owned();
        let turnstile = head.next().filter(|t| *t != "-").map(str::to_owned);
        let needs_mapping = head.next() == Some("map");
        Some(Pending {
            needs_mapping,
            key: key.to_owned(),
            attempts,
            not_before,
            human: HumanSignals {
                form_token,
                trap_filled,
                turnstile,
            },
            api_base,
            body: body.to_owned(),
        })
    }
}

/// Every pending lead (none when storage is unavailable).
pub fn pending() -> Vec<Pending> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|name| {
            let key = name.strip_prefix(STORAGE_PREFIX)?.to_owned();
            let item = storage.get_item(&name).ok().flatten()?;
            Pending::from_item(&key, &item)
        })
        .collect()
}

/// Stores (or replaces) a pending lead; false when it could not be stored.
fn store(entry: &Pending) -> bool {
    local_storage().is_some_and(|s| {
        s.set_item(&format!("{STORAGE_PREFIX}{}", entry.key), &entry.to_item())
            .is_ok()
    })
}

fn forget(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(&format!("{STORAGE_PREFIX}{key}"));
    }
}

/// A new idempotency key (a random UUID).
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "k{}-{}",
                js_sys::Date::now() as u64,
                js_sys::Math::random().to_bits()
            )
        })
}

/// Full-jitter exponential backoff: a random wait up to `base · 2^attempts` (capped), and never
/// shorter than what the server asked for with `Retry-After`.
pub fn backoff_ms(attempts: u32, retry_after_s: Option<u32>, random: f64) -> f64 {
    let ceiling = (BACKOFF_BASE_MS * 2f64.powi(attempts.min(20) as i32)).min(BACKOFF_CAP_MS);
    let wait = random.clamp(0.0, 1.0) * ceiling;
    wait.max(f64::from(retry_after_s.unwrap_or(0)) * 1000.0)
}

/// The bulk ids delivered by retries, by key (reactive).
pub fn delivered(key: &str) -> Option<i64> {
    DELIVERED.with(|d| d.with(|all| all.iter().find(|(k, _)| k == key).map(|(_, id)| *id)))
}

/// Queues `bulk` for `api_base` (stored before anything is sent) and makes the first attempt.
/// `needs_mapping`: its place is to be completed from the lists first.
pub async fn submit(
    api_base: &str,
    bulk: LeadBulk,
    human: HumanSignals,
    needs_mapping: bool,
) -> (String, Delivery) {
    // The token held since the form was shown: the lead is stored with it before anything is
    // sent. Without one (its fetch failed), a fresh one is fetched; a token not old enough yet
    // leaves the lead queued until it is (the proxy would take an early one for a bot's), and the
    // flusher sends it then.
    let (form_token, usable_at) = FORM_TOKEN.with(|t| t.borrow_mut().take()).unzip();
    let mut entry = Pending {
        needs_mapping,
        key: new_key(),
        human: HumanSignals {
            form_token,
            ..human
        },
        api_base: api_base.to_owned(),
        body: crate::api::bulk_json(&bulk),
        attempts: 0,
        not_before: usable_at.unwrap_or(0),
    };
    let key = entry.key.clone();
    let mut stored = store(&entry);
    if entry.human.form_token.is_none() {
        if let Some((token, usable_at)) = fetch_token(api_base).await {
            entry.human.form_token = Some(token);
            entry.not_before = usable_at;
            stored = store(&entry);
        }
    }
    prefetch_token(api_base);
    let delivery = match entry.not_before <= js_sys::Date::now() as u64 {
        true => attempt(entry).await,
        false => Delivery::Queued,
    };
    // Without storage (private mode, full quota) a lead that could not be sent cannot wait: say so.
    let delivery = match delivery {
        Delivery::Queued if !stored => Delivery::Refused(ApiError::Network),
        other => other,
    };
    (key, delivery)
}

/// One attempt to deliver a pending lead; updates the outbox with the outcome.
async fn attempt(entry: Pending) -> Delivery {
    let newly_claimed = IN_FLIGHT.with(|f| {
        let mut in_flight = f.borrow_mut();
        let free = !in_flight.contains(&entry.key);
        if free {
            in_flight.push(entry.key.clone());
        }
        free
    });
    if !newly_claimed {
        return Delivery::Queued;
    }
    let mut entry = entry;
    let mapped = match entry.needs_mapping {
        true => crate::public::mapping::complete(&entry.api_base, &entry.body).await,
        false => None,
    };
    if let Some(body) = mapped {
        // Stored completed before it is sent: the same key always carries the same bulk.
        entry = Pending {
            body,
            needs_mapping: false,
            ..entry
        };
        store(&entry);
    }
    let result = match entry.needs_mapping {
        // The lists are still out of reach: wait, as for a send that failed.
        true => Err((ApiError::Network, None)),
        false => post_bulk(&entry.api_base, &entry.body, Some(&entry.key), &entry.human).await,
    };
    IN_FLIGHT.with(|f| f.borrow_mut().retain(|k| *k != entry.key));
    match result {
        // The token was missing or past its lifetime: a fresh one, and the lead is due again once
        // it is old enough (if it cannot be fetched now, the next attempt asks again).
        Err((ApiError::FormToken, _)) => {
            let fresh = fetch_token(&entry.api_base).await;
            let not_before = fresh.as_ref().map_or(0, |(_, at)| *at);
            store(&Pending {
                human: HumanSignals {
                    form_token: fresh.map(|(token, _)| token),
                    ..entry.human
                },
                not_before,
                ..entry
            });
            Delivery::Queued
        }
        Ok(bulk_id) => {
            forget(&entry.key);
            Delivery::Sent(bulk_id)
        }
        Err((error, retry_after)) if error.is_transient() => {
            let wait = backoff_ms(entry.attempts, retry_after, js_sys::Math::random());
            store(&Pending {
                attempts: entry.attempts + 1,
                not_before: (js_sys::Date::now() + wait) as u64,
                ..entry
            });
            Delivery::Queued
        }
        Err((error, _)) => {
            forget(&entry.key);
            Delivery::Refused(error)
        }
    }
}

/// Tries every pending lead that is due.
pub async fn flush() {
    let now = js_sys::Date::now() as u64;
    for entry in pending().into_iter().filter(|p| p.not_before <= now) {
        let key = entry.key.clone();
        if let Delivery::Sent(bulk_id) = attempt(entry).await {
            DELIVERED.with(|d| d.update(|all| all.push((key, bulk_id))));
        }
    }
}

/// Starts flushing (once per page): now, on `online`, when the page becomes visible, and on a timer.
/// Uses wasm-bindgen's executor directly: it runs before any form (and Leptos' executor) exists.
pub fn start_flusher() {
    if FLUSHER_STARTED.with(|s| s.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let trigger = Closure::<dyn Fn()>::new(|| wasm_bindgen_futures::spawn_local(flush()));
    let callback = trigger.as_ref().unchecked_ref();
    let _ = window.add_event_listener_with_callback("online", callback);
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", callback);
    }
    let _ =
        window.set_interval_with_callback_and_timeout_and_arguments_0(callback, FLUSH_INTERVAL_MS);
    // The page lives as long as the listeners.
    trigger.forget();
    wasm_bindgen_futures::spawn_local(flush());
}
