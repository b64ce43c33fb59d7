//! The proxy against a recording upstream: what it forwards, what it adds, what it refuses.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use common::*;
use proxy::limits::Rate;
use proxy::{router, ProxyConfig};

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

/// A request of the dealer group, as the portal's reverse proxy passes it on.
fn dealer(method: &str, uri: &str, body: Option<&str>) -> Request<Body> {
    let builder = Request::builder()
        .method(method)
        .uri(uri)
        .header("origin", PORTAL)
        .header("x-dealer-token", DEALER_TOKEN)
        .header("content-type", "application/json");
    builder
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap()
}

#[tokio::test]
async fn dealer_routes_go_to_gs_the_dms_and_the_lead_bank_with_the_token() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let twenty: Vec<_> = (0..20).map(|i| lead(&format!("Lead {i}"))).collect();
    for request in [
        dealer("GET", "/gs/v1/leads/bulks?id=7&x=1", None),
        dealer(
            "GET",
            "/gs/v1/core/customer?companyCode=jtc&lang=en&mobileNumber=568617084",
            None,
        ),
        dealer(
            "POST",
            "/dealer/api/v1/leads/bulks",
            Some(&bulk_of(&twenty)),
        ),
        dealer("POST", "/leadbank/api/leads", Some("1")),
        dealer("POST", "/leadbank/api/ValidateGetLeads", Some("[101,102]")),
    ] {
        let label = request.uri().to_string();
        let (status, headers, _) = send(&app, request).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(headers.get("access-control-allow-origin").unwrap(), PORTAL);
    }
    let seen = recorder.0.lock().unwrap().clone();
    let uris: Vec<_> = seen.iter().map(|r| r["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        [
            "/gs/v1/leads/bulks?id=7",
            "/gs/v1/core/customer?companyCode=jtc&lang=en&mobileNumber=568617084",
            "/api/v1/leads/bulks",
            "/leadbank/api/leads",
            "/leadbank/api/ValidateGetLeads",
        ]
    );
    assert_eq!(seen[4]["body"], "[101,102]");
    assert!(
        seen.iter().all(|r| r["auth"] == "Bearer dms-secret"
            || r["uri"].as_str().unwrap().starts_with("/leadbank")),
        "the DMS credential goes to the DMS"
    );
    assert!(
        seen.iter().all(|r| {
            let headers = r["headers"].as_array().unwrap();
            !r.to_string().contains(DEALER_TOKEN)
                && !headers
                    .iter()
                    .any(|h| h == "x-dealer-token" || h == "origin" || h == "cookie")
        }),
        "the dealer token stays at the proxy"
    );
}

