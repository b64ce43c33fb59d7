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
//! Requests are rate-limited per client IP and per page origin (429 with `Retry-After`), across all
//! instances when they share a Redis. A bulk with
//! an `Idempotency-Key` is sent upstream once: a retry gets the first answer (see [`idempotency`]).
//! List answers are kept and served from memory, fresh then stale, also while the DMS is down
//! ([`lists`]). Several instances share their idempotency records, used Turnstile tokens and lists
//! through one Redis ([`shared`]).

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
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use dms_model::{prepare, Date, LeadBulk, ListType, NoCatalog};

pub mod config;
pub mod error;
pub mod form_token;
pub mod idempotency;
pub mod lead_bank;
pub mod limits;
pub mod lists;
pub mod serve;
pub mod shared;
pub mod telemetry;
pub mod turnstile;
pub mod upstream;
pub use config::{ConfigError, ProxyConfig};
pub use error::ProxyError;
use form_token::{FormTokens, TokenCheck, FORM_TOKEN};
use idempotency::{
    fingerprint, token_bulk, valid_key, Answer, Claim, IdempotencyStore, Memory, SharedMemory,
    TokenUse,
};
use limits::{ClientIp, PageOrigin, SharedLimits};
use lists::{Freshness, ListCache, ListKey, ListResponse, NotKept};
use shared::Redis;
use turnstile::{Verdict, Verifier, TURNSTILE_TOKEN};
use upstream::UpstreamClient;

/// The request header that makes a bulk POST idempotent.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Set by the widget when its hidden trap field was filled: only bots fill it.
pub const FORM_TRAP: &str = "x-form-trap";

