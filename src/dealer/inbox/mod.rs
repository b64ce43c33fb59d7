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

//!
//! [`state::InboxState`] holds the leads and what the dealer can do with them; the components here
//! show them.

mod state;

use dms_model::field;
use dms_model::import::{column_of, field_text, import_fields};
use leptos::prelude::*;

use super::book::LeadCell;
use super::controls::BulkLink;
use super::{texts, use_config};
use crate::i18n::tr;
use state::{InboxLead, InboxState, Notice};

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
    let state = InboxState::new(config, base);
    Effect::new(move |_| state.fetch());
    let busy = state.busy;
    view! {
        <section class="dlf-panel" aria-labelledby="inbox-title">
            <h1 id="inbox-title">{tr(lang, texts::INBOX_TITLE)}</h1>
            <p class="dlf-intro">{tr(lang, texts::INBOX_INTRO)}</p>
            <div class="dlf-row-actions">
                <button type="button" class="dlf-secondary" disabled=move || busy.get() on:click=move |_| state.fetch()>
                    {tr(lang, texts::FETCH_LEADS)}
                </button>
                <button type="button" class="dlf-submit" disabled=move || busy.get() || state.leads.with(Vec::is_empty) on:click=move |_| state.send()>
                    {move || tr(lang, if busy.get() { texts::SENDING } else { texts::SEND_SELECTED })}
                </button>
            </div>
            <div aria-live="polite"><NoticeLine state=state/></div>
            <div aria-busy=move || busy.get().then_some("true")><LeadCards state=state/></div>
        </section>
    }
    .into_any()
}

/// What the last action came to.
#[component]
fn NoticeLine(state: InboxState) -> impl IntoView {
    let lang = state.lang;
    move || {
        state.notice.get().map(|n| match n {
            Notice::Sent(ids) => view! {
                <p class="dlf-done">{tr(lang, texts::SENT_AS)} " " <BulkLinks ids=ids/></p>
            }
            .into_any(),
            Notice::ConfirmFailed(ids) => view! {
                <p class="dlf-send-failed" role="alert">
                    {tr(lang, texts::SENT_AS)} " " <BulkLinks ids=ids/> ". " {tr(lang, texts::CONFIRM_FAILED)}
                </p>
            }
            .into_any(),
            Notice::SendFailed => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::SEND_FAILED)}</p> }.into_any(),
            Notice::FixFirst => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::FIX_FIRST)}</p> }.into_any(),
            Notice::FetchFailed => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::LEAD_BANK_DOWN)}</p> }.into_any(),
        })
    }
}

/// Links to the status of each bulk, separated by commas.
#[component]
fn BulkLinks(ids: Vec<i64>) -> impl IntoView {
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| view! { {(i > 0).then_some(", ")}<BulkLink id=id/> })
        .collect_view()
}

/// The waiting leads, a card each; "no leads" once a fetch found none.
#[component]
fn LeadCards(state: InboxState) -> impl IntoView {
    let lang = state.lang;
    move || {
        let items = state.leads.get();
        // The cards mark what is missing once the dealer tried to send.
        state.tried.track();
        if items.is_empty() {
            // "None are waiting" only when the provider said so, not when it could not be asked.
            let none = move || {
                (!state.busy.get() && state.fetched.get()).then(|| tr(lang, texts::NO_LEADS))
            };
            return view! { <p class="dlf-notice">{none}</p> }.into_any();
        }
        let cards = items
            .into_iter()
            .map(|item| view! { <LeadCard state=state item=item/> })
            .collect_view();
        view! { <ul class="dlf-cards">{cards}</ul> }.into_any()
    }
}

/// One lead: who, from which campaign, and an editor for each field it is missing.
#[component]
fn LeadCard(state: InboxState, item: InboxLead) -> impl IntoView {
    let lang = state.lang;
    let id = item.bank.id_lead_bank;
    let joined = |keys: &[&str], separator: &str| {
        keys.iter()
            .map(|k| field_text(&item.raw, k))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(separator)
    };
    let name = joined(
        &[field::FIRST_NAME, field::LAST_NAME, field::LEAD_NAME],
        " ",
    );
    let place = joined(
        &[field::CUSTOMER_CITY, field::BRAND, field::MODEL_FAMILY],
        " · ",
    );
    let campaign = item.bank.name_campaign.clone().unwrap_or_default();
    let mut keys: Vec<&'static str> = Vec::new();
    for issue in &item.issues {
        let key = import_fields()
            .iter()
            .copied()
            .find(|k| *k == column_of(&issue.path));
        if let Some(key) = key.filter(|k| !keys.contains(k)) {
            keys.push(key);
        }
    }
    let editors = keys
        .into_iter()
        .map(|key| {
            // Marked as errors once the dealer tried to send; before, the fields are just there to
            // complete.
            let code = item.issues.iter().find(|i| column_of(&i.path) == key).map(|i| i.code)
                .filter(|_| state.tried.get_untracked());
            let choices = state.book.with_value(|b| b.choices(&item.raw, key).map(|(en, ar)| (en.to_vec(), ar.to_vec())));
            view! {
                <div class="dlf-fix">
                    <span class="dlf-fix-label">{tr(lang, crate::i18n::label(key))}</span>
                    <LeadCell id=format!("lb-{id}-{key}") key=key text=field_text(&item.raw, key) choices=choices issue=code lang=lang
                        on_change=Callback::new(move |t| state.correct(id, key, t))/>
                </div>
            }
        })
        .collect_view();
    let select_id = format!("lb-select-{id}");
    let synced = item.synced.map(|bulk| {
        view! {
            <p class="dlf-done">
                {tr(lang, texts::SENT_BY_SYNC)} " " <BulkLink id=bulk/>
            </p>
        }
    });
    view! {
        <li class="dlf-card" class:dlf-row-error=!item.issues.is_empty() && state.tried.get_untracked() data-lead-bank-id=id>
            <p class="dlf-card-head">
                <input id=select_id.clone() type="checkbox" prop:checked=item.selected disabled=item.synced.is_some()
                    on:change=move |ev| state.select(id, event_target_checked(&ev))/>
                <label for=select_id><strong dir="auto">{name}</strong></label>
                " " <span dir="ltr">{field_text(&item.lead, field::PHONE_NUMBER)}</span>
            </p>
            <p class="dlf-note">
                {tr(lang, texts::CAMPAIGN)} ": " <span dir="auto">{campaign}</span> " · " <span dir="auto">{place}</span>
                " · " <span dir="ltr">{dms_model::leadbank::reference(id)}</span>
            </p>
            {synced}
            <div class="dlf-fixes">{item.synced.is_none().then_some(editors)}</div>
        </li>
    }
}
