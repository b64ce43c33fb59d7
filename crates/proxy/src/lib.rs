//! # proxy
//!
//! The CORS proxy between the browser widget and the DMS. It holds the DMS credential (the browser
//! never does) and is closed by default. Routes come in two groups (see [`config`]):
//! - **public** (the embedded form): `GET /api/v1/list/{TYPE}` and `POST /api/v1/leads/bulks`, from the
//!   public origins, small bodies, few leads per bulk, spam checks and optional Turnstile;
//! - **dealer** (the portal's pages): `GET /gs/v1/leads/bulks`, `GET /gs/v1/core/customer`,
//!   `POST /dealer/api/v1/leads/bulks` (large bulks), `POST /leadbank/api/leads` and
//!   `POST /leadbank/api/ValidateGetLeads`, from the dealer origins, and only with the dealer token
//!   header that the portal's reverse proxy sets once it has authenticated the dealer.
//!
//! Every route goes to a fixed upstream path (nothing of the request's path is pasted into the
//! upstream URL but a known list type), with only the documented query parameters. A request from an
//! `Origin` not configured for its group is refused (403) before anything is sent. Only the status,
//! `Content-Type` and body of the upstream answer come back (no cookies, no other upstream headers);
//! redirects are not followed; upstream calls time out. A bulk must carry 1 to the group's
//! `max_leads_per_bulk` leads that pass the `dms-model` rules (400 with the issues otherwise).
//! Requests are rate-limited per client IP and per page origin (429 with `Retry-After`). A bulk with
//! an `Idempotency-Key` is sent upstream once: a retry gets the first answer (see [`idempotency`]).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use dms_model::{prepare, Date, LeadBulk, ListType, NoCatalog};

pub mod config;
pub mod error;
pub mod idempotency;
pub mod limits;
pub mod turnstile;
pub mod upstream;
pub use config::{ConfigError, ProxyConfig};
pub use error::ProxyError;
use idempotency::{fingerprint, valid_key, Answer, Claim, IdempotencyStore};
use limits::{ClientIp, PageOrigin};
use turnstile::{Verdict, Verifier, TURNSTILE_TOKEN};
use upstream::UpstreamClient;

/// The request header that makes a bulk POST idempotent.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// How long the person took to fill the form, in milliseconds (sent by the widget).
pub const FORM_FILL_MS: &str = "x-form-fill-ms";
/// Set by the widget when its hidden trap field was filled: only bots fill it.
pub const FORM_TRAP: &str = "x-form-trap";

/// Query parameters passed on per route (the bulk-status, customer and list documents); anything else is dropped.
const LIST_PARAMS: &[&str] = &["parentId", "lang"];
const STATUS_PARAMS: &[&str] = &["id", "leadId", "fromDate", "toDate", "source", "subSource"];
const CUSTOMER_PARAMS: &[&str] = &[
    "companyCode",
    "customerId",
    "identificationNo",
    "mobileNumber",
    "referenceNo",
    "lang",
];

struct Proxy {
    config: ProxyConfig,
    upstream: UpstreamClient,
    idempotency: IdempotencyStore,
    turnstile: Option<Verifier>,
}

#[derive(Clone, Copy)]
enum Upstream {
    Api,
    Gs,
    LeadBank,
}

/// The two route groups, each with its own origins, limits and checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Public,
    Dealer,
}

