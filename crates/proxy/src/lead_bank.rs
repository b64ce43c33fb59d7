//! The lead-bank sync: the provider's leads reach the DMS within a round (`[lead_bank]
//! sync_every_seconds`), with nobody at the inbox — at night and on Fridays too. A task of the proxy
//! (not a binary of its own) because it needs exactly what the proxy holds: the credentials, the
//! shared rules, and above all the idempotency store the dealer inbox's sends go through, so the two
//! paths can never make a lead twice.
//!
//! A round: pull the pending leads (`POST api/leads` with the dealer's id), map each with the one
//! mapping (`[lead_bank.mapping]`, routing rules included), judge it with the DMS rules, and send
//! each lead that passes as a bulk of its own under the key [`idempotency_key`] of its `IDLeadBank`
//! — the same key the inbox uses. Then confirm (`ValidateGetLeads`) exactly the leads the DMS gave a
//! bulk id. A lead that does not pass waits for a dealer in the inbox. A confirmation that failed is
//! made again next round: the provider hands the lead out again, its key answers with the bulk id
//! recorded the first time, nothing is posted twice. With Redis, one instance runs a round at a
//! time (a lock that expires before the next round is due).
//!
//! The window that remains is the browser bulks' one: a process killed outright between the DMS's
//! answer and its record sends the lead again after the restart (with an idempotency file or Redis
//! the record is written as the answer comes).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use dms_model::leadbank::{confirmation_body, idempotency_key};
use dms_model::{prepare, LeadBankLead, LeadBankResponse, LeadBulk, NoCatalog};

use crate::{
    call_upstream, rules_today, send_bulk, send_once, Call, Group, Proxy, ProxyError, Sent, Tokens,
    Upstream,
};

/// Where the last round's report is kept when the instances share Redis.
const REPORT_KEY: &str = "dms-proxy:lead-bank:report";
const LOCK_KEY: &str = "dms-proxy:lead-bank:lock";

/// What became of one provider lead in the last round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum LeadState {
    /// The DMS has it: its bulk id, and whether the provider was told.
    Sent { bulk_id: i64, confirmed: bool },
    /// Not sent: what a dealer must complete (rule issue paths), or why it could not go.
    Waiting { fields: Vec<String>, reason: String },
}

/// The last round's report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// When the round ended (ms since the epoch).
    pub at: u64,
    pub leads: BTreeMap<i64, LeadState>,
}

/// The last round's report of this instance.
#[derive(Default)]
pub struct Rounds {
    last: Mutex<Option<Report>>,
}

/// Runs a round every `every`, for as long as the process lives.
pub(crate) fn start(proxy: Arc<Proxy>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            round(&proxy, every).await;
        }
    });
}

/// One round; `None` when another instance holds the round, or the provider could not be asked.
async fn round(proxy: &Arc<Proxy>, every: Duration) -> Option<Report> {
    if let Some(redis) = &proxy.redis {
        let lock = redis.set_new(LOCK_KEY, b"round", every.mul_f32(0.9)).await;
        if lock != Ok(true) {
            count("skipped_locked", 1);
            return None;
        }
    }
    let pulled = pull(proxy).await;
    let Some(pulled) = pulled else {
        tracing::warn!("lead bank: the provider could not be asked; next round");
        return None;
    };
    count("pulled", pulled.len());
    let mut report = Report::default();
    for bank in &pulled {
        let state = deliver(proxy, bank).await;
        report.leads.insert(bank.id_lead_bank, state);
    }
    let taken: Vec<i64> = report
        .leads
        .iter()
        .filter(|(_, state)| matches!(state, LeadState::Sent { .. }))
        .map(|(id, _)| *id)
        .collect();
    if !taken.is_empty() {
        let confirmed = confirm(proxy, &taken).await;
        if !confirmed {
            count("confirm_failed", taken.len());
        }
        for id in &taken {
            if let Some(LeadState::Sent { confirmed: c, .. }) = report.leads.get_mut(id) {
                *c = confirmed;
            }
        }
    }
    let waiting = report.leads.len() - taken.len();
    count("waiting", waiting);
    tracing::info!(
        pulled = pulled.len(),
        sent = taken.len(),
        waiting,
        "lead bank round"
    );
    report.at = crate::form_token::now_ms();
    keep(proxy, &report).await;
    Some(report)
}