#[tokio::test]
async fn bulks_are_forwarded_as_the_proxy_read_them() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let mut sent = lead("Sara");
    sent["vehicles"] = json!([{"modelFamily": "Grand Avenue", "modelYear": 2025, "totalQty": 1}]);
    let body = json!({"leads": [sent], "isProcessed": 4}).to_string();
    let request = Request::post("/api/v1/leads/bulks")
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .header("x-form-token", person_token())
        .body(Body::from(body.clone()))
        .unwrap();
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen[0]["method"], "POST");
    let forwarded: serde_json::Value =
        serde_json::from_str(seen[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(forwarded["isProcessed"], 1, "the only state a new bulk has");
    assert_eq!(forwarded["leads"][0], sent);
}

#[tokio::test]
async fn keys_the_bulk_does_not_have_are_refused_with_their_path() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let with = |key: &str, value: serde_json::Value| {
        let mut one = lead("Sara");
        one[key] = value;
        one
    };
    let mut vehicle_typo = lead("Sara");
    vehicle_typo["vehicles"] =
        json!([{"modelFamily": "Grand Avenue", "totalQty": 1, "colour": "red"}]);
    let cases = [
        (
            json!({"leads": [with("id", json!(7))], "isProcessed": 1}),
            "leads[0].id",
        ),
        (
            json!({"leads": [with("createdBy", json!("x"))], "isProcessed": 1}),
            "leads[0].createdBy",
        ),
        (
            json!({"leads": [with("PhoneNumber", json!("1"))], "isProcessed": 1}),
            "leads[0].PhoneNumber",
        ),
        (
            json!({"leads": [with("FIRSTNAME", json!("<img src=x>"))], "isProcessed": 1}),
            "leads[0].FIRSTNAME",
        ),
        (
            json!({"leads": [lead("Sara")], "isProcessed": 1, "companyId": 3}),
            "companyId",
        ),
        (
            json!({"leads": [lead("Sara")], "isProcessed": 1, "dryRun": true}),
            "dryRun",
        ),
        (
            json!({"leads": [vehicle_typo], "isProcessed": 1}),
            "leads[0].vehicles[0].colour",
        ),
    ];
    for (bulk, path) in cases {
        let (status, _, answer) = send(&app, bulk_post(&bulk.to_string(), None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(answer.contains(path), "{path}: {answer}");
    }
    // An empty field may be sent as null.
    let nulls = json!({"leads": [with("title", json!(null))], "isProcessed": 1});
    assert_eq!(
        send(&app, bulk_post(&nulls.to_string(), None)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        recorder.0.lock().unwrap().len(),
        1,
        "only the checked bulk went upstream"
    );
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
        // A dealer path from a public page: refused for the origin before any routing.
        (
            get("/gs/v1/core/customer/../../admin", Some(PAGE)),
            StatusCode::FORBIDDEN,
        ),
        // An absolute-form target: the proxy is no forward proxy, and says so.
        (
            get("http://10.0.0.1/api/v1/list/COUNTRY", Some(PAGE)),
            StatusCode::BAD_REQUEST,
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
    let seen = recorder.0.lock().unwrap().clone();
    assert!(seen.is_empty(), "{seen:?}");
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
                "content-type,idempotency-key,x-form-token,x-form-trap",
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
        "x-form-token",
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
    let app = router(config(NOWHERE, None)).unwrap();
    let (status, _, body) = send(&app, get("/api/v1/list/COUNTRY", Some(PAGE))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(body.contains("could not be reached"));
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
    let app = router(config(NOWHERE, None)).unwrap();
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
        })
        .unwrap();
        let mut statuses = Vec::new();
        // Each a list of its own: a list already kept would not reach the DMS anyway.
        for region in 0..5 {
            let uri = format!("/api/v1/list/CITY?parentId={region}");
            let (status, headers, _) = send(&app, get(&uri, Some(PAGE))).await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait: u64 = headers
                    .get("retry-after")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(wait >= 1, "whole seconds, rounded up: never 'at once'");
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
    let person = person_token();
    let tokens = proxy::form_token::FormTokens::new(&[FORM_KEY.as_bytes().to_vec()]).unwrap();
    let just_now = tokens.issue(PAGE.as_bytes(), proxy::form_token::now_ms());
    let forged = {
        let mut forged = person_token();
        let last = forged.pop().unwrap();
        forged.push(if last == '0' { '1' } else { '0' });
        forged
    };
    let elsewhere = person_token_for("http://other.example");
    for headers in [
        vec![("x-form-token", person.as_str()), ("x-form-trap", "1")],
        vec![("x-form-token", just_now.as_str())],
        vec![("x-form-token", forged.as_str())],
        vec![("x-form-token", elsewhere.as_str())],
    ] {
        let (status, _, answer) = send(&app, bot(&headers)).await;
        assert_eq!(status, StatusCode::OK, "{headers:?}");
        assert!(
            answer.parse::<i64>().is_ok_and(|id| id > 0),
            "a bulk id shape: {answer}"
        );
    }
    assert!(recorder.0.lock().unwrap().is_empty());
    // No token (or no token at all, as a widget of before sent its fill time): not decoyed, but
    // told to fetch one; the form does, and sends again.
    for headers in [vec![], vec![("x-form-token", "45000")]] {
        let (status, _, answer) = send(&app, bot(&headers)).await;
        assert_eq!(status, StatusCode::PRECONDITION_REQUIRED, "{headers:?}");
        assert!(answer.contains(r#""renew":"form-token""#), "{answer}");
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

#[tokio::test]
async fn turnstile_tokens_are_verified_once_and_good_for_one_bulk() {
    let verifications = Recorder::default();
    let seen_by_verify = verifications.clone();
    let verify = axum::Router::new().fallback(move |body: String| {
        let seen = seen_by_verify.clone();
        async move {
            seen.0.lock().unwrap().push(json!(body));
            let good = body.contains("secret=ts-secret") && body.contains("response=good");
            axum::Json(json!({ "success": good }))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let verify_url = format!("http://{}/siteverify", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, verify).await.unwrap() });

    let recorder = Recorder::default();
    let base = upstream(recorder.clone()).await;
    let mut config = config(&base, None);
    config.turnstile = Some(proxy::config::Turnstile {
        secret: "ts-secret".into(),
        verify_url,
    });
    let app = router(config).unwrap();
    let with_token = |body: &str, token: Option<&str>, key: &str| {
        let mut request = bulk_post(body, Some(key));
        if let Some(token) = token {
            request
                .headers_mut()
                .insert("x-turnstile-token", token.parse().unwrap());
        }
        request
    };
    let sara = bulk_of(&[lead("Sara")]);
    let omar = bulk_of(&[lead("Omar")]);
    let statuses = [
        send(&app, with_token(&sara, None, "k-1")).await.0,
        send(&app, with_token(&sara, Some("bad"), "k-2")).await.0,
        send(&app, with_token(&sara, Some("good"), "k-3")).await.0,
        // The outbox retrying the same bulk with the same token and key: the first answer.
        send(&app, with_token(&sara, Some("good"), "k-3")).await.0,
        // The same bulk as a new one (another key): the token is spent.
        send(&app, with_token(&sara, Some("good"), "k-4")).await.0,
        send(&app, with_token(&sara, Some("good"), "k-5")).await.0,
        // The token on another bulk: spent.
        send(&app, with_token(&omar, Some("good"), "k-6")).await.0,
    ];
    assert_eq!(
        statuses.map(|s| s.as_u16()),
        [428, 428, 200, 200, 428, 428, 428],
        "no token, bad token, good, retry, new keys, reuse"
    );
    assert_eq!(
        verifications.0.lock().unwrap().len(),
        2,
        "bad and good, once each"
    );
    assert_eq!(recorder.0.lock().unwrap().len(), 1, "Sara's bulk once");
}

/// A customer lookup and a bulk status, as the dealer pages ask them.
const CUSTOMER: &str = "/gs/v1/core/customer?companyCode=1&customerId=2";
const STATUS: &str = "/gs/v1/leads/bulks?id=1";

/// An upstream that misbehaves: HTML with a script for the customer, the request's headers echoed
/// back (the credential among them) for the bulk status.
async fn hostile_upstream() -> String {
    let app = axum::Router::new()
        .route(
            "/gs/v1/core/customer",
            axum::routing::get(|| async {
                (
                    [("content-type", "text/html")],
                    "<script>alert(document.cookie)</script>",
                )
            }),
        )
        .route(
            "/gs/v1/leads/bulks",
            axum::routing::get(|headers: axum::http::HeaderMap| async move {
                let echoed: serde_json::Map<String, serde_json::Value> = headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or_default())))
                    .collect();
                axum::Json(echoed)
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn answers_that_are_not_json_or_hold_a_credential_are_not_passed_on() {
    let base = hostile_upstream().await;
    let app = router(config(&base, Some("Bearer dms-secret"))).unwrap();
    let (status, headers, body) = send(&app, dealer("GET", CUSTOMER, None)).await;
    assert_eq!(
        status,
        StatusCode::BAD_GATEWAY,
        "HTML is not passed to a page"
    );
    assert!(!body.contains("<script>"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let (status, _, body) = send(&app, dealer("GET", STATUS, None)).await;
    assert_eq!(
        status,
        StatusCode::BAD_GATEWAY,
        "the credential stays with the proxy"
    );
    assert!(!body.contains("dms-secret"));
}

#[tokio::test]
async fn personal_answers_are_not_kept_by_caches_and_nothing_is_sniffed() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let (_, bulk, _) = send(&app, bulk_post(&bulk_of(&[lead("Sara")]), None)).await;
    let (_, customer, _) = send(&app, dealer("GET", CUSTOMER, None)).await;
    let (_, status, _) = send(&app, dealer("GET", STATUS, None)).await;
    for headers in [&bulk, &customer, &status] {
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(headers["x-content-type-options"], "nosniff");
    }
    let (_, list, _) = send(&app, get("/api/v1/list/GENDER", Some(PAGE))).await;
    assert!(list["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    assert_eq!(list["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn each_request_has_an_id_and_readiness_says_what_is_missing() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let (_, headers, _) = send(&app, get("/api/v1/list/GENDER", Some(PAGE))).await;
    let id = headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(id.len() >= 16, "a new id: {id}");
    let (_, again, _) = send(&app, get("/api/v1/list/GENDER", Some(PAGE))).await;
    assert_ne!(again["x-request-id"], id.as_str(), "each its own");
    let mut own = get("/api/v1/list/GENDER", Some(PAGE));
    own.headers_mut()
        .insert("x-request-id", "trace-7".parse().unwrap());
    let (_, headers, _) = send(&app, own).await;
    assert_eq!(
        headers["x-request-id"], "trace-7",
        "the client's id is kept"
    );
    let (_, headers, _) = send(&app, get("/nowhere", Some(PAGE))).await;
    assert!(headers.contains_key("x-request-id"), "refusals too");

    let (status, _, body) = send(&app, get("/ready", None)).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"dms":true,"ready":true,"redis":null}"#)
    );
    let down = router(config(NOWHERE, None)).unwrap();
    let (status, _, body) = send(&down, get("/ready", None)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""dms":false"#), "{body}");
}

/// A GET of a list of its own (so the cache does not answer it) from `ip`, with or without the
/// page's `Origin`.
fn list_from(ip: &str, origin: Option<&str>, region: usize) -> Request<Body> {
    let mut request = get(&format!("/api/v1/list/CITY?parentId={region}"), origin);
    let peer: std::net::SocketAddr = format!("[{ip}]:40000")
        .parse()
        .or_else(|_| format!("{ip}:40000").parse())
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    request
}

#[tokio::test]
async fn one_client_cannot_use_up_a_sites_limit_or_another_scripts() {
    let recorder = Recorder::default();
    let base = upstream(recorder.clone()).await;
    let hour = Duration::from_secs(3600);
    let app = router(ProxyConfig {
        rate_per_ip: Rate {
            burst: 5,
            replenish: hour,
        },
        rate_per_origin: Rate {
            burst: 12,
            replenish: hour,
        },
        ..config(&base, None)
    })
    .unwrap();
    let mut region = 0;
    let mut status_of = |ip: &str, origin: Option<&str>| {
        region += 1;
        let request = list_from(ip, origin, region);
        let app = app.clone();
        async move { send(&app, request).await.0.as_u16() }
    };
    // One IPv6 subscriber taking a new address of its /64 for every request is one client.
    let mut greedy = Vec::new();
    for host in 1..=12 {
        greedy.push(status_of(&format!("2001:db8:7:7::{host:x}"), Some(PAGE)).await);
    }
    assert_eq!(
        greedy.iter().filter(|s| **s == 200).count(),
        5,
        "{greedy:?}"
    );
    // The site's other visitors are still served.
    assert_eq!(status_of("198.51.100.7", Some(PAGE)).await, 200);
    assert_eq!(status_of("2001:db8:7:8::1", Some(PAGE)).await, 200);
    // Clients without an Origin (scripts) do not share one bucket, nor use up the site's.
    for _ in 0..5 {
        status_of("203.0.113.1", None).await;
    }
    assert_eq!(status_of("203.0.113.1", None).await, 429);
    for other in 2..=14 {
        let ip = format!("203.0.113.{other}");
        assert_eq!(status_of(&ip, None).await, 200, "{ip}");
    }
    assert_eq!(status_of("198.51.100.8", Some(PAGE)).await, 200);
}

#[tokio::test]
async fn a_parameter_given_twice_is_refused_not_guessed() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    for uri in [
        "/gs/v1/leads/bulks?id=1&id=2",
        "/gs/v1/core/customer?companyCode=1&customerId=2&customerId=3",
        "/gs/v1/core/customer?companyCode=1&customerId=2&lang=en&lang=ar",
        "/gs/v1/core/customer?companyCode=1&customerId=2&x=1&x=2",
    ] {
        let (status, _, body) = send(&app, dealer("GET", uri, None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(body.contains("more than once"), "{body}");
    }
    for uri in [
        "/api/v1/list/CITY?parentId=1&parentId=2",
        "/api/v1/list/COUNTRY?lang=en&lang=ar",
        "/api/v1/lists?types=COUNTRY&types=BRAND",
    ] {
        let (status, _, _) = send(&app, get(uri, Some(PAGE))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
    }
    assert!(recorder.0.lock().unwrap().is_empty());
    let (status, _, _) = send(&app, dealer("GET", "/gs/v1/leads/bulks?id=1", None)).await;
    assert_eq!(status, StatusCode::OK, "asked once, it goes through");
}

#[tokio::test]
async fn a_public_bulk_without_origin_is_refused_and_the_form_token_is_served() {
    let recorder = Recorder::default();
    let app = proxy_app(&recorder).await;
    let mut no_origin = bulk_post(&bulk_of(&[lead("Sara")]), Some("k-no-origin"));
    no_origin.headers_mut().remove("origin");
    let (status, _, _) = send(&app, no_origin).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(recorder.0.lock().unwrap().is_empty());

    let (status, headers, body) = send(&app, get("/api/v1/form-token", Some(PAGE))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["minFillMs"], 3000);
    let token = answer["token"].as_str().unwrap().to_owned();
    // Sent at once, the token is too young: the decoy, nothing upstream.
    let mut hasty = bulk_post(&bulk_of(&[lead("Sara")]), Some("k-hasty"));
    hasty
        .headers_mut()
        .insert("x-form-token", token.parse().unwrap());
    let (status, _, _) = send(&app, hasty).await;
    assert_eq!(status, StatusCode::OK);
    assert!(recorder.0.lock().unwrap().is_empty());
}
