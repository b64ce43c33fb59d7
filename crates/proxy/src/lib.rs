//! # proxy
//!
//! The CORS proxy between the browser widget and the DMS. It holds the DMS credential (the browser
//! never does) and is closed by default:
//! - only four routes are forwarded, each to its fixed upstream base: the list GETs and the bulk POST to
//!   dms-api, the bulk status and customer GETs to dms-gs;
//! - only the documented query parameters of each route are passed on;
//! - a request from an `Origin` that is not configured is refused (403) before anything is sent;
//! - only the status, `Content-Type` and body of the upstream answer come back (no cookies, no other
//!   upstream headers), redirects are not followed, and upstream calls time out;
//! - a bulk POST must carry 1 to `max_leads_per_bulk` leads that pass the `dms-model` rules (400
//!   with the issues otherwise), so malformed leads never reach the DMS;
//! - requests are rate-limited per client IP and per page origin (429 with `Retry-After`);
//! - spam: a bulk whose hidden trap field was filled, or that was filled in less than
//!   `min_fill`, gets an answer shaped like success and goes nowhere;
//! - a bulk POST with an `Idempotency-Key` is sent upstream once: a retry gets the first answer
//!   (see [`idempotency`]).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use dms_model::{prepare, Date, LeadBulk, ListType, NoCatalog};

pub mod idempotency;
pub mod limits;
use idempotency::{valid_key, Answer, Claim, IdempotencyStore};
use limits::{ClientIp, PageOrigin, Rate};

/// The request header that makes a bulk POST idempotent.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// How long the person took to fill the form, in milliseconds (sent by the widget).
pub const FORM_FILL_MS: &str = "x-form-fill-ms";
/// Set by the widget when its hidden trap field was filled: only bots fill it.
pub const FORM_TRAP: &str = "x-form-trap";

/// Query parameters passed on per route (seeds 000–003); anything else is dropped.
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

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// What the proxy forwards where, and with which credential.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    /// dms-api base, e.g. `https://dms-api-test.example/api`.
    pub upstream_api: String,
    /// dms-gs base, e.g. `https://dms-gs-test.example/gs`.
    pub upstream_gs: String,
    /// Origins of the pages allowed to embed the widget (exact `scheme://host[:port]`).
    pub allowed_origins: Vec<HeaderValue>,
    /// Value of the `Authorization` header sent upstream.
    pub credential: Option<HeaderValue>,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Most leads one bulk POST may carry (the public form sends one).
    pub max_leads_per_bulk: usize,
    pub upstream_timeout: Duration,
    /// Requests per client IP.
    pub rate_per_ip: Rate,
    /// Requests per page origin (all visitors of one site together).
    pub rate_per_origin: Rate,
    /// Bulks filled faster than this are taken for bots (answered like a success, never forwarded).
    pub min_fill: Duration,
    /// How long a bulk answer is replayed for its idempotency key.
    pub idempotency_ttl: Duration,
    /// How many idempotency keys are remembered at most (oldest forgotten first).
    pub idempotency_capacity: usize,
}