/// The proxy's routes, CORS and origin policy. Fails only when the idempotency file cannot be
/// opened.
pub fn router(config: ProxyConfig) -> Result<Router, ConfigError> {
    let upstream = UpstreamClient::new(config.upstream_timeout);
    let every_origin: Vec<HeaderValue> = config
        .public
        .allowed_origins
        .iter()
        .chain(&config.dealer.allowed_origins)
        .cloned()
        .collect();
    // The dealer token is not among the allowed headers: it is set by the portal's reverse proxy,
    // never sent by a page.
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(every_origin))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static(IDEMPOTENCY_KEY),
            HeaderName::from_static(FORM_FILL_MS),
            HeaderName::from_static(FORM_TRAP),
            HeaderName::from_static(TURNSTILE_TOKEN),
        ])
        .max_age(Duration::from_secs(600));
    let idempotency = match &config.idempotency.file {
        None => IdempotencyStore::new(config.idempotency.ttl, config.idempotency.capacity),
        Some(path) => {
            IdempotencyStore::open(config.idempotency.ttl, config.idempotency.capacity, path)
                .map_err(|e| ConfigError::File {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?
        }
    };
    let turnstile = config.turnstile.clone().map(Verifier::new);
    let (public_body, dealer_body) = (config.public.max_body_bytes, config.dealer.max_body_bytes);
    let (rate_per_ip, rate_per_origin) = (config.rate_per_ip, config.rate_per_origin);
    let proxy = Arc::new(Proxy {
        config,
        upstream,
        idempotency,
        turnstile,
    });
    let public = Router::new()
        .route("/api/v1/list/{list_type}", get(list))
        .route(
            "/api/v1/leads/bulks",
            post(|state, headers, body| post_bulk(state, Group::Public, headers, body))
                .layer(DefaultBodyLimit::max(public_body)),
        );
    let dealer = Router::new()
        .route(
            "/gs/v1/leads/bulks",
            forward_get(Upstream::Gs, "/v1/leads/bulks", STATUS_PARAMS),
        )
        .route(
            "/gs/v1/core/customer",
            forward_get(Upstream::Gs, "/v1/core/customer", CUSTOMER_PARAMS),
        )
        .route(
            "/dealer/api/v1/leads/bulks",
            post(|state, headers, body| post_bulk(state, Group::Dealer, headers, body)),
        )
        .route(
            "/leadbank/api/leads",
            forward_post(Upstream::LeadBank, "/api/leads"),
        )
        .route(
            "/leadbank/api/ValidateGetLeads",
            forward_post(Upstream::LeadBank, "/api/ValidateGetLeads"),
        )
        .layer(DefaultBodyLimit::max(dealer_body));
    Ok(Router::new()
        .merge(public)
        .merge(dealer)
        .route("/health", get(|| async { "ok" }))
        .fallback(|| async { ProxyError::NotARoute })
        // Inside CORS: a 429 carries the CORS headers, so the page can read it and back off; CORS
        // preflights are answered before they count against a limit.
        .layer(limits::layer(PageOrigin, rate_per_origin))
        .layer(limits::layer(ClientIp, rate_per_ip))
        .layer(cors)
        // Outermost: a refused request costs nothing more (no CORS work, no rate-limit entry).
        .layer(middleware::from_fn_with_state(proxy.clone(), check_access))
        .with_state(proxy))
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// The group a path belongs to, by its first segment.
fn group_of(path: &str) -> Option<Group> {
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    match first {
        "api" => Some(Group::Public),
        "gs" | "dealer" | "leadbank" => Some(Group::Dealer),
        _ => None,
    }
}

/// Closed by default: a browser request from an origin no group allows goes nowhere, not even to
/// the CORS preflight answer; a route of a group may be called from that group's origins only; and
/// dealer routes need the dealer token as well (they are closed when none is configured). One
/// middleware for all of it, outside everything else.
async fn check_access(State(proxy): State<Arc<Proxy>>, request: Request, next: Next) -> Response {
    let config = &proxy.config;
    let group = group_of(request.uri().path());
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let allowed = match group {
            Some(Group::Public) => config.public.allowed_origins.contains(origin),
            Some(Group::Dealer) => config.dealer.allowed_origins.contains(origin),
            None => {
                config.public.allowed_origins.contains(origin)
                    || config.dealer.allowed_origins.contains(origin)
            }
        };
        if !allowed {
            return ProxyError::OriginNotAllowed.into_response();
        }
    }
    // A preflight carries no credentials; the CORS layer answers it and nothing is forwarded.
    if group == Some(Group::Dealer) && request.method() != Method::OPTIONS {
        let Some(token) = &config.dealer.token else {
            return ProxyError::DealerRoutesClosed.into_response();
        };
        let given = request.headers().get(&config.dealer.auth_header);
        if !given.is_some_and(|g| same_secret(g.as_bytes(), token.as_bytes())) {
            return ProxyError::DealerAuthRequired.into_response();
        }
    }
    next.run(request).await
}

async fn list(
    State(proxy): State<Arc<Proxy>>,
    Path(list_type): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Answer, ProxyError> {
    let list = ListType::from_code(&list_type).ok_or(ProxyError::UnknownListType)?;
    let path = format!("/v1/list/{}", list.code());
    call_upstream(
        &proxy,
        Method::GET,
        Upstream::Api,
        &path,
        query.as_deref(),
        LIST_PARAMS,
        None,
    )
    .await
}

/// A GET route forwarded to `path` on `upstream` with only `params` passed on.
fn forward_get(
    upstream: Upstream,
    path: &'static str,
    params: &'static [&'static str],
) -> MethodRouter<Arc<Proxy>> {
    get(
        move |State(proxy): State<Arc<Proxy>>, RawQuery(query): RawQuery| async move {
            call_upstream(
                &proxy,
                Method::GET,
                upstream,
                path,
                query.as_deref(),
                params,
                None,
            )
            .await
        },
    )
}

/// A POST route forwarded to `path` on `upstream` with its JSON body and no query.
fn forward_post(upstream: Upstream, path: &'static str) -> MethodRouter<Arc<Proxy>> {
    post(
        move |State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: Bytes| async move {
            if !is_json(&headers) {
                return Err(ProxyError::NotJsonContentType);
            }
            if serde_json::from_slice::<serde_json::Value>(&body).is_err() {
                return Err(ProxyError::BodyNotJson);
            }
            call_upstream(&proxy, Method::POST, upstream, path, None, &[], Some(body)).await
        },
    )
}

/// A bulk from a bot: the trap was filled, or the form was filled faster than a person can (or the
/// widget's fill time is missing: the POST did not come from the form).
fn looks_like_a_bot(config: &ProxyConfig, headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let trapped = header(FORM_TRAP).is_some_and(|v| v != "0");
    let fill_ms = header(FORM_FILL_MS).and_then(|v| v.trim().parse::<u64>().ok());
    trapped || fill_ms.is_none_or(|ms| u128::from(ms) < config.public.min_fill.as_millis())
}

/// A plausible bulk id for a bot, stable for the same body (a bot retrying sees the same id).
fn decoy_bulk_id(body: &[u8]) -> i64 {
    100_000 + (fingerprint(body) % 900_000) as i64
}

/// Every lead's issues under the DMS rules (formats and mandatory fields; list membership is the
/// DMS's to check), as `{lead, path, code}`.
fn bulk_issues(bulk: &LeadBulk) -> Vec<serde_json::Value> {
    // A day ahead of UTC: the browser judged "not in the future" in the person's own time zone.
    let today = Date::from_unix_days(dms_model::date::unix_days(Date::today_utc()) + 1);
    bulk.leads
        .iter()
        .enumerate()
        .flat_map(|(index, lead)| {
            let (_, issues) = prepare(lead, &NoCatalog, today);
            issues
                .into_iter()
                .map(move |i| json!({ "lead": index, "path": i.path, "code": i.code }))
        })
        .collect()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        })
}

