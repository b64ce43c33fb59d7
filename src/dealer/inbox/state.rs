//! The inbox's state: the provider's leads as mapped and judged, the notice of the last action,
//! and what the dealer can do (fetch, correct, select, send) as methods.

use dms_model::import::{set_field, ListBook};
use dms_model::leadbank::{confirmation_body, idempotency_key, LeadBankMapping};
use dms_model::{Issue, Lang, Lead, LeadBankLead, LeadBankResponse, LeadBulk};
use leptos::prelude::*;

use super::super::book::{fill_book, judge, JudgedAt};
use super::super::DealerConfig;
use crate::api::{self, HumanSignals};
use crate::browser::local_storage;

/// Local-storage key of leads the DMS took whose reception the provider has not confirmed yet.
const UNCONFIRMED: &str = "dms-lead-bank-unconfirmed";

/// A provider lead, mapped (`raw`), as it would be sent (`lead`), and whether the dealer chose it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct InboxLead {
    pub bank: LeadBankLead,
    pub raw: Lead,
    pub lead: Lead,
    pub issues: Vec<Issue>,
    pub selected: bool,
    /// The bulk the proxy's automatic sync already sent it in: nothing for the dealer to do.
    pub synced: Option<i64>,
}

/// What the last action came to.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Notice {
    /// The bulk of each lead sent.
    Sent(Vec<i64>),
    ConfirmFailed(Vec<i64>),
    SendFailed,
    FixFirst,
    FetchFailed,
}

/// Everything the inbox shows and changes; every part is a signal, so the state is `Copy`.
#[derive(Clone, Copy)]
pub(super) struct InboxState {
    config: StoredValue<DealerConfig>,
    /// The provider's base (`data-lead-bank-base`).
    base: StoredValue<String>,
    pub lang: Lang,
    pub leads: RwSignal<Vec<InboxLead>>,
    pub book: StoredValue<ListBook>,
    pub busy: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    /// Whether the provider answered the last fetch: "no leads are waiting" is said only then.
    pub fetched: RwSignal<bool>,
    /// Whether the dealer tried to send: what is missing is marked as an error only from then on.
    pub tried: RwSignal<bool>,
}

impl InboxState {
    pub fn new(config: StoredValue<DealerConfig>, base: String) -> InboxState {
        InboxState {
            config,
            base: StoredValue::new(base),
            lang: config.with_value(|c| c.lang),
            leads: RwSignal::new(Vec::new()),
            book: StoredValue::new(ListBook::default()),
            busy: RwSignal::new(false),
            notice: RwSignal::new(None),
            fetched: RwSignal::new(false),
            tried: RwSignal::new(false),
        }
    }

    /// Judges `items` again with the lists they name (loaded when missing).
    async fn rejudge(self, items: Vec<InboxLead>) -> Vec<InboxLead> {
        let api_base = self.config.with_value(|c| c.api_base.clone());
        let mut loaded = self.book.get_value();
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
        self.book.set_value(loaded);
        items
    }