/// Query parameters passed on per route (the bulk-status and customer documents); anything else is
/// dropped. List queries are read by [`ListKey::from_query`].
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
    idempotency: Memory,
    form_tokens: FormTokens,
    /// Form tokens by the bulk each was used for: a token is good for one bulk.
    form_tokens_used: Memory,
    turnstile: Option<Verifier>,
    lists: Arc<ListCache>,
    redis: Option<Arc<Redis>>,
    /// What the last lead-bank sync round did, for the inbox.
    lead_bank: lead_bank::Rounds,
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
        // A predicate (shared), not a list: the layer is cloned for every request.
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            every_origin.contains(origin)
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static(IDEMPOTENCY_KEY),
            HeaderName::from_static(FORM_TOKEN),
            HeaderName::from_static(FORM_TRAP),
            HeaderName::from_static(TURNSTILE_TOKEN),
        ])
        // The page reads how long to wait before a retry, and the id to quote to support.
        .expose_headers([header::RETRY_AFTER, HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(600));
    let redis = match &config.redis_url {
        None => None,
        Some(url) => Some(Arc::new(Redis::new(url).map_err(|reason| {
            ConfigError::Invalid {
                name: "shared.redis_url",
                reason,
            }
        })?)),
    };
    let idempotency = match (&redis, &config.idempotency.file) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::Invalid {
                name: "idempotency.file",
                reason: "not with shared.redis_url: the records live in Redis".into(),
            })
        }
        (Some(redis), None) => Memory::Shared(SharedMemory {
            redis: redis.clone(),
            prefix: "dms-proxy:idempotency:",
            ttl: config.idempotency.ttl,
            in_flight: config.upstream_timeout * PATIENCE + IN_FLIGHT_MARGIN,
        }),
        (None, None) => Memory::Local(IdempotencyStore::new(
            config.idempotency.ttl,
            config.idempotency.capacity,
        )),
        (None, Some(path)) => Memory::Local(
            IdempotencyStore::open(config.idempotency.ttl, config.idempotency.capacity, path)
                .map_err(|e| ConfigError::File {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?,
        ),
    };
    let form_tokens = FormTokens::new(&config.form_token_keys)?;
    if redis.is_some() && config.form_token_keys.is_empty() {
        return Err(ConfigError::Invalid {
            name: "PROXY_FORM_TOKEN_KEYS",
            reason: "must be set with shared.redis_url: every instance checks the others' tokens"
                .into(),
        });
    }
    let form_tokens_used = match &redis {
        Some(redis) => Memory::Shared(SharedMemory {
            redis: redis.clone(),
            prefix: "dms-proxy:form-token:",
            ttl: config.public.form_token_max_age,
            in_flight: Duration::from_secs(60),
        }),
        None => Memory::Local(IdempotencyStore::new(
            config.public.form_token_max_age,
            config.idempotency.capacity,
        )),
    };
    let turnstile = config
        .turnstile
        .clone()
        .map(|turnstile| Verifier::new(turnstile, redis.clone()));
    let (public_body, dealer_body) = (config.public.max_body_bytes, config.dealer.max_body_bytes);
    let (rate_per_ip, rate_per_origin) = (config.rate_per_ip, config.rate_per_origin);
    let body_timeout = config.server.body_timeout;
    let shared_limits = redis
        .clone()
        .map(|redis| Arc::new(SharedLimits::new(redis, rate_per_ip, rate_per_origin)));
    let lists = Arc::new(ListCache::new(config.lists, redis.clone()));
    let redis_for_ready = redis.clone();
    let proxy = Arc::new(Proxy {
        config,
        upstream,
        idempotency,
        form_tokens,
        form_tokens_used,
        turnstile,
        lists,
        redis: redis_for_ready,
        lead_bank: lead_bank::Rounds::default(),
    });
    if let Some(every) = proxy.config.lead_bank.sync_every {
        lead_bank::start(proxy.clone(), every);
    }
    // Lists are compressed for the browser (brotli or gzip, as it accepts); a list answer is a few
    // kilobytes of JSON, and the same for every visitor.
    let list_routes = Router::new()
        .route("/api/v1/list/{list_type}", get(list))
        .route("/api/v1/lists", get(opening_lists))
        .layer(CompressionLayer::new().br(true).gzip(true));
    // The body limits on the routes that read a body: the GETs, which most requests are, skip them.
    let whole_body = move |limit: usize| {
        middleware::from_fn(move |request, next| {
            limits::whole_body(request, next, limit, body_timeout)
        })
    };
    let public = Router::new()
        .merge(list_routes)
        .route("/api/v1/form-token", get(form_token))
        .route(
            "/api/v1/leads/bulks",
            post(|state, headers, body| post_bulk(state, Group::Public, headers, body))
                .layer::<_, std::convert::Infallible>(whole_body(public_body))
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
            post(|state, headers, body| post_bulk(state, Group::Dealer, headers, body))
                .layer::<_, std::convert::Infallible>(whole_body(dealer_body)),
        )
        .route("/dealer/api/lead-bank", get(lead_bank::for_the_inbox))
        .route(
            "/leadbank/api/leads",
            forward_post("/api/leads", dealer_id_body)
                .layer::<_, std::convert::Infallible>(whole_body(dealer_body)),
        )
        .route(
            "/leadbank/api/ValidateGetLeads",
            forward_post("/api/ValidateGetLeads", confirmed_ids_body)
                .layer::<_, std::convert::Infallible>(whole_body(dealer_body)),
        )
        .layer(DefaultBodyLimit::max(dealer_body));
    let routes = Router::new()
        .merge(public)
        .merge(dealer)
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .fallback(|| async { ProxyError::NotARoute });
    // With Redis, the same limits counted once for all instances: inside the stack below, so after
    // the instance's own limiters and inside CORS. A single instance has no such layer at all.
    let routes = match shared_limits {
        Some(counters) => routes.layer(middleware::from_fn_with_state(counters, limits::shared)),
        None => routes,
    };
    Ok(routes
        // One stack, boxed once per route (each `Router::layer` call would box every route
        // again, and a request clones every box). Outermost first.
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(telemetry::count_requests))
                // Around everything, refusals included: each request has an id (the client's
                // `X-Request-Id`, or a new one), logged with it and returned to the client.
                .layer(SetRequestIdLayer::x_request_id(RequestIds::new()))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(
                            |response: &Response, latency: Duration, _: &tracing::Span| {
                                tracing::info!(
                                    status = response.status().as_u16(),
                                    ms = latency.as_millis() as u64,
                                    "answered"
                                );
                            },
                        ),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                // A refused request costs nothing more (no CORS work, no rate-limit entry).
                .layer(middleware::from_fn_with_state(proxy.clone(), check_access))
                .layer(cors)
                // Inside CORS: a 429 carries the CORS headers, so the page can read it and back
                // off; CORS preflights are answered before they count against a limit.
                .layer(limits::layer(ClientIp, rate_per_ip))
                .layer(limits::layer(PageOrigin, rate_per_origin))
                // Nothing but the lists (which say so themselves) is kept by a browser or a
                // shared cache: customers, statuses and bulk answers are personal. Nothing is
                // sniffed into another type.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                )),
        )
        .with_state(proxy))
}

/// Request ids: this process's random prefix and a counter, unique across instances and restarts
/// without asking the system for randomness on every request (as a random UUID each time would).
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

