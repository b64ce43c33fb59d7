//! Rate limits: per client IP first, then per page origin, with 429 and `Retry-After` when exceeded
//! (tower_governor, in the instance's memory; with Redis, counted once for all instances as well:
//! [`SharedLimits`]); and the body limits of each route group ([`whole_body`]). A browser loading
//! the form makes a few dozen requests (the opening lists in a batch, then the lists that follow a
//! choice), so the per-IP burst is sized for a few page loads, not for one.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use governor::clock::QuantaInstant;
use governor::middleware::NoOpMiddleware;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use crate::shared::Redis;

/// A token bucket: up to `burst` requests at once, one more every `replenish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub replenish: Duration,
}

/// The client's IP as the proxy's listener saw it. Behind a load balancer this is the balancer;
/// forwarded headers are not trusted (anyone can write them). Requests without connection info
/// (in-process tests) share one bucket. Keys are the address itself, not text: no allocation per
/// request. Checked first: no client can use more of an origin's limit than its own.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp;

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(client_of(req))
    }
}

fn client_of<T>(req: &Request<T>) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| {
            client_key(info.0.ip())
        })
}

/// The address a client is counted by: an IPv4 address, or an IPv6 address's /64 (one subscriber
/// usually holds a whole /64 and could take a new address for every request).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(Ipv6Addr::from(segments))
            }
        },
    }
}

/// The page origin the request comes from: the ceiling for all visitors of one site together,
/// checked after the client's own limit. A request without an `Origin` (not a browser's CORS
/// request: a script, a health check) is counted by its client address instead, so such requests
/// never share one bucket and never use up a site's.
#[derive(Debug, Clone, Copy)]
pub struct PageOrigin;

/// A page origin, or the address of a client that named none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OriginKey {
    Page(HeaderValue),
    NoOrigin(IpAddr),
}

impl KeyExtractor for PageOrigin {
    type Key = OriginKey;

    fn extract<T>(&self, req: &Request<T>) -> Result<OriginKey, GovernorError> {
        Ok(match req.headers().get(header::ORIGIN) {
            Some(origin) => OriginKey::Page(origin.clone()),
            None => OriginKey::NoOrigin(client_of(req)),
        })
    }
}

/// A layer limiting requests per key; forgotten keys are swept every minute.
pub fn layer<K>(key: K, rate: Rate) -> GovernorLayer<K, NoOpMiddleware<QuantaInstant>, Body>
where
    K: KeyExtractor + Send + Sync + 'static,
    K::Key: Send + Sync + 'static,
{
    let mut builder = GovernorConfigBuilder::default().key_extractor(key);
    let config = builder
        .per_nanosecond(rate.replenish.as_nanos().clamp(1, u128::from(u64::MAX)) as u64)
        .burst_size(rate.burst.max(1))
        .finish()
        .expect("a rate with a positive burst and period");
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut sweep = tokio::time::interval(Duration::from_secs(60));
        loop {
            sweep.tick().await;
            limiter.retain_recent();
        }
    });
    GovernorLayer::new(config).error_handler(too_many)
}

/// 429 with a `Retry-After` that tells the truth: the whole seconds until a request would pass,
/// rounded up (the limiter's own rounds down, so a wait under a second said "retry at once").
fn too_many(error: GovernorError) -> axum::response::Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            refusal(StatusCode::TOO_MANY_REQUESTS, Some(wait_time + 1))
        }
        _ => refusal(StatusCode::INTERNAL_SERVER_ERROR, None),
    }
}

fn refusal(status: StatusCode, wait: Option<u64>) -> axum::response::Response<Body> {
    let body = serde_json::json!({ "message": "too many requests" }).to_string();
    let mut response = axum::response::Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(wait) = wait {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(wait));
    }
    response
}

/// The same two limits counted once for every instance, in Redis: with N instances behind a
/// balancer a client still gets its limit, not N times it. Checked after the instance's own
/// limiters (which stay: they refuse the obvious flood without a round trip, and they are what
/// holds while Redis cannot be reached). Both buckets are checked and counted in one script call,
/// by the algorithm governor uses (GCRA: a bucket of `burst`, one more every `replenish`), on
/// Redis's clock, so the instances' clocks need not agree.
pub struct SharedLimits {
    redis: Arc<Redis>,
    /// Per bucket: its interval (microseconds) and burst, client first.
    args: [u64; 4],
    /// Until when Redis is not asked, after it could not be reached: a request waits for it once,
    /// not every request during an outage.
    resting_until: Mutex<Option<Instant>>,
}

