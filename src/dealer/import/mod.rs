//! CSV bulk import: read a file, map its columns (automatically by English or Arabic header, then
//! adjustable), judge every row by the DMS rules, let the dealer correct a cell in place or leave a
//! row out, and post the valid rows as bulks of a chosen size, each with a link to its status.
//!
//! Only one page of rows is on screen at a time, so 5,000 rows stay smooth; parse + check time is
//! published on the summary (`data-check-ms`) for `scripts/bench.sh`.
//!
//! [`state::ImportState`] holds the page's data and what the dealer can do with it; the components
//! here each show one part of it.

mod session;
mod state;

use dms_model::import::{column_of, field_text, import_fields, template_csv};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::book::LeadCell;
use super::controls::{download, BulkLink};
use super::texts;
use crate::i18n::{label, tr};
use state::{ImportState, Row, PAGE_ROWS};

#[component]
pub fn ImportPage() -> impl IntoView {
    let state = ImportState::new();
    state.restore();
    let lang = state.lang;
    let on_file = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            state.read_file(file);
        }
    };
    let template = move |_| {
        let csv = format!("\u{FEFF}{}", template_csv());
        download("dms-leads-template.csv", "text/csv;charset=utf-8", &csv);
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
                <button type="button" class="dlf-secondary" on:click=template>
                    {tr(lang, texts::TEMPLATE)}
                </button>
                {move || (!state.headers.with(Vec::is_empty)).then(|| view! {
                    <button type="button" class="dlf-secondary dlf-clear" on:click=move |_| state.clear()>
                        {tr(lang, texts::CLEAR_IMPORT)}
                    </button>
                })}
            </div>
            {move || state.file.with(|f| (!f.is_empty()).then(|| view! {
                <p class="dlf-file">{tr(lang, texts::FILE)} " " <bdi>{f.clone()}</bdi></p>
            }))}
            {move || state.load_failed.get().then(|| view! { <p class="dlf-send-failed" role="alert">{tr(lang, crate::i18n::ui::LOAD_FAILED)}</p> })}
            {move || (!state.headers.with(Vec::is_empty)).then(|| view! {
                <details class="dlf-mapping" open>
                    <summary>{tr(lang, texts::MAPPING)}</summary>
                    <div class="dlf-map-grid"><Mapping state=state/></div>
                </details>
                <Summary state=state/>
                <label class="dlf-choice">
                    <input type="checkbox" prop:checked=move || state.only_errors.get()
                        on:change=move |ev| { state.only_errors.set(event_target_checked(&ev)); state.page.set(0); }/>
                    {tr(lang, texts::SHOW_ONLY_ERRORS)}
                </label>
                <RowsTable state=state/>
                <Pager state=state/>
                <SendBar state=state/>
            })}
            <div aria-live="polite"><SentBulks state=state/></div>
        </section>
    }
}