impl RequestIds {
    fn new() -> RequestIds {
        let mut random = [0u8; 8];
        let _ = getrandom::fill(&mut random);
        RequestIds {
            prefix: form_token::hex(&random).into(),
            next: Arc::default(),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!("{}-{n:x}", self.prefix);
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// A request's log span: its id, method and path — never its query (a customer's mobile number),
/// headers or body.
fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        id,
        method = %request.method(),
        path = request.uri().path()
    )
}

/// `GET /ready`: 200 when the DMS's lists can be served (kept, or asked now) and, when configured,
/// Redis answers; 503 saying which is not. `/health` only says the process is alive.
async fn ready(State(proxy): State<Arc<Proxy>>) -> Response {
    let key = ListKey {
        list: ListType::Language,
        parent: None,
        lang: Some("en"),
    };
    let dms = proxy
        .lists
        .get(&key, list_fetch(&proxy, &key))
        .await
        .is_ok();
    let redis = match &proxy.redis {
        None => None,
        Some(redis) => Some(redis.ping().await.is_ok()),
    };
    let ready = dms && redis != Some(false);
    let status = match ready {
        true => axum::http::StatusCode::OK,
        false => axum::http::StatusCode::SERVICE_UNAVAILABLE,
    };
    (
        status,
        Json(json!({ "ready": ready, "dms": dms, "redis": redis })),
    )
        .into_response()
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
    // `GET http://169.254.169.254/… HTTP/1.1`: only paths are served (the upstream is fixed
    // anyway; this says so instead of answering as if the target were ours).
    if request.uri().scheme().is_some() || request.uri().authority().is_some() {
        return ProxyError::AbsoluteTarget.into_response();
    }
    let group = group_of(request.uri().path());
    let origin = request.headers().get(header::ORIGIN);
    // A browser sends `Origin` with every POST, same-origin ones too: a public POST without one is
    // a script, not the form. (GETs of the lists may come without one from a page on the proxy's
    // own origin; they are limited by the client's address alone.)
    if origin.is_none() && group == Some(Group::Public) && request.method() == Method::POST {
        return ProxyError::OriginRequired.into_response();
    }
    if let Some(origin) = origin {
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

/// `GET /api/v1/list/{TYPE}?parentId=…&lang=…`, from the list cache ([`lists`]).
async fn list(
    State(proxy): State<Arc<Proxy>>,
    Path(list_type): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ProxyError> {
    let list = ListType::from_code(&list_type).ok_or(ProxyError::UnknownListType)?;
    let key = ListKey::from_query(list, query.as_deref())?;
    let got = proxy.lists.get(&key, list_fetch(&proxy, &key)).await;
    if let Ok((_, freshness)) = &got {
        metrics::counter!("proxy_list_cache_total", "result" => freshness.header()).increment(1);
    }
    match got {
        Ok((kept, freshness)) => Ok(ListResponse {
            not_modified: lists::not_modified(&headers, &kept.etag),
            body: kept.body.clone(),
            content_type: kept.content_type.clone(),
            etag: kept.etag.clone(),
            fetched: kept.fetched,
            freshness,
            config: proxy.lists.config(),
        }
        .into_response()),
        Err(NotKept::Passed(answer)) => Ok(answer.into_response()),
        Err(NotKept::Failed(error)) => Err(error),
    }
}

/// How the cache asks the DMS for `key`.
fn list_fetch(
    proxy: &Arc<Proxy>,
    key: &ListKey,
) -> impl Fn()
    -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Answer, ProxyError>> + Send>>
       + Send
       + Sync
       + 'static {
    let (proxy, path, query) = (
        proxy.clone(),
        format!("/v1/list/{}", key.list.code()),
        key.upstream_query(),
    );
    move || {
        let (proxy, path, query) = (proxy.clone(), path.clone(), query.clone());
        Box::pin(async move {
            let query = Some(query.as_str());
            call_upstream(&proxy, Call::get(Upstream::Api, &path, query, LIST_QUERY)).await
        })
    }
}

/// The parameters of a list query as [`ListKey::upstream_query`] spells them.
const LIST_QUERY: &[&str] = &["parentId", "lang"];

/// `GET /api/v1/lists?types=COUNTRY,PHONE_CODE,…&lang=ar`: the form's opening lists in one answer,
/// `{"COUNTRY": […], …}`, each value exactly what `GET /api/v1/list/{TYPE}?lang=` answers. Only
/// lists without a parent (the cascading ones follow a choice); built from the same cache.
async fn opening_lists(
    State(proxy): State<Arc<Proxy>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ProxyError> {
    let mut types: Vec<ListType> = Vec::new();
    let mut lang = None;
    let (mut seen_types, mut seen_lang) = (false, false);
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match name.as_ref() {
            "types" if !seen_types => {
                seen_types = true;
                for code in value.split(',').map(str::trim) {
                    let list = ListType::from_code(code)
                        .filter(|l| l.parent().is_none())
                        .ok_or(ProxyError::BadListTypes)?;
                    if !types.contains(&list) {
                        types.push(list);
                    }
                }
            }
            "lang" if !seen_lang => {
                seen_lang = true;
                lang = Some(lists::lang_code(&value).ok_or(ProxyError::BadListQuery)?);
            }
            "types" | "lang" => return Err(ProxyError::BadListQuery),
            _ => {}
        }
    }
    if types.is_empty() {
        return Err(ProxyError::BadListTypes);
    }
    let answers = types.iter().map(|list| {
        let key = ListKey {
            list: *list,
            parent: None,
            lang,
        };
        let (proxy, fetch) = (proxy.clone(), list_fetch(&proxy, &key));
        async move { proxy.lists.get(&key, fetch).await }
    });
    let mut body = String::from("{");
    let mut oldest = None::<std::time::Instant>;
    let mut freshness = Freshness::Fresh;
    for (list, answer) in types
        .iter()
        .zip(futures_util::future::join_all(answers).await)
    {
        let (kept, part) = match answer {
            Ok(kept) => kept,
            Err(NotKept::Failed(error)) => return Err(error),
            Err(NotKept::Passed(_)) => return Err(ProxyError::UpstreamNotAList),
        };
        if body.len() > 1 {
            body.push(',');
        }
        body.push_str(&serde_json::to_string(list.code()).unwrap_or_default());
        body.push(':');
        body.push_str(&String::from_utf8_lossy(&kept.body));
        oldest = Some(oldest.map_or(kept.fetched, |o| o.min(kept.fetched)));
        freshness = match (freshness, part) {
            (Freshness::Stale, _) | (_, Freshness::Stale) => Freshness::Stale,
            (Freshness::Miss, _) | (_, Freshness::Miss) => Freshness::Miss,
            _ => Freshness::Fresh,
        };
    }
    body.push('}');
    let etag = lists::etag_of(body.as_bytes());
    Ok(ListResponse {
        not_modified: lists::not_modified(&headers, &etag),
        body: Bytes::from(body),
        content_type: HeaderValue::from_static("application/json"),
        etag,
        fetched: oldest.unwrap_or_else(std::time::Instant::now),
        freshness,
        config: proxy.lists.config(),
    }
    .into_response())
}

/// A GET route forwarded to `path` on `upstream` with only `params` passed on.
fn forward_get(
    upstream: Upstream,
    path: &'static str,
    params: &'static [&'static str],
) -> MethodRouter<Arc<Proxy>> {
    get(
        move |State(proxy): State<Arc<Proxy>>, RawQuery(query): RawQuery| async move {
            call_upstream(&proxy, Call::get(upstream, path, query.as_deref(), params)).await
        },
    )
}

/// A lead-bank POST route: its body read as what the provider takes there (`checked`: the
/// dealer's id, or the ids confirmed), and only that, written again, forwarded to `path`.
fn forward_post(
    path: &'static str,
    checked: fn(&[u8]) -> Option<String>,
) -> MethodRouter<Arc<Proxy>> {
    post(
        move |State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: Bytes| async move {
            if !is_json(&headers) {
                return Err(ProxyError::NotJsonContentType);
            }
            let body = checked(&body).ok_or(ProxyError::NotALeadBankBody)?;
            let call = Call::post(Upstream::LeadBank, path, Bytes::from(body));
            call_upstream(&proxy, call).await
        },
    )
}

/// The body of `POST api/leads`: the dealer's id at the provider, an integer.
fn dealer_id_body(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<i64>(body)
        .ok()
        .map(|id| id.to_string())
}

/// The body of `POST api/ValidateGetLeads`: the `IDLeadBank`s received, an array of integers.
fn confirmed_ids_body(body: &[u8]) -> Option<String> {
    let ids: Vec<i64> = serde_json::from_slice(body).ok()?;
    Some(dms_model::leadbank::confirmation_body(&ids))
}

/// `GET /api/v1/form-token`: `{"token": "…", "minFillMs": 3000}`, a token for the page's origin
/// (see [`form_token`]), and how long a person takes at least, so a form that had to fetch its token
/// late waits that long before it sends.
async fn form_token(State(proxy): State<Arc<Proxy>>, headers: HeaderMap) -> Response {
    let token = proxy
        .form_tokens
        .issue(page_origin(&headers), form_token::now_ms());
    let min_fill_ms = proxy.config.public.min_fill.as_millis() as u64;
    Json(json!({ "token": token, "minFillMs": min_fill_ms })).into_response()
}

/// The page origin a form token is bound to: the request's `Origin`, empty without one.
fn page_origin(headers: &HeaderMap) -> &[u8] {
    headers
        .get(header::ORIGIN)
        .map_or(&b""[..], HeaderValue::as_bytes)
}

/// What the spam checks say of a public bulk: a bot (the trap was filled, or its form token is
/// forged or younger than a person can fill the form) gets the decoy; a missing or expired token,
/// 428 (the form renews it by itself).
fn spam_check(proxy: &Proxy, headers: &HeaderMap) -> Result<Option<&'static str>, ProxyError> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if header(FORM_TRAP).is_some_and(|v| v != "0") {
        return Ok(Some("trap"));
    }
    let public = &proxy.config.public;
    let check = proxy.form_tokens.check(
        header(FORM_TOKEN),
        page_origin(headers),
        form_token::now_ms(),
        public.min_fill.as_millis() as u64,
        public.form_token_max_age.as_millis() as u64,
    );
    match check {
        TokenCheck::Good => Ok(None),
        TokenCheck::Young => Ok(Some("too_fast")),
        TokenCheck::Forged => Ok(Some("forged_token")),
        TokenCheck::Renew => {
            telemetry::lead("refused", "form_token");
            Err(ProxyError::FormTokenNeeded)
        }
    }
}

