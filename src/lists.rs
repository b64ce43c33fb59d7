//! Choice lists in the browser: a page-wide cache (each list is fetched once per language and kept),
//! the reactive [`use_list`] hook that follows a parent choice, and a [`Catalog`] over the cache so
//! validation can check choices exactly as the DMS does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use dms_model::{Catalog, ItemId, Lang, ListItem, ListType, Lookup};
use leptos::prelude::*;
use web_sys::AbortController;

use crate::api::{fetch_list, ApiError};

type Key = (ListType, Option<ItemId>, Lang);

thread_local! {
    static CACHE: RefCell<HashMap<Key, Arc<Vec<ListItem>>>> = RefCell::new(HashMap::new());
    /// Bumped on every insert, so derived state that reads the cache recomputes.
    static VERSION: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// Tracks the cache: call inside a memo or view closure that reads [`cached`] or [`CacheCatalog`].
pub fn track_cache() {
    VERSION.with(|v| v.track());
}

/// A list already in the cache.
pub fn cached(list: ListType, parent: Option<ItemId>, lang: Lang) -> Option<Arc<Vec<ListItem>>> {
    CACHE.with(|c| c.borrow().get(&(list, parent, lang)).cloned())
}

/// Puts a list into the cache (used by [`load`]; tests prime the cache with it).
pub fn prime(
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    items: Vec<ListItem>,
) -> Arc<Vec<ListItem>> {
    let items = Arc::new(items);
    CACHE.with(|c| c.borrow_mut().insert((list, parent, lang), items.clone()));
    VERSION.with(|v| v.update(|n| *n += 1));
    items
}

/// A list from the cache, or fetched (and cached) when absent.
pub async fn load(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Arc<Vec<ListItem>>, ApiError> {
    if let Some(items) = cached(list, parent, lang) {
        return Ok(items);
    }
    let items = fetch_list(api_base, list, parent, lang, abort).await?;
    Ok(prime(list, parent, lang, items))
}

/// The display list and, when the form is not in English, the English one beside it: the lead is
/// always built from English texts (the bulk body carries them), so both must be at hand.
async fn load_for_form(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Arc<Vec<ListItem>>, ApiError> {
    if lang == Lang::En {
        return load(api_base, list, parent, lang, abort).await;
    }
    let (shown, english) = futures::future::join(
        load(api_base, list, parent, lang, abort),
        load(api_base, list, parent, Lang::En, abort),
    )
    .await;
    english?;
    shown
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

/// What [`use_list`] returns.
#[derive(Clone, Copy)]
pub struct UseList {
    /// The current state of the list for the current parent.
    pub load: Signal<ListLoad>,
    /// Fetches again after a failure.
    pub retry: Callback<()>,
}

/// Loads `list` under the parent choice `parent` (for cascading lists) and reloads it whenever that
/// choice changes; a request made stale by a newer parent is aborted.
///
/// ```ignore
/// let regions = use_list(api_base, ListType::Region, Some(country_id.into()), Lang::Ar);
/// view! { <Show when=move || matches!(regions.load.get(), ListLoad::Loading)>"…"</Show> }
/// ```
pub fn use_list(
    api_base: String,
    list: ListType,
    parent: Option<Signal<Option<ItemId>>>,
    lang: Lang,
) -> UseList {
    let in_flight: Rc<RefCell<Option<AbortController>>> = Rc::default();
    let resource = LocalResource::new(move || {
        let wanted = parent.map(|p| p.get());
        let api_base = api_base.clone();
        let in_flight = in_flight.clone();
        async move {
            // Whatever this control asked for before is stale now.
            if let Some(stale) = in_flight.take() {
                stale.abort();
            }
            let parent_id = match wanted {
                Some(None) => return (wanted, Ok(None)),
                Some(Some(id)) => Some(id),
                None => None,
            };
            if let Some(items) = cached(list, parent_id, lang)
                .filter(|_| lang == Lang::En || cached(list, parent_id, Lang::En).is_some())
            {
                return (wanted, Ok(Some(items)));
            }
            let controller = AbortController::new().ok();
            in_flight.replace(controller.clone());
            let signal = controller.as_ref().map(AbortController::signal);
            let result = load_for_form(&api_base, list, parent_id, lang, signal.as_ref()).await;
            (wanted, result.map(Some))
        }
    });
    let load = Signal::derive(move || {
        let wanted = parent.map(|p| p.get());
        match resource.get() {
            // A result for another parent is stale: the new one is on its way.
            Some((for_parent, _)) if for_parent != wanted => ListLoad::Loading,
            None => ListLoad::Loading,
            Some((_, Ok(None))) => ListLoad::Idle,
            Some((_, Ok(Some(items)))) => ListLoad::Ready(items),
            Some((_, Err(ApiError::Aborted))) => ListLoad::Loading,
            Some((_, Err(e))) => ListLoad::Failed(e),
        }
    });
    UseList {
        load,
        retry: Callback::new(move |_| resource.refetch()),
    }
}

/// The cache in one language, as validation reads it. Lists not loaded are unknown, so not checked.
pub struct CacheCatalog {
    lists: HashMap<(ListType, Option<ItemId>), Arc<Vec<ListItem>>>,
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
            .get(&(list, parent))
            .map(|items| items.as_slice())
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
    let items = load(api_base, list, parent, Lang::En, None).await?;
    let catalog = SingleList(list, parent, items);
    Ok(match catalog.find(list, parent, text) {
        Lookup::Found(item) => Some(item.value),
        _ => None,
    })
}

struct SingleList(ListType, Option<ItemId>, Arc<Vec<ListItem>>);

impl Catalog for SingleList {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        (list == self.0 && parent == self.1).then(|| self.2.as_slice())
    }
}
