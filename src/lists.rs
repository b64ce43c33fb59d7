//! Choice lists in the browser: a page-wide cache (each list is fetched once per language and kept),
//! the reactive [`use_list`] hook that follows a parent choice, and a [`Catalog`] over the cache so
//! validation can check choices exactly as the DMS does.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use dms_model::lists::same_text;
use dms_model::{Catalog, ItemId, Lang, ListItem, ListType};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use web_sys::AbortController;

use crate::api::{fetch_list, ApiError};
use crate::browser::sleep_ms;
use crate::kept_lists;

type Key = (ListType, Option<ItemId>, Lang);

// The cache and the requests under way are lists searched in order, not hash maps: a form holds a
// few dozen lists at most, and std's hash maps cost the public form's wasm kilobytes of code.
thread_local! {
    static CACHE: RefCell<Vec<(Key, Arc<Vec<ListItem>>)>> = const { RefCell::new(Vec::new()) };
    /// Bumped on every insert, so derived state that reads the cache recomputes.
    static VERSION: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// Tracks the cache: call inside a memo or view closure that reads [`cached`] or [`CacheCatalog`].
pub fn track_cache() {
    VERSION.with(|v| v.track());
}

/// A list already in the cache.
pub fn cached(list: ListType, parent: Option<ItemId>, lang: Lang) -> Option<Arc<Vec<ListItem>>> {
    let key = (list, parent, lang);
    CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, items)| items.clone())
    })
}

/// Puts a list into the cache (used by [`load`]; tests prime the cache with it).
pub fn prime(
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    items: Vec<ListItem>,
) -> Arc<Vec<ListItem>> {
    let items = Arc::new(items);
    let key = (list, parent, lang);
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        cache.retain(|(k, _)| *k != key);
        cache.push((key, items.clone()));
    });
    VERSION.with(|v| v.update(|n| *n += 1));
    items
}

type Loaded = Result<Arc<Vec<ListItem>>, ApiError>;

/// A request under way, shared by everyone who asked for the same list meanwhile.
struct Flight {
    /// Tells this request from a later one for the same list.
    id: u64,
    answer: Shared<LocalBoxFuture<'static, Loaded>>,
    controller: Option<AbortController>,
    /// Holders of a [`Ticket`] for it; the request is aborted when the last one lets go.
    waiters: usize,
}

thread_local! {
    static FLIGHTS: RefCell<Vec<(Key, Flight)>> = const { RefCell::new(Vec::new()) };
    static NEXT_FLIGHT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A claim on a list request. Dropping it before the answer came says "no longer needed": when
/// nobody else waits for the same list, the request is aborted (a stale cascade request).
pub struct Ticket(Option<(Key, u64)>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let Some((key, id)) = self.0.take() else {
            return;
        };
        FLIGHTS.with(|flights| {
            let mut flights = flights.borrow_mut();
            // Only the request this ticket was for: a newer one for the same list is not ours.
            if let Some(at) = position(&flights, key, Some(id)) {
                let flight = &mut flights[at].1;
                flight.waiters -= 1;
                if flight.waiters == 0 {
                    if let Some(controller) = &flight.controller {
                        controller.abort();
                    }
                    flights.swap_remove(at);
                }
            }
        });
    }
}

/// Where the request for `key` is in `flights` (only request `id`, when given).
fn position(flights: &[(Key, Flight)], key: Key, id: Option<u64>) -> Option<usize> {
    flights
        .iter()
        .position(|(k, f)| *k == key && id.is_none_or(|id| f.id == id))
}