/// A plausible bulk id for a bot, stable for the same body (a bot retrying sees the same id).
fn decoy_bulk_id(body: &[u8]) -> i64 {
    100_000 + (fingerprint(body) % 900_000) as i64
}

/// Every lead's issues under the DMS rules (formats and mandatory fields; list membership is the
/// DMS's to check), as `{lead, path, code}`.
fn bulk_issues(bulk: &LeadBulk) -> Vec<serde_json::Value> {
    let today = rules_today();
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

/// The day the rules take for today: a day ahead of UTC, since the browser judged "not in the
/// future" in the person's own time zone.
fn rules_today() -> Date {
    Date::from_unix_days(dms_model::date::unix_days(Date::today_utc()) + 1)
}

/// The bulk in `body` and the bytes the proxy sends upstream for it: the bulk as it was read (its
/// documented fields in their documented spelling, `isProcessed` 1), written again. A key the lead
/// types do not have — unknown (`id`, `createdBy`) or spelled otherwise (`PhoneNumber` beside the
/// checked `phoneNumber`: a DMS binding names case-insensitively could take the unchecked one) — is
/// refused with its path rather than dropped, so an integrator learns of the typo.
fn checked_bulk(body: &[u8]) -> Result<(LeadBulk, Bytes), ProxyError> {
    let given: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| ProxyError::NotALeadBulk)?;
    let mut bulk: LeadBulk =
        serde_json::from_value(given.clone()).map_err(|_| ProxyError::NotALeadBulk)?;
    bulk.is_processed = dms_model::BulkState::Created as u8;
    let read = serde_json::to_value(&bulk).map_err(|_| ProxyError::NotALeadBulk)?;
    if let Some(path) = unread_key(&given, &read, String::new()) {
        return Err(ProxyError::UnknownField(path));
    }
    let checked = serde_json::to_vec(&bulk).map_err(|_| ProxyError::NotALeadBulk)?;
    Ok((bulk, Bytes::from(checked)))
}

