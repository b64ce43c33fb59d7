//! Typed calls to the DMS through the proxy. One function per endpoint; every list request can be
//! aborted when a newer one makes it stale.

use dms_model::{ItemId, Lang, LeadBulk, ListItem, ListType};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Request, RequestInit, Response};

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
    /// The proxy wants a fresh form token (none was sent, or it is past its lifetime).
    #[error("form token to renew")]
    FormToken,
}

impl ApiError {
    /// Worth trying again later (as opposed to a request the DMS will always refuse).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network | ApiError::Aborted | ApiError::Decode | ApiError::FormToken => true,
            // 409: the proxy is still sending this very bulk (another tab, a reload): ask again.
            ApiError::Status(code) => matches!(*code, 408 | 409 | 429) || *code >= 500,
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

/// A request's place in the browser's queue (`RequestInit.priority`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Priority {
    /// The browser's default for `fetch` (high).
    Auto,
    Low,
}

/// One fetch through the browser: the response when one came back (whatever its status).
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    abort: Option<&AbortSignal>,
    priority: Priority,
) -> Result<Response, ApiError> {
    let network_or_aborted = |_| match abort {
        Some(signal) if signal.aborted() => ApiError::Aborted,
        _ => ApiError::Network,
    };
    let init = RequestInit::new();
    init.set_method(method);
    init.set_signal(abort);
    if priority == Priority::Low {
        // Not in web-sys' RequestInit yet; browsers without it ignore the member.
        let _ = js_sys::Reflect::set(&init, &"priority".into(), &"low".into());
    }
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;
    for (name, value) in headers {
        request
            .headers()
            .set(name, value)
            .map_err(|_| ApiError::Network)?;
    }
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(network_or_aborted)?;
    response.dyn_into().map_err(|_| ApiError::Network)
}

/// The body of a successful response as text; an error status otherwise.
async fn ok_text(response: Response, abort: Option<&AbortSignal>) -> Result<String, ApiError> {
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    text_of(&response, abort).await
}

/// The body of a response as text, whatever its status.
async fn text_of(response: &Response, abort: Option<&AbortSignal>) -> Result<String, ApiError> {
    let text = response.text().map_err(|_| ApiError::Decode)?;
    JsFuture::from(text)
        .await
        .map_err(|_| match abort {
            Some(signal) if signal.aborted() => ApiError::Aborted,
            _ => ApiError::Network,
        })?
        .as_string()
        .ok_or(ApiError::Decode)
}

/// `GET /v1/list/{TYPE}?parentId=&lang=`: the answer's text, checked to be a list answer (the
/// browser keeps that text for the next visit, `crate::kept_lists`).
pub async fn fetch_list(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
    abort: Option<&AbortSignal>,
) -> Result<(String, Vec<ListItem>), ApiError> {
    let url = list_url(api_base, list, parent, lang);
    // A form asks for all its lists without a parent at once when it starts (18 for the public
    // form), and over HTTP/1.1 the browser opens at most 6 connections to the proxy. A list that
    // follows a choice (a country's regions) is what the person waits for, so the others queue
    // behind it (emulated Slow 4G: the regions offered 1.81 -> 1.63 s, the last list unchanged).
    let priority = match parent {
        None => Priority::Low,
        Some(_) => Priority::Auto,
    };
    let response = send("GET", &url, &[], None, abort, priority).await?;
    let text = ok_text(response, abort).await?;
    let items = list_items(&text).ok_or(ApiError::Decode)?;
    Ok((text, items))
}

/// A list answer read with the browser's JSON parser (serde's deserializer costs the public form's
/// wasm more than this): the keys and id spellings `dms_model` accepts, `None` for anything else.
pub fn list_items(text: &str) -> Option<Vec<ListItem>> {
    use dms_model::lists::{item_id_from_number, item_id_from_text, ITEM_ID_KEYS, ITEM_TEXT_KEYS};
    let answer: js_sys::Array = js_sys::JSON::parse(text).ok()?.dyn_into().ok()?;
    answer
        .iter()
        .map(|entry| {
            // Reflect.get refuses what is not an object: such an entry is not an item.
            let first_of = |keys: &[&str]| {
                keys.iter()
                    .filter_map(|key| js_sys::Reflect::get(&entry, &JsValue::from_str(key)).ok())
                    .find(|value| !value.is_undefined() && !value.is_null())
            };
            let id = first_of(&ITEM_ID_KEYS)?;
            let id = match id.as_f64() {
                Some(number) => item_id_from_number(number),
                None => item_id_from_text(&id.as_string()?),
            }?;
            Some(ListItem::new(id, first_of(&ITEM_TEXT_KEYS)?.as_string()?))
        })
        .collect()
}

/// What the proxy's spam check looks at, sent as headers beside the bulk (never to the DMS): the
/// form token the proxy gave when the form was shown (it knows when that was), whether the hidden
/// trap field was filled (by a bot), and the Cloudflare Turnstile token when the page shows a
/// Turnstile challenge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HumanSignals {
    pub form_token: Option<String>,
    pub trap_filled: bool,
    pub turnstile: Option<String>,
}

