//! Rate limits: per client IP and per page origin, with 429 and `Retry-After` when exceeded
//! (tower_governor). A browser loading the form makes one request per list (two in Arabic), so the
//! per-IP burst is sized for a few page loads, not for one.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use governor::clock::QuantaInstant;
use governor::middleware::NoOpMiddleware;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

/// A token bucket: up to `burst` requests at once, one more every `replenish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub replenish: Duration,
}

/// The client's IP as the proxy's listener saw it. Behind a load balancer this is the balancer;
/// forwarded headers are not trusted (anyone can write them). Requests without connection info
/// (in-process tests) share one bucket. Keys are the address itself, not text: no allocation per request.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp;

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()))
    }
}

/// The page origin the request comes from (`none` for requests without one).
#[derive(Debug, Clone, Copy)]
pub struct PageOrigin;

impl KeyExtractor for PageOrigin {
    type Key = HeaderValue;

    fn extract<T>(&self, req: &Request<T>) -> Result<HeaderValue, GovernorError> {
        Ok(req
            .headers()
            .get(header::ORIGIN)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("none")))
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
    let (status, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            (StatusCode::TOO_MANY_REQUESTS, Some(wait_time + 1))
        }
        _ => (StatusCode::INTERNAL_SERVER_ERROR, None),
    };
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