    /// Confirms what the DMS already took, then fetches the provider's pending leads.
    pub fn fetch(self) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        let base = self.base.get_value();
        let (dealer, own_mapping, bulk_base) = self.config.with_value(|c| {
            (
                c.lead_bank_dealer,
                c.lead_bank_mapping.clone(),
                c.bulk_base.clone(),
            )
        });
        wasm_bindgen_futures::spawn_local(async move {
            // The proxy's mapping (the one its sync uses) unless the page gives its own, and what
            // the sync already sent.
            let proxy_view = proxy_view(&bulk_base).await;
            let mapping = own_mapping
                .or_else(|| proxy_view.as_ref().map(|v| v.mapping.clone()))
                .unwrap_or_default();
            let synced = proxy_view.map(|v| v.synced).unwrap_or_default();
            // Leads the DMS already took are confirmed first, and never shown again.
            let waiting = unconfirmed();
            if !waiting.is_empty() {
                confirm(&base, waiting).await;
            }
            let answer: Result<LeadBankResponse, _> =
                api::post_json(&format!("{base}/leads"), &dealer.to_string()).await;
            match answer {
                Err(_) => {
                    self.fetched.set(false);
                    self.notice.set(Some(Notice::FetchFailed));
                }
                Ok(answer) => {
                    self.fetched.set(true);
                    if self.notice.get_untracked() == Some(Notice::FetchFailed) {
                        self.notice.set(None);
                    }
                    let waiting = unconfirmed();
                    let mut items = self.leads.get_untracked();
                    for bank in answer.leads {
                        // Shown once (the provider hands unconfirmed leads out again), and
                        // never again once the DMS took it.
                        let id = bank.id_lead_bank;
                        if waiting.contains(&id) || items.iter().any(|i| i.bank.id_lead_bank == id)
                        {
                            continue;
                        }
                        let raw = mapping.map_lead(&bank);
                        let synced = synced.iter().find(|(i, _)| *i == id).map(|(_, b)| *b);
                        items.push(InboxLead {
                            bank,
                            raw,
                            lead: Lead::default(),
                            issues: Vec::new(),
                            selected: synced.is_none(),
                            synced,
                        });
                    }
                    let judged = self.rejudge(items).await;
                    self.leads.set(judged);
                }
            }
            self.busy.set(false);
        });
    }

    /// The dealer completed the field `key` of the lead `id`: the leads are judged again.
    pub fn correct(self, id: i64, key: &'static str, text: String) {
        self.leads.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.bank.id_lead_bank == id) {
                set_field(&mut item.raw, key, &text);
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            let judged = self.rejudge(self.leads.get_untracked()).await;
            // A lead corrected again (or chosen, or left out) while the lists loaded keeps what
            // the dealer did since: only a judgement of the lead as it still stands is taken.
            self.leads.update(|items| {
                for item in items.iter_mut() {
                    let id = item.bank.id_lead_bank;
                    let same = judged
                        .iter()
                        .find(|j| j.bank.id_lead_bank == id && j.raw == item.raw);
                    if let Some(judged) = same {
                        item.lead = judged.lead.clone();
                        item.issues = judged.issues.clone();
                    }
                }
            });
        });
    }

    /// Chooses the lead `id` for the next bulk, or not.
    pub fn select(self, id: i64, on: bool) {
        self.leads.update(|l| {
            l.iter_mut()
                .filter(|i| i.bank.id_lead_bank == id)
                .for_each(|i| i.selected = on)
        });
    }

    /// Sends the chosen leads, each as a bulk of its own under its lead-bank key (the key the
    /// proxy's sync uses too: whichever sends a lead second is answered with the first bulk id);
    /// once the DMS took them, confirms them to the provider.
    pub fn send(self) {
        if self.busy.get_untracked() {
            return;
        }
        let chosen: Vec<InboxLead> = self.leads.with_untracked(|l| {
            l.iter()
                .filter(|i| i.selected && i.synced.is_none())
                .cloned()
                .collect()
        });
        if chosen.is_empty() {
            return;
        }
        self.tried.set(true);
        if chosen.iter().any(|i| !i.issues.is_empty()) {
            self.notice.set(Some(Notice::FixFirst));
            return;
        }
        let base = self.base.get_value();
        let bulk_base = self.config.with_value(|c| c.bulk_base.clone());
        self.busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let (mut ids, mut bulks) = (Vec::new(), Vec::new());
            for item in &chosen {
                let id = item.bank.id_lead_bank;
                let body = api::bulk_json(&LeadBulk::new(vec![item.lead.clone()]));
                let key = idempotency_key(id);
                let human = HumanSignals::default();
                match api::post_bulk(&bulk_base, &body, Some(&key), &human).await {
                    Ok(bulk_id) => {
                        ids.push(id);
                        bulks.push(bulk_id);
                    }
                    Err(_) => {
                        self.notice.set(Some(Notice::SendFailed));
                        break;
                    }
                }
            }
            if !ids.is_empty() {
                let mut waiting = unconfirmed();
                waiting.extend(&ids);
                set_unconfirmed(&waiting);
                self.leads
                    .update(|l| l.retain(|i| !ids.contains(&i.bank.id_lead_bank)));
                let told = confirm(&base, ids).await;
                let failed = self.notice.get_untracked() == Some(Notice::SendFailed);
                if !failed {
                    self.notice.set(Some(match told {
                        true => Notice::Sent(bulks),
                        false => Notice::ConfirmFailed(bulks),
                    }));
                }
            }
            self.busy.set(false);
        });
    }
}

/// What the proxy says of the lead bank: its mapping, and the leads its sync already sent.
struct ProxyView {
    mapping: LeadBankMapping,
    /// `(IDLeadBank, bulk id)`.
    synced: Vec<(i64, i64)>,
}

/// `GET {bulk_base}/lead-bank`; `None` from a proxy without it (or unreachable).
async fn proxy_view(bulk_base: &str) -> Option<ProxyView> {
    let answer: serde_json::Value = api::get_json(&format!("{bulk_base}/lead-bank"), None)
        .await
        .ok()?;
    let mapping = serde_json::from_value(answer.get("mapping")?.clone()).ok()?;
    let leads = answer
        .pointer("/sync/last/leads")
        .and_then(|l| l.as_object());
    let synced = leads
        .into_iter()
        .flatten()
        .filter_map(|(id, state)| {
            let bulk = state.pointer("/sent/bulkId")?.as_i64()?;
            Some((id.parse().ok()?, bulk))
        })
        .collect();
    Some(ProxyView { mapping, synced })
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
