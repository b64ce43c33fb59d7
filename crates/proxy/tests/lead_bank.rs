//! The lead-bank sync against the simulator's provider and DMS: leads reach the DMS within two
//! rounds and are confirmed; an incomplete lead waits for a dealer; a failed DMS round or a failed
//! confirmation makes no second bulk; the inbox racing the sync, and two instances sharing Redis,
//! make one DMS lead each.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use common::*;
use proxy::{router, ProxyConfig};

/// How often the test proxies run a round.
const ROUND: Duration = Duration::from_millis(400);
/// The dealer code the test's routing rule completes.
const ROUTED: &str = "TEST-ROUTED";

/// The simulator (DMS and provider) on loopback: its base.
async fn simulator() -> String {
    let sim = dms_sim::Sim::new(dms_sim::SimConfig::default());
    let app = dms_sim::router(sim);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A proxy in front of the simulator that syncs every [`ROUND`], completing the leads of
/// [`ROUTED`] with a routing rule.
fn syncing(base: &str) -> ProxyConfig {
    let mut config = config(base, None);
    config.lead_bank.sync_every = Some(ROUND);
    config.lead_bank.mapping = dms_model::leadbank::LeadBankMapping::from_json(&format!(
        r#"{{"routes":[{{"bandDealerId":"{ROUTED}","set":{{
            "brand":"JMC","businessArea":"Sales","branch":"JMC Khobar Showroom",
            "customerRegion":"Eastern Province","customerCity":"Dammam"}}}}]}}"#
    ))
    .unwrap();
    config
}

/// A provider lead: complete once routed when `dealer` is [`ROUTED`].
fn provider_lead(id: i64, dealer: &str) -> Value {
    let content =
        |key: &str, value: &str| json!({"ID": id * 10, "Key": key, "Value": value, "Type": 1});
    json!({
        "IDLeadBank": id, "IDprovider": 12, "NameProvider": "Test Leads", "State": 0,
        "IDCampaign": "CMP-1", "NameCampaign": "Launch", "BandDealerID": dealer,
        "Contents": [
            content("FullName", "Sara Al Qahtani"),
            content("Mobile", "555555555"),
            content("Email", "sara@example.com"),
        ]
    })
}

async fn sim_post(base: &str, path: &str, body: String) {
    let client = reqwest_like(base, "POST", path, Some(body)).await;
    assert!(client.0.is_success(), "{path}: {}", client.0);
}

async fn sim_get(base: &str, path: &str) -> Value {
    let (_, body) = reqwest_like(base, "GET", path, None).await;
    serde_json::from_str(&body).unwrap()
}

/// A plain HTTP/1.1 exchange with the simulator (no client crate needed).
async fn reqwest_like(
    base: &str,
    method: &str,
    path: &str,
    body: Option<String>,
) -> (StatusCode, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    // The simulator's answers may be chunked: keep the JSON between the first and last brace.
    let json = match (body.find(['{', '[']), body.rfind(['}', ']'])) {
        (Some(start), Some(end)) => &body[start..=end],
        _ => body,
    };
    (StatusCode::from_u16(status).unwrap(), json.to_owned())
}

/// The bulks the DMS received for the lead-bank lead `id`.
async fn bulks_for(base: &str, id: i64) -> usize {
    let reference = format!("LB-{id}");
    let received = sim_get(base, "/__sim/received").await;
    received
        .as_array()
        .unwrap()
        .iter()
        .filter(|bulk| {
            bulk["body"]["leads"]
                .as_array()
                .is_some_and(|leads| leads.iter().any(|l| l["leadReference"] == reference))
        })
        .count()
}

async fn confirmed(base: &str, id: i64) -> bool {
    let report = sim_get(base, "/__sim/leadbank").await;
    report["confirmed"].as_array().unwrap().contains(&json!(id))
}