/// The provider's pending leads.
async fn pull(proxy: &Proxy) -> Option<Vec<LeadBankLead>> {
    let dealer = Bytes::from(proxy.config.lead_bank.dealer_id.to_string());
    let call = Call::post(Upstream::LeadBank, "/api/leads", dealer);
    let answer = call_upstream(proxy, call).await.ok()?;
    if !answer.status.is_success() {
        return None;
    }
    let answer: LeadBankResponse = serde_json::from_slice(&answer.body).ok()?;
    Some(answer.leads)
}

/// Maps, judges and (when it passes) sends one provider lead, once.
async fn deliver(proxy: &Arc<Proxy>, bank: &LeadBankLead) -> LeadState {
    let mut raw = proxy.config.lead_bank.mapping.map_lead(bank);
    // As the inbox does: the lead's name and type from its fields, its date the moment it is sent.
    let now = dms_model::date::iso_timestamp(crate::form_token::now_ms() as i64);
    dms_model::derive::derive_fields(&mut raw, &now);
    let (lead, issues) = prepare(&raw, &NoCatalog, rules_today());
    if !issues.is_empty() {
        let mut fields: Vec<String> = issues.into_iter().map(|i| i.path).collect();
        fields.dedup();
        return LeadState::Waiting {
            fields,
            reason: "incomplete".into(),
        };
    }
    let Ok(body) = serde_json::to_vec(&LeadBulk::new(vec![lead])) else {
        return waiting("not a bulk");
    };
    let key = idempotency_key(bank.id_lead_bank);
    let tokens = Tokens {
        turnstile: None,
        form: None,
        bulk: Vec::new(),
        keyed: true,
    };
    let send = send_bulk(proxy.clone(), Group::Dealer, tokens, Bytes::from(body));
    let identity = Bytes::from(key.clone());
    let answer = match send_once(proxy, key, identity, send).await {
        Ok(Sent::Now(answer)) => {
            count("sent", 1);
            answer
        }
        Ok(Sent::Before(answer)) => {
            count("confirm_retried", 1);
            answer
        }
        Err(ProxyError::AlreadySending) => return waiting("being sent"),
        Err(error) => return waiting(&error.to_string()),
    };
    let bulk_id = std::str::from_utf8(&answer.body)
        .ok()
        .and_then(|text| text.trim().parse().ok());
    match (answer.status.is_success(), bulk_id) {
        (true, Some(bulk_id)) => LeadState::Sent {
            bulk_id,
            confirmed: false,
        },
        _ => waiting(&format!("the DMS answered {}", answer.status.as_u16())),
    }
}

fn waiting(reason: &str) -> LeadState {
    LeadState::Waiting {
        fields: Vec::new(),
        reason: reason.to_owned(),
    }
}

/// Tells the provider the DMS has `ids`.
async fn confirm(proxy: &Proxy, ids: &[i64]) -> bool {
    let body = Bytes::from(confirmation_body(ids));
    let call = Call::post(Upstream::LeadBank, "/api/ValidateGetLeads", body);
    matches!(call_upstream(proxy, call).await, Ok(answer) if answer.status.is_success())
}

/// Keeps the report for the inbox: in this process, and in Redis for every instance.
async fn keep(proxy: &Proxy, report: &Report) {
    if let Some(redis) = &proxy.redis {
        if let Ok(json) = serde_json::to_vec(report) {
            let _ = redis
                .set(REPORT_KEY, &json, Duration::from_secs(24 * 3600))
                .await;
        }
    }
    if let Ok(mut last) = proxy.lead_bank.last.lock() {
        *last = Some(report.clone());
    }
}

/// The last round's report, from Redis when the instances share one (another may have run it).
async fn last_report(proxy: &Proxy) -> Option<Report> {
    if let Some(redis) = &proxy.redis {
        if let Ok(Some(json)) = redis.get(REPORT_KEY).await {
            return serde_json::from_slice(&json).ok();
        }
    }
    proxy.lead_bank.last.lock().ok()?.clone()
}

fn count(event: &'static str, n: usize) {
    metrics::counter!("proxy_lead_bank_total", "event" => event).increment(n as u64);
}

/// `GET /dealer/api/lead-bank`: the one mapping (the inbox maps with it unless its page gives its
/// own) and what the sync did with each lead, `null` when no sync runs.
pub(crate) async fn for_the_inbox(State(proxy): State<Arc<Proxy>>) -> Response {
    let config = &proxy.config.lead_bank;
    let sync = match config.sync_every {
        None => None,
        Some(every) => Some(serde_json::json!({
            "everySeconds": every.as_secs_f64(),
            "last": last_report(&proxy).await,
        })),
    };
    Json(serde_json::json!({ "mapping": config.mapping, "sync": sync })).into_response()
}