impl ProxyConfig {
    /// Reads `PROXY_UPSTREAM_API`, `PROXY_UPSTREAM_GS`, `PROXY_ALLOWED_ORIGINS` (comma-separated),
    /// `DMS_CREDENTIAL` (secret, from the environment only), `PROXY_MAX_BODY_BYTES` (default 65536) and
    /// `PROXY_UPSTREAM_TIMEOUT_MS` (default 15000).
    pub fn from_env() -> Result<ProxyConfig, ConfigError> {
        let var = |name: &'static str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let base = |name: &'static str| -> Result<String, ConfigError> {
            let value = var(name).ok_or(ConfigError::Missing(name))?;
            if !(value.starts_with("http://") || value.starts_with("https://")) {
                return Err(ConfigError::Invalid {
                    name,
                    reason: "must be an http(s) URL".into(),
                });
            }
            Ok(value.trim_end_matches('/').to_owned())
        };
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            var(name).map_or(Ok(default), |v| {
                v.parse().map_err(|_| ConfigError::Invalid {
                    name,
                    reason: "must be a whole number".into(),
                })
            })
        };
        let allowed_origins = var("PROXY_ALLOWED_ORIGINS")
            .ok_or(ConfigError::Missing("PROXY_ALLOWED_ORIGINS"))?
            .split(',')
            .map(|o| o.trim().trim_end_matches('/'))
            .filter(|o| !o.is_empty())
            .map(|o| {
                HeaderValue::from_str(o).map_err(|e| ConfigError::Invalid {
                    name: "PROXY_ALLOWED_ORIGINS",
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let credential = var("DMS_CREDENTIAL")
            .map(|c| {
                let mut value = HeaderValue::from_str(&c).map_err(|e| ConfigError::Invalid {
                    name: "DMS_CREDENTIAL",
                    reason: e.to_string(),
                })?;
                value.set_sensitive(true);
                Ok(value)
            })
            .transpose()?;
        Ok(ProxyConfig {
            upstream_api: base("PROXY_UPSTREAM_API")?,
            upstream_gs: base("PROXY_UPSTREAM_GS")?,
            allowed_origins,
            credential,
            max_body_bytes: number("PROXY_MAX_BODY_BYTES", 65_536)? as usize,
            max_leads_per_bulk: number("PROXY_MAX_LEADS_PER_BULK", 10)? as usize,
            upstream_timeout: Duration::from_millis(number("PROXY_UPSTREAM_TIMEOUT_MS", 15_000)?),
            rate_per_ip: Rate {
                burst: number("PROXY_RATE_IP_BURST", 150)? as u32,
                replenish: Duration::from_millis(number("PROXY_RATE_IP_REPLENISH_MS", 250)?),
            },
            rate_per_origin: Rate {
                burst: number("PROXY_RATE_ORIGIN_BURST", 3000)? as u32,
                replenish: Duration::from_millis(number("PROXY_RATE_ORIGIN_REPLENISH_MS", 10)?),
            },
            min_fill: Duration::from_millis(number("PROXY_MIN_FILL_MS", 3000)?),
            idempotency_ttl: Duration::from_secs(24 * 3600),
            idempotency_capacity: number("PROXY_IDEMPOTENCY_CAPACITY", 100_000)? as usize,
        })
    }
}

struct Proxy {
    config: ProxyConfig,
    client: reqwest::Client,
    idempotency: IdempotencyStore,
}

#[derive(Clone, Copy)]
enum Upstream {
    Api,
    Gs,
}

/// The proxy's routes, CORS and origin policy.
pub fn router(config: ProxyConfig) -> Router {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(config.upstream_timeout)
        .build()
        .expect("HTTP client");
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.allowed_origins.clone()))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static(IDEMPOTENCY_KEY),
            HeaderName::from_static(FORM_FILL_MS),
            HeaderName::from_static(FORM_TRAP),
        ])
        .max_age(Duration::from_secs(600));
    let max_body = config.max_body_bytes;
    let idempotency = IdempotencyStore::new(config.idempotency_ttl, config.idempotency_capacity);
    let proxy = Arc::new(Proxy {
        config,
        client,
        idempotency,
    });
    Router::new()
        .route("/api/v1/list/{list_type}", get(list))
        .route(
            "/api/v1/leads/bulks",
            axum::routing::post(post_bulk).layer(DefaultBodyLimit::max(max_body)),
        )
        .route(
            "/gs/v1/leads/bulks",
            forward_get(Upstream::Gs, "/v1/leads/bulks", STATUS_PARAMS),
        )
        .route(
            "/gs/v1/core/customer",
            forward_get(Upstream::Gs, "/v1/core/customer", CUSTOMER_PARAMS),
        )
        .route("/health", get(|| async { "ok" }))
        .fallback(|| async { refuse(StatusCode::NOT_FOUND, "not a forwarded route") })
        // Inside CORS: a 429 carries the CORS headers, so the page can read it and back off; CORS
        // preflights are answered before they count against a limit.
        .layer(limits::layer(PageOrigin, proxy.config.rate_per_origin))
        .layer(limits::layer(ClientIp, proxy.config.rate_per_ip))
        .layer(cors)
        .layer(middleware::from_fn_with_state(proxy.clone(), check_origin))
        .with_state(proxy)
}

fn refuse(status: StatusCode, message: &str) -> Response {
    failure(status, message).into_response()
}

/// Closed by default: a browser request from an origin that is not configured goes nowhere.
async fn check_origin(State(proxy): State<Arc<Proxy>>, request: Request, next: Next) -> Response {
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        if !proxy.config.allowed_origins.contains(origin) {
            return refuse(StatusCode::FORBIDDEN, "origin not allowed");
        }
    }
    next.run(request).await
}

async fn list(
    State(proxy): State<Arc<Proxy>>,
    Path(list_type): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let Some(list) = ListType::from_code(&list_type) else {
        return refuse(StatusCode::NOT_FOUND, "unknown list type");
    };
    let path = format!("/v1/list/{}", list.code());
    call_upstream(
        &proxy,
        Method::GET,
        Upstream::Api,
        &path,
        &query,
        LIST_PARAMS,
        None,
    )
    .await
    .into_response()
}

/// A GET route forwarded to `path` on `upstream` with only `params` passed on.
fn forward_get(
    upstream: Upstream,
    path: &'static str,
    params: &'static [&'static str],
) -> MethodRouter<Arc<Proxy>> {
    get(
        move |State(proxy): State<Arc<Proxy>>, Query(query): Query<Vec<(String, String)>>| async move {
            call_upstream(&proxy, Method::GET, upstream, path, &query, params, None)
                .await
                .into_response()
        },
    )
}

