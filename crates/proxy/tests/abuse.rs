//! Abuse: crafted requests against a running proxy (over TCP, so malformed request lines reach it
//! as they would from the internet). Every one is refused, and the upstream records none of them.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::*;
use proxy::router;

/// A crafted request and why it must be refused.
struct Case {
    what: &'static str,
    raw: String,
}

/// A raw HTTP/1.1 request; `Connection: close` so the answer ends with the connection.
fn raw(method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text =
        format!("{method} {target} HTTP/1.1\r\nHost: proxy.test\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        text.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

/// Sends `request` and returns the status code (0 when the connection was closed without one).
async fn status_of(addr: &str, request: &str) -> u16 {
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return 0;
    };
    if stream.write_all(request.as_bytes()).await.is_err() {
        return 0;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn cases() -> Vec<Case> {
    let json = ("Content-Type", "application/json");
    let page = ("Origin", PAGE);
    let portal = ("Origin", PORTAL);
    let token = ("X-Dealer-Token", DEALER_TOKEN);
    let person = person_token();
    let human = ("X-Form-Token", person.as_str());
    let one = bulk_of(&[lead("Sara")]);
    let mut cases = Vec::new();
    let mut add = |what: &'static str, raw: String| cases.push(Case { what, raw });

    // Origins that are not configured, on every kind of route.
    for origin in [
        "http://evil.example",
        "null",
        "http://shop.example.evil.example",
        "https://shop.example",
        "http://shop.example:8080",
        "http://SHOP.example",
        "http://shop.example/",
    ] {
        add(
            "foreign origin, list",
            raw("GET", "/api/v1/list/COUNTRY", &[("Origin", origin)], ""),
        );
        add(
            "foreign origin, bulk",
            raw(
                "POST",
                "/api/v1/leads/bulks",
                &[("Origin", origin), json, human],
                &one,
            ),
        );
        add(
            "foreign origin, preflight",
            raw(
                "OPTIONS",
                "/api/v1/leads/bulks",
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", "POST"),
                ],
                "",
            ),
        );
    }
    // Paths that are not forwarded, in plain and encoded spellings.
    for target in [
        "/",
        "/api",
        "/api/v1",
        "/api/v1/list",
        "/api/v1/list/",
        "/api/v1/list/NOT_A_LIST",
        "/api/v1/list/country",
        "/api/v1/list/COUNTRY/extra",
        "/api/v1/leads",
        "/api/v1/core/customer",
        "/api/v2/list/COUNTRY",
        "/gs/v1/list/COUNTRY",
        "/admin",
        "/api/v1/list/..%2F..%2Fadmin",
        "/api/v1/list/%2e%2e/%2e%2e/admin",
        "/api/v1/list/%252e%252e%252fadmin",
        "/api/v1/list/..%5c..%5cadmin",
        "/api/v1/list/%c0%ae%c0%ae/admin",
        "/api/v1/list/COUNTRY%00",
        "/api/./v1/list/../../admin",
        "//evil.example/api/v1/list/COUNTRY",
        "/api/v1/list/http:%2F%2Fevil.example",
        "/api/v1/list/@evil.example",
    ] {
        add(
            "unlisted or traversing path",
            raw("GET", target, &[page], ""),
        );
    }
    // Absolute URLs in the request line: only the path counts, and these paths are not routes.
    for target in [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:22/",
    ] {
        add("absolute URL", raw("GET", target, &[page], ""));
    }
    // Absolute URLs naming a route: not served either (the proxy is no forward proxy).
    for target in [
        "http://10.0.0.1/api/v1/list/COUNTRY",
        "http://169.254.169.254/api/v1/list/COUNTRY",
        "https://shop.example/api/v1/form-token",
    ] {
        add("absolute URL of a route", raw("GET", target, &[page], ""));
    }
    // The same parameter twice: which one the DMS reads is not for a client to play with.
    for target in [
        "/api/v1/list/CITY?parentId=1&parentId=2",
        "/api/v1/list/COUNTRY?lang=en&lang=ar",
    ] {
        add("duplicate parameter", raw("GET", target, &[page], ""));
    }
    for target in [
        "/gs/v1/leads/bulks?id=7&id=8",
        "/gs/v1/core/customer?companyCode=jtc&customerId=1&customerId=2",
    ] {
        add(
            "duplicate dealer parameter",
            raw("GET", target, &[portal, token], ""),
        );
    }
    // A bulk no browser sent: no Origin.
    add(
        "public bulk without an Origin",
        raw("POST", "/api/v1/leads/bulks", &[json, human], &one),
    );
    // Fields the rules did not check, to be refused rather than passed on.
    for (key, value) in [
        ("id", json!(7)),
        ("createdBy", json!("admin")),
        ("ownerId", json!(1)),
        ("PhoneNumber", json!("1")),
        ("FIRSTNAME", json!("<img src=x onerror=alert(1)>")),
    ] {
        let mut lead = lead("Sara");
        lead[key] = value;
        add(
            "an unchecked lead field",
            raw(
                "POST",
                "/api/v1/leads/bulks",
                &[page, json, human],
                &bulk_of(&[lead]),
            ),
        );
    }
    for key in ["companyId", "dryRun"] {
        let mut bulk: serde_json::Value = serde_json::from_str(&one).unwrap();
        bulk[key] = json!(1);
        add(
            "an unchecked bulk field",
            raw(
                "POST",
                "/api/v1/leads/bulks",
                &[page, json, human],
                &bulk.to_string(),
            ),
        );
    }
    // Lead-bank bodies that are not what the provider takes there: passed on, they would reach it
    // unchecked.
    for (target, body) in [
        ("/leadbank/api/leads", r#"{"dealer":1,"all":true}"#),
        ("/leadbank/api/leads", r#""1""#),
        ("/leadbank/api/ValidateGetLeads", r#"[1,"2"]"#),
        (
            "/leadbank/api/ValidateGetLeads",
            r#"{"ids":[1],"confirmAll":true}"#,
        ),
    ] {
        add(
            "a lead-bank body of another shape",
            raw("POST", target, &[portal, token, json], body),
        );
    }
    // Methods that are not listed.
    for method in ["PUT", "DELETE", "PATCH", "TRACE", "CONNECT"] {
        add(
            "unlisted method",
            raw(method, "/api/v1/leads/bulks", &[page, json], "{}"),
        );
    }
    add(
        "POST to a list",
        raw("POST", "/api/v1/list/COUNTRY", &[page, json], "{}"),
    );
    add(
        "GET of the bulk route",
        raw("GET", "/api/v1/leads/bulks", &[page], ""),
    );
    // Bodies: too big, too many leads, not a bulk, leads that break the rules.
    let big = "x".repeat(5000);
    add(
        "oversized public body",
        raw("POST", "/api/v1/leads/bulks", &[page, json, human], &big),
    );
    let huge = bulk_of(&(0..200).map(|i| lead(&format!("L{i}"))).collect::<Vec<_>>());
    add(
        "oversized dealer body",
        raw(
            "POST",
            "/dealer/api/v1/leads/bulks",
            &[portal, token, json],
            &huge,
        ),
    );
    let three = bulk_of(&[lead("A"), lead("B"), lead("C")]);
    add(
        "too many public leads",
        raw("POST", "/api/v1/leads/bulks", &[page, json, human], &three),
    );
    let many = bulk_of(&(0..21).map(|i| lead(&format!("L{i}"))).collect::<Vec<_>>());
    add(
        "too many dealer leads",
        raw(
            "POST",
            "/dealer/api/v1/leads/bulks",
            &[portal, token, json],
            &many,
        ),
    );
    add(
        "no leads",
        raw(
            "POST",
            "/api/v1/leads/bulks",
            &[page, json, human],
            &bulk_of(&[]),
        ),
    );
    add(
        "not JSON",
        raw(
            "POST",
            "/api/v1/leads/bulks",
            &[page, json, human],
            "leads=1",
        ),
    );
    add(
        "wrong content type",
        raw(
            "POST",
            "/api/v1/leads/bulks",
            &[page, ("Content-Type", "text/plain"), human],
            &one,
        ),
    );
    let mut bad = lead("Sara");
    bad["phoneNumber"] = json!("12");
    add(
        "a lead that breaks the rules",
        raw(
            "POST",
            "/api/v1/leads/bulks",
            &[page, json, human],
            &bulk_of(&[bad]),
        ),
    );
    add(
        "a bad idempotency key",
        raw(
            "POST",
            "/api/v1/leads/bulks",
            &[page, json, human, ("Idempotency-Key", "../../etc")],
            &one,
        ),
    );
    // Dealer routes without the dealer's authentication, or from the wrong origin.
    for (method, target, body) in [
        ("GET", "/gs/v1/leads/bulks?id=7", ""),
        (
            "GET",
            "/gs/v1/core/customer?companyCode=jtc&mobileNumber=568617084",
            "",
        ),
        ("POST", "/dealer/api/v1/leads/bulks", one.as_str()),
        ("POST", "/leadbank/api/leads", "1"),
        ("POST", "/leadbank/api/ValidateGetLeads", "[1]"),
    ] {
        add(
            "missing dealer auth",
            raw(method, target, &[portal, json], body),
        );
        add(
            "wrong dealer token",
            raw(
                method,
                target,
                &[portal, json, ("X-Dealer-Token", "dealer-secret-7f3b")],
                body,
            ),
        );
        add(
            "dealer route from a public page",
            raw(method, target, &[page, json, token], body),
        );
    }
    add(
        "dealer token sent as a bearer",
        raw(
            "GET",
            "/gs/v1/leads/bulks?id=7",
            &[portal, ("Authorization", "Bearer dealer-secret-7f3a")],
            "",
        ),
    );
    cases
}

#[tokio::test]
async fn crafted_requests_are_refused_and_reach_nothing() {
    let recorder = Recorder::default();
    let base = upstream(recorder.clone()).await;
    let config = config(&base, Some("Bearer dms-secret"));
    let server = config.server.clone();
    let app = router(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        proxy::serve::serve(listener, app, &server, std::future::pending()).await
    });
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut accepted = Vec::new();
    for case in &cases {
        let status = status_of(&addr, &case.raw).await;
        if status == 0 || (200..300).contains(&status) {
            let line = case.raw.lines().next().unwrap_or_default();
            accepted.push(format!("{}: {line} -> {status}", case.what));
        }
    }
    assert!(accepted.is_empty(), "not refused:\n{}", accepted.join("\n"));
    let seen = recorder.0.lock().unwrap().clone();
    assert!(seen.is_empty(), "reached the upstream: {seen:?}");
    println!(
        "{} crafted requests refused, 0 reached the upstream",
        cases.len()
    );
    // The same path, asked properly, goes through: the refusals above are the proxy's doing.
    let fine = raw("GET", "/api/v1/list/COUNTRY", &[("Origin", PAGE)], "");
    assert_eq!(status_of(&addr, &fine).await, 200);
    let as_dealer = raw(
        "GET",
        "/gs/v1/leads/bulks?id=7",
        &[("Origin", PORTAL), ("X-Dealer-Token", DEALER_TOKEN)],
        "",
    );
    assert_eq!(status_of(&addr, &as_dealer).await, 200);
    assert_eq!(recorder.0.lock().unwrap().len(), 2);
}

/// An upstream that redirects to a private address is not followed: the browser gets a 502, not
/// the redirect, and the private address is never called.
#[tokio::test]
async fn redirects_to_private_addresses_are_not_followed() {
    let private = Recorder::default();
    let private_base = upstream(private.clone()).await;
    let redirecting = axum::Router::new().fallback(move || {
        let location = format!("{private_base}/latest/meta-data/");
        async move { (StatusCode::FOUND, [("location", location)], "") }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, redirecting).await.unwrap() });
    let app = router(config(&base, Some("Bearer dms-secret"))).unwrap();
    for request in [
        get("/api/v1/list/COUNTRY", Some(PAGE)),
        bulk_post(&bulk_of(&[lead("Sara")]), Some("k-redirect")),
    ] {
        let (status, headers, _) = send(&app, request).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY);
        assert!(headers.get("location").is_none());
    }
    assert!(
        private.0.lock().unwrap().is_empty(),
        "the private address was called"
    );
}
