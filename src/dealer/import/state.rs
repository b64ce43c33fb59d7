//! The import page's state: the file's cells, the column mapping, the judged rows and the bulks
//! sent, with what the dealer can do to them as methods.

use dms_model::import::{auto_map, import_fields, parse_csv, rows_to_leads, set_field, ListBook};
use dms_model::{Issue, Lang, Lead, LeadBulk};
use leptos::prelude::*;

use super::super::book::{fill_book, judge, JudgedAt};
use super::super::{use_config, DealerConfig};
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
    /// The bulk it went out in.
    pub sent_in: Option<i64>,
}

impl Row {
    fn is_ready(&self) -> bool {
        self.issues.is_empty() && !self.excluded && self.sent_in.is_none()
    }
}

/// A bulk the page posted, or tried to.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SentBulk {
    /// Idempotency key: a retry of the same rows can never make a second bulk.
    key: String,
    pub rows: Vec<usize>,
    body: String,
    pub outcome: Option<Result<i64, ()>>,
}

/// How many rows there are, and how many are valid, invalid and left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct Counts {
    pub all: usize,
    pub valid: usize,
    pub invalid: usize,
    pub excluded: usize,
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
            self.mapping.set(auto_map(&table.headers));
            self.headers.set(table.headers);
            self.cells.set_value(table.rows);
            self.bulks.set(Vec::new());
            self.rebuild();
        });
    }

    /// Maps `column` to the field `key` (`""`: ignore the column), then judges the rows again.
    pub fn map_column(self, column: usize, key: String) {
        self.mapping.update(|m| {
            let chosen = import_fields().iter().copied().find(|k| *k == key);
            // A field is filled from one column: another column mapped to it lets go.
            if chosen.is_some() {
                m.iter_mut()
                    .filter(|k| **k == chosen)
                    .for_each(|k| *k = None);
            }
            m[column] = chosen;
        });
        self.rebuild();
    }

    /// Builds every row from the cells and the mapping, loads the lists they name, and judges them.
    fn rebuild(self) {
        let api_base = self.config.with_value(|c| c.api_base.clone());
        let mapped_at = now_ms();
        let mapped = self.mapping.get_untracked();
        let raws: Vec<Lead> = self.cells.with_value(|cells| rows_to_leads(cells, &mapped));
        let map_ms = now_ms() - mapped_at;
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = self.book.get_value();
            self.load_failed
                .set(fill_book(&api_base, &mut loaded, &raws).await.is_err());
            let check_started = now_ms();
            let judged_at = JudgedAt::now();
            let judged: Vec<Row> = raws
                .into_iter()
                .enumerate()
                .map(|(i, raw)| {
                    let (lead, issues) = judge(&loaded, &raw, &judged_at);
                    Row {
                        number: i + 1,
                        raw,
                        lead,
                        issues,
                        excluded: false,
                        sent_in: None,
                    }
                })
                .collect();
            self.book.set_value(loaded);
            // Parse, map and check: list loading is network time, not the page's own work.
            self.check_ms
                .set(self.parse_ms.get_value() + map_ms + now_ms() - check_started);
            self.rows.set(judged);
            self.page.set(0);
        });
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
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = self.book.get_value();
            let _ = fill_book(&api_base, &mut loaded, std::slice::from_ref(&raw)).await;
            let (lead, issues) = judge(&loaded, &raw, &JudgedAt::now());
            self.book.set_value(loaded);
            self.rows.update(|rows| {
                if let Some(row) = rows.get_mut(index) {
                    *row = Row {
                        raw,
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
        let ready: Vec<(usize, Lead)> = self.rows.with_untracked(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.is_ready())
                .map(|(i, r)| (i, r.lead.clone()))
                .collect()
        });
        let mut new_bulks: Vec<SentBulk> = ready
            .chunks(size)
            .map(|chunk| SentBulk {
                key: crate::public::outbox::new_key(),
                rows: chunk.iter().map(|(i, _)| *i).collect(),
                body: api::bulk_json(&LeadBulk::new(
                    chunk.iter().map(|(_, l)| l.clone()).collect(),
                )),
                outcome: None,
            })
            .collect();
        // Rows waiting in a bulk are not offered again.
        let first = self.bulks.with_untracked(Vec::len);
        self.bulks.update(|b| b.append(&mut new_bulks));
        self.post_bulks(first);
    }

    /// Sends the bulk `index` again, with its own key.
    pub fn retry(self, index: usize) {
        self.bulks.update(|b| b[index].outcome = None);
        self.post_bulks(index);
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
                    let answer = api::post_bulk(
                        &bulk_base,
                        &bulk.body,
                        Some(&bulk.key),
                        &HumanSignals::default(),
                    )
                    .await;
                    let outcome = answer.map_err(|_| ());
                    bulks.update(|b| b[index].outcome = Some(outcome));
                    if let Ok(id) = outcome {
                        rows.update(|rows| {
                            bulk.rows.iter().for_each(|r| rows[*r].sent_in = Some(id))
                        });
                    }
                }
                index += 1;
            }
            sending.set(false);
        });
    }
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
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}
