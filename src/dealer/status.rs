//! Bulk status (the bulk-status document): by bulk number, or by DMS lead number over at most 7 days with an
//! optional source and sub-source. The query lives in the URL hash; while the bulk is created or
//! in progress the answer refreshes by itself with backoff, and stops once it is final.

use dms_model::{BulkLead, BulkState, BulkStatus, BulkStatusQuery, IssueCode, Lang, ListType};
use leptos::prelude::*;

use dms_model::field;
use dms_model::import::ListBook;

use super::book::{fill_book, shown_text};
use super::controls::{QueryInput, QuerySelect};
use super::{go, hash_param, texts, use_config};
use crate::api::{self, ApiError};
use crate::browser::sleep_ms;
use crate::i18n::tr;

/// First and longest wait between two refreshes of an unfinished bulk; each wait is half as long
/// again as the one before (1 s, 1.5 s, 2.25 s, …), so a bulk the DMS processes in seconds is seen
/// in every state, and a long one is asked about rarely.
const FIRST_REFRESH_MS: i32 = 1000;
const LONGEST_REFRESH_MS: i32 = 15_000;

/// What the form holds, as typed.
#[derive(Clone, Copy)]
struct StatusForm {
    by_lead: RwSignal<bool>,
    bulk_id: RwSignal<String>,
    lead_id: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    source: RwSignal<String>,
    sub_source: RwSignal<String>,
}

impl StatusForm {
    fn from_hash(query: &str) -> StatusForm {
        let param = |key| RwSignal::new(hash_param(query, key).unwrap_or_default());
        StatusForm {
            by_lead: RwSignal::new(hash_param(query, "leadId").is_some()),
            bulk_id: param("id"),
            lead_id: param("leadId"),
            from: param("from"),
            to: param("to"),
            source: param("source"),
            sub_source: param("subSource"),
        }
    }

