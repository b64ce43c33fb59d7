//! The proxy against a recording upstream: what it forwards, what it adds, what it refuses.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request as AxumRequest;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use proxy::limits::Rate;
use proxy::{router, ProxyConfig};

const PAGE: &str = "http://shop.example";

/// A lead that passes the DMS rules, with `first_name`.
fn lead(first_name: &str) -> serde_json::Value {
    json!({
        "company": "JTC", "businessArea": "Sales", "brand": "JMC", "branch": "JMC Khobar Showroom",
        "source": "Showroom", "subSource": "Walk-in", "phoneCode": "00966", "phoneNumber": "555555555",
        "preferredLanguage": "English", "priority": "Hot", "leadType": "Individual",
        "interest": "Vehicle Inquiry", "firstName": first_name, "leadName": first_name,
        "leadDate": "2025-08-17T06:49:41.761Z", "customerCountry": "Saudi Arabia",
        "customerRegion": "Eastern Province", "customerCity": "Dammam"
    })
}

fn bulk_of(leads: &[serde_json::Value]) -> String {
    json!({ "leads": leads, "isProcessed": 1 }).to_string()
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Value>>>);

/// An upstream that records every request (method, URI, credential, body) and answers with a cookie
/// and an internal header that must not reach the browser.
async fn upstream(recorder: Recorder) -> String {
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

/// The proxy in front of `base`, for pages on `PAGE`.
fn config(base: &str, credential: Option<&'static str>) -> ProxyConfig {
    ProxyConfig {
        upstream_api: format!("{base}/api"),
        upstream_gs: format!("{base}/gs"),
        allowed_origins: vec![HeaderValue::from_static(PAGE)],
        credential: credential.map(HeaderValue::from_static),
        max_body_bytes: 4096,
        max_leads_per_bulk: 2,
        upstream_timeout: Duration::from_secs(5),
        rate_per_ip: GENEROUS,
        rate_per_origin: GENEROUS,
        min_fill: Duration::from_secs(3),
        idempotency_ttl: Duration::from_secs(3600),
        idempotency_capacity: 100,
    }
}

/// A rate no test reaches.
const GENEROUS: Rate = Rate {
    burst: 10_000,
    replenish: Duration::from_millis(1),
};

/// Nothing listens on the discard port: every upstream call fails at once.
const NOWHERE: &str = "http://127.0.0.1:9";

async fn proxy_app(recorder: &Recorder) -> axum::Router {
    let base = upstream(recorder.clone()).await;
    router(config(&base, Some("Bearer dms-secret")))
}

async fn send(
    app: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(uri).header("cookie", "browser=1");
    if let Some(origin) = origin {
        builder = builder.header("origin", origin);
    }
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn lists_are_forwarded_with_the_credential_and_only_documented_parameters() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let (status, headers, body) = send(
        &app,
        get("/api/v1/list/REGION?parentId=1&lang=ar&debug=1", Some(PAGE)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "[]");
    assert_eq!(headers.get("access-control-allow-origin").unwrap(), PAGE);
    assert!(
        headers.get("set-cookie").is_none(),
        "upstream cookies stay upstream"
    );
    assert!(
        headers.get("x-internal").is_none(),
        "only the content type comes back"
    );
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["uri"], "/api/v1/list/REGION?parentId=1&lang=ar");
    assert_eq!(seen[0]["auth"], "Bearer dms-secret");
    assert_eq!(
        seen[0]["cookie"], false,
        "browser cookies are not forwarded"
    );
}

#[tokio::test]
async fn status_and_customer_go_to_the_gs_base() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    send(&app, get("/gs/v1/leads/bulks?id=7&x=1", Some(PAGE))).await;
    send(
        &app,
        get(
            "/gs/v1/core/customer?companyCode=jtc&lang=en&mobileNumber=568617084",
            None,
        ),
    )
    .await;
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen[0]["uri"], "/gs/v1/leads/bulks?id=7");
    assert_eq!(
        seen[1]["uri"],
        "/gs/v1/core/customer?companyCode=jtc&lang=en&mobileNumber=568617084"
    );
}

