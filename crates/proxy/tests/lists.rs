//! The list cache seen from outside (issue 19): the DMS asked once per list, answers a browser and a
//! shared cache may keep, compressed, still served while the DMS is down, and the form's opening
//! lists in one request.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use common::*;
use proxy::router;

pub fn list_request(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::get(uri).header("origin", PAGE);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

/// The lists a fresh visitor's form asks for at the start (the English form).
const OPENING: &[&str] = &[
    "CUSTOMER_TYPE",
    "COUNTRY",
    "PHONE_CODE",
    "LANGUAGE",
    "OU_TYPE",
    "LEAD_INTEREST",
    "LEAD_SOURCE",
    "LEAD_PRIORITY",
    "CURRENCY",
];

#[tokio::test]
async fn ten_visitors_cost_the_dms_one_call_per_distinct_list() {
    let dms = Dms::default();
    let app = router(config(&dms.start().await, None)).unwrap();
    for visitor in 0..10 {
        for list in OPENING {
            let uri = format!("/api/v1/list/{list}?lang=en");
            let (status, headers, _) = send(&app, list_request(&uri, &[])).await;
            assert_eq!(status, StatusCode::OK);
            let expected = if visitor == 0 { "MISS" } else { "HIT" };
            assert_eq!(headers["x-cache"], expected, "{list}, visitor {visitor}");
        }
        let (status, ..) = send(
            &app,
            list_request("/api/v1/list/REGION?parentId=1&lang=en", &[]),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(dms.calls(), OPENING.len() + 1, "not 10x");

    // Ten at once for a list nobody asked for yet: one call between them.
    let together = (0..10).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            send(
                &app,
                list_request("/api/v1/list/CITY?parentId=4&lang=ar", &[]),
            )
            .await
            .0
        })
    });
    for handle in together.collect::<Vec<_>>() {
        assert_eq!(handle.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(dms.calls(), OPENING.len() + 2);
}

#[tokio::test]
async fn answers_carry_validators_and_freshness_and_are_compressed() {
    let dms = Dms::default();
    let app = router(config(&dms.start().await, None)).unwrap();
    let (status, headers, body) =
        send(&app, list_request("/api/v1/list/COUNTRY?lang=ar", &[])).await;
    assert_eq!(status, StatusCode::OK);
    let cache_control = headers["cache-control"].to_str().unwrap();
    assert_eq!(
        cache_control,
        "public, max-age=600, stale-while-revalidate=600, stale-if-error=86400"
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert!(body.contains("COUNTRY lang=ar item 1"));

    // The browser has it: 304 and no body.
    let (status, headers, body) = send(
        &app,
        list_request("/api/v1/list/COUNTRY?lang=ar", &[("if-none-match", &etag)]),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers["etag"], etag.as_str());
    assert!(body.is_empty());

    for encoding in ["br", "gzip"] {
        let request = list_request(
            "/api/v1/list/COUNTRY?lang=ar",
            &[("accept-encoding", encoding)],
        );
        let response = tower::ServiceExt::oneshot(app.clone(), request)
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
    assert_eq!(dms.calls(), 1);
}

#[tokio::test]
async fn a_dms_outage_does_not_empty_the_form() {
    let dms = Dms::default();
    let mut config = config(&dms.start().await, None);
    // Stale at once: every request after the first refreshes behind the answer it gets.
    config.lists.fresh_for = Duration::ZERO;
    let app = router(config).unwrap();
    let (_, _, good) = send(&app, list_request("/api/v1/list/PHONE_CODE?lang=en", &[])).await;
    dms.down.store(true, Ordering::SeqCst);
    for _ in 0..3 {
        let (status, headers, body) =
            send(&app, list_request("/api/v1/list/PHONE_CODE?lang=en", &[])).await;
        assert_eq!(status, StatusCode::OK, "the last good answer");
        assert_eq!(headers["x-cache"], "STALE");
        assert_eq!(body, good);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A list never seen before cannot be made up.
    let (status, ..) = send(&app, list_request("/api/v1/list/GENDER?lang=en", &[])).await;
    assert_eq!(
        status,
        StatusCode::BAD_GATEWAY,
        "no list, and no answer to pass on"
    );
    dms.down.store(false, Ordering::SeqCst);
}

#[tokio::test]
async fn the_opening_lists_come_in_one_answer_made_of_the_same_lists() {
    let dms = Dms::default();
    let app = router(config(&dms.start().await, None)).unwrap();
    let (status, headers, body) = send(
        &app,
        list_request(
            "/api/v1/lists?types=COUNTRY,PHONE_CODE,LANGUAGE&lang=ar",
            &[],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public, max-age="));
    let all: serde_json::Map<String, Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(
        all.keys().collect::<Vec<_>>(),
        ["COUNTRY", "LANGUAGE", "PHONE_CODE"]
    );
    let (_, _, single) = send(&app, list_request("/api/v1/list/PHONE_CODE?lang=ar", &[])).await;
    assert_eq!(
        all["PHONE_CODE"],
        serde_json::from_str::<Value>(&single).unwrap()
    );
    assert_eq!(dms.calls(), 3, "the single list came from the same cache");

    for bad in [
        "/api/v1/lists?types=COUNTRY,NOPE&lang=ar",
        "/api/v1/lists?types=REGION&lang=ar",
        "/api/v1/lists?lang=ar",
        "/api/v1/lists?types=COUNTRY&types=GENDER",
        "/api/v1/lists?types=COUNTRY&lang=fr",
        "/api/v1/list/REGION?parentId=1&parentId=2",
        "/api/v1/list/REGION?parentId=one",
    ] {
        let (status, ..) = send(&app, list_request(bad, &[])).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(dms.calls(), 3, "nothing refused reached the DMS");
}