    /// The query and the issues of the fields shown (typed numbers that are not numbers included).
    fn check(self) -> (BulkStatusQuery, Vec<(&'static str, IssueCode)>) {
        let number = |text: String| text.trim().parse::<i64>().ok();
        let mut issues = Vec::new();
        let mut not_a_number = |key, text: &str| {
            if !text.trim().is_empty() && number(text.to_owned()).is_none() {
                issues.push((key, IssueCode::PhoneDigits));
            }
        };
        if !self.by_lead.get() {
            let text = self.bulk_id.get();
            not_a_number("id", &text);
            if text.trim().is_empty() {
                issues.push(("id", IssueCode::Required));
            }
            let query = BulkStatusQuery {
                id: number(text),
                ..BulkStatusQuery::default()
            };
            return (query, issues);
        }
        let lead_text = self.lead_id.get();
        not_a_number("leadId", &lead_text);
        let (from, to) = (self.from.get(), self.to.get());
        let mut query =
            BulkStatusQuery::by_lead_over_days(number(lead_text), Some(&from), Some(&to));
        query.source = number(self.source.get());
        query.sub_source = number(self.sub_source.get());
        for issue in query.issues() {
            let key = match issue.path.as_str() {
                "leadId" => "leadId",
                "fromDate" => "from",
                "toDate" => "to",
                _ => continue,
            };
            if !issues.iter().any(|(k, _)| *k == key) {
                issues.push((key, issue.code));
            }
        }
        (query, issues)
    }

    /// The hash query that shows this form's answer.
    fn hash_query(self) -> String {
        let mut pairs = Vec::new();
        if self.by_lead.get_untracked() {
            pairs.push(("leadId", self.lead_id.get_untracked()));
            pairs.push(("from", self.from.get_untracked()));
            pairs.push(("to", self.to.get_untracked()));
            for (key, value) in [("source", self.source), ("subSource", self.sub_source)] {
                let value = value.get_untracked();
                if !value.is_empty() {
                    pairs.push((key, value));
                }
            }
        } else {
            pairs.push(("id", self.bulk_id.get_untracked().trim().to_owned()));
        }
        api::query_string(&pairs)
    }
}

#[component]
pub fn StatusPage(query: Memo<String>) -> impl IntoView {
    let config = use_config();
    let lang = config.with_value(|c| c.lang);
    let form = StatusForm::from_hash(&query.get_untracked());
    let submitted = RwSignal::new(false);
    let checked = Memo::new(move |_| form.check());
    let issue_at = move |key: &'static str| {
        Signal::derive(move || {
            if !submitted.get() {
                return None;
            }
            checked.with(|(_, issues)| issues.iter().find(|(k, _)| *k == key).map(|(_, c)| *c))
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if checked.with_untracked(|(_, issues)| issues.is_empty()) {
            go("status", &form.hash_query());
        }
    };
    // The query being shown comes from the hash, so a shared or reloaded link shows the same.
    let active = Memo::new(move |_| {
        let query = query.get();
        if query.is_empty() {
            return None;
        }
        let form = StatusForm::from_hash(&query);
        let (query, issues) = untrack(|| form.check());
        issues.is_empty().then_some(query)
    });
    let answer = use_bulk_status(active);
    // Asked and not answered yet: said in words, on the region, and on the button.
    let loading = move || active.with(Option::is_some) && answer.with(Option::is_none);
    let zone = config.with_value(|c| c.time_zone.clone());
    let source_id = Signal::derive(move || form.source.get().parse().ok());
    let mode = move |by_lead: bool, text| {
        view! {
            <label class="dlf-choice">
                <input
                    type="radio"
                    name="status-mode"
                    prop:checked=move || form.by_lead.get() == by_lead
                    on:change=move |_| form.by_lead.set(by_lead)
                />
                {tr(lang, text)}
            </label>
        }
    };
    view! {
        <section class="dlf-panel" aria-labelledby="status-title">
            <h1 id="status-title">{tr(lang, texts::STATUS_TITLE)}</h1>
            <form novalidate on:submit=on_submit class="dlf-query">
                <fieldset class="dlf-choices">
                    <legend class="dlf-sr">{tr(lang, texts::STATUS_TITLE)}</legend>
                    {mode(false, texts::BY_BULK)}
                    {mode(true, texts::BY_LEAD)}
                </fieldset>
                {move || if form.by_lead.get() {
                    view! {
                        <QueryInput id="leadId" label=texts::LEAD_ID value=form.lead_id issue=issue_at("leadId") lang=lang numeric=true/>
                        <QueryInput id="from" label=texts::FROM_DATE value=form.from issue=issue_at("from") lang=lang kind="date"/>
                        <QueryInput id="to" label=texts::TO_DATE value=form.to issue=issue_at("to") lang=lang kind="date"/>
                        <QuerySelect id="source" label=texts::SOURCE list=ListType::LeadSource value=form.source lang=lang/>
                        <QuerySelect id="subSource" label=texts::SUB_SOURCE list=ListType::LeadSubSource parent=source_id value=form.sub_source lang=lang/>
                    }.into_any()
                } else {
                    view! {
                        <QueryInput id="id" label=texts::BULK_ID value=form.bulk_id issue=issue_at("id") lang=lang numeric=true/>
                    }.into_any()
                }}
                <button type="submit" class="dlf-submit" disabled=loading>
                    {move || tr(lang, if loading() { texts::LOADING } else { texts::SHOW })}
                </button>
            </form>
            <div aria-live="polite" aria-busy=move || loading().then_some("true")>
                {move || loading().then(|| view! { <p class="dlf-loading">{tr(lang, texts::LOADING)}</p> })}
                {move || answer.get().map(|answer| match answer {
                    Ok(status) => view! { <BulkView status=status lang=lang zone=zone.clone()/> }.into_any(),
                    Err(ApiError::Status(404)) => view! { <p class="dlf-notice">{tr(lang, texts::NOT_FOUND)}</p> }.into_any(),
                    Err(ApiError::Decode) => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::NOT_READABLE)}</p> }.into_any(),
                    Err(_) => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::LOAD_FAILED)}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// The latest answer for `query`, refreshed with backoff while the bulk is not final (and after a
/// failure that may pass). A new query or leaving the page ends the refreshing.
fn use_bulk_status(
    query: Memo<Option<BulkStatusQuery>>,
) -> ReadSignal<Option<Result<BulkStatus, ApiError>>> {
    let gs_base = use_config().with_value(|c| c.gs_base.clone());
    let (answer, set_answer) = signal(None);
    let generation = StoredValue::new(0u32);
    on_cleanup(move || generation.set_value(u32::MAX));
    Effect::new(move |_| {
        let query = query.get();
        let mine = generation.get_value().wrapping_add(1);
        generation.set_value(mine);
        set_answer.set(None);
        let Some(query) = query else { return };
        let gs_base = gs_base.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let current = move || generation.try_get_value() == Some(mine);
            let mut wait = FIRST_REFRESH_MS;
            loop {
                // JSON that is not a bulk status (no documented state) cannot be read as one: said
                // so, and not asked again.
                let result = api::bulk_status(&gs_base, &query).await.and_then(|status| {
                    match BulkState::from_code(status.is_processed) {
                        Some(_) => Ok(status),
                        None => Err(ApiError::Decode),
                    }
                });
                if !current() {
                    return;
                }
                let finished = match &result {
                    Ok(status) => {
                        BulkState::from_code(status.is_processed).is_some_and(BulkState::is_final)
                    }
                    Err(ApiError::Decode) => true,
                    Err(error) => !error.is_transient(),
                };
                set_answer.try_set(Some(result));
                if finished {
                    return;
                }
                sleep_ms(wait).await;
                if !current() {
                    return;
                }
                wait = (wait * 3 / 2).min(LONGEST_REFRESH_MS);
            }
        });
    });
    answer
}

