//! Typed calls to the DMS through the proxy. One function per endpoint; every list request can be
//! aborted when a newer one makes it stale.

use dms_model::{ItemId, Lang, LeadBulk, ListItem, ListType};
use gloo_net::http::Request;
use web_sys::AbortSignal;

/// Why a call failed, in terms the form can explain to a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No answer: offline, DNS, CORS refusal, proxy down.
    #[error("network error")]
    Network,
    /// A newer request replaced this one.
    #[error("aborted")]
    Aborted,
    /// The proxy or the DMS answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// The answer was not what the API documents.
    #[error("unexpected answer")]
    Decode,
}

impl ApiError {
    /// Worth trying again later (as opposed to a request the DMS will always refuse).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network | ApiError::Aborted | ApiError::Decode => true,
            ApiError::Status(code) => *code == 408 || *code == 429 || *code >= 500,
        }
    }
}

/// The list endpoint URL for a list, its parent choice and a language.
pub fn list_url(api_base: &str, list: ListType, parent: Option<ItemId>, lang: Lang) -> String {
    let mut url = format!("{api_base}/v1/list/{}?lang={}", list.code(), lang.code());
    if let Some(parent) = parent {
        url.push_str("&parentId=");
        url.push_str(&parent.to_string());
    }
    url
}

/// `GET /v1/list/{TYPE}?parentId=&lang=`.
pub async fn fetch_list(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    abort: Option<&AbortSignal>,
) -> Result<Vec<ListItem>, ApiError> {
    let response = Request::get(&list_url(api_base, list, parent, lang))
        .abort_signal(abort)
        .send()
        .await
        .map_err(|_| match abort {
            Some(signal) if signal.aborted() => ApiError::Aborted,
            _ => ApiError::Network,
        })?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    response.json().await.map_err(|_| ApiError::Decode)
}

/// What the proxy's spam check looks at, sent as headers beside the bulk (never to the DMS): how
/// long the person took to fill the form, and whether the hidden trap field was filled (by a bot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HumanSignals {
    pub fill_ms: u64,
    pub trap_filled: bool,
}

/// A bulk body as JSON text.
pub fn bulk_json(bulk: &LeadBulk) -> String {
    serde_json::to_string(bulk).unwrap_or_default()
}

/// `POST /v1/leads/bulks`: the bulk id the DMS gave the bulk. With an idempotency key, a retry of
/// the same bulk gets the same id from the proxy. A failure comes with the `Retry-After` seconds the
/// server asked for, if any.
/// The bulk travels as its JSON text (see [`bulk_json`]), as it is kept in the outbox.
pub async fn post_bulk(
    api_base: &str,
    bulk_json: &str,
    idempotency_key: Option<&str>,
    human: HumanSignals,
) -> Result<i64, (ApiError, Option<u32>)> {
    let mut request = Request::post(&format!("{api_base}/v1/leads/bulks"))
        .header("Content-Type", "application/json")
        .header("X-Form-Fill-Ms", &human.fill_ms.to_string());
    if human.trap_filled {
        request = request.header("X-Form-Trap", "1");
    }
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request
        .body(bulk_json)
        .map_err(|_| (ApiError::Decode, None))?
        .send()
        .await
        .map_err(|_| (ApiError::Network, None))?;
    if !response.ok() {
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.trim().parse().ok());
        return Err((ApiError::Status(response.status()), retry_after));
    }
    response
        .json::<i64>()
        .await
        .map_err(|_| (ApiError::Decode, None))
}