/// The path of the first key with a value in `given` that `read` (the same JSON after it was read
/// into the lead types and written again) does not have; `null`s are what an empty field is.
fn unread_key(given: &serde_json::Value, read: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    match (given, read) {
        (Value::Object(given), Value::Object(read)) => given
            .iter()
            .filter(|(_, value)| !value.is_null())
            .find_map(|(key, value)| {
                let path = match path.is_empty() {
                    true => key.clone(),
                    false => format!("{path}.{key}"),
                };
                match read.get(key) {
                    None => Some(path),
                    Some(read) => unread_key(value, read, path),
                }
            }),
        (Value::Array(given), Value::Array(read)) => given
            .iter()
            .zip(read)
            .enumerate()
            .find_map(|(i, (given, read))| unread_key(given, read, format!("{path}[{i}]"))),
        _ => None,
    }
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
    // Only a body shaped like a lead bulk, with leads that pass the DMS rules, goes upstream — and
    // only as the proxy read it (`checked`), never the client's bytes.
    let (bulk, checked) = checked_bulk(&body)?;
    let max_leads = match group {
        Group::Public => proxy.config.public.max_leads_per_bulk,
        Group::Dealer => proxy.config.dealer.max_leads_per_bulk,
    };
    if bulk.leads.is_empty() || bulk.leads.len() > max_leads {
        telemetry::lead("refused", "lead_count");
        return Err(ProxyError::WrongLeadCount);
    }
    if group == Group::Public {
        if let Some(reason) = spam_check(&proxy, &headers)? {
            // Answered like a success so the bot learns nothing; nothing reaches the DMS.
            telemetry::lead("decoyed", reason);
            return Ok(decoy(&body));
        }
    }
    let issues = bulk_issues(&bulk);
    if !issues.is_empty() {
        telemetry::lead("refused", "rules");
        return Err(ProxyError::RulesNotPassed(issues));
    }
    let key = match headers.get(IDEMPOTENCY_KEY).map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) if valid_key(key) => Some(key.to_owned()),
        Some(_) => return Err(ProxyError::InvalidIdempotencyKey),
    };
    let token = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let tokens = Tokens {
        turnstile: token(TURNSTILE_TOKEN),
        // Checked by `spam_check` before a public bulk gets here.
        form: token(FORM_TOKEN).map(|t| form_token::identity(&t).to_owned()),
        bulk: token_bulk(key.as_deref(), &body),
        keyed: key.is_some(),
    };
    let send = || send_bulk(proxy.clone(), group, tokens.clone(), checked.clone());
    let Some(key) = key else {
        return Ok(send().await?.into_response());
    };
    // A lead-bank key names its lead: only the dealer group sends one, for that one lead, and
    // whatever the body (a dealer may have completed the lead), the lead's first bulk answers.
    let identity = match key.strip_prefix(dms_model::leadbank::LEAD_BANK_KEY_PREFIX) {
        None => body.clone(),
        Some(id) => {
            let reference = id.parse().ok().map(dms_model::leadbank::reference);
            let one_lead = match bulk.leads.as_slice() {
                [lead] => lead.lead_reference.is_some() && lead.lead_reference == reference,
                _ => false,
            };
            if group == Group::Public || !one_lead {
                return Err(ProxyError::InvalidIdempotencyKey);
            }
            Bytes::from(key.clone())
        }
    };
    match send_once(&proxy, key, identity, send()).await? {
        Sent::Now(answer) => Ok(answer.into_response()),
        Sent::Before(answer) => {
            let mut response = answer.into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            Ok(response)
        }
    }
}