/// `GET /v1/form-token`: a token for one bulk, and the milliseconds to wait before it is old
/// enough to be sent (`minFillMs`: a person takes at least that long).
pub async fn form_token(api_base: &str) -> Option<(String, u32)> {
    let url = format!("{api_base}/v1/form-token");
    let response = send("GET", &url, &[], None, None, Priority::Auto)
        .await
        .ok()?;
    let answer = js_sys::JSON::parse(&ok_text(response, None).await.ok()?).ok()?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok();
    let token = field("token")?.as_string()?;
    let min_fill_ms = field("minFillMs")?.as_f64().unwrap_or(0.0) as u32;
    Some((token, min_fill_ms))
}

/// A bulk body as JSON text.
pub fn bulk_json(bulk: &LeadBulk) -> String {
    dms_model::json::bulk_to_json(bulk)
}

/// `POST /v1/leads/bulks`: the bulk id the DMS gave the bulk. With an idempotency key, a retry of
/// the same bulk gets the same id from the proxy. A failure comes with the `Retry-After` seconds the
/// server asked for, if any.
/// The bulk travels as its JSON text (see [`bulk_json`]), as it is kept in the outbox.
pub async fn post_bulk(
    api_base: &str,
    bulk_json: &str,
    idempotency_key: Option<&str>,
    human: &HumanSignals,
) -> Result<i64, (ApiError, Option<u32>)> {
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(token) = &human.form_token {
        headers.push(("X-Form-Token", token));
    }
    if human.trap_filled {
        headers.push(("X-Form-Trap", "1"));
    }
    if let Some(key) = idempotency_key {
        headers.push(("Idempotency-Key", key));
    }
    if let Some(token) = &human.turnstile {
        headers.push(("X-Turnstile-Token", token));
    }
    let url = format!("{api_base}/v1/leads/bulks");
    let response = send(
        "POST",
        &url,
        &headers,
        Some(bulk_json),
        None,
        Priority::Auto,
    )
    .await
    .map_err(|e| (e, None))?;
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse().ok());
    if response.status() == 428 {
        // Which 428: a form token to renew (the form does it), or the person's human check.
        let text = text_of(&response, None).await.unwrap_or_default();
        if text.contains("form-token") {
            return Err((ApiError::FormToken, None));
        }
    }
    let text = ok_text(response, None)
        .await
        .map_err(|e| (e, retry_after))?;
    text.trim().parse().map_err(|_| (ApiError::Decode, None))
}

/// `key=value&…` with both sides percent-encoded.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let v: String = js_sys::encode_uri_component(v).into();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// GET `url` and decode its JSON answer.
pub async fn get_json<T: serde::de::DeserializeOwned>(
    url: &str,
    abort: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let response = send("GET", url, &[], None, abort, Priority::Auto).await?;
    let text = ok_text(response, abort).await?;
    serde_json::from_str(&text).map_err(|_| ApiError::Decode)
}

/// POST a JSON body to `url` and decode its JSON answer.
pub async fn post_json<T: serde::de::DeserializeOwned>(
    url: &str,
    body: &str,
) -> Result<T, ApiError> {
    let headers = [("Content-Type", "application/json")];
    let response = send("POST", url, &headers, Some(body), None, Priority::Auto).await?;
    let text = ok_text(response, None).await?;
    serde_json::from_str(&text).map_err(|_| ApiError::Decode)
}

/// `GET {gs_base}/v1/leads/bulks` (the bulk-status document).
pub async fn bulk_status(
    gs_base: &str,
    query: &dms_model::BulkStatusQuery,
) -> Result<dms_model::BulkStatus, ApiError> {
    let mut pairs = Vec::new();
    let mut number = |key: &'static str, value: Option<i64>| {
        if let Some(v) = value {
            pairs.push((key, v.to_string()));
        }
    };
    number("id", query.id);
    number("leadId", query.lead_id);
    number("source", query.source);
    number("subSource", query.sub_source);
    for (key, value) in [("fromDate", &query.from_date), ("toDate", &query.to_date)] {
        if let Some(v) = value {
            pairs.push((key, v.clone()));
        }
    }
    let url = format!("{gs_base}/v1/leads/bulks?{}", query_string(&pairs));
    get_json(&url, None).await
}

/// `GET {gs_base}/v1/core/customer` (the customer document), for a query that passed its checks.
pub async fn customers(
    gs_base: &str,
    query: &dms_model::CustomerQuery,
    abort: Option<&AbortSignal>,
) -> Result<Vec<dms_model::Customer>, ApiError> {
    let texts = [
        ("companyCode", &query.company_code),
        ("lang", &query.lang),
        ("identificationNo", &query.identification_no),
        ("mobileNumber", &query.mobile_number),
        ("referenceNo", &query.reference_no),
    ];
    let mut pairs: Vec<(&str, String)> = texts
        .iter()
        .filter_map(|(k, v)| Option::clone(v).map(|v| (*k, v)))
        .collect();
    if let Some(id) = query.customer_id {
        pairs.push(("customerId", id.to_string()));
    }
    let url = format!("{gs_base}/v1/core/customer?{}", query_string(&pairs));
    get_json(&url, abort).await
}
