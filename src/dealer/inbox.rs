//! Lead-bank inbox (the lead-bank provider document): pull the provider's pending leads, map them with the configured
//! mapping, let the dealer complete what is missing, send the selected ones as one bulk, and only
//! then confirm their reception to the provider.
//!
//! Nothing is lost and nothing is sent twice:
//! - a failure before the DMS answered confirms nothing, so the provider hands the same leads out
//!   again; the inbox shows each provider lead once (by `IDLeadBank`);
//! - the ids of leads the DMS took are written to local storage before the confirmation call and
//!   removed after it, so when that call fails (or the page closes first) the next fetch confirms
//!   them instead of offering them again.

use dms_model::import::{column_of, field_text, set_field, ListBook};
use dms_model::leadbank::confirmation_body;
use dms_model::{Issue, Lead, LeadBankLead, LeadBankResponse, LeadBulk};
use leptos::prelude::*;

use super::book::{fill_book, judge, JudgedAt, LeadCell};
use super::{texts, use_config};
use crate::api::{self, HumanSignals};
use crate::browser::local_storage;
use crate::i18n::tr;

/// Local-storage key of leads the DMS took whose reception the provider has not confirmed yet.
const UNCONFIRMED: &str = "dms-lead-bank-unconfirmed";

#[derive(Clone, Debug, PartialEq)]
struct InboxLead {
    bank: LeadBankLead,
    raw: Lead,
    lead: Lead,
    issues: Vec<Issue>,
    selected: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Notice {
    Sent(i64),
    ConfirmFailed(i64),
    SendFailed,
    FixFirst,
    FetchFailed,
}

fn unconfirmed() -> Vec<i64> {
    local_storage()
        .and_then(|s| s.get_item(UNCONFIRMED).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn set_unconfirmed(ids: &[i64]) {
    if let Some(storage) = local_storage() {
        let _ = match ids.is_empty() {
            true => storage.remove_item(UNCONFIRMED),
            false => storage.set_item(UNCONFIRMED, &confirmation_body(ids)),
        };
    }
}

/// Confirms `ids` to the provider; on success they are no longer waiting for confirmation.
async fn confirm(base: &str, ids: Vec<i64>) -> bool {
    let url = format!("{base}/ValidateGetLeads");
    let answer: Result<LeadBankResponse, _> = api::post_json(&url, &confirmation_body(&ids)).await;
    let done = answer.is_ok_and(|a| a.status == 1);
    if done {
        let mut waiting = unconfirmed();
        waiting.retain(|id| !ids.contains(id));
        set_unconfirmed(&waiting);
    }
    done
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let config = use_config();
    let lang = config.with_value(|c| c.lang);
    let Some(base) = config.with_value(|c| c.lead_bank_base.clone()) else {
        return view! {
            <section class="dlf-panel">
                <h1>{tr(lang, texts::INBOX_TITLE)}</h1>
                <p class="dlf-notice">{tr(lang, texts::LEAD_BANK_OFF)}</p>
            </section>
        }
        .into_any();
    };
    let leads = RwSignal::new(Vec::<InboxLead>::new());
    let book = StoredValue::new(ListBook::default());
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<Notice>);
    // The key of a bulk that failed, with its body: trying the same leads again reuses it, so the
    // proxy can tell a retry from a new bulk.
    let last_attempt = StoredValue::new(None::<(String, String)>);

    let rejudge = move |items: Vec<InboxLead>| {
        let api_base = config.with_value(|c| c.api_base.clone());
        async move {
            let mut loaded = book.get_value();
            let raws: Vec<Lead> = items.iter().map(|l| l.raw.clone()).collect();
            let _ = fill_book(&api_base, &mut loaded, &raws).await;
            let judged_at = JudgedAt::now();
            let items: Vec<InboxLead> = items
                .into_iter()
                .map(|item| {
                    let (lead, issues) = judge(&loaded, &item.raw, &judged_at);
                    InboxLead {
                        lead,
                        issues,
                        ..item
                    }
                })
                .collect();
            book.set_value(loaded);
            items
        }
    };
    let fetch = {
        let base = base.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let base = base.clone();
            let (dealer, mapping) =
                config.with_value(|c| (c.lead_bank_dealer, c.lead_bank_mapping.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                // Leads the DMS already took are confirmed first, and never shown again.
                let waiting = unconfirmed();
                if !waiting.is_empty() {
                    confirm(&base, waiting).await;
                }
                let answer: Result<LeadBankResponse, _> =
                    api::post_json(&format!("{base}/leads"), &dealer.to_string()).await;
                match answer {
                    Err(_) => notice.set(Some(Notice::FetchFailed)),
                    Ok(answer) => {
                        let waiting = unconfirmed();
                        let mut items = leads.get_untracked();
                        for bank in answer.leads {
                            // Shown once (the provider hands unconfirmed leads out again), and
                            // never again once the DMS took it.
                            let id = bank.id_lead_bank;
                            if waiting.contains(&id)
                                || items.iter().any(|i| i.bank.id_lead_bank == id)
                            {
                                continue;
                            }
                            let raw = mapping.map_lead(&bank);
                            items.push(InboxLead {
                                bank,
                                raw,
                                lead: Lead::default(),
                                issues: Vec::new(),
                                selected: true,
                            });
                        }
                        leads.set(rejudge(items).await);
                    }
                }
                busy.set(false);
            });
        }
    };
    let fetch_on_open = fetch.clone();
    Effect::new(move |_| fetch_on_open());
    let correct = move |id: i64, key: &'static str, text: String| {
        leads.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.bank.id_lead_bank == id) {
                set_field(&mut item.raw, key, &text);
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            let items = rejudge(leads.get_untracked()).await;
            leads.set(items);
        });
    };
    let send = {
        let base = base.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            let chosen: Vec<InboxLead> =
                leads.with_untracked(|l| l.iter().filter(|i| i.selected).cloned().collect());
            if chosen.is_empty() {
                return;
            }
            if chosen.iter().any(|i| !i.issues.is_empty()) {
                notice.set(Some(Notice::FixFirst));
                return;
            }
            let body = api::bulk_json(&LeadBulk::new(
                chosen.iter().map(|i| i.lead.clone()).collect(),
            ));
            let key = match last_attempt.get_value() {
                Some((key, same)) if same == body => key,
                _ => crate::public::outbox::new_key(),
            };
            let ids: Vec<i64> = chosen.iter().map(|i| i.bank.id_lead_bank).collect();
            let (base, bulk_base) = (base.clone(), config.with_value(|c| c.bulk_base.clone()));
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::post_bulk(&bulk_base, &body, Some(&key), &HumanSignals::default()).await
                {
                    Err(_) => {
                        last_attempt.set_value(Some((key, body)));
                        notice.set(Some(Notice::SendFailed));
                    }
                    Ok(bulk_id) => {
                        last_attempt.set_value(None);
                        let mut waiting = unconfirmed();
                        waiting.extend(&ids);
                        set_unconfirmed(&waiting);
                        leads.update(|l| l.retain(|i| !ids.contains(&i.bank.id_lead_bank)));
                        let told = confirm(&base, ids).await;
                        notice.set(Some(if told {
                            Notice::Sent(bulk_id)
                        } else {
                            Notice::ConfirmFailed(bulk_id)
                        }));
                    }
                }
                busy.set(false);
            });
        }
    };
    let notice_view = move || {
        notice.get().map(|n| match n {
            Notice::Sent(id) => view! {
                <p class="dlf-done">{tr(lang, texts::SENT_AS)} " " <a class="dlf-bulk-link" href=format!("#status?id={id}")>{id}</a></p>
            }
            .into_any(),
            Notice::ConfirmFailed(id) => view! {
                <p class="dlf-send-failed" role="alert">
                    {tr(lang, texts::SENT_AS)} " " <a class="dlf-bulk-link" href=format!("#status?id={id}")>{id}</a> ". " {tr(lang, texts::CONFIRM_FAILED)}
                </p>
            }
            .into_any(),
            Notice::SendFailed => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::SEND_FAILED)}</p> }.into_any(),
            Notice::FixFirst => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::FIX_FIRST)}</p> }.into_any(),
            Notice::FetchFailed => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::LOAD_FAILED)}</p> }.into_any(),
        })
    };
    let list_view = move || {
        let items = leads.get();
        if items.is_empty() {
            return view! { <p class="dlf-notice">{move || (!busy.get()).then(|| tr(lang, texts::NO_LEADS))}</p> }.into_any();
        }
        let cards = items
            .into_iter()
            .map(|item| {
                let id = item.bank.id_lead_bank;
                let name = [field_text(&item.raw, dms_model::field::FIRST_NAME), field_text(&item.raw, dms_model::field::LAST_NAME), field_text(&item.raw, dms_model::field::LEAD_NAME)]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let campaign = item.bank.name_campaign.clone().unwrap_or_default();
                let place = [dms_model::field::CUSTOMER_CITY, dms_model::field::BRAND, dms_model::field::MODEL_FAMILY]
                    .iter()
                    .map(|k| field_text(&item.raw, k))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                let mut keys: Vec<&'static str> = Vec::new();
                for issue in &item.issues {
                    let key = dms_model::import::import_fields().iter().copied().find(|k| *k == column_of(&issue.path));
                    if let Some(key) = key.filter(|k| !keys.contains(k)) {
                        keys.push(key);
                    }
                }
                let editors = keys
                    .into_iter()
                    .map(|key| {
                        let code = item.issues.iter().find(|i| column_of(&i.path) == key).map(|i| i.code);
                        let choices = book.with_value(|b| b.choices(&item.raw, key).map(|(en, ar)| (en.to_vec(), ar.to_vec())));
                        view! {
                            <div class="dlf-fix">
                                <span class="dlf-fix-label">{tr(lang, crate::i18n::label(key))}</span>
                                <LeadCell id=format!("lb-{id}-{key}") key=key text=field_text(&item.raw, key) choices=choices issue=code lang=lang
                                    on_change=Callback::new(move |t| correct(id, key, t))/>
                            </div>
                        }
                    })
                    .collect_view();
                let select_id = format!("lb-select-{id}");
                view! {
                    <li class="dlf-card" class:dlf-row-error=!item.issues.is_empty() data-lead-bank-id=id>
                        <p class="dlf-card-head">
                            <input id=select_id.clone() type="checkbox" prop:checked=item.selected
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    leads.update(|l| l.iter_mut().filter(|i| i.bank.id_lead_bank == id).for_each(|i| i.selected = on));
                                }/>
                            <label for=select_id><strong dir="auto">{name}</strong></label>
                            " " <span dir="ltr">{field_text(&item.lead, dms_model::field::PHONE_NUMBER)}</span>
                        </p>
                        <p class="dlf-note">
                            {tr(lang, texts::CAMPAIGN)} ": " <span dir="auto">{campaign}</span> " · " <span dir="auto">{place}</span>
                            " · " <span dir="ltr">{dms_model::leadbank::reference(id)}</span>
                        </p>
                        <div class="dlf-fixes">{editors}</div>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="dlf-cards">{cards}</ul> }.into_any()
    };
    let fetch_click = fetch.clone();
    view! {
        <section class="dlf-panel" aria-labelledby="inbox-title">
            <h1 id="inbox-title">{tr(lang, texts::INBOX_TITLE)}</h1>
            <p class="dlf-intro">{tr(lang, texts::INBOX_INTRO)}</p>
            <div class="dlf-row-actions">
                <button type="button" class="dlf-secondary" disabled=move || busy.get() on:click=move |_| fetch_click()>
                    {tr(lang, texts::FETCH_LEADS)}
                </button>
                <button type="button" class="dlf-submit" disabled=move || busy.get() || leads.with(Vec::is_empty) on:click=send>
                    {move || tr(lang, if busy.get() { texts::SENDING } else { texts::SEND_SELECTED })}
                </button>
            </div>
            <div aria-live="polite">{notice_view}</div>
            <div aria-busy=move || busy.get().then_some("true")>{list_view}</div>
        </section>
    }
    .into_any()
}