/// A list from the cache, or the request for it: joins a request already under way for the same
/// list instead of making a second one.
fn request(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
) -> (Ticket, LocalBoxFuture<'static, Loaded>) {
    if let Some(items) = cached(list, parent, lang) {
        return (Ticket(None), Box::pin(async move { Ok(items) }));
    }
    // Kept from an earlier visit: shown at once, and fetched again behind it.
    if let Some(items) = kept_lists::kept(api_base, list, parent, lang, kept_lists::USE_AT_ONCE_MS)
    {
        let items = prime(list, parent, lang, items);
        refresh(api_base, list, parent, lang);
        return (Ticket(None), Box::pin(async move { Ok(items) }));
    }
    let key = (list, parent, lang);
    let answer = FLIGHTS.with(|flights| {
        let mut flights = flights.borrow_mut();
        let at = position(&flights, key, None).unwrap_or_else(|| {
            let id = NEXT_FLIGHT.with(|n| n.replace(n.get() + 1));
            let controller = AbortController::new().ok();
            let signal = controller.as_ref().map(AbortController::signal);
            let api_base = api_base.to_owned();
            let fetch: LocalBoxFuture<'static, Loaded> = Box::pin(async move {
                // Each request is made in a task of its own: the form's first build asks for a
                // dozen lists, and making them all in the build's task made it one long task that
                // kept a phone from reacting to input (the browser's `fetch` is not cheap).
                sleep_ms(0).await;
                let result = fetch_and_keep(&api_base, list, parent, lang, signal.as_ref()).await;
                FLIGHTS.with(|f| {
                    let mut flights = f.borrow_mut();
                    if let Some(at) = position(&flights, key, Some(id)) {
                        flights.swap_remove(at);
                    }
                });
                match result {
                    Err(error) if error != ApiError::Aborted => {
                        // The DMS cannot give it now: an older copy keeps the form usable.
                        let kept = kept_lists::kept(
                            &api_base,
                            list,
                            parent,
                            lang,
                            kept_lists::USE_ON_FAILURE_MS,
                        );
                        kept.map(|items| prime(list, parent, lang, items))
                            .ok_or(error)
                    }
                    result => result.map(|items| prime(list, parent, lang, items)),
                }
            });
            flights.push((
                key,
                Flight {
                    id,
                    answer: fetch.shared(),
                    controller,
                    waiters: 0,
                },
            ));
            flights.len() - 1
        });
        let flight = &mut flights[at].1;
        flight.waiters += 1;
        (flight.id, flight.answer.clone())
    });
    let (id, answer) = answer;
    (Ticket(Some((key, id))), Box::pin(answer))
}

/// Fetches a list and keeps its answer for later visits.
async fn fetch_and_keep(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Vec<ListItem>, ApiError> {
    let (text, items) = fetch_list(api_base, list, parent, lang, abort).await?;
    kept_lists::keep(api_base, list, parent, lang, &text);
    Ok(items)
}

/// Fetches a list shown from a kept copy, behind it: the fresh answer replaces the copy. A fresh
/// copy ([`kept_lists::FRESH_MS`]) is not asked again.
fn refresh(api_base: &str, list: ListType, parent: Option<ItemId>, lang: Lang) {
    if kept_lists::kept(api_base, list, parent, lang, kept_lists::FRESH_MS).is_some() {
        return;
    }
    let api_base = api_base.to_owned();
    leptos::task::spawn_local(async move {
        // After the form's own work, at low priority (a list without a parent) or beside it.
        sleep_ms(0).await;
        if let Ok(items) = fetch_and_keep(&api_base, list, parent, lang, None).await {
            prime(list, parent, lang, items);
        }
    });
}

/// A list from the cache, or fetched (and cached) when absent.
pub async fn load(api_base: &str, list: ListType, parent: Option<ItemId>, lang: Lang) -> Loaded {
    let (_ticket, answer) = request(api_base, list, parent, lang);
    answer.await
}

/// The display list and, when the form is not in English, the English one beside it: the lead is
/// always built from English texts (the bulk body carries them), so both must be at hand. The
/// tickets go to `hold`: replacing them abandons the requests.
fn request_for_form(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    hold: &RefCell<Vec<Ticket>>,
) -> LocalBoxFuture<'static, Loaded> {
    let (shown_ticket, shown) = request(api_base, list, parent, lang);
    if lang == Lang::En {
        *hold.borrow_mut() = vec![shown_ticket];
        return shown;
    }
    let (english_ticket, english) = request(api_base, list, parent, Lang::En);
    *hold.borrow_mut() = vec![shown_ticket, english_ticket];
    Box::pin(async move {
        let (shown, english) = futures::future::join(shown, english).await;
        english?;
        shown
    })
}

/// Where a list stands for one control.
#[derive(Debug, Clone, PartialEq)]
pub enum ListLoad {
    /// The parent has not been chosen yet.
    Idle,
    Loading,
    Ready(Arc<Vec<ListItem>>),
    Failed(ApiError),
}

/// The chosen parent id of a cascading list, read (and tracked) when called. A callback rather
/// than a `Signal<Option<ItemId>>`: each value type a `Signal` is used with adds its own copy of
/// the reactive code to the public form's wasm.
pub type ParentChoice = Callback<(), Option<ItemId>>;

/// The parent choice a list answer was for: lists without a parent have none; a cascading list
/// has the parent's id, or nothing while the parent is not chosen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AnswerFor {
    NoParent,
    Parent(Option<ItemId>),
}

impl AnswerFor {
    /// The current choice of `parent` (tracked).
    fn current(parent: Option<ParentChoice>) -> AnswerFor {
        match parent {
            None => AnswerFor::NoParent,
            Some(parent) => AnswerFor::Parent(parent.run(())),
        }
    }
}

