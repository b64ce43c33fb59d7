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

use proxy::{router, ProxyConfig};

const PAGE: &str = "http://shop.example";

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

async fn proxy_app(recorder: &Recorder) -> axum::Router {
    let base = upstream(recorder.clone()).await;
    router(ProxyConfig {
        upstream_api: format!("{base}/api"),
        upstream_gs: format!("{base}/gs"),
        allowed_origins: vec![HeaderValue::from_static(PAGE)],
        credential: Some(HeaderValue::from_static("Bearer dms-secret")),
        max_body_bytes: 1024,
        upstream_timeout: Duration::from_secs(5),
    })
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
    let body = r#"{"leads":[{"firstName":"Sara"}],"isProcessed":1}"#;
    let request = Request::post("/api/v1/leads/bulks")
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .body(Body::from(body))
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
            post(&"x".repeat(2048), "application/json"),
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
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, _) = send(&app, preflight(PAGE)).await;
    assert!(status.is_success());
    assert_eq!(headers.get("access-control-allow-origin").unwrap(), PAGE);
    let (status, _, _) = send(&app, preflight("http://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(recorder.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn unreachable_upstream_is_a_502() {
    let app = router(ProxyConfig {
        upstream_api: "http://127.0.0.1:9/api".into(),
        upstream_gs: "http://127.0.0.1:9/gs".into(),
        allowed_origins: vec![HeaderValue::from_static(PAGE)],
        credential: None,
        max_body_bytes: 1024,
        upstream_timeout: Duration::from_secs(2),
    });
    let (status, _, body) = send(&app, get("/api/v1/list/COUNTRY", Some(PAGE))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(body.contains("could not be reached"));
}
