//! How much memory one remembered idempotency key costs the in-process store (a benchmark, not a
//! test): the proxy, in this process, sends `N` bulks with keys of their own to a DMS on loopback
//! (so each answer comes through the real HTTP client), and the resident memory before and after
//! is divided by `N`. With `keys-only`, the bulks go by the dealer route, which takes no form token,
//! so the idempotency record is measured alone (a public bulk's form token has a one-bulk record
//! of its own beside it).
//!   cargo run --release -p proxy --example idempotency_memory [N] [keys-only]

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

use proxy::{router, ProxyConfig};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Resident memory of this process, from `/proc/self/statm` (pages of 4 KiB).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split(' ')
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn bulk() -> String {
    serde_json::json!({"leads": [{
        "company": "JTC", "businessArea": "Sales", "brand": "KIA", "branch": "KIA Riyadh Showroom",
        "source": "Website", "subSource": "Lead Form", "phoneCode": "00966", "phoneNumber": "555555555",
        "preferredLanguage": "English", "priority": "Warm", "leadType": "Individual",
        "interest": "Vehicle Inquiry", "firstName": "Sara", "leadName": "Sara",
        "leadDate": "2025-08-17T06:49:41.761Z", "customerCountry": "Saudi Arabia",
        "customerRegion": "Riyadh", "customerCity": "Riyadh"
    }], "isProcessed": 1})
    .to_string()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let dms = axum::Router::new().route(
        "/api/v1/leads/bulks",
        axum::routing::post(|| async { ([("content-type", "application/json")], "104217") }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, dms).await.unwrap() });
    let mut config = ProxyConfig::new(
        &format!("{base}/api"),
        &format!("{base}/gs"),
        &["http://shop.example"],
    );
    config.idempotency.capacity = n as usize + 1;
    config.public.min_fill = Duration::ZERO;
    // Every bulk carries a form token of its own, as from the form: its one-bulk record is counted
    // with the key's (unless `keys-only`).
    let with_tokens = std::env::args().nth(2).as_deref() != Some("keys-only");
    let key = b"example-form-token-key".to_vec();
    config.form_token_keys = vec![key.clone()];
    config.dealer.token = Some("example-dealer-token".into());
    let tokens = proxy::form_token::FormTokens::new(&[key]).unwrap();
    config.rate_per_ip.burst = u32::MAX;
    config.rate_per_origin.burst = u32::MAX;
    let app = router(config).unwrap();
    let body = bulk();
    let send = |key: String| {
        let request = Request::post(if with_tokens {
            "/api/v1/leads/bulks"
        } else {
            "/dealer/api/v1/leads/bulks"
        })
        .header("content-type", "application/json")
        .header("idempotency-key", key);
        let request = if with_tokens {
            request.header("origin", "http://shop.example").header(
                "x-form-token",
                tokens.issue(b"http://shop.example", proxy::form_token::now_ms()),
            )
        } else {
            request.header("x-dealer-token", "example-dealer-token")
        };
        let request = request.body(Body::from(body.clone())).unwrap();
        app.clone().oneshot(request)
    };
    // Warm up the client's pool and the allocator before measuring.
    for i in 0..200 {
        send(format!("warm-{i:06}")).await.unwrap();
    }
    let before = resident_bytes();
    for i in 0..n {
        let key = format!("7c9e6679-7425-40de-944b-{i:012}");
        let response = send(key).await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }
    let after = resident_bytes();
    println!(
        "idempotency memory ({}): {n} keys, resident {before} -> {after} bytes, {} bytes per key",
        if with_tokens {
            "each bulk with its form token"
        } else {
            "keys only"
        },
        after.saturating_sub(before) / n
    );
}