#[tokio::test]
async fn bulks_are_forwarded_as_sent() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let body = bulk_of(&[lead("Sara")]);
    let request = Request::post("/api/v1/leads/bulks")
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .header("x-form-fill-ms", "45000")
        .body(Body::from(body.clone()))
        .unwrap();
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen[0]["method"], "POST");
    assert_eq!(seen[0]["body"], body);
}

#[tokio::test]
async fn what_is_not_allowed_never_reaches_the_upstream() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let post = |body: &str, content_type: &str| {
        Request::post("/api/v1/leads/bulks")
            .header("origin", PAGE)
            .header("content-type", content_type)
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            get("/api/v1/list/COUNTRY", Some("http://evil.example")),
            StatusCode::FORBIDDEN,
        ),
        (
            get("/api/v1/list/COUNTRY", Some("null")),
            StatusCode::FORBIDDEN,
        ),
        (
            get("/api/v1/list/NOT_A_LIST", Some(PAGE)),
            StatusCode::NOT_FOUND,
        ),
        (
            get("/api/v1/list/..%2F..%2Fadmin", Some(PAGE)),
            StatusCode::NOT_FOUND,
        ),
        (get("/api/v1/other", Some(PAGE)), StatusCode::NOT_FOUND),
        (
            get("/gs/v1/core/customer/../../admin", Some(PAGE)),
            StatusCode::NOT_FOUND,
        ),
        (
            get("http://10.0.0.1/api/v1/list/COUNTRY", Some(PAGE)),
            StatusCode::OK,
        ),
        (post("{}", "text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            post("not json", "application/json"),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(&"x".repeat(8192), "application/json"),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            Request::delete("/api/v1/leads/bulks")
                .header("origin", PAGE)
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (request, expected) in cases {
        let label = format!("{} {}", request.method(), request.uri());
        let (status, _, _) = send(&app, request).await;
        assert_eq!(status, expected, "{label}");
    }
    // Only the absolute-form request reached the upstream, and on the configured host and path.
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["uri"], "/api/v1/list/COUNTRY");
}

