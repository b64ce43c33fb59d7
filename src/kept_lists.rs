//! Lists the visitor's browser loaded before, kept in `localStorage` (per proxy, list, parent and
//! language), so a DMS outage at page load does not empty the form:
//!
//! - a copy younger than [`USE_AT_ONCE_MS`] is shown at once on the next visit, and the list is
//!   fetched again behind it (the fresh answer replaces the copy, in the form and in storage);
//! - when a fetch fails, a copy younger than [`USE_ON_FAILURE_MS`] is used instead of the error.
//!
//! Lists are the DMS's choices, never personal data. Storage that is full or missing (private
//! modes) only means there is no copy.

use dms_model::{ItemId, Lang, ListItem, ListType};

use crate::api::list_items;
use crate::browser::local_storage;

/// A copy this young is as fresh as the proxy's own (its list cache's default lifetime): used
/// without asking again. `embed.js` keeps the form's opening lists here, fetched in one request
/// as the wasm downloads, so the form asks the proxy only for the lists that follow a choice.
pub const FRESH_MS: f64 = 10.0 * 60.0 * 1000.0;
/// A copy this young is shown at once (and refreshed behind it, unless it is fresh).
pub const USE_AT_ONCE_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// A copy this young stands in for a list the DMS could not give now.
pub const USE_ON_FAILURE_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;

const PREFIX: &str = "dms-lead-widget.list.";

fn key(api_base: &str, list: ListType, parent: Option<ItemId>, lang: Lang) -> String {
    let parent = parent.map_or_else(|| "-".to_owned(), |p| p.to_string());
    format!(
        "{PREFIX}{api_base}|{}|{parent}|{}",
        list.code(),
        lang.code()
    )
}

/// Keeps the answer `text` of a list (as the proxy sent it) for later visits.
pub fn keep(api_base: &str, list: ListType, parent: Option<ItemId>, lang: Lang, text: &str) {
    if let Some(storage) = local_storage() {
        let saved = format!("{}\n{text}", js_sys::Date::now() as u64);
        // Full storage: no copy this time.
        let _ = storage.set_item(&key(api_base, list, parent, lang), &saved);
    }
}

/// The kept copy of a list, if it is younger than `max_age_ms`.
pub fn kept(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    max_age_ms: f64,
) -> Option<Vec<ListItem>> {
    let saved = local_storage()?
        .get_item(&key(api_base, list, parent, lang))
        .ok()??;
    let (at, text) = saved.split_once('\n')?;
    // Whole milliseconds, read as an integer: parsing a float would link the standard library's
    // float parser into the public form (docs/architecture.md, size rules).
    let age = js_sys::Date::now() - at.parse::<u64>().ok()? as f64;
    (age <= max_age_ms).then(|| list_items(text)).flatten()
}