/// A bulk from a bot: the trap was filled, or the form was filled faster than a person can (or the
/// widget's fill time is missing: the POST did not come from the form).
fn looks_like_a_bot(config: &ProxyConfig, headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let trapped = header(FORM_TRAP).is_some_and(|v| v != "0");
    let fill_ms = header(FORM_FILL_MS).and_then(|v| v.trim().parse::<u64>().ok());
    trapped || fill_ms.is_none_or(|ms| u128::from(ms) < config.min_fill.as_millis())
}

/// A plausible bulk id for a bot, stable for the same body (a bot retrying sees the same id).
fn decoy_bulk_id(body: &[u8]) -> i64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(body);
    100_000 + (hash % 900_000) as i64
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

async fn post_bulk(State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: Bytes) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send application/json");
    }
    // Only a body shaped like a lead bulk, with leads that pass the DMS rules, goes upstream.
    let Ok(bulk) = serde_json::from_slice::<LeadBulk>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "the body is not a lead bulk");
    };
    if bulk.leads.is_empty() || bulk.leads.len() > proxy.config.max_leads_per_bulk {
        return refuse(StatusCode::BAD_REQUEST, "wrong number of leads in the bulk");
    }
    if looks_like_a_bot(&proxy.config, &headers) {
        // Answered like a success so the bot learns nothing; nothing reaches the DMS.
        return Json(decoy_bulk_id(&body)).into_response();
    }
    let issues = bulk_issues(&bulk);
    if !issues.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "message": "the leads do not pass the DMS rules", "issues": issues })),
        )
            .into_response();
    }
    let key = match headers.get(IDEMPOTENCY_KEY).map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) if valid_key(key) => Some(key.to_owned()),
        Some(_) => return refuse(StatusCode::BAD_REQUEST, "invalid Idempotency-Key"),
    };
    let send = || {
        call_upstream(
            &proxy,
            Method::POST,
            Upstream::Api,
            "/v1/leads/bulks",
            &[],
            &[],
            Some(body.clone()),
        )
    };
    let Some(key) = key else {
        return send().await.into_response();
    };
    match proxy.idempotency.claim(&key, &body) {
        Claim::Replay(answer) => {
            let mut response = answer.into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Claim::InProgress => {
            let mut response = refuse(StatusCode::CONFLICT, "this bulk is already being sent");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
        Claim::Mismatch => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "this Idempotency-Key was used for another bulk",
        ),
        Claim::Fresh => match send().await {
            Ok(answer) => {
                proxy.idempotency.complete(&key, &answer);
                answer.into_response()
            }
            Err(failure) => {
                proxy.idempotency.complete(&key, &failure);
                failure.into_response()
            }
        },
    }
}

/// A failure of the proxy itself (upstream unreachable, timed out, redirected) as an answer.
fn failure(status: StatusCode, message: &str) -> Answer {
    Answer {
        status,
        content_type: Some(HeaderValue::from_static("application/json")),
        body: Bytes::from(json!({ "message": message }).to_string()),
    }
}

/// Calls the upstream: `Ok` with its answer (whatever its status), `Err` when there was none.
async fn call_upstream(
    proxy: &Proxy,
    method: Method,
    upstream: Upstream,
    path: &str,
    query: &[(String, String)],
    allowed_params: &[&str],
    body: Option<Bytes>,
) -> Result<Answer, Answer> {
    let base = match upstream {
        Upstream::Api => &proxy.config.upstream_api,
        Upstream::Gs => &proxy.config.upstream_gs,
    };
    let params: Vec<&(String, String)> = query
        .iter()
        .filter(|(key, _)| allowed_params.contains(&key.as_str()))
        .collect();
    let mut request = proxy
        .client
        .request(method, format!("{base}{path}"))
        .query(&params)
        .header(header::ACCEPT, "application/json");
    if let Some(credential) = &proxy.config.credential {
        request = request.header(header::AUTHORIZATION, credential.clone());
    }
    if let Some(body) = body {
        request = request
            .header(header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let upstream_response = match request.send().await {
        Ok(response) => response,
        Err(e) if e.is_timeout() => {
            return Err(failure(
                StatusCode::GATEWAY_TIMEOUT,
                "the DMS did not answer in time",
            ))
        }
        Err(_) => {
            return Err(failure(
                StatusCode::BAD_GATEWAY,
                "the DMS could not be reached",
            ))
        }
    };
    let status = StatusCode::from_u16(upstream_response.status().as_u16())
        .unwrap_or(StatusCode::BAD_GATEWAY);
    if status.is_redirection() {
        return Err(failure(
            StatusCode::BAD_GATEWAY,
            "the DMS answered with a redirect",
        ));
    }
    let content_type = upstream_response
        .headers()
        .get(header::CONTENT_TYPE)
        .cloned();
    match upstream_response.bytes().await {
        Ok(body) => Ok(Answer {
            status,
            content_type,
            body,
        }),
        Err(_) => Err(failure(
            StatusCode::BAD_GATEWAY,
            "the DMS answer was cut off",
        )),
    }
}