/// The two buckets' check: returns 0 and counts the request in both, or the microseconds until it
/// would pass (and counts nothing).
const GCRA: &str = r"
local clock = redis.call('TIME')
local now = clock[1] * 1000000 + clock[2]
local next_due, wait = {}, 0
for i = 1, 2 do
  local interval, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local due = math.max(tonumber(redis.call('GET', KEYS[i])) or now, now)
  local allowed_from = due + interval - interval * burst
  if allowed_from > now then wait = math.max(wait, allowed_from - now) end
  next_due[i] = due + interval
end
if wait > 0 then return wait end
for i = 1, 2 do
  redis.call('SET', KEYS[i], string.format('%.0f', next_due[i]), 'PX',
    math.max(1, math.ceil((next_due[i] - now) / 1000)))
end
return 0
";

/// How long Redis is left alone after it could not be reached.
const REST: Duration = Duration::from_secs(5);

impl SharedLimits {
    pub fn new(redis: Arc<Redis>, per_client: Rate, per_origin: Rate) -> SharedLimits {
        let micros = |rate: Rate| (rate.replenish.as_micros() as u64).max(1);
        SharedLimits {
            redis,
            args: [
                micros(per_client),
                u64::from(per_client.burst.max(1)),
                micros(per_origin),
                u64::from(per_origin.burst.max(1)),
            ],
            resting_until: Mutex::new(None),
        }
    }

    /// The wait before a request with these bucket keys would pass, if it may not pass now;
    /// `None` also when Redis cannot be asked (the instance's own limits have let it through).
    async fn wait(&self, keys: [Vec<u8>; 2]) -> Option<Duration> {
        static SCRIPT: OnceLock<redis::Script> = OnceLock::new();
        let resting_until = *self.resting_until.lock().unwrap_or_else(|e| e.into_inner());
        if resting_until.is_some_and(|until| Instant::now() < until) {
            return None;
        }
        let script = SCRIPT.get_or_init(|| redis::Script::new(GCRA));
        let answer = self
            .redis
            .script::<u64>(script, &[&keys[0], &keys[1]], &self.args)
            .await;
        match answer {
            Ok(0) => None,
            Ok(micros) => Some(Duration::from_micros(micros)),
            Err(_) => {
                tracing::warn!("shared rate limits unreachable; this instance's own limits hold");
                *self.resting_until.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(Instant::now() + REST);
                None
            }
        }
    }
}

/// The Redis names of a request's two buckets: its client's, and its page origin's (or, without
/// an `Origin`, its client's own no-origin bucket, as [`PageOrigin`] counts it).
fn shared_keys<T>(request: &Request<T>) -> [Vec<u8>; 2] {
    let client = client_of(request).to_string();
    let client_key = [b"dms-proxy:rate:client:", client.as_bytes()].concat();
    let origin_key = match request.headers().get(header::ORIGIN) {
        Some(origin) => [b"dms-proxy:rate:origin:".as_slice(), origin.as_bytes()].concat(),
        None => [b"dms-proxy:rate:no-origin:".as_slice(), client.as_bytes()].concat(),
    };
    [client_key, origin_key]
}

/// The middleware of [`SharedLimits`]: 429 with `Retry-After` (whole seconds, rounded up).
pub async fn shared(
    axum::extract::State(limits): axum::extract::State<Arc<SharedLimits>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    match limits.wait(shared_keys(&request)).await {
        Some(wait) => refusal(
            StatusCode::TOO_MANY_REQUESTS,
            Some(wait.as_secs() + u64::from(wait.subsec_nanos() > 0)),
        ),
        None => next.run(request).await,
    }
}

/// Reads a request's whole body before the route sees it, within the group's limits: a declared
/// `Content-Length` over `limit` is refused before a byte is read (413), a body that grows past it
/// too, and one that has not arrived within `timeout` is answered 408 (a client trickling its body
/// holds the connection no longer). Refusals close the connection: the rest of the body is not read.
pub async fn whole_body(
    request: axum::extract::Request,
    next: axum::middleware::Next,
    limit: usize,
    timeout: Duration,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http_body_util::BodyExt;

    use crate::ProxyError;

    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return ProxyError::BodyTooLarge.into_response();
    }
    let (parts, body) = request.into_parts();
    let read = http_body_util::Limited::new(body, limit).collect();
    let body = match tokio::time::timeout(timeout, read).await {
        Err(_) => return ProxyError::BodyTimeout.into_response(),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => {
            return ProxyError::BodyTooLarge.into_response()
        }
        Ok(Err(_)) => return ProxyError::BodyUnreadable.into_response(),
        Ok(Ok(body)) => body.to_bytes(),
    };
    next.run(axum::extract::Request::from_parts(parts, Body::from(body)))
        .await
}