/// A bulk POST of either group: checked, then sent upstream at most once per idempotency key.
async fn post_bulk(
    State(proxy): State<Arc<Proxy>>,
    group: Group,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ProxyError> {
    if !is_json(&headers) {
        return Err(ProxyError::NotJsonContentType);
    }
    // Only a body shaped like a lead bulk, with leads that pass the DMS rules, goes upstream.
    let bulk = serde_json::from_slice::<LeadBulk>(&body).map_err(|_| ProxyError::NotALeadBulk)?;
    let max_leads = match group {
        Group::Public => proxy.config.public.max_leads_per_bulk,
        Group::Dealer => proxy.config.dealer.max_leads_per_bulk,
    };
    if bulk.leads.is_empty() || bulk.leads.len() > max_leads {
        return Err(ProxyError::WrongLeadCount);
    }
    if group == Group::Public && looks_like_a_bot(&proxy.config, &headers) {
        // Answered like a success so the bot learns nothing; nothing reaches the DMS.
        return Ok(Json(decoy_bulk_id(&body)).into_response());
    }
    let issues = bulk_issues(&bulk);
    if !issues.is_empty() {
        return Err(ProxyError::RulesNotPassed(issues));
    }
    let key = match headers.get(IDEMPOTENCY_KEY).map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) if valid_key(key) => Some(key.to_owned()),
        Some(_) => return Err(ProxyError::InvalidIdempotencyKey),
    };
    let turnstile_token = headers
        .get(TURNSTILE_TOKEN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let send = || send_bulk(proxy.clone(), group, turnstile_token.clone(), body.clone());
    let Some(key) = key else {
        return Ok(send().await?.into_response());
    };
    match proxy.idempotency.claim(&key, &body) {
        Claim::Replay(answer) => {
            let mut response = answer.into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            Ok(response)
        }
        Claim::InProgress => Err(ProxyError::AlreadySending),
        Claim::Mismatch => Err(ProxyError::KeyUsedForAnotherBulk),
        Claim::Fresh => {
            // In a task of its own: when the browser goes away mid-call (a reload, a lost
            // connection), the server drops this handler, but the call upstream must still finish
            // and its answer be remembered, or the key would stay "in progress" and the retry
            // could never learn the bulk id.
            let task = {
                let (proxy, send) = (proxy.clone(), send());
                async move {
                    let answer = send.await;
                    let answer = answer.unwrap_or_else(|failure| failure.answer());
                    proxy.idempotency.complete(&key, &answer);
                    answer
                }
            };
            match tokio::spawn(task).await {
                Ok(answer) => Ok(answer.into_response()),
                Err(_) => Err(ProxyError::SendFailed),
            }
        }
    }
}

