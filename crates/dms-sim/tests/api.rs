//! The simulator's HTTP behaviour, as the widget, the proxy and the dealer pages rely on it.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use dms_sim::{router, Sim, SimConfig};

fn app(auth: Option<&str>) -> axum::Router {
    router(Sim::new(SimConfig {
        processing_step: Duration::from_millis(150),
        required_auth: auth.map(str::to_owned),
    }))
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    let body = match body {
        Some(v) => {
            request = request.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn valid_lead() -> Value {
    json!({
        "company": "JTC", "businessArea": "Sales", "brand": "JMC", "branch": "JMC Khobar Showroom",
        "source": "Showroom", "subSource": "Walk-in", "phoneCode": "00966", "phoneNumber": "555555555",
        "preferredLanguage": "English", "priority": "Hot", "leadType": "Individual",
        "interest": "Vehicle Inquiry", "firstName": "Abdullah", "leadName": "Abdullah",
        "leadDate": "2025-08-17T06:49:41.761Z", "customerCountry": "Saudi Arabia",
        "customerRegion": "Eastern Province", "customerCity": "Dammam",
        "vehicles": [{"modelFamily": "Grand Avenue", "modelYear": 2026, "totalQty": 1}]
    })
}

#[tokio::test]
async fn lists_cascade_in_both_languages() {
    let app = app(None);
    let (status, regions) = call(&app, "GET", "/api/v1/list/REGION?parentId=1&lang=ar", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(regions.as_array().unwrap().len(), 13);
    assert_eq!(regions[0], json!({"value": 1, "text": "الرياض"}));
    let (_, cities) = call(&app, "GET", "/api/v1/list/CITY?parentId=4", None).await;
    let names: Vec<&str> = cities
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Dammam") && names.contains(&"Khobar"),
        "{names:?}"
    );
    let (status, _) = call(&app, "GET", "/api/v1/list/CITY", None).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a cascading list needs its parent"
    );
    let (status, _) = call(&app, "GET", "/api/v1/list/NOPE", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, "GET", "/gs/v1/list/COUNTRY", None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "lists live on the dms-api base only"
    );
}

#[tokio::test]
async fn a_bulk_is_processed_to_completion_with_lead_ids_and_errors() {
    let app = app(None);
    let mut invalid = valid_lead();
    invalid["customerCity"] = json!("Jeddah"); // not in the Eastern Province
    invalid["phoneNumber"] = json!("455555555");
    let body = json!({"leads": [valid_lead(), invalid], "isProcessed": 1});
    let (status, id) = call(&app, "POST", "/api/v1/leads/bulks", Some(body.clone())).await;
    assert_eq!(status, StatusCode::OK);
    let id = id.as_i64().expect("the answer is an integer bulk id");

    // Poll as a dealer page would and record every state seen, until the bulk is final.
    let mut seen = Vec::new();
    let done = loop {
        let (_, status) = call(&app, "GET", &format!("/gs/v1/leads/bulks?id={id}"), None).await;
        assert_eq!(status["totalRecords"], 2);
        let state = status["isProcessed"].as_i64().unwrap();
        if seen.last() != Some(&state) {
            seen.push(state);
        }
        if state == 4 || seen.len() > 3 {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(seen, vec![1, 2, 4]);
    assert_eq!(done["errorRecords"], 1);
    assert!(done["leads"][0]["leadId"].as_i64().unwrap() > 0);
    assert_eq!(done["leads"][0]["isError"], 0);
    assert_eq!(done["leads"][1]["leadId"], 0);
    assert_eq!(done["leads"][1]["isError"], 1);
    assert_eq!(
        done["leads"][1]["errorList"],
        json!([
            "phoneNumber: phone_saudi_mobile",
            "customerCity: not_in_parent"
        ])
    );
    assert!(done["leads"][0]["vehicles"][0]["leadVehiclesId"]
        .as_i64()
        .is_some());

    let (_, received) = call(&app, "GET", "/__sim/received", None).await;
    assert_eq!(
        received[0]["body"], body,
        "the exact body is kept for the end-to-end tests"
    );

    // Query by lead id within a 7-day window, filtered by source id (Showroom = 2).
    let lead_id = done["leads"][0]["leadId"].as_i64().unwrap();
    let now = dms_model::iso_timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let day = &now[..10];
    let uri = format!(
        "/gs/v1/leads/bulks?leadId={lead_id}&fromDate={day}&toDate={day}T23:59:59Z&source=2"
    );
    let (status, one) = call(&app, "GET", &uri, None).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["leads"].as_array().unwrap().len(), 1);
    let (status, _) = call(&app, "GET", &uri.replace("source=2", "source=1"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn status_queries_follow_the_documented_rules() {
    let app = app(None);
    let (status, body) = call(
        &app,
        "GET",
        "/gs/v1/leads/bulks?leadId=1&fromDate=2025-08-01T00:00:00Z&toDate=2025-08-09T00:00:00Z",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["issues"],
        json!([{"path": "toDate", "code": "range_too_long"}])
    );
    let (status, _) = call(&app, "GET", "/gs/v1/leads/bulks", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&app, "GET", "/gs/v1/leads/bulks?id=abc", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&app, "GET", "/gs/v1/leads/bulks?id=1", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_bulks_are_refused() {
    let app = app(None);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/leads/bulks",
        Some(json!({"leads": [], "isProcessed": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/leads/bulks",
        Some(json!({"leads": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn customer_lookup() {
    let app = app(None);
    let (status, found) = call(
        &app,
        "GET",
        "/gs/v1/core/customer?companyCode=jtc&lang=ar&mobileNumber=0568617084",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found[0]["customerId"], 54218);
    assert_eq!(found[0]["customerType"], "شركة");
    assert_eq!(found[0]["industryType"], "إنشاءات");
    assert_eq!(found[0]["customerContacts"][1]["relationType"], "أخ");
    let (_, found) = call(
        &app,
        "GET",
        "/gs/v1/core/customer?companyCode=jtc&lang=en&referenceNo=333215",
        None,
    )
    .await;
    assert_eq!(found[0]["customerType"], "Company");
    let (_, none) = call(
        &app,
        "GET",
        "/gs/v1/core/customer?companyCode=jtc&lang=en&customerId=1",
        None,
    )
    .await;
    assert_eq!(none, json!([]));
    let (status, body) = call(
        &app,
        "GET",
        "/gs/v1/core/customer?companyCode=jtc&lang=en&mobileNumber=468617084",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["issues"][0]["code"], "phone_saudi_mobile");
    let (status, _) = call(
        &app,
        "GET",
        "/gs/v1/core/customer?lang=en&customerId=54218",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "companyCode is mandatory");
}

#[tokio::test]
async fn credentials_are_required_when_configured() {
    let app = app(Some("Bearer s3cret"));
    let (status, _) = call(&app, "GET", "/api/v1/list/COUNTRY", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let request = Request::get("/api/v1/list/COUNTRY")
        .header("authorization", "Bearer s3cret")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.clone().oneshot(request).await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn fault_knobs_fail_bulks_without_recording_them() {
    let app = app(None);
    let plan = json!({ "burst": 3, "kinds": ["5xx", "drop", "hang"] });
    let (status, _) = call(&app, "POST", "/__sim/faults", Some(plan)).await;
    assert_eq!(status, StatusCode::OK);
    let bulk = json!({ "leads": [valid_lead()], "isProcessed": 1 });
    let (status, _) = call(&app, "POST", "/api/v1/leads/bulks", Some(bulk.clone())).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "5xx");
    let dropped = app
        .clone()
        .oneshot(
            Request::post("/api/v1/leads/bulks")
                .header("content-type", "application/json")
                .body(Body::from(bulk.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        dropped.into_body().collect().await.is_err(),
        "drop: the answer is cut off"
    );
    let hang = call(&app, "POST", "/api/v1/leads/bulks", Some(bulk.clone()));
    assert!(
        tokio::time::timeout(Duration::from_millis(300), hang)
            .await
            .is_err(),
        "hang: no answer"
    );
    let (status, id) = call(&app, "POST", "/api/v1/leads/bulks", Some(bulk)).await;
    assert_eq!(status, StatusCode::OK, "the burst is over");
    assert!(id.as_i64().is_some());
    let (_, received) = call(&app, "GET", "/__sim/received", None).await;
    assert_eq!(
        received.as_array().unwrap().len(),
        1,
        "failed bulks were not taken"
    );
    let (_, report) = call(&app, "GET", "/__sim/faults", None).await;
    assert_eq!(report["injected"], json!([1, 1, 1, 0]));

    // A late answer: the bulk is taken at once, the answer comes `late_ms` later.
    let plan = json!({ "burst": 1, "kinds": ["late"], "late_ms": 400 });
    call(&app, "POST", "/__sim/faults", Some(plan)).await;
    let bulk = json!({ "leads": [valid_lead()], "isProcessed": 1 });
    let late = tokio::spawn({
        let app = app.clone();
        async move {
            call(&app, "POST", "/api/v1/leads/bulks", Some(bulk))
                .await
                .0
        }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let (_, received) = call(&app, "GET", "/__sim/received", None).await;
    assert_eq!(
        received.as_array().unwrap().len(),
        2,
        "taken before it answers"
    );
    assert!(!late.is_finished(), "not answered yet");
    assert_eq!(late.await.unwrap(), StatusCode::OK);
    let (status, _) = call(
        &app,
        "POST",
        "/__sim/faults",
        Some(json!({"kinds": ["boom"]})),
    )
    .await;
    assert!(status.is_client_error(), "unknown fault kinds are refused");
}

#[tokio::test]
async fn lead_bank_hands_out_the_same_leads_until_confirmed() {
    let app = app(None);
    let (status, first) = call(&app, "POST", "/leadbank/api/leads", Some(json!(1))).await;
    assert_eq!(status, StatusCode::OK);
    let ids = |answer: &Value| -> Vec<i64> {
        answer["Leads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["IDLeadBank"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&first).len(), 5);
    assert!(first["Leads"][0]["Contents"].as_array().unwrap().len() > 3);
    let (_, second) = call(&app, "POST", "/leadbank/api/leads", Some(json!(1))).await;
    assert_eq!(ids(&first), ids(&second), "unconfirmed leads come again");
    assert_eq!(second["Leads"][0]["State"], 1, "handed out = in progress");

    let (status, _) = call(
        &app,
        "POST",
        "/leadbank/api/ValidateGetLeads",
        Some(json!([4101, 4103])),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, third) = call(&app, "POST", "/leadbank/api/leads", Some(json!(1))).await;
    assert_eq!(ids(&third), vec![4102, 4104, 4105]);
    let (_, report) = call(&app, "GET", "/__sim/leadbank", None).await;
    assert_eq!(report["confirmed"], json!([4101, 4103]));
    assert_eq!(report["handouts"], 3);
    let (status, _) = call(
        &app,
        "POST",
        "/leadbank/api/ValidateGetLeads",
        Some(json!({"x": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The CSV template's example row and the seeded lead-bank leads (with the default mapping) are
/// judged by the same rules as the DMS: the template is clean, the lead-bank leads lack only what
/// the dealer completes (business area and branch; the city and model year of one of them).
#[test]
fn template_and_lead_bank_leads_meet_the_catalogue() {
    use dms_model::import::{auto_map, parse_csv, row_to_lead, template_csv};
    use dms_model::leadbank::LeadBankMapping;
    use dms_model::{derive::derive_fields, prepare, Date, LeadBankResponse};

    let sim = Sim::new(SimConfig::default());
    let today = Date::today_utc();
    let judge = |mut lead: dms_model::Lead| {
        derive_fields(&mut lead, "2026-11-23T10:00:00.000Z");
        let (_, issues) = prepare(&lead, &sim.catalog().in_lang(dms_model::Lang::En), today);
        let mut paths: Vec<String> = issues.into_iter().map(|i| i.path).collect();
        paths.sort();
        paths
    };
    let table = parse_csv(&template_csv());
    let lead = row_to_lead(&table.rows[0], &auto_map(&table.headers));
    assert_eq!(judge(lead), Vec::<String>::new());

    let bank: LeadBankResponse = serde_json::from_value(
        serde_json::to_value(dms_sim::leadbank::seeded_for_tests()).unwrap(),
    )
    .unwrap();
    let mapping = LeadBankMapping::default();
    for lead in &bank.leads {
        let mut missing = judge(mapping.map_lead(lead));
        missing.retain(|p| p != "businessArea" && p != "branch");
        let expected: Vec<String> = if lead.id_lead_bank == 4103 {
            vec!["customerCity".into()]
        } else {
            vec![]
        };
        assert_eq!(missing, expected, "lead {}", lead.id_lead_bank);
    }
}