fn state_text(code: u8) -> (&'static str, &'static str) {
    match BulkState::from_code(code) {
        Some(BulkState::Created) => texts::STATE_CREATED,
        Some(BulkState::InProgress) => texts::STATE_IN_PROGRESS,
        Some(BulkState::Cancelled) => texts::STATE_CANCELLED,
        Some(BulkState::Completed) => texts::STATE_COMPLETED,
        None => texts::STATE_UNKNOWN,
    }
}

/// A person's name or the company, as the status answer gives it.
fn display_name(lead: &BulkLead) -> String {
    let l = &lead.lead;
    let person = dms_model::derive::full_name(&l.first_name, &l.middle_name, &l.last_name);
    if !person.is_empty() {
        return person;
    }
    lead.company_name
        .clone()
        .or_else(|| lead.lead.lead_name.clone())
        .unwrap_or_default()
}

/// A list text of the lead in the page's language: as the DMS gave it (English), or from `book`
/// once the Arabic lists are loaded.
fn list_text(book: Option<&ListBook>, lead: &BulkLead, key: &str, text: &str) -> String {
    match book {
        Some(book) => shown_text(book, &lead.lead, key, text),
        None => text.to_owned(),
    }
}

fn vehicles_text(book: Option<&ListBook>, lead: &BulkLead) -> String {
    lead.lead
        .vehicles
        .iter()
        .map(|v| {
            let family = v.model_family.as_deref().unwrap_or_default();
            let mut text = list_text(book, lead, field::MODEL_FAMILY, family);
            if let Some(year) = v.model_year {
                text.push_str(&format!(" {year}"));
            }
            if let Some(qty) = v.total_qty.filter(|q| *q > 1) {
                text.push_str(&format!(" ×{qty}"));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn BulkView(status: BulkStatus, lang: Lang, zone: String) -> impl IntoView {
    let created_raw = status.created_date.clone().unwrap_or_default();
    let created = crate::dealer::time::local_date_time(&created_raw, lang, &zone)
        .unwrap_or_else(|| created_raw.replace('T', " "));
    let state = status.is_processed;
    let is_final = BulkState::from_code(state).is_some_and(BulkState::is_final);
    // In Arabic, the lists the leads name, to show their Arabic texts.
    let book = RwSignal::new_local(None::<ListBook>);
    if lang != Lang::En {
        let api_base = use_config().with_value(|c| c.api_base.clone());
        let leads: Vec<dms_model::Lead> = status.leads.iter().map(|l| l.lead.clone()).collect();
        leptos::task::spawn_local(async move {
            let mut loaded = ListBook::default();
            // What could be loaded is used; the rest stays in English.
            let _ = fill_book(&api_base, &mut loaded, &leads).await;
            book.set(Some(loaded));
        });
    }
    let rows = status
        .leads
        .iter()
        .map(|lead| {
            // A list field's text, in Arabic once the book has come.
            let shared = std::sync::Arc::new(lead.clone());
            let list_cell = |key: &'static str, text: &Option<String>| {
                let (lead, text) = (shared.clone(), text.clone().unwrap_or_default());
                move || book.with(|b| list_text(b.as_ref(), &lead, key, &text))
            };
            let brand = list_cell(field::BRAND, &lead.lead.brand);
            let interest = list_cell(field::INTEREST, &lead.lead.interest);
            let vehicles = move || book.with(|b| vehicles_text(b.as_ref(), &shared));
            let errors = lead.error_list.clone().unwrap_or_default();
            let phone = format!(
                "{} {}",
                lead.lead.phone_code.as_deref().unwrap_or_default(),
                lead.lead.phone_number.as_deref().unwrap_or_default()
            );
            // Each cell names its column (`data-label`): on a phone the rows become cards.
            let name = |text| tr(lang, text);
            view! {
                <tr class:dlf-row-error=lead.is_error != 0>
                    <td data-label=name(texts::COL_EXTERNAL)>{lead.lead_external_id}</td>
                    <td data-label=name(texts::COL_LEAD)>{if lead.lead_id == 0 { "—".to_owned() } else { lead.lead_id.to_string() }}</td>
                    <td data-label=name(texts::COL_NAME)><bdi>{display_name(lead)}</bdi></td>
                    <td data-label=name(texts::COL_PHONE)><bdi dir="ltr">{phone}</bdi></td>
                    <td data-label=name(texts::COL_BRAND)><bdi>{brand}</bdi></td>
                    <td data-label=name(texts::COL_VEHICLES)><bdi>{vehicles}</bdi></td>
                    <td data-label=name(texts::COL_INTEREST)><bdi>{interest}</bdi></td>
                    <td data-label=name(texts::COL_RESULT)>
                        {if lead.is_error != 0 {
                            view! {
                                <strong class="dlf-bad">{tr(lang, texts::ERROR)}</strong>
                                <ul class="dlf-errors" dir="ltr">
                                    {errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                                </ul>
                            }.into_any()
                        } else {
                            view! { <span class="dlf-good">{tr(lang, texts::OK)}</span> }.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="dlf-bulk">
            <p>
                <span class=format!("dlf-badge dlf-state-{state}") data-state=state>{tr(lang, state_text(state))}</span>
                {(!is_final).then(|| view! { <span class="dlf-note">" " {tr(lang, texts::REFRESHING)}</span> })}
            </p>
            <dl class="dlf-facts">
                <dt>{tr(lang, texts::CREATED)}</dt>
                <dd class="dlf-created" title=created_raw>{created}</dd>
                <dt>{tr(lang, texts::CREATED_BY)}</dt>
                <dd>{status.created_by.map(|u| u.to_string()).unwrap_or_default()}</dd>
                <dt>{tr(lang, texts::TOTAL)}</dt>
                <dd class="dlf-total">{status.total_records}</dd>
                <dt>{tr(lang, texts::ERRORS)}</dt>
                <dd class="dlf-error-count">{status.error_records}</dd>
            </dl>
            <div class="dlf-table-wrap">
                <table class="dlf-table dlf-stacks">
                    <caption class="dlf-sr">{tr(lang, texts::STATUS_TITLE)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(lang, texts::COL_EXTERNAL)}</th>
                            <th scope="col">{tr(lang, texts::COL_LEAD)}</th>
                            <th scope="col">{tr(lang, texts::COL_NAME)}</th>
                            <th scope="col">{tr(lang, texts::COL_PHONE)}</th>
                            <th scope="col">{tr(lang, texts::COL_BRAND)}</th>
                            <th scope="col">{tr(lang, texts::COL_VEHICLES)}</th>
                            <th scope="col">{tr(lang, texts::COL_INTEREST)}</th>
                            <th scope="col">{tr(lang, texts::COL_RESULT)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
