//! The import page's state: the file's cells, the column mapping, the judged rows and the bulks
//! sent, with what the dealer can do to them as methods.

use dms_model::import::{auto_map, import_fields, parse_csv, rows_to_leads, set_field, ListBook};
use dms_model::{Issue, Lang, Lead, LeadBulk};
use leptos::prelude::*;

use std::collections::{BTreeMap, BTreeSet};

use super::super::book::{fill_book, judge, JudgedAt};
use super::super::{use_config, DealerConfig};
use super::session::{self, Saved, SavedCells};
use crate::api::{self, HumanSignals};

/// Rows on one page of the table.
pub(super) const PAGE_ROWS: usize = 50;

/// One row of the file and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    /// 1-based line of the row in the file, after the header.
    pub number: usize,
    /// The row as mapped, with the dealer's corrections.
    pub raw: Lead,
    /// As it would be sent.
    pub lead: Lead,
    pub issues: Vec<Issue>,
    pub excluded: bool,
    /// The bulk it went out in (from this page, or, by its key, from an earlier upload).
    pub sent_in: Option<i64>,
}

impl Row {
    fn is_ready(&self) -> bool {
        self.issues.is_empty() && !self.excluded && self.sent_in.is_none()
    }
}

/// A bulk the page posted, or tried to: its Idempotency-Key (from its rows' keys), its rows and
/// what the DMS answered.
pub(super) type SentBulk = session::SavedBulk;

/// How many rows there are, and how many are valid, invalid and left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct Counts {
    pub all: usize,
    pub valid: usize,
    pub invalid: usize,
    pub excluded: usize,
    /// Valid, included and not sent yet: what the send button sends.
    pub ready: usize,
}

/// Everything the import page shows and changes; every part is a signal, so the state is `Copy`
/// and each small component takes it whole.
#[derive(Clone, Copy)]
pub(super) struct ImportState {
    config: StoredValue<DealerConfig>,
    pub lang: Lang,
    pub headers: RwSignal<Vec<String>>,
    cells: StoredValue<Vec<Vec<String>>>,
    pub mapping: RwSignal<Vec<Option<&'static str>>>,
    pub rows: RwSignal<Vec<Row>>,
    /// The file's name: part of every row key.
    pub file: RwSignal<String>,
    /// The capture time of the file's leads (taken when it was read, kept with the session).
    captured_at: StoredValue<String>,
    /// The dealer's corrections, replayed whenever the rows are built again.
    corrections: StoredValue<Vec<(usize, String, String)>>,
    /// The rows the dealer left out, by index.
    excluded: StoredValue<BTreeSet<usize>>,
    pub book: StoredValue<ListBook>,
    /// Parse, map and check time of the last file, for `scripts/bench.sh`.
    pub check_ms: RwSignal<f64>,
    parse_ms: StoredValue<f64>,
    pub page: RwSignal<usize>,
    pub only_errors: RwSignal<bool>,
    /// The bulk size as typed.
    pub chunk: RwSignal<String>,
    pub bulks: RwSignal<Vec<SentBulk>>,
    pub sending: RwSignal<bool>,
    pub load_failed: RwSignal<bool>,
    pub counts: Memo<Counts>,
    /// The indexes of the rows the filter shows.
    pub shown: Memo<Vec<usize>>,
}

impl ImportState {
    pub fn new() -> ImportState {
        let config = use_config();
        let rows = RwSignal::new(Vec::<Row>::new());
        let only_errors = RwSignal::new(false);
        ImportState {
            config,
            lang: config.with_value(|c| c.lang),
            headers: RwSignal::new(Vec::new()),
            cells: StoredValue::new(Vec::new()),
            mapping: RwSignal::new(Vec::new()),
            rows,
            file: RwSignal::new(String::new()),
            captured_at: StoredValue::new(String::new()),
            corrections: StoredValue::new(Vec::new()),
            excluded: StoredValue::new(BTreeSet::new()),
            book: StoredValue::new(ListBook::default()),
            check_ms: RwSignal::new(0.0),
            parse_ms: StoredValue::new(0.0),
            page: RwSignal::new(0),
            only_errors,
            chunk: RwSignal::new(config.with_value(|c| c.chunk_size).to_string()),
            bulks: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
            load_failed: RwSignal::new(false),
            counts: Memo::new(move |_| rows.with(|rows| count(rows))),
            shown: Memo::new(move |_| {
                rows.with(|rows| {
                    rows.iter()
                        .enumerate()
                        .filter(|(_, r)| !only_errors.get() || !r.issues.is_empty())
                        .map(|(i, _)| i)
                        .collect()
                })
            }),
        }
    }

