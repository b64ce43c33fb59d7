//! Shared by the proxy's integration tests: a recording upstream, a configuration, requests.
#![allow(dead_code)]

use std::io::BufRead;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, RawQuery, Request as AxumRequest};
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use proxy::limits::Rate;
use proxy::{router, ProxyConfig};

pub const PAGE: &str = "http://shop.example";
pub const PORTAL: &str = "http://portal.example";
pub const DEALER_TOKEN: &str = "dealer-secret-7f3a";
/// The key the test proxies sign form tokens with.
pub const FORM_KEY: &str = "test-form-token-key-0123";

/// A form token a person on `origin` got a minute ago: old enough, and good for one bulk.
pub fn person_token_for(origin: &str) -> String {
    let tokens = proxy::form_token::FormTokens::new(&[FORM_KEY.as_bytes().to_vec()]).unwrap();
    tokens.issue(origin.as_bytes(), proxy::form_token::now_ms() - 60_000)
}

/// [`person_token_for`] the page `PAGE`.
pub fn person_token() -> String {
    person_token_for(PAGE)
}

/// A lead that passes the DMS rules, with `first_name`.
pub fn lead(first_name: &str) -> Value {
    json!({
        "company": "JTC", "businessArea": "Sales", "brand": "JMC", "branch": "JMC Khobar Showroom",
        "source": "Showroom", "subSource": "Walk-in", "phoneCode": "00966", "phoneNumber": "555555555",
        "preferredLanguage": "English", "priority": "Hot", "leadType": "Individual",
        "interest": "Vehicle Inquiry", "firstName": first_name, "leadName": first_name,
        "leadDate": "2025-08-17T06:49:41.761Z", "customerCountry": "Saudi Arabia",
        "customerRegion": "Eastern Province", "customerCity": "Dammam"
    })
}

pub fn bulk_of(leads: &[Value]) -> String {
    json!({ "leads": leads, "isProcessed": 1 }).to_string()
}

#[derive(Clone, Default)]
pub struct Recorder(pub Arc<Mutex<Vec<Value>>>);

