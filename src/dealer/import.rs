//! CSV bulk import: read a file, map its columns (automatically by English or Arabic header, then
//! adjustable), judge every row by the DMS rules, let the dealer correct a cell in place or leave a
//! row out, and post the valid rows as bulks of a chosen size, each with a link to its status.
//!
//! Only one page of rows is on screen at a time, so 5,000 rows stay smooth; parse + check time is
//! published on the summary (`data-check-ms`) for `scripts/bench.sh`.

use dms_model::import::{
    auto_map, column_of, field_text, import_fields, parse_csv, rows_to_leads, set_field,
    template_csv, ListBook,
};
use dms_model::{Issue, Lead, LeadBulk};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::book::{fill_book, judge, JudgedAt, LeadCell};
use super::controls::download;
use super::{texts, use_config};
use crate::api::{self, HumanSignals};
use crate::i18n::{label, tr};

/// Rows on one page of the table.
const PAGE_ROWS: usize = 50;

/// One row of the file and what became of it.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    /// 1-based line of the row in the file, after the header.
    number: usize,
    /// The row as mapped, with the dealer's corrections.
    raw: Lead,
    /// As it would be sent.
    lead: Lead,
    issues: Vec<Issue>,
    excluded: bool,
    /// The bulk it went out in.
    sent_in: Option<i64>,
}

impl Row {
    fn is_ready(&self) -> bool {
        self.issues.is_empty() && !self.excluded && self.sent_in.is_none()
    }
}