/// A select per column of the file: which field it fills.
#[component]
fn Mapping(state: ImportState) -> impl IntoView {
    let lang = state.lang;
    move || {
        state.headers.with(|headers| {
            headers
                .iter()
                .enumerate()
                .map(|(column, header)| {
                    let current = state.mapping.with(|m| m.get(column).copied().flatten());
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
                            <select id=id on:change=move |ev| state.map_column(column, event_target_value(&ev))>
                                <option value="" selected=current.is_none()>{tr(lang, texts::IGNORE)}</option>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view()
        })
    }
}

/// How many rows are valid, invalid and left out.
#[component]
fn Summary(state: ImportState) -> impl IntoView {
    let lang = state.lang;
    view! {
        <p class="dlf-counts" role="status" data-check-ms=move || format!("{:.1}", state.check_ms.get()) data-rows=move || state.counts.get().all>
            {move || {
                let counts = state.counts.get();
                let and = tr(lang, texts::LIST_SEPARATOR);
                format!(
                    "{}: {} {}{and}{} {}{and}{} {}",
                    texts::rows(lang, counts.all), counts.valid, tr(lang, texts::VALID),
                    counts.invalid, tr(lang, texts::INVALID), counts.excluded, tr(lang, texts::EXCLUDED),
                )
            }}
        </p>
    }
}

/// The current page of rows; a flagged cell can be corrected in place.
#[component]
fn RowsTable(state: ImportState) -> impl IntoView {
    let lang = state.lang;
    move || {
        let columns: Vec<&'static str> = state.mapping.with(|m| {
            import_fields()
                .iter()
                .copied()
                .filter(|k| m.contains(&Some(*k)))
                .collect()
        });
        let start = state.page.get() * PAGE_ROWS;
        let indexes: Vec<usize> = state
            .shown
            .with(|s| s.iter().skip(start).take(PAGE_ROWS).copied().collect());
        let body = state.rows.with(|all| {
            indexes
                .iter()
                .filter_map(|i| all.get(*i).map(|r| (*i, r.clone())))
                .map(|(index, row)| view! { <TableRow state=state index=index row=row columns=columns.clone()/> })
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
                            <th scope="col">{tr(lang, texts::PROBLEMS)}</th>
                            <th scope="col">{tr(lang, texts::INCLUDE)}</th>
                            <th scope="col">{tr(lang, texts::SENT_AS)}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
    }
}

/// One row of the table: its number, whether it is included, its bulk once sent, its cells.
#[component]
fn TableRow(
    state: ImportState,
    index: usize,
    row: Row,
    columns: Vec<&'static str>,
) -> impl IntoView {
    let lang = state.lang;
    let cells = columns
        .iter()
        .map(|key| {
            let issue = row.issues.iter().find(|i| column_of(&i.path) == *key).map(|i| i.code);
            let text = field_text(&row.raw, key);
            match issue {
                None => view! { <td dir="auto">{text}</td> }.into_any(),
                Some(code) => {
                    let choices = state.book.with_value(|b| b.choices(&row.raw, key).map(|(en, ar)| (en.to_vec(), ar.to_vec())));
                    let key = *key;
                    view! {
                        <td class="dlf-bad-cell">
                            <LeadCell id=format!("cell-{}-{key}", row.number) key=key text=text choices=choices issue=Some(code) lang=lang
                                on_change=Callback::new(move |t| state.correct(index, key, t))/>
                        </td>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    let number = row.number;
    let problems = problems(lang, &row, &columns);
    let include_id = format!("include-{number}");
    view! {
        <tr class:dlf-row-error=!row.issues.is_empty() class:dlf-row-excluded=row.excluded data-row=number>
            <th scope="row">{number}</th>
            <td class="dlf-problems">{problems}</td>
            <td>
                <input id=include_id.clone() type="checkbox" prop:checked=!row.excluded disabled=row.sent_in.is_some()
                    on:change=move |ev| state.include(index, event_target_checked(&ev))/>
                <label for=include_id class="dlf-sr">{tr(lang, texts::INCLUDE)} " " {number}</label>
            </td>
            <td>{row.sent_in.map(|id| view! { <BulkLink id=id/> })}</td>
            {cells}
        </tr>
    }
}

/// A row's problems where the dealer sees them, at the start of the row however wide the file:
/// each names its field and what is wrong, and takes the focus to the cell to correct.
fn problems(lang: dms_model::Lang, row: &Row, columns: &[&'static str]) -> impl IntoView {
    let items = row
        .issues
        .iter()
        .map(|issue| {
            let key = column_of(&issue.path);
            let cell = columns
                .contains(&key)
                .then(|| format!("cell-{}-{key}", row.number));
            let text = format!(
                "{}: {}",
                tr(lang, label(key)),
                crate::contract::issue_text(lang, Some(issue.code))
            );
            let to_cell = move |_| {
                let cell = cell
                    .as_deref()
                    .and_then(|id| document().get_element_by_id(id));
                if let Some(control) = cell.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = control.focus();
                }
            };
            view! { <li><button type="button" on:click=to_cell>{text}</button></li> }
        })
        .collect_view();
    (!row.issues.is_empty()).then(|| view! { <ul>{items}</ul> })
}

/// Previous and next page of rows.
#[component]
fn Pager(state: ImportState) -> impl IntoView {
    let (lang, page) = (state.lang, state.page);
    view! {
        <nav class="dlf-pager" aria-label=tr(lang, texts::PAGE)>
            <button type="button" class="dlf-secondary" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>{tr(lang, texts::PREVIOUS)}</button>
            <span>{tr(lang, texts::PAGE)} " " {move || page.get() + 1} " / " {move || state.pages()}</span>
            <button type="button" class="dlf-secondary" disabled=move || { page.get() + 1 >= state.pages() } on:click=move |_| page.update(|p| *p += 1)>{tr(lang, texts::NEXT)}</button>
        </nav>
    }
}

/// The bulk size and the button that sends the valid rows.
#[component]
fn SendBar(state: ImportState) -> impl IntoView {
    let (lang, sending) = (state.lang, state.sending);
    view! {
        <div class="dlf-row-actions">
            <div class="dlf-field dlf-narrow">
                <label for="chunk-size">{tr(lang, texts::CHUNK)}</label>
                <input id="chunk-size" type="number" min="1" max="500" inputmode="numeric" prop:value=move || state.chunk.get() on:input=move |ev| state.chunk.set(event_target_value(&ev))/>
            </div>
            <button type="button" class="dlf-submit" disabled=move || sending.get() || state.counts.get().ready == 0 on:click=move |_| state.send()>
                {move || tr(lang, if sending.get() { texts::SENDING } else { texts::SEND_VALID })}
            </button>
        </div>
    }
}

/// The bulks sent, each with its status link, or a retry when it failed.
#[component]
fn SentBulks(state: ImportState) -> impl IntoView {
    let (lang, sending) = (state.lang, state.sending);
    move || {
        state.bulks.with(|list| {
            (!list.is_empty()).then(|| {
                let items = list
                    .iter()
                    .enumerate()
                    .map(|(index, bulk)| {
                        let count = bulk.rows.len();
                        let outcome = match bulk.outcome {
                            None => view! { <span>{tr(lang, texts::SENDING)}</span> }.into_any(),
                            Some(Ok(id)) => view! { <BulkLink id=id/> }.into_any(),
                            Some(Err(session::SENT_BEFORE)) => view! {
                                <span class="dlf-notice">{tr(lang, texts::SENT_BEFORE)}</span>
                            }.into_any(),
                            Some(Err(_)) => view! {
                                <strong class="dlf-bad">{tr(lang, texts::BULK_FAILED)}</strong> " "
                                <button type="button" class="dlf-link" disabled=move || sending.get() on:click=move |_| state.retry(index)>{tr(lang, texts::RETRY)}</button>
                            }.into_any(),
                        };
                        view! { <li>{texts::rows(lang, count)} ": " {outcome}</li> }
                    })
                    .collect_view();
                view! {
                    <h2>{tr(lang, texts::SENT_BULKS)}</h2>
                    <ul class="dlf-sent-bulks">{items}</ul>
                }
            })
        })
    }
}
