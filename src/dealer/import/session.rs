//! What keeps an import from being lost or sent twice.
//!
//! - **The session** (the file's cells, the mapping, the dealer's corrections and exclusions, the
//!   bulks sent) is kept in the tab's `sessionStorage` after every change, so opening a bulk's status
//!   and pressing Back, or a reload, brings the page back as it was. It holds personal data, so it
//!   lives only as long as the tab, and "Clear the import" removes it.
//! - **Row keys.** A row is named by a hash of the file's name and the row's content (as mapped, with
//!   corrections). A bulk's Idempotency-Key is a hash of its rows' keys, so the same rows sent again
//!   (a reload mid-send, the same file uploaded again) carry the same key, and the proxy answers with
//!   the first bulk instead of making a second one. The assumption, in one place: *the same file
//!   name and the same cells are the same lead*; a row whose cells changed is a new lead.
//! - **The sent ledger** (`localStorage`, row key → bulk id, no personal data) outlives the tab and
//!   the proxy's idempotency memory: a row sent before shows its bulk and is not offered again,
//!   whenever the same file is uploaded again on this browser.

use dms_model::Lead;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const SESSION: &str = "dms-import-session";
const CELLS: &str = "dms-import-cells";
const LEDGER: &str = "dms-import-sent";
/// The ledger keeps the most recent rows sent; older ones are dropped first.
const LEDGER_LIMIT: usize = 20_000;

/// The file as read: kept apart from [`Saved`], which changes with every click.
#[derive(Serialize, Deserialize, Default, Clone, PartialEq, Debug)]
pub(super) struct SavedCells {
    pub file: String,
    pub headers: Vec<String>,
    pub cells: Vec<Vec<String>>,
}

/// A bulk as kept: its body is built again from its rows (the same rows and capture time make the
/// same body, which the idempotency key needs).
#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct SavedBulk {
    pub key: String,
    pub rows: Vec<usize>,
    /// The bulk id, or the HTTP status of the failure (0: no answer).
    pub outcome: Option<Result<i64, u16>>,
}

/// The proxy's answer to a key it knows with another body: these very rows went out before (from
/// another upload of the file, whose capture time differed), so they are not sent again.
pub(super) const SENT_BEFORE: u16 = 422;

/// What the dealer did with the file.
#[derive(Serialize, Deserialize, Default, Clone, PartialEq, Debug)]
pub(super) struct Saved {
    /// When the rows were first judged: the capture time written into every lead of the file.
    pub captured_at: String,
    pub mapping: Vec<Option<String>>,
    /// (row index, field, text), in the order made.
    pub corrections: Vec<(usize, String, String)>,
    pub excluded: Vec<usize>,
    pub bulks: Vec<SavedBulk>,
    pub chunk: String,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read<T: for<'de> Deserialize<'de>>(storage: Option<web_sys::Storage>, key: &str) -> Option<T> {
    let text = storage?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(storage: Option<web_sys::Storage>, key: &str, value: &T) {
    let (Some(storage), Ok(text)) = (storage, serde_json::to_string(value)) else {
        return;
    };
    // Over the storage quota (a very large file): the page still works, it is only not kept.
    if storage.set_item(key, &text).is_err() {
        let _ = storage.remove_item(key);
        web_sys::console::warn_1(&"dms-dealer: the import is too large to keep in this tab".into());
    }
}

/// The session kept in this tab, if any.
pub(super) fn restore() -> Option<(SavedCells, Saved)> {
    Some((
        read(session_storage(), CELLS)?,
        read(session_storage(), SESSION)?,
    ))
}

pub(super) fn keep_cells(cells: &SavedCells) {
    write(session_storage(), CELLS, cells);
}

pub(super) fn keep(saved: &Saved) {
    write(session_storage(), SESSION, saved);
}

/// Forgets the session (the sent ledger stays).
pub(super) fn clear() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(CELLS);
        let _ = storage.remove_item(SESSION);
    }
}

fn digest(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    // 128 bits: a collision between two rows is out of reach.
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key of a row of `file`, from its content as mapped and corrected.
pub(super) fn row_key(file: &str, raw: &Lead) -> String {
    digest(&[file, &serde_json::to_string(raw).unwrap_or_default()])
}

/// The Idempotency-Key of a bulk of these rows.
pub(super) fn bulk_key(row_keys: &[String]) -> String {
    let parts: Vec<&str> = row_keys.iter().map(String::as_str).collect();
    format!("csv-{}", digest(&parts))
}

/// The rows sent from this browser: row key → bulk id.
pub(super) fn ledger() -> Vec<(String, i64)> {
    read(crate::browser::local_storage(), LEDGER).unwrap_or_default()
}

/// Records that the rows `keys` went out in bulk `id`.
pub(super) fn record_sent(keys: &[String], id: i64) {
    let fresh: std::collections::BTreeSet<&String> = keys.iter().collect();
    let mut ledger = ledger();
    ledger.retain(|(k, _)| !fresh.contains(k));
    ledger.extend(keys.iter().map(|k| (k.clone(), id)));
    let over = ledger.len().saturating_sub(LEDGER_LIMIT);
    ledger.drain(..over);
    write(crate::browser::local_storage(), LEDGER, &ledger);
}