/// A bulk the page posted, or tried to.
#[derive(Clone, Debug, PartialEq)]
struct SentBulk {
    /// Idempotency key: a retry of the same rows can never make a second bulk.
    key: String,
    rows: Vec<usize>,
    body: String,
    outcome: Option<Result<i64, ()>>,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let config = use_config();
    let lang = config.with_value(|c| c.lang);
    let headers = RwSignal::new(Vec::<String>::new());
    let cells = StoredValue::new(Vec::<Vec<String>>::new());
    let mapping = RwSignal::new(Vec::<Option<&'static str>>::new());
    let rows = RwSignal::new(Vec::<Row>::new());
    let book = StoredValue::new(ListBook::default());
    let check_ms = RwSignal::new(0.0f64);
    let parse_ms = StoredValue::new(0.0f64);
    let page = RwSignal::new(0usize);
    let only_errors = RwSignal::new(false);
    let chunk = RwSignal::new(config.with_value(|c| c.chunk_size).to_string());
    let bulks = RwSignal::new(Vec::<SentBulk>::new());
    let sending = RwSignal::new(false);
    let load_failed = RwSignal::new(false);

    // Builds every row from the cells and the mapping, loads the lists they name, and judges them.
    let rebuild = move || {
        let api_base = config.with_value(|c| c.api_base.clone());
        let mapped_at = now_ms();
        let mapped = mapping.get_untracked();
        let raws: Vec<Lead> = cells.with_value(|cells| rows_to_leads(cells, &mapped));
        let map_ms = now_ms() - mapped_at;
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = book.get_value();
            load_failed.set(fill_book(&api_base, &mut loaded, &raws).await.is_err());
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
            book.set_value(loaded);
            // Parse, map and check: list loading is network time, not the page's own work.
            check_ms.set(parse_ms.get_value() + map_ms + now_ms() - check_started);
            rows.set(judged);
            page.set(0);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
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
            parse_ms.set_value(now_ms() - started);
            mapping.set(auto_map(&table.headers));
            headers.set(table.headers);
            cells.set_value(table.rows);
            bulks.set(Vec::new());
            rebuild();
        });
    };
    let on_map = move |column: usize, key: String| {
        mapping.update(|m| {
            let chosen = import_fields().iter().copied().find(|k| *k == key);
            // A field is filled from one column: another column mapped to it lets go.
            if chosen.is_some() {
                m.iter_mut()
                    .filter(|k| **k == chosen)
                    .for_each(|k| *k = None);
            }
            m[column] = chosen;
        });
        rebuild();
    };
    let correct = move |index: usize, key: &'static str, text: String| {
        let api_base = config.with_value(|c| c.api_base.clone());
        let Some(mut raw) = rows.with_untracked(|rows| rows.get(index).map(|r| r.raw.clone()))
        else {
            return;
        };
        set_field(&mut raw, key, &text);
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = book.get_value();
            let _ = fill_book(&api_base, &mut loaded, std::slice::from_ref(&raw)).await;
            let (lead, issues) = judge(&loaded, &raw, &JudgedAt::now());
            book.set_value(loaded);
            rows.update(|rows| {
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
    };
    let counts = Memo::new(move |_| {
        rows.with(|rows| {
            let excluded = rows.iter().filter(|r| r.excluded).count();
            let invalid = rows
                .iter()
                .filter(|r| !r.excluded && !r.issues.is_empty())
                .count();
            (
                rows.len(),
                rows.len() - excluded - invalid,
                invalid,
                excluded,
            )
        })
    });
    let shown = Memo::new(move |_| {
        rows.with(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| !only_errors.get() || !r.issues.is_empty())
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
    });
    let pages = move || shown.with(|s| s.len().div_ceil(PAGE_ROWS).max(1));
    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        let size = chunk
            .get_untracked()
            .trim()
            .parse::<usize>()
            .unwrap_or(100)
            .clamp(1, 500);
        let ready: Vec<(usize, Lead)> = rows.with_untracked(|rows| {
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
        let first = bulks.with_untracked(Vec::len);
        bulks.update(|b| b.append(&mut new_bulks));
        post_bulks(first, bulks, rows, sending);
    };
    let retry = move |index: usize| {
        bulks.update(|b| b[index].outcome = None);
        post_bulks(index, bulks, rows, sending);
    };

    let mapping_view = move || {
        headers.with(|headers| {
            headers
                .iter()
                .enumerate()
                .map(|(column, header)| {
                    let current = mapping.with(|m| m.get(column).copied().flatten());
                    let id = format!("map-{column}");
                    let options = import_fields()
                        .iter()
                        .map(|key| {
                            view! { <option value=*key selected=current == Some(*key)>{tr(lang, label(key))} " (" {*key} ")"</option> }
                        })
                        .collect_view();
                    view! {
                        <div class="dlf-field dlf-map">
                            <label for=id.clone() dir="auto">{header.clone()}</label>
                            <select id=id on:change=move |ev| on_map(column, event_target_value(&ev))>
                                <option value="" selected=current.is_none()>{tr(lang, texts::IGNORE)}</option>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    let table_view = move || {
        let columns: Vec<&'static str> = mapping.with(|m| {
            import_fields()
                .iter()
                .copied()
                .filter(|k| m.contains(&Some(*k)))
                .collect()
        });
        let start = page.get() * PAGE_ROWS;
        let indexes: Vec<usize> =
            shown.with(|s| s.iter().skip(start).take(PAGE_ROWS).copied().collect());
        let body = rows.with(|all| {
            indexes
                .iter()
                .filter_map(|i| all.get(*i).map(|r| (*i, r.clone())))
                .map(|(index, row)| {
                    let cells = columns
                        .iter()
                        .map(|key| {
                            let issue = row.issues.iter().find(|i| column_of(&i.path) == *key).map(|i| i.code);
                            let text = field_text(&row.raw, key);
                            match issue {
                                None => view! { <td dir="auto">{text}</td> }.into_any(),
                                Some(code) => {
                                    let choices = book.with_value(|b| b.choices(&row.raw, key).map(|(en, ar)| (en.to_vec(), ar.to_vec())));
                                    let key = *key;
                                    view! {
                                        <td class="dlf-bad-cell">
                                            <LeadCell id=format!("cell-{}-{key}", row.number) key=key text=text choices=choices issue=Some(code) lang=lang
                                                on_change=Callback::new(move |t| correct(index, key, t))/>
                                        </td>
                                    }
                                    .into_any()
                                }
                            }
                        })
                        .collect_view();
                    let number = row.number;
                    let include_id = format!("include-{number}");
                    view! {
                        <tr class:dlf-row-error=!row.issues.is_empty() class:dlf-row-excluded=row.excluded data-row=number>
                            <th scope="row">{number}</th>
                            <td>
                                <input id=include_id.clone() type="checkbox" prop:checked=!row.excluded disabled=row.sent_in.is_some()
                                    on:change=move |ev| {
                                        let include = event_target_checked(&ev);
                                        rows.update(|rows| rows[index].excluded = !include);
                                    }/>
                                <label for=include_id class="dlf-sr">{tr(lang, texts::INCLUDE)} " " {number}</label>
                            </td>
                            <td>{row.sent_in.map(|id| view! { <a href=format!("#status?id={id}")>{id}</a> })}</td>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        });
        let head = columns
            .iter()
            .map(|key| view! { <th scope="col">{tr(lang, label(key))}</th> })
            .collect_view();
        view! {
            <div class="dlf-table-wrap">
                <table class="dlf-table dlf-import-table">
                    <caption class="dlf-sr">{tr(lang, texts::IMPORT_TITLE)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(lang, texts::ROW)}</th>
                            <th scope="col">{tr(lang, texts::INCLUDE)}</th>
                            <th scope="col">{tr(lang, texts::SENT_AS)}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
    };
    let bulks_view = move || {
        bulks.with(|list| {
            (!list.is_empty()).then(|| {
                let items = list
                    .iter()
                    .enumerate()
                    .map(|(index, bulk)| {
                        let count = bulk.rows.len();
                        let outcome = match bulk.outcome {
                            None => view! { <span>{tr(lang, texts::SENDING)}</span> }.into_any(),
                            Some(Ok(id)) => view! { <a class="dlf-bulk-link" href=format!("#status?id={id}")>{id}</a> }.into_any(),
                            Some(Err(())) => view! {
                                <strong class="dlf-bad">{tr(lang, texts::BULK_FAILED)}</strong> " "
                                <button type="button" class="dlf-link" disabled=move || sending.get() on:click=move |_| retry(index)>{tr(lang, texts::RETRY)}</button>
                            }.into_any(),
                        };
                        view! { <li>{count} " " {tr(lang, texts::ROWS)} ": " {outcome}</li> }
                    })
                    .collect_view();
                view! {
                    <h2>{tr(lang, texts::SENT_BULKS)}</h2>
                    <ul class="dlf-sent-bulks">{items}</ul>
                }
            })
        })
    };
    view! {
        <section class="dlf-panel" aria-labelledby="import-title">
            <h1 id="import-title">{tr(lang, texts::IMPORT_TITLE)}</h1>
            <p class="dlf-intro">{tr(lang, texts::IMPORT_INTRO)}</p>
            <div class="dlf-row-actions">
                <div class="dlf-field">
                    <label for="csv-file">{tr(lang, texts::CHOOSE_FILE)}</label>
                    <input id="csv-file" type="file" accept=".csv,text/csv" on:change=on_file/>
                </div>
                <button type="button" class="dlf-secondary" on:click=move |_| download("dms-leads-template.csv", "text/csv;charset=utf-8", &format!("\u{FEFF}{}", template_csv()))>
                    {tr(lang, texts::TEMPLATE)}
                </button>
            </div>
            {move || load_failed.get().then(|| view! { <p class="dlf-send-failed" role="alert">{tr(lang, crate::i18n::ui::LOAD_FAILED)}</p> })}
            {move || (!headers.with(Vec::is_empty)).then(|| view! {
                <details class="dlf-mapping" open>
                    <summary>{tr(lang, texts::MAPPING)}</summary>
                    <div class="dlf-map-grid">{mapping_view}</div>
                </details>
                <p class="dlf-counts" role="status" data-check-ms=move || format!("{:.1}", check_ms.get()) data-rows=move || counts.get().0>
                    {move || {
                        let (all, valid, invalid, excluded) = counts.get();
                        format!("{all} {} {valid} {}, {invalid} {}, {excluded} {}", tr(lang, texts::ROWS_SUMMARY), tr(lang, texts::VALID), tr(lang, texts::INVALID), tr(lang, texts::EXCLUDED))
                    }}
                </p>
                <label class="dlf-choice">
                    <input type="checkbox" prop:checked=move || only_errors.get() on:change=move |ev| { only_errors.set(event_target_checked(&ev)); page.set(0); }/>
                    {tr(lang, texts::SHOW_ONLY_ERRORS)}
                </label>
                {table_view}
                <nav class="dlf-pager" aria-label=tr(lang, texts::PAGE)>
                    <button type="button" class="dlf-secondary" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>{tr(lang, texts::PREVIOUS)}</button>
                    <span>{tr(lang, texts::PAGE)} " " {move || page.get() + 1} " / " {pages}</span>
                    <button type="button" class="dlf-secondary" disabled=move || { page.get() + 1 >= pages() } on:click=move |_| page.update(|p| *p += 1)>{tr(lang, texts::NEXT)}</button>
                </nav>
                <div class="dlf-row-actions">
                    <div class="dlf-field dlf-narrow">
                        <label for="chunk-size">{tr(lang, texts::CHUNK)}</label>
                        <input id="chunk-size" type="number" min="1" max="500" inputmode="numeric" prop:value=move || chunk.get() on:input=move |ev| chunk.set(event_target_value(&ev))/>
                    </div>
                    <button type="button" class="dlf-submit" disabled=move || sending.get() || counts.get().1 == 0 on:click=send>
                        {move || tr(lang, if sending.get() { texts::SENDING } else { texts::SEND_VALID })}
                    </button>
                </div>
            })}
            <div aria-live="polite">{bulks_view}</div>
        </section>
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Posts the bulks from `first` on that have no outcome yet, one after the other, marking their
/// rows sent when the DMS answers with a bulk id.
fn post_bulks(
    first: usize,
    bulks: RwSignal<Vec<SentBulk>>,
    rows: RwSignal<Vec<Row>>,
    sending: RwSignal<bool>,
) {
    let bulk_base = use_config().with_value(|c| c.bulk_base.clone());
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
                    rows.update(|rows| bulk.rows.iter().for_each(|r| rows[*r].sent_in = Some(id)));
                }
            }
            index += 1;
        }
        sending.set(false);
    });
}