/// Sends a checked bulk to the DMS, after the human check when Turnstile is configured.
async fn send_bulk(
    proxy: Arc<Proxy>,
    group: Group,
    turnstile_token: Option<String>,
    body: Bytes,
) -> Result<Answer, ProxyError> {
    if let (Group::Public, Some(verifier)) = (group, &proxy.turnstile) {
        match verifier
            .verify(&proxy.upstream, turnstile_token.as_deref(), &body)
            .await
        {
            Verdict::Human => {}
            Verdict::Refused => return Err(ProxyError::HumanCheckFailed),
            Verdict::Unavailable => return Err(ProxyError::HumanCheckUnavailable),
        }
    }
    call_upstream(
        &proxy,
        Method::POST,
        Upstream::Api,
        "/v1/leads/bulks",
        None,
        &[],
        Some(body),
    )
    .await
}

/// Calls the upstream: `Ok` with its answer (whatever its status), `Err` when there was none.
async fn call_upstream(
    proxy: &Proxy,
    method: Method,
    upstream: Upstream,
    path: &str,
    query: Option<&str>,
    allowed_params: &[&str],
    body: Option<Bytes>,
) -> Result<Answer, ProxyError> {
    let (base, credential) = match upstream {
        Upstream::Api => (&proxy.config.upstream_api, &proxy.config.credential),
        Upstream::Gs => (&proxy.config.upstream_gs, &proxy.config.credential),
        Upstream::LeadBank => match &proxy.config.upstream_lead_bank {
            Some(base) => (base, &proxy.config.lead_bank_credential),
            None => return Err(ProxyError::LeadBankNotConfigured),
        },
    };
    // Only the documented parameters, decoded and encoded again (nothing passes through raw).
    let params = {
        let mut params = form_urlencoded::Serializer::new(String::new());
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if allowed_params.contains(&key.as_ref()) {
                params.append_pair(&key, &value);
            }
        }
        params.finish()
    };
    let reply = proxy
        .upstream
        .send(method, base, path, &params, credential.as_ref(), body)
        .await?;
    if reply.status.is_redirection() {
        return Err(ProxyError::UpstreamRedirected);
    }
    Ok(Answer {
        status: reply.status,
        content_type: reply.content_type,
        body: reply.body,
    })
}
