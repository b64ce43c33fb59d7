//! Several proxy instances sharing one Redis (issue 19): a bulk reaches the DMS once whichever
//! instance each retry reaches, the DMS is asked once per list for all of them, and an unreachable
//! Redis never lets a bulk through unrecorded; a rate limit means the same with two instances as
//! with one. Each test starts a Redis of its own.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::http::StatusCode;

use common::*;
use proxy::limits::Rate;
use proxy::router;

/// Two instances in front of `base`, sharing `redis`.
fn two_instances(base: &str, redis: &TestRedis) -> [axum::Router; 2] {
    two_limited_instances(base, redis, GENEROUS)
}

/// Two instances sharing `redis`, each client limited to `per_client`.
fn two_limited_instances(base: &str, redis: &TestRedis, per_client: Rate) -> [axum::Router; 2] {
    let instance = || {
        let mut config = config(base, None);
        config.redis_url = Some(redis.url());
        config.rate_per_ip = per_client;
        router(config).unwrap()
    };
    [instance(), instance()]
}

fn lead_bulk() -> String {
    bulk_of(&[lead("Sara")])
}

#[tokio::test]
async fn a_retry_on_another_instance_is_answered_from_the_first_ones_record() {
    let redis = TestRedis::start().await;
    let dms = Dms::default();
    let [a, b] = two_instances(&dms.start().await, &redis);
    let (status, _, first) = send(&a, bulk_post(&lead_bulk(), Some("k-shared-1"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, again) = send(&b, bulk_post(&lead_bulk(), Some("k-shared-1"))).await;
    assert_eq!((status, again.as_str()), (StatusCode::OK, first.as_str()));
    assert_eq!(headers["idempotent-replayed"], "true");
    let other = bulk_of(&[lead("Noura")]);
    let (status, ..) = send(&b, bulk_post(&other, Some("k-shared-1"))).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the key is for another bulk"
    );
    assert_eq!(dms.bulks(), 1);
}

#[tokio::test]
async fn while_one_instance_sends_the_other_says_it_is_on_its_way() {
    let redis = TestRedis::start().await;
    let dms = Dms::default();
    dms.bulk_delay_ms.store(400, Ordering::SeqCst);
    let [a, b] = two_instances(&dms.start().await, &redis);
    let first = tokio::spawn(async move {
        send(&a, bulk_post(&lead_bulk(), Some("k-shared-2")))
            .await
            .0
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, headers, _) = send(&b, bulk_post(&lead_bulk(), Some("k-shared-2"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(headers["retry-after"], "1");
    assert_eq!(first.await.unwrap(), StatusCode::OK);
    let (status, ..) = send(&b, bulk_post(&lead_bulk(), Some("k-shared-2"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dms.bulks(), 1);
}

#[tokio::test]
async fn the_instances_ask_the_dms_once_per_list_and_serve_it_while_the_dms_is_down() {
    let redis = TestRedis::start().await;
    let dms = Dms::default();
    let [a, b] = two_instances(&dms.start().await, &redis);
    let uri = "/api/v1/list/COUNTRY?lang=ar";
    let (status, headers, from_a) = send(&a, get(uri, Some(PAGE))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-cache"], "MISS");
    dms.down.store(true, Ordering::SeqCst);
    let (status, _, from_b) = send(&b, get(uri, Some(PAGE))).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "from the copy the other instance kept"
    );
    assert_eq!(from_b, from_a);
    assert_eq!(dms.calls(), 1);
}

#[tokio::test]
async fn without_redis_no_bulk_goes_through_and_lists_are_served_from_memory() {
    let mut redis = TestRedis::start().await;
    let dms = Dms::default();
    let [a, _] = two_instances(&dms.start().await, &redis);
    let uri = "/api/v1/list/PHONE_CODE?lang=en";
    assert_eq!(send(&a, get(uri, Some(PAGE))).await.0, StatusCode::OK);
    redis.stop();
    let (status, headers, _) = send(&a, bulk_post(&lead_bulk(), Some("k-shared-3"))).await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "the claim could not be recorded"
    );
    assert_eq!(headers["retry-after"], "2");
    assert_eq!(dms.bulks(), 0, "nothing reached the DMS");
    assert_eq!(send(&a, get(uri, Some(PAGE))).await.0, StatusCode::OK);

    // Redis is back: bulks go through again.
    redis.restart().await;
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        status = send(&a, bulk_post(&lead_bulk(), Some("k-shared-3")))
            .await
            .0;
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dms.bulks(), 1);
}

#[tokio::test]
async fn a_dms_slower_than_the_timeout_still_makes_one_bulk() {
    let dms = Dms::default();
    dms.bulk_delay_ms.store(700, Ordering::SeqCst);
    let mut config = config(&dms.start().await, None);
    config.upstream_timeout = Duration::from_millis(300);
    let app = router(config).unwrap();
    let (status, ..) = send(&app, bulk_post(&lead_bulk(), Some("k-slow"))).await;
    assert_eq!(
        status,
        StatusCode::GATEWAY_TIMEOUT,
        "the browser is not kept waiting"
    );
    let (status, ..) = send(&app, bulk_post(&lead_bulk(), Some("k-slow"))).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the first call is still on its way"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (status, headers, body) = send(&app, bulk_post(&lead_bulk(), Some("k-slow"))).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "1000"));
    assert_eq!(headers["idempotent-replayed"], "true");
    assert_eq!(dms.bulks(), 1);
}

#[tokio::test]
async fn a_client_gets_its_limit_once_across_the_instances() {
    let redis = TestRedis::start().await;
    let dms = Dms::default();
    let three_an_hour = Rate {
        burst: 3,
        replenish: Duration::from_secs(3600),
    };
    let [a, b] = two_limited_instances(&dms.start().await, &redis, three_an_hour);
    let uri = "/api/v1/list/COUNTRY?lang=en";
    for app in [&a, &b, &a] {
        assert_eq!(send(app, get(uri, Some(PAGE))).await.0, StatusCode::OK);
    }
    // Each instance alone has let this client through fewer than three times.
    let (status, headers, _) = send(&b, get(uri, Some(PAGE))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the fourth, on b");
    assert_eq!(headers["retry-after"], "3600");
    assert_eq!(
        headers["access-control-allow-origin"], PAGE,
        "the page can read it"
    );
    assert_eq!(
        send(&a, get(uri, Some(PAGE))).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}
