//! Metrics for the operator, in Prometheus' text format at `/metrics` on a listen address of their
//! own (`[metrics] listen`), never on the public one. Recorded with the `metrics` crate, rendered
//! by `metrics-exporter-prometheus`. Labels are routes, statuses and reasons — never anything a
//! visitor typed.
//!
//! | metric | labels | what |
//! |---|---|---|
//! | `proxy_requests_total` | `route`, `status` | answers, by matched route |
//! | `proxy_upstream_seconds` | `upstream` | time the DMS (or lead bank) took (histogram) |
//! | `proxy_leads_total` | `outcome` (`forwarded`, `refused`, `decoyed`), `reason` | public and dealer bulks |
//! | `proxy_idempotency_total` | `outcome` (`replayed`, `in_flight`, `mismatch`) | retries answered from the record |
//! | `proxy_list_cache_total` | `result` (`HIT`, `STALE`, `MISS`) | list answers, by where they came from |
//! | `proxy_open_connections` | | connections open now |
//! | `proxy_connections_refused_total` | `reason` (`total`, `per_ip`) | connections closed at once |

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use metrics::Counter;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Upstream latency buckets, in seconds: a DMS answers in tens of milliseconds when well, and the
/// proxy gives up at its timeout.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Installs the process's recorder; `None` when one is installed already.
pub fn install() -> Option<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("proxy_upstream_seconds".into()),
            LATENCY_BUCKETS,
        )
        .ok()?
        .install_recorder()
        .ok()?;
    // Histograms keep their samples until they are drained; do it now and then, not only when
    // Prometheus asks.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    Some(handle)
}

/// `GET /metrics` for Prometheus.
pub fn router(handle: PrometheusHandle) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move { handle.render() }
        }),
    )
}

/// Counts each answer by its route (the pattern, not the path a client wrote) and status.
pub async fn count_requests(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    answers(route, response.status().as_u16()).increment(1);
    response
}

/// The counter of answers for `route` and `status`. Every request counts one, so each counter is
/// looked up in this process's own table first (a read lock, no allocation) and made (labels
/// built, registered) only the first time; routes are the router's few patterns.
fn answers(route: &str, status: u16) -> Counter {
    static TABLE: OnceLock<RwLock<HashMap<String, HashMap<u16, Counter>>>> = OnceLock::new();
    let table = TABLE.get_or_init(RwLock::default);
    let known = table
        .read()
        .ok()
        .and_then(|t| t.get(route)?.get(&status).cloned());
    if let Some(counter) = known {
        return counter;
    }
    let counter = metrics::counter!(
        "proxy_requests_total",
        "route" => route.to_owned(),
        "status" => status.to_string()
    );
    if let Ok(mut table) = table.write() {
        table
            .entry(route.to_owned())
            .or_default()
            .insert(status, counter.clone());
    }
    counter
}

/// A lead bulk forwarded, refused (by reason) or decoyed.
pub fn lead(outcome: &'static str, reason: &'static str) {
    metrics::counter!("proxy_leads_total", "outcome" => outcome, "reason" => reason).increment(1);
}