/// An upstream that records every request (method, URI, credential, body) and answers with a cookie
/// and an internal header that must not reach the browser.
pub async fn upstream(recorder: Recorder) -> String {
    let app = axum::Router::new().fallback(move |request: AxumRequest| {
        let recorder = recorder.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.unwrap().to_bytes();
            recorder.0.lock().unwrap().push(json!({
                "method": parts.method.as_str(),
                "uri": parts.uri.to_string(),
                "auth": parts.headers.get("authorization").map(|v| v.to_str().unwrap().to_owned()),
                "cookie": parts.headers.get("cookie").is_some(),
                "headers": parts.headers.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
                "body": String::from_utf8_lossy(&body),
            }));
            (
                [
                    ("set-cookie", "session=1"),
                    ("x-internal", "secret"),
                    ("content-type", "application/json"),
                ],
                "[]",
            )
                .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// The proxy in front of `base`: the public group for pages on `PAGE`, the dealer group for the
/// portal on `PORTAL` with the token `DEALER_TOKEN`, the lead bank under `{base}/leadbank`.
pub fn config(base: &str, credential: Option<&'static str>) -> ProxyConfig {
    let mut config = ProxyConfig::new(&format!("{base}/api"), &format!("{base}/gs"), &[PAGE]);
    config.upstream_lead_bank = Some(format!("{base}/leadbank"));
    config.credential = credential.map(HeaderValue::from_static);
    config.public.max_body_bytes = 4096;
    config.public.max_leads_per_bulk = 2;
    config.dealer.allowed_origins = vec![HeaderValue::from_static(PORTAL)];
    config.dealer.max_body_bytes = 64 * 1024;
    config.dealer.max_leads_per_bulk = 20;
    config.dealer.token = Some(DEALER_TOKEN.to_owned());
    config.form_token_keys = vec![FORM_KEY.as_bytes().to_vec()];
    config.upstream_timeout = Duration::from_secs(5);
    config.rate_per_ip = GENEROUS;
    config.rate_per_origin = GENEROUS;
    config
}

/// A rate no test reaches.
pub const GENEROUS: Rate = Rate {
    burst: 10_000,
    replenish: Duration::from_millis(1),
};

/// Nothing listens on the discard port: every upstream call fails at once.
pub const NOWHERE: &str = "http://127.0.0.1:9";

pub async fn proxy_app(recorder: &Recorder) -> axum::Router {
    let base = upstream(recorder.clone()).await;
    router(config(&base, Some("Bearer dms-secret"))).unwrap()
}

pub async fn send(
    app: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

pub fn get(uri: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(uri).header("cookie", "browser=1");
    if let Some(origin) = origin {
        builder = builder.header("origin", origin);
    }
    builder.body(Body::empty()).unwrap()
}

pub fn bulk_post(body: &str, key: Option<&str>) -> Request<Body> {
    let mut builder = Request::post("/api/v1/leads/bulks")
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .header("x-form-token", person_token());
    if let Some(key) = key {
        builder = builder.header("idempotency-key", key);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

/// A DMS for the cache and the shared store: list answers of a few kilobytes of JSON (big enough to
/// compress), bulk ids counting up, each call counted; down (503) while `down` is set, and taking
/// `bulk_delay_ms` to answer a bulk.
#[derive(Clone, Default)]
pub struct Dms {
    pub calls: Arc<AtomicUsize>,
    pub bulks: Arc<AtomicUsize>,
    pub down: Arc<AtomicBool>,
    pub bulk_delay_ms: Arc<AtomicU64>,
}

impl Dms {
    /// Serves it on loopback; the base for [`config`].
    pub async fn start(&self) -> String {
        let (lists, bulks) = (self.clone(), self.clone());
        let app = axum::Router::new()
            .route(
                "/api/v1/list/{list}",
                axum::routing::get(move |Path(list): Path<String>, RawQuery(query): RawQuery| {
                    let dms = lists.clone();
                    async move {
                        dms.calls.fetch_add(1, Ordering::SeqCst);
                        if dms.down.load(Ordering::SeqCst) {
                            return StatusCode::SERVICE_UNAVAILABLE.into_response();
                        }
                        let query = query.unwrap_or_default();
                        let items: Vec<Value> = (1..=60)
                            .map(
                                |i| json!({"value": i, "text": format!("{list} {query} item {i}")}),
                            )
                            .collect();
                        (
                            [("content-type", "application/json")],
                            serde_json::to_string(&items).unwrap(),
                        )
                            .into_response()
                    }
                }),
            )
            .route(
                "/api/v1/leads/bulks",
                axum::routing::post(move || {
                    let dms = bulks.clone();
                    async move {
                        let delay = dms.bulk_delay_ms.load(Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(delay)).await;
                        if dms.down.load(Ordering::SeqCst) {
                            return StatusCode::SERVICE_UNAVAILABLE.into_response();
                        }
                        let id = 1000 + dms.bulks.fetch_add(1, Ordering::SeqCst);
                        ([("content-type", "application/json")], id.to_string()).into_response()
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Bulks the DMS took.
    pub fn bulks(&self) -> usize {
        self.bulks.load(Ordering::SeqCst)
    }
}

/// A Redis of the test's own on a free loopback port, persistence off; stopped (by its PID) when
/// dropped. Needs Debian's `redis-server` (`scripts/bootstrap.sh` installs it).
pub struct TestRedis {
    child: std::process::Child,
    pub port: u16,
}

impl TestRedis {
    pub async fn start() -> TestRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut redis = TestRedis {
            child: Self::spawn(port),
            port,
        };
        redis.wait_until_up().await;
        redis
    }

    fn spawn(port: u16) -> std::process::Child {
        std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server (Debian package redis-server; scripts/bootstrap.sh installs it)")
    }

    async fn wait_until_up(&mut self) {
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Stops it (as an outage would).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port, empty.
    pub async fn restart(&mut self) {
        self.stop();
        self.child = Self::spawn(self.port);
        self.wait_until_up().await;
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The released `dms-proxy` binary, as a process in front of `base`, with `env` on top of the test settings; stopped (by its
/// PID) when dropped.
pub struct ProxyProcess {
    pub child: std::process::Child,
    pub addr: String,
    pub metrics: String,
}

impl ProxyProcess {
    pub fn start(base: &str, env: &[(&str, &str)]) -> ProxyProcess {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dms-proxy"));
        command
            .env_clear()
            .env("RUST_LOG", "warn")
            .env("PROXY_ADDR", "127.0.0.1:0")
            .env("PROXY_METRICS_ADDR", "127.0.0.1:0")
            .env("PROXY_UPSTREAM_API", format!("{base}/api"))
            .env("PROXY_UPSTREAM_GS", format!("{base}/gs"))
            .env("PROXY_ALLOWED_ORIGINS", PAGE)
            .env("PROXY_FORM_TOKEN_KEYS", FORM_KEY)
            .env("PROXY_RATE_IP_BURST", "100000")
            .env("PROXY_RATE_ORIGIN_BURST", "100000")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("dms-proxy starts");
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut address_after = |marker: &str| loop {
            let line = lines
                .next()
                .expect("dms-proxy prints its addresses")
                .unwrap();
            if let Some(rest) = line.split(marker).nth(1) {
                return rest.trim_end_matches("/metrics").to_owned();
            }
        };
        let metrics = address_after("metrics on http://");
        let addr = address_after("listening on http://");
        ProxyProcess {
            child,
            addr,
            metrics,
        }
    }

    /// SIGTERM, as an orchestrator stops a container.
    pub fn terminate(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit; how long it took.
    pub fn exited_within(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