/// Waits up to `rounds` sync rounds (and a little) for `done`.
async fn within_rounds<F, Fut>(rounds: u32, mut done: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + ROUND * rounds + Duration::from_millis(600);
    while Instant::now() < deadline {
        if done().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    done().await
}

/// A bulk as the dealer inbox sends it, under `key`.
fn dealer_bulk(body: &str, key: &str) -> Request<Body> {
    Request::post("/dealer/api/v1/leads/bulks")
        .header("origin", PORTAL)
        .header("x-dealer-token", DEALER_TOKEN)
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

async fn inbox_view(app: &axum::Router) -> Value {
    let request = Request::get("/dealer/api/lead-bank")
        .header("origin", PORTAL)
        .header("x-dealer-token", DEALER_TOKEN)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(app, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leads_reach_the_dms_by_themselves_and_incomplete_ones_wait_for_a_dealer() {
    let base = simulator().await;
    let leads = json!([provider_lead(9001, ROUTED), provider_lead(9002, "UNROUTED")]);
    sim_post(&base, "/__sim/leadbank/add", leads.to_string()).await;
    let app = router(syncing(&base)).unwrap();
    assert!(
        within_rounds(2, || async { confirmed(&base, 9001).await }).await,
        "sent and confirmed within two rounds"
    );
    assert_eq!(bulks_for(&base, 9001).await, 1);
    assert_eq!(bulks_for(&base, 9002).await, 0, "incomplete: not sent");
    assert!(
        !confirmed(&base, 9002).await,
        "and not confirmed: it stays for the inbox"
    );
    // The inbox learns the mapping and what the sync did with each lead.
    let view = inbox_view(&app).await;
    assert_eq!(view["mapping"]["routes"][0]["bandDealerId"], ROUTED);
    let leads = &view["sync"]["last"]["leads"];
    assert!(leads["9001"]["sent"]["bulkId"].as_i64().is_some(), "{view}");
    let waiting = leads["9002"]["waiting"]["fields"].as_array().unwrap();
    assert!(waiting.contains(&json!("branch")), "{view}");
    // More rounds send nothing again.
    tokio::time::sleep(ROUND * 3).await;
    assert_eq!(bulks_for(&base, 9001).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_confirmation_is_made_again_without_a_second_bulk() {
    let base = simulator().await;
    sim_post(&base, "/__sim/leadbank/fail-confirms", "2".into()).await;
    let leads = json!([provider_lead(9101, ROUTED)]);
    sim_post(&base, "/__sim/leadbank/add", leads.to_string()).await;
    let _app = router(syncing(&base)).unwrap();
    assert!(
        within_rounds(4, || async { confirmed(&base, 9101).await }).await,
        "confirmed once the provider answers"
    );
    assert_eq!(bulks_for(&base, 9101).await, 1, "one bulk in all");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_the_dms_fails_sends_nothing_and_the_next_sends_once() {
    let base = simulator().await;
    let faults = json!({"burst": 1, "kinds": ["5xx"]});
    sim_post(&base, "/__sim/faults", faults.to_string()).await;
    let leads = json!([provider_lead(9201, ROUTED)]);
    sim_post(&base, "/__sim/leadbank/add", leads.to_string()).await;
    let _app = router(syncing(&base)).unwrap();
    assert!(within_rounds(3, || async { confirmed(&base, 9201).await }).await);
    assert_eq!(bulks_for(&base, 9201).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_and_the_sync_racing_on_one_lead_make_one_dms_lead() {
    let base = simulator().await;
    let leads = json!([provider_lead(9301, ROUTED)]);
    sim_post(&base, "/__sim/leadbank/add", leads.to_string()).await;
    let app = router(syncing(&base)).unwrap();
    // The dealer sends the same lead (completed by hand) under its lead-bank key, as the inbox
    // does, while the sync's rounds run.
    let mut by_hand = lead("Sara");
    by_hand["leadReference"] = json!("LB-9301");
    by_hand["leadNote"] = json!("completed by a dealer");
    let body = bulk_of(&[by_hand]);
    let mut answers = Vec::new();
    for _ in 0..4 {
        let request = dealer_bulk(&body, "lead-bank-9301");
        answers.push(send(&app, request).await);
        tokio::time::sleep(ROUND / 2).await;
    }
    assert!(within_rounds(3, || async { confirmed(&base, 9301).await }).await);
    assert_eq!(bulks_for(&base, 9301).await, 1, "one DMS lead");
    let ids: Vec<&str> = answers
        .iter()
        .filter(|(status, _, _)| status.is_success())
        .map(|(_, _, body)| body.as_str())
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| *id == ids[0]),
        "{answers:?}"
    );
    // A lead-bank key names its one lead: another lead under it, or from a public page, is refused.
    let mut other = lead("Omar");
    other["leadReference"] = json!("LB-1");
    let request = dealer_bulk(&bulk_of(&[other]), "lead-bank-9301");
    assert_eq!(send(&app, request).await.0, StatusCode::BAD_REQUEST);
    let (status, _, _) = send(&app, bulk_post(&body, Some("lead-bank-9301"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_sharing_redis_send_each_lead_once() {
    let redis = TestRedis::start().await;
    let base = simulator().await;
    let leads: Vec<Value> = (9401..9406).map(|id| provider_lead(id, ROUTED)).collect();
    sim_post(&base, "/__sim/leadbank/add", json!(leads).to_string()).await;
    let shared = || {
        let mut config = syncing(&base);
        config.redis_url = Some(redis.url());
        router(config).unwrap()
    };
    let (_one, _two) = (shared(), shared());
    for id in 9401..9406 {
        assert!(within_rounds(4, || async { confirmed(&base, id).await }).await);
    }
    tokio::time::sleep(ROUND * 2).await;
    for id in 9401..9406 {
        assert_eq!(bulks_for(&base, id).await, 1, "lead {id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_before_the_confirmation_the_restarted_proxy_confirms_without_a_second_bulk() {
    let base = simulator().await;
    sim_post(&base, "/__sim/leadbank/fail-confirms", "1000".into()).await;
    let leads = json!([provider_lead(9501, ROUTED)]);
    sim_post(&base, "/__sim/leadbank/add", leads.to_string()).await;
    let dir = std::env::temp_dir().join(format!("dms-proxy-lead-bank-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("proxy.toml");
    std::fs::write(
        &file,
        format!(
            "[lead_bank]\nsync_every_seconds = 1\n[[lead_bank.mapping.routes]]\n\
             bandDealerId = \"{ROUTED}\"\nset = {{ brand = \"JMC\", businessArea = \"Sales\", \
             branch = \"JMC Khobar Showroom\", customerRegion = \"Eastern Province\", \
             customerCity = \"Dammam\" }}\n"
        ),
    )
    .unwrap();
    let records = dir.join("idempotency.jsonl");
    let (file, records) = (file.to_str().unwrap(), records.to_str().unwrap());
    let lead_bank = format!("{base}/leadbank");
    let env = [
        ("PROXY_CONFIG", file),
        ("PROXY_IDEMPOTENCY_FILE", records),
        ("PROXY_UPSTREAM_LEAD_BANK", lead_bank.as_str()),
    ];
    let mut proxy = ProxyProcess::start(&base, &env);
    let sent = || async { bulks_for(&base, 9501).await == 1 };
    assert!(within_rounds(8, sent).await, "sent, not confirmed");
    // The DMS's answer recorded: a kill between the DMS taking a bulk and the proxy writing down
    // its answer is the one moment a restart cannot know of it (a slow machine once reached it).
    let recorded =
        || async { std::fs::read_to_string(records).is_ok_and(|t| !t.trim().is_empty()) };
    assert!(within_rounds(8, recorded).await, "the answer recorded");
    // Killed outright (no shutdown) after the DMS took the lead, before the provider was told.
    proxy.child.kill().unwrap();
    proxy.child.wait().unwrap();
    sim_post(&base, "/__sim/leadbank/fail-confirms", "0".into()).await;
    let _restarted = ProxyProcess::start(&base, &env);
    assert!(within_rounds(8, || async { confirmed(&base, 9501).await }).await);
    assert_eq!(bulks_for(&base, 9501).await, 1, "one bulk in all");
    let _ = std::fs::remove_dir_all(&dir);
}