/// How [`send_once`] answered.
enum Sent {
    /// Sent upstream now: its answer.
    Now(Answer),
    /// Sent before under the same key: the answer recorded then.
    Before(Answer),
}

/// Sends a bulk upstream (`send`) at most once for `key`, claimed for `identity` (the body, or for
/// a lead-bank key the key itself). The browser's bulks and the lead-bank sync go through here.
async fn send_once(
    proxy: &Arc<Proxy>,
    key: String,
    identity: Bytes,
    send: impl std::future::Future<Output = Result<Answer, ProxyError>> + Send + 'static,
) -> Result<Sent, ProxyError> {
    let claim = proxy.idempotency.claim(&key, &identity).await;
    let claim = claim.map_err(|_| ProxyError::SharedStoreUnavailable)?;
    let outcome = match &claim {
        Claim::Replay(_) => Some("replayed"),
        Claim::InProgress => Some("in_flight"),
        Claim::Mismatch => Some("mismatch"),
        Claim::Fresh => None,
    };
    if let Some(outcome) = outcome {
        metrics::counter!("proxy_idempotency_total", "outcome" => outcome).increment(1);
    }
    match claim {
        Claim::Replay(answer) => Ok(Sent::Before(answer)),
        Claim::InProgress => Err(ProxyError::AlreadySending),
        Claim::Mismatch => Err(ProxyError::KeyUsedForAnotherBulk),
        Claim::Fresh => {
            // In a task of its own: when the browser goes away mid-call (a reload, a lost
            // connection), the server drops this handler, but the call upstream must still finish
            // and its answer be remembered, or the key would stay "in progress" and the retry
            // could never learn the bulk id. A slow DMS is waited for `PATIENCE` times longer
            // than the browser is: the browser gets 504 and retries, and its retry is told the
            // bulk is on its way (409) until the first call's answer is recorded, then gets that
            // answer — never a second bulk.
            let task = {
                let (proxy, in_flight) = (proxy.clone(), InFlight::start());
                async move {
                    let _in_flight = in_flight;
                    let answer = send.await;
                    let answer = answer.unwrap_or_else(|failure| failure.answer());
                    proxy.idempotency.complete(&key, &identity, &answer).await;
                    answer
                }
            };
            let waited = tokio::time::timeout(proxy.config.upstream_timeout, tokio::spawn(task));
            match waited.await {
                Ok(Ok(answer)) => Ok(Sent::Now(answer)),
                Ok(Err(_)) => Err(ProxyError::SendFailed),
                Err(_) => Err(ProxyError::Upstream(upstream::UpstreamError::Timeout)),
            }
        }
    }
}