    /// The page as the dealer left it in this tab (navigation, Back, reload): the file, the
    /// mapping, the corrections and the bulks; a bulk still on its way when the page went is sent
    /// again under its own key.
    pub fn restore(self) {
        let Some((cells, saved)) = session::restore() else {
            return;
        };
        self.file.set(cells.file);
        self.headers.set(cells.headers);
        self.cells.set_value(cells.cells);
        self.mapping.set(
            saved
                .mapping
                .iter()
                .map(|key| importable(key.as_deref()?))
                .collect(),
        );
        self.captured_at.set_value(saved.captured_at);
        self.corrections.set_value(saved.corrections);
        self.excluded
            .set_value(saved.excluded.into_iter().collect());
        self.chunk.set(saved.chunk);
        self.bulks.set(saved.bulks);
        self.rebuild_then(move || {
            let unfinished = self
                .bulks
                .with_untracked(|b| b.iter().position(|b| b.outcome.is_none()));
            if let Some(first) = unfinished {
                self.post_bulks(first);
            }
        });
    }

    /// Keeps the session in this tab ([`session::keep`]).
    fn keep(self) {
        session::keep(&Saved {
            captured_at: self.captured_at.get_value(),
            mapping: self
                .mapping
                .with_untracked(|m| m.iter().map(|k| k.map(str::to_owned)).collect()),
            corrections: self.corrections.get_value(),
            excluded: self.excluded.with_value(|e| e.iter().copied().collect()),
            bulks: self.bulks.get_untracked(),
            chunk: self.chunk.get_untracked(),
        });
    }

    /// Forgets the file and everything done with it (the rows sent stay in the ledger).
    pub fn clear(self) {
        session::clear();
        self.file.set(String::new());
        self.headers.set(Vec::new());
        self.cells.set_value(Vec::new());
        self.mapping.set(Vec::new());
        self.rows.set(Vec::new());
        self.bulks.set(Vec::new());
        self.corrections.set_value(Vec::new());
        self.excluded.set_value(BTreeSet::new());
        self.page.set(0);
    }

    /// How many pages the shown rows fill (at least one).
    pub fn pages(self) -> usize {
        self.shown.with(|s| s.len().div_ceil(PAGE_ROWS).max(1))
    }

    /// Reads a file the dealer chose: its cells, an automatic mapping, then every row judged.
    pub fn read_file(self, file: web_sys::File) {
        wasm_bindgen_futures::spawn_local(async move {
            // The file's bytes, decoded here: reading it as a JS string would decode it to
            // UTF-16 and then encode it back to UTF-8 for Rust.
            let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            let started = now_ms();
            // Not UTF-8 (an old spreadsheet's own code page): what can be read is kept, the rest
            // shows as U+FFFD, as the browser's own decoding would.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            let table = parse_csv(&text);
            self.parse_ms.set_value(now_ms() - started);
            let cells = SavedCells {
                file: file.name(),
                headers: table.headers,
                cells: table.rows,
            };
            session::keep_cells(&cells);
            self.file.set(cells.file);
            self.mapping.set(auto_map(&cells.headers));
            self.headers.set(cells.headers);
            self.cells.set_value(cells.cells);
            self.bulks.set(Vec::new());
            self.corrections.set_value(Vec::new());
            self.excluded.set_value(BTreeSet::new());
            // The file's own time, not the upload's: the same file uploaded again makes the same
            // bulks, byte for byte, which the proxy answers from its idempotency memory.
            let saved_at = (file.last_modified() as i64).min(js_sys::Date::now() as i64);
            self.captured_at
                .set_value(dms_model::iso_timestamp(saved_at));
            self.rebuild();
            self.keep();
        });
    }

    /// Maps `column` to the field `key` (`""`: ignore the column), then judges the rows again.
    pub fn map_column(self, column: usize, key: String) {
        self.mapping.update(|m| {
            let chosen = importable(&key);
            // A field is filled from one column: another column mapped to it lets go.
            if chosen.is_some() {
                m.iter_mut()
                    .filter(|k| **k == chosen)
                    .for_each(|k| *k = None);
            }
            m[column] = chosen;
        });
        self.rebuild();
        self.keep();
    }