/// What [`use_list`] returns.
#[derive(Clone, Copy)]
pub struct UseList {
    /// The list this is.
    pub list: ListType,
    /// The parent the latest answer was for, and the answer.
    answer: RwSignal<Option<(AnswerFor, ListLoad)>>,
    parent: Option<ParentChoice>,
    /// Fetches again after a failure.
    pub retry: Callback<()>,
}

impl UseList {
    /// The current state of the list for the current parent (tracked).
    pub fn load(&self) -> ListLoad {
        let wanted = AnswerFor::current(self.parent);
        self.answer.with(|answer| match answer {
            // A result for another parent is stale: the new one is on its way.
            Some((for_parent, load)) if *for_parent == wanted => load.clone(),
            _ => ListLoad::Loading,
        })
    }
}

/// Loads `list` under the parent choice `parent` (for cascading lists) and reloads it whenever that
/// choice changes; a request made stale by a newer parent is aborted.
///
/// ```ignore
/// let country = Callback::new(move |_| country_id.get());
/// let regions = use_list(api_base, ListType::Region, Some(country), Lang::Ar);
/// view! { <Show when=move || matches!(regions.load(), ListLoad::Loading)>"…"</Show> }
/// ```
///
/// Written with an effect and `spawn_local` rather than a `LocalResource`: the resource's async
/// machinery (async-derived signals, transitions, their locks and listeners) is a large part of a
/// wasm bundle, and this is the only place the form needed it.
pub fn use_list(
    api_base: String,
    list: ListType,
    parent: Option<ParentChoice>,
    lang: Lang,
) -> UseList {
    // The tickets of this control's current requests: replacing them abandons stale ones.
    let tickets: Rc<RefCell<Vec<Ticket>>> = Rc::default();
    // The parent the latest answer was for, and the answer.
    let answer = RwSignal::new(None::<(AnswerFor, ListLoad)>);
    // Bumped by a retry, so the effect asks again.
    let attempts = RwSignal::new(0u32);
    // Tells the latest request from earlier ones still settling.
    let generation = Rc::new(std::cell::Cell::new(0u64));
    crate::public::dom::effect(move || {
        attempts.track();
        let wanted = AnswerFor::current(parent);
        let this = generation.get() + 1;
        generation.set(this);
        let parent_id = match wanted {
            AnswerFor::NoParent => None,
            AnswerFor::Parent(Some(id)) => Some(id),
            AnswerFor::Parent(None) => {
                // A cascading list whose parent is not chosen yet.
                tickets.borrow_mut().clear();
                answer.set(Some((wanted, ListLoad::Idle)));
                return;
            }
        };
        let mut future = request_for_form(&api_base, list, parent_id, lang, &tickets);
        let settle = move |result: Loaded| {
            let load = match result {
                Ok(items) => ListLoad::Ready(items),
                // Replaced by a newer request: that one's answer follows.
                Err(ApiError::Aborted) => ListLoad::Loading,
                Err(e) => ListLoad::Failed(e),
            };
            answer.set(Some((wanted, load)));
        };
        // A cached list is there at once: no skeleton flashes for it.
        if let Some(result) = (&mut future).now_or_never() {
            return settle(result);
        }
        answer.set(Some((wanted, ListLoad::Loading)));
        let generation = generation.clone();
        leptos::task::spawn_local(async move {
            let result = future.await;
            if generation.get() == this {
                settle(result);
            }
        });
    });
    UseList {
        list,
        answer,
        parent,
        retry: Callback::new(move |_| attempts.update(|n| *n += 1)),
    }
}

/// A list and its parent's id.
type ListKey = (ListType, Option<ItemId>);

/// The cache in one language, as validation reads it. Lists not loaded are unknown, so not checked.
pub struct CacheCatalog {
    lists: Vec<(ListKey, Arc<Vec<ListItem>>)>,
}

impl CacheCatalog {
    pub fn snapshot(lang: Lang) -> CacheCatalog {
        CACHE.with(|c| CacheCatalog {
            lists: c
                .borrow()
                .iter()
                .filter(|((_, _, l), _)| *l == lang)
                .map(|((list, parent, _), items)| ((*list, *parent), items.clone()))
                .collect(),
        })
    }
}

impl Catalog for CacheCatalog {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        self.lists
            .iter()
            .find(|(k, _)| *k == (list, parent))
            .map(|(_, items)| items.as_slice())
    }
}

/// The id of the item with English text `text` in `list` under `parent`, fetching the English list
/// when needed (presets and defaults are given as English DMS texts).
pub async fn resolve_english(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    text: &str,
) -> Result<Option<ItemId>, ApiError> {
    let items = load(api_base, list, parent, Lang::En).await?;
    Ok(items
        .iter()
        .find(|item| same_text(&item.text, text))
        .map(|item| item.value))
}