#[tokio::test]
async fn preflight_is_answered_for_configured_origins_only() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/leads/bulks")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            // Every header the widget sends with a bulk.
            .header(
                "access-control-request-headers",
                "content-type,idempotency-key,x-form-fill-ms,x-form-trap",
            )
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, _) = send(&app, preflight(PAGE)).await;
    assert!(status.is_success());
    assert_eq!(headers.get("access-control-allow-origin").unwrap(), PAGE);
    let allowed = headers
        .get("access-control-allow-headers")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    for name in [
        "content-type",
        "idempotency-key",
        "x-form-fill-ms",
        "x-form-trap",
    ] {
        assert!(allowed.contains(name), "{name} in {allowed}");
    }
    let (status, _, _) = send(&app, preflight("http://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(recorder.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn unreachable_upstream_is_a_502() {
    let app = router(config(NOWHERE, None));
    let (status, _, body) = send(&app, get("/api/v1/list/COUNTRY", Some(PAGE))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(body.contains("could not be reached"));
}

fn bulk_post(body: &str, key: Option<&str>) -> Request<Body> {
    let mut builder = Request::post("/api/v1/leads/bulks")
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .header("x-form-fill-ms", "45000");
    if let Some(key) = key {
        builder = builder.header("idempotency-key", key);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn a_retried_bulk_with_the_same_key_reaches_the_dms_once() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let body = &bulk_of(&[lead("Sara")]);
    let key = "7d3f1c2a-0b9e-4c55-8a61-1f2e3d4c5b6a";
    let (first, _, first_body) = send(&app, bulk_post(body, Some(key))).await;
    let (again, headers, again_body) = send(&app, bulk_post(body, Some(key))).await;
    assert_eq!((first, again), (StatusCode::OK, StatusCode::OK));
    assert_eq!(first_body, again_body, "the retry gets the first answer");
    assert_eq!(headers.get("idempotent-replayed").unwrap(), "true");
    assert_eq!(recorder.0.lock().unwrap().len(), 1, "one bulk upstream");

    let (status, _, _) = send(&app, bulk_post(&bulk_of(&[lead("Omar")]), Some(key))).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "same key, other bulk"
    );
    let (status, _, _) = send(&app, bulk_post(body, Some("not a key!"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Without a key every POST goes through.
    send(&app, bulk_post(body, None)).await;
    send(&app, bulk_post(body, None)).await;
    assert_eq!(recorder.0.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_failed_attempt_does_not_block_the_retry() {
    let app = router(config(NOWHERE, None));
    let body = &bulk_of(&[lead("Sara")]);
    for _ in 0..2 {
        let (status, _, _) = send(&app, bulk_post(body, Some("k-1"))).await;
        assert_eq!(
            status,
            StatusCode::BAD_GATEWAY,
            "tried upstream again, not 'in progress'"
        );
    }
}

#[tokio::test]
async fn leads_that_break_the_rules_never_reach_the_dms() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let mut bad = lead("Sara");
    bad["phoneNumber"] = json!("455555555");
    bad["customerCity"] = json!(null);
    let response = app
        .clone()
        .oneshot(bulk_post(&bulk_of(&[lead("Omar"), bad]), None))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(
        body["issues"],
        json!([
            {"lead": 1, "path": "phoneNumber", "code": "phone_saudi_mobile"},
            {"lead": 1, "path": "customerCity", "code": "required"}
        ])
    );
    for leads in [vec![], vec![lead("A"), lead("B"), lead("C")]] {
        let (status, _, _) = send(&app, bulk_post(&bulk_of(&leads), None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{} leads", leads.len());
    }
    assert!(recorder.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn too_many_requests_get_429_with_retry_after() {
    let strict = Rate {
        burst: 3,
        replenish: Duration::from_secs(3600),
    };
    for (per_ip, per_origin) in [(strict, GENEROUS), (GENEROUS, strict)] {
        let recorder = Recorder::default();
        let base = upstream(recorder.clone()).await;
        let app = router(ProxyConfig {
            rate_per_ip: per_ip,
            rate_per_origin: per_origin,
            ..config(&base, None)
        });
        let mut statuses = Vec::new();
        for _ in 0..5 {
            let (status, headers, _) = send(&app, get("/api/v1/list/COUNTRY", Some(PAGE))).await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait: u64 = headers
                    .get("retry-after")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(wait > 0);
                let cors = headers.get("access-control-allow-origin");
                assert_eq!(cors.unwrap(), PAGE, "the page can read the 429");
            }
            statuses.push(status.as_u16());
        }
        assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
        assert_eq!(
            recorder.0.lock().unwrap().len(),
            3,
            "limited requests never reach the DMS"
        );
    }
}

#[tokio::test]
async fn bots_get_an_answer_like_success_and_nothing_reaches_the_dms() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let body = bulk_of(&[lead("Bot")]);
    let bot = |headers: &[(&str, &str)]| {
        let mut builder = Request::post("/api/v1/leads/bulks")
            .header("origin", PAGE)
            .header("content-type", "application/json");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::from(body.clone())).unwrap()
    };
    for headers in [
        vec![("x-form-fill-ms", "45000"), ("x-form-trap", "1")],
        vec![("x-form-fill-ms", "800")],
        vec![],
    ] {
        let (status, _, answer) = send(&app, bot(&headers)).await;
        assert_eq!(status, StatusCode::OK, "{headers:?}");
        assert!(
            answer.parse::<i64>().is_ok_and(|id| id > 0),
            "a bulk id shape: {answer}"
        );
    }
    assert!(recorder.0.lock().unwrap().is_empty());
    let (status, _, _) = send(&app, bulk_post(&body, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        recorder.0.lock().unwrap().len(),
        1,
        "a person's bulk goes through"
    );
}