    /// When the rows are judged: now, with the capture time of the file.
    fn judged_at(self) -> JudgedAt {
        JudgedAt {
            captured_at: self.captured_at.get_value(),
            ..JudgedAt::now()
        }
    }

    /// Builds every row from the cells, the mapping and the corrections, loads the lists they
    /// name, and judges them.
    fn rebuild(self) {
        self.rebuild_then(|| ());
    }

    fn rebuild_then(self, then: impl FnOnce() + 'static) {
        let api_base = self.config.with_value(|c| c.api_base.clone());
        let mapped_at = now_ms();
        let mapped = self.mapping.get_untracked();
        let mut raws: Vec<Lead> = self.cells.with_value(|cells| rows_to_leads(cells, &mapped));
        self.corrections.with_value(|corrections| {
            for (index, key, text) in corrections {
                if let (Some(raw), Some(key)) = (raws.get_mut(*index), importable(key)) {
                    set_field(raw, key, text);
                }
            }
        });
        let map_ms = now_ms() - mapped_at;
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = self.book.get_value();
            self.load_failed
                .set(fill_book(&api_base, &mut loaded, &raws).await.is_err());
            let check_started = now_ms();
            let judged_at = self.judged_at();
            let file = self.file.get_untracked();
            let ledger: BTreeMap<String, i64> = session::ledger().into_iter().collect();
            let sent_here = self.sent_rows();
            let excluded = self.excluded.get_value();
            let judged: Vec<Row> = raws
                .into_iter()
                .enumerate()
                .map(|(i, raw)| {
                    let (lead, issues) = judge(&loaded, &raw, &judged_at);
                    // A row's key (a hash) only when there is a ledger to look it up in.
                    let sent_before = || ledger.get(&session::row_key(&file, &raw)).copied();
                    let sent_in = sent_here
                        .get(&i)
                        .copied()
                        .or_else(|| (!ledger.is_empty()).then(sent_before).flatten());
                    Row {
                        number: i + 1,
                        sent_in,
                        excluded: excluded.contains(&i),
                        raw,
                        lead,
                        issues,
                    }
                })
                .collect();
            self.book.set_value(loaded);
            // Parse, map and check: list loading is network time, not the page's own work.
            self.check_ms
                .set(self.parse_ms.get_value() + map_ms + now_ms() - check_started);
            self.rows.set(judged);
            self.page.set(0);
            then();
        });
    }

    /// Row index → bulk id, for the rows of this page's bulks the DMS took.
    fn sent_rows(self) -> BTreeMap<usize, i64> {
        self.bulks.with_untracked(|bulks| {
            bulks
                .iter()
                .filter_map(|b| Some((b.rows.iter(), b.outcome?.ok()?)))
                .flat_map(|(rows, id)| rows.map(move |r| (*r, id)))
                .collect()
        })
    }

    /// The dealer corrected the cell `key` of row `index`: that row is judged again.
    pub fn correct(self, index: usize, key: &'static str, text: String) {
        let api_base = self.config.with_value(|c| c.api_base.clone());
        let Some(mut raw) = self
            .rows
            .with_untracked(|rows| rows.get(index).map(|r| r.raw.clone()))
        else {
            return;
        };
        set_field(&mut raw, key, &text);
        self.corrections
            .update_value(|c| c.push((index, key.to_owned(), text)));
        self.keep();
        // The correction is the row's at once, so a second one made while the lists load builds
        // on it; the judgement is taken only if the row has not changed again meanwhile.
        self.rows.update(|rows| rows[index].raw = raw.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = self.book.get_value();
            let _ = fill_book(&api_base, &mut loaded, std::slice::from_ref(&raw)).await;
            let (lead, issues) = judge(&loaded, &raw, &self.judged_at());
            self.book.set_value(loaded);
            self.rows.update(|rows| {
                if let Some(row) = rows.get_mut(index).filter(|row| row.raw == raw) {
                    *row = Row {
                        lead,
                        issues,
                        ..row.clone()
                    };
                }
            });
        });
    }

    /// Includes row `index` in the bulks to send, or leaves it out.
    pub fn include(self, index: usize, include: bool) {
        self.rows.update(|rows| rows[index].excluded = !include);
        self.excluded.update_value(|e| {
            if include {
                e.remove(&index);
            } else {
                e.insert(index);
            }
        });
        self.keep();
    }

    /// Sends the rows ready to go, in bulks of the chosen size.
    pub fn send(self) {
        if self.sending.get_untracked() {
            return;
        }
        let size = self
            .chunk
            .get_untracked()
            .trim()
            .parse::<usize>()
            .unwrap_or(100)
            .clamp(1, 500);
        // A row in a bulk that failed goes again with that bulk (its retry), never in a new one:
        // the first may have reached the DMS.
        let in_bulks: BTreeSet<usize> = self
            .bulks
            .with_untracked(|b| b.iter().flat_map(|b| b.rows.iter().copied()).collect());
        let file = self.file.get_untracked();
        let ready: Vec<(usize, String)> = self.rows.with_untracked(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(i, r)| r.is_ready() && !in_bulks.contains(i))
                .map(|(i, r)| (i, session::row_key(&file, &r.raw)))
                .collect()
        });
        let mut new_bulks: Vec<SentBulk> = ready
            .chunks(size)
            .map(|chunk| {
                let keys: Vec<String> = chunk.iter().map(|(_, k)| k.clone()).collect();
                SentBulk {
                    key: session::bulk_key(&keys),
                    rows: chunk.iter().map(|(i, _)| *i).collect(),
                    outcome: None,
                }
            })
            .collect();
        let first = self.bulks.with_untracked(Vec::len);
        self.bulks.update(|b| b.append(&mut new_bulks));
        self.keep();
        self.post_bulks(first);
    }

    /// Sends the bulk `index` again, with its own key.
    pub fn retry(self, index: usize) {
        self.bulks.update(|b| b[index].outcome = None);
        self.post_bulks(index);
    }

    /// The body of a bulk of these rows, as the rows stand (the same rows, the same body), and
    /// the rows' keys.
    fn bulk_body(self, indexes: &[usize]) -> (String, Vec<String>) {
        let file = self.file.get_untracked();
        self.rows.with_untracked(|rows| {
            let rows: Vec<&Row> = indexes.iter().filter_map(|i| rows.get(*i)).collect();
            let body = api::bulk_json(&LeadBulk::new(
                rows.iter().map(|r| r.lead.clone()).collect(),
            ));
            let keys = rows
                .iter()
                .map(|r| session::row_key(&file, &r.raw))
                .collect();
            (body, keys)
        })
    }

    /// Posts the bulks from `first` on that have no outcome yet, one after the other, marking their
    /// rows sent when the DMS answers with a bulk id.
    fn post_bulks(self, first: usize) {
        let bulk_base = self.config.with_value(|c| c.bulk_base.clone());
        let (bulks, rows, sending) = (self.bulks, self.rows, self.sending);
        sending.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let mut index = first;
            while let Some(bulk) = bulks.with_untracked(|b| b.get(index).cloned()) {
                if bulk.outcome.is_none() {
                    let (body, row_keys) = self.bulk_body(&bulk.rows);
                    let answer = api::post_bulk(
                        &bulk_base,
                        &body,
                        Some(&bulk.key),
                        &HumanSignals::default(),
                    )
                    .await;
                    let outcome = answer.map_err(|(error, _)| match error {
                        api::ApiError::Status(code) => code,
                        _ => 0,
                    });
                    bulks.update(|b| b[index].outcome = Some(outcome));
                    if let Ok(id) = outcome {
                        session::record_sent(&row_keys, id);
                        rows.update(|rows| {
                            bulk.rows.iter().for_each(|r| rows[*r].sent_in = Some(id))
                        });
                    }
                    self.keep();
                }
                index += 1;
            }
            sending.set(false);
        });
    }
}

/// The importable field named `key`, as a `&'static str` (a saved mapping or correction names
/// fields as strings).
fn importable(key: &str) -> Option<&'static str> {
    import_fields().iter().copied().find(|k| *k == key)
}

fn count(rows: &[Row]) -> Counts {
    let excluded = rows.iter().filter(|r| r.excluded).count();
    let invalid = rows
        .iter()
        .filter(|r| !r.excluded && !r.issues.is_empty())
        .count();
    Counts {
        all: rows.len(),
        valid: rows.len() - excluded - invalid,
        invalid,
        excluded,
        ready: rows.iter().filter(|r| r.is_ready()).count(),
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}