/// The decoy answer to a bot: a plausible bulk id, stable for the same body.
fn decoy(body: &[u8]) -> Response {
    decoy_answer(body).into_response()
}

fn decoy_answer(body: &[u8]) -> Answer {
    Answer {
        status: axum::http::StatusCode::OK,
        content_type: Some(HeaderValue::from_static("application/json")),
        body: Bytes::from(decoy_bulk_id(body).to_string()),
    }
}

/// The tokens a public bulk came with, and what they are remembered with ([`token_bulk`]).
#[derive(Clone)]
struct Tokens {
    turnstile: Option<String>,
    form: Option<String>,
    bulk: Vec<u8>,
    keyed: bool,
}

/// Sends a checked bulk to the DMS. A public bulk's form token (and Turnstile token, when
/// Turnstile is configured) is good for exactly this bulk: used for another one — a new
/// Idempotency-Key on the same body included — it makes no second bulk.
async fn send_bulk(
    proxy: Arc<Proxy>,
    group: Group,
    tokens: Tokens,
    body: Bytes,
) -> Result<Answer, ProxyError> {
    if group == Group::Public {
        if let Some(form) = &tokens.form {
            let used = &proxy.form_tokens_used;
            match used.use_token(form, &tokens.bulk, tokens.keyed).await {
                Err(_) => return Err(ProxyError::SharedStoreUnavailable),
                Ok(TokenUse::Busy) => return Err(ProxyError::AlreadySending),
                Ok(TokenUse::OtherBulk) => {
                    telemetry::lead("decoyed", "token_reused");
                    return Ok(decoy_answer(&body));
                }
                Ok(TokenUse::SameBulk) => {}
                Ok(TokenUse::First) => {
                    let taken = Answer {
                        status: axum::http::StatusCode::OK,
                        content_type: None,
                        body: Bytes::new(),
                    };
                    used.complete(form, &tokens.bulk, &taken).await;
                }
            }
        }
        if let Some(verifier) = &proxy.turnstile {
            let token = tokens.turnstile.as_deref();
            match verifier
                .verify(&proxy.upstream, token, &tokens.bulk, tokens.keyed)
                .await
            {
                Verdict::Human => {}
                Verdict::Refused => {
                    telemetry::lead("refused", "turnstile");
                    return Err(ProxyError::HumanCheckFailed);
                }
                Verdict::Unavailable => return Err(ProxyError::HumanCheckUnavailable),
            }
        }
    }
    let call = Call {
        patient: true,
        ..Call::post(Upstream::Api, "/v1/leads/bulks", body)
    };
    let answer = call_upstream(&proxy, call).await;
    if answer.as_ref().is_ok_and(|a| a.status.is_success()) {
        telemetry::lead("forwarded", "");
    }
    answer
}

/// One call to an upstream: what, where, with which query parameters (only `params` of `query`
/// are passed on) and body.
struct Call<'a> {
    method: Method,
    upstream: Upstream,
    path: &'a str,
    query: Option<&'a str>,
    params: &'a [&'a str],
    body: Option<Bytes>,
    /// A bulk: given `PATIENCE` times the upstream timeout before it is given up (the client is
    /// answered within the timeout; see `post_bulk`).
    patient: bool,
}

impl<'a> Call<'a> {
    fn get(
        upstream: Upstream,
        path: &'a str,
        query: Option<&'a str>,
        params: &'a [&'a str],
    ) -> Call<'a> {
        Call {
            method: Method::GET,
            upstream,
            path,
            query,
            params,
            body: None,
            patient: false,
        }
    }

    fn post(upstream: Upstream, path: &'a str, body: Bytes) -> Call<'a> {
        Call {
            method: Method::POST,
            body: Some(body),
            ..Call::get(upstream, path, None, &[])
        }
    }
}

/// Bulk calls under way upstream, whatever became of their clients; a shutdown waits for them
/// ([`bulks_finished`]), so each answer is recorded before the process exits.
static BULKS_IN_FLIGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static BULK_FINISHED: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Counts a bulk call under way for as long as it lives.
struct InFlight;

impl InFlight {
    fn start() -> InFlight {
        BULKS_IN_FLIGHT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        BULKS_IN_FLIGHT.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        BULK_FINISHED.notify_waiters();
    }
}

/// Waits until no bulk call is under way upstream (their answers recorded), or `deadline` passed;
/// true when none is left. A shutdown calls it after the server stopped taking requests: a bulk
/// whose browser already went away (given 504, or reloaded) must still have its answer recorded,
/// or its retry after the restart would send it again.
pub async fn bulks_finished(deadline: Duration) -> bool {
    let wait = async {
        loop {
            let notified = BULK_FINISHED.notified();
            if BULKS_IN_FLIGHT.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    };
    tokio::time::timeout(deadline, wait).await.is_ok()
}

/// How much longer than the slowest bulk call an in-flight marker in Redis lives: it only has to
/// outlive the call, and it is what is left of a claim whose instance died mid-call.
const IN_FLIGHT_MARGIN: Duration = Duration::from_secs(30);

/// How many upstream timeouts a bulk's call is given before the proxy stops waiting for it: a slow
/// DMS that takes the bulk late must not leave the retry free to send it again.
pub const PATIENCE: u32 = 8;

/// Calls the upstream: `Ok` with its answer (whatever its status), `Err` when there was none.
async fn call_upstream(proxy: &Proxy, call: Call<'_>) -> Result<Answer, ProxyError> {
    let Call {
        method,
        upstream,
        path,
        query,
        params: allowed_params,
        body,
        patient,
    } = call;
    let (base, credential) = match upstream {
        Upstream::Api => (&proxy.config.upstream_api, &proxy.config.credential),
        Upstream::Gs => (&proxy.config.upstream_gs, &proxy.config.credential),
        Upstream::LeadBank => match &proxy.config.upstream_lead_bank {
            Some(base) => (base, &proxy.config.lead_bank_credential),
            None => return Err(ProxyError::LeadBankNotConfigured),
        },
    };
    // Only the documented parameters, decoded and encoded again (nothing passes through raw),
    // each at most once.
    let params = {
        let mut params = form_urlencoded::Serializer::new(String::new());
        let mut seen = Vec::new();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if seen.contains(&key) {
                return Err(ProxyError::DuplicateParameter(key.into_owned()));
            }
            if allowed_params.contains(&key.as_ref()) {
                params.append_pair(&key, &value);
            }
            seen.push(key);
        }
        params.finish()
    };
    let deadline = match patient {
        true => proxy.config.upstream_timeout * PATIENCE,
        false => proxy.config.upstream_timeout,
    };
    let started = std::time::Instant::now();
    let reply = proxy
        .upstream
        .send(
            method,
            base,
            path,
            &params,
            credential.as_ref(),
            body,
            deadline,
        )
        .await;
    let upstream_name = match upstream {
        Upstream::Api => "api",
        Upstream::Gs => "gs",
        Upstream::LeadBank => "lead_bank",
    };
    metrics::histogram!("proxy_upstream_seconds", "upstream" => upstream_name)
        .record(started.elapsed().as_secs_f64());
    let reply = reply?;
    if reply.status.is_redirection() {
        return Err(ProxyError::UpstreamRedirected);
    }
    // Every route here is a JSON route: anything else (an HTML error page, a script) is not passed
    // to the page.
    let json = reply
        .content_type
        .as_ref()
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(ProxyError::UpstreamNotJson);
    }
    // An upstream that reflects request headers would hand a credential to the page.
    let secrets = [&proxy.config.credential, &proxy.config.lead_bank_credential];
    if secrets
        .into_iter()
        .flatten()
        .any(|secret| contains(&reply.body, secret.as_bytes()))
    {
        tracing::error!(
            path,
            "an upstream answer held a credential; answered 502 instead"
        );
        return Err(ProxyError::UpstreamLeakedCredential);
    }
    Ok(Answer {
        status: reply.status,
        content_type: reply.content_type,
        body: reply.body,
    })
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}
