//! # dms-sim
//!
//! A DMS simulator for the demo and the tests: the list endpoints, the bulk lead POST and status, and
//! the customer lookup, on the base paths of the API documents (`/api` for dms-api, `/gs` for dms-gs).
//! Posted bulks are validated per lead with `dms-model` and processed in the background
//! (`isProcessed` 1 → 2 → 4), as the real DMS does.
//!
//! Test hooks under `/__sim/` (never proxied): `GET /__sim/received` lists every bulk body exactly as
//! it arrived, `POST /__sim/reset` forgets them, `/__sim/faults` breaks the DMS on purpose
//! (see [`faults`]).

pub mod catalog;
pub mod customers;
pub mod faults;
pub mod leadbank;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use dms_model::{
    iso_timestamp, prepare, BulkLead, BulkState, BulkStatus, BulkStatusQuery, CustomerQuery, Date,
    Issue, Lang, LeadBulk, ListType,
};

use catalog::SimCatalog;

/// How the simulator behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Time between the processing steps created → in progress → completed.
    pub processing_step: Duration,
    /// When set, every DMS call must carry exactly this `Authorization` header (the proxy adds it).
    pub required_auth: Option<String>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            processing_step: Duration::from_millis(1500),
            required_auth: None,
        }
    }
}

/// The simulator: catalogue, configuration and what has been posted.
pub struct Sim {
    catalog: SimCatalog,
    config: SimConfig,
    state: Mutex<Store>,
    faults: faults::Faults,
    lead_bank: leadbank::Provider,
}

#[derive(Default)]
struct Store {
    bulks: Vec<StoredBulk>,
    next_bulk_id: i64,
    next_external_id: i64,
    next_lead_id: i64,
    next_vehicle_id: i64,
}

struct StoredBulk {
    id: i64,
    received: Value,
    created_ms: i64,
    status: BulkStatus,
    /// Issues per lead, applied when processing completes.
    issues: Vec<Vec<Issue>>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Sim {
    pub fn new(config: SimConfig) -> Arc<Sim> {
        let today = Date::today_utc();
        Arc::new(Sim {
            catalog: SimCatalog::new(today.year),
            config,
            state: Mutex::new(Store {
                next_bulk_id: 1000,
                next_external_id: 500,
                next_lead_id: 90_000,
                next_vehicle_id: 700,
                ..Store::default()
            }),
            faults: faults::Faults::default(),
            lead_bank: leadbank::Provider::new(),
        })
    }

    pub fn catalog(&self) -> &SimCatalog {
        &self.catalog
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Serves `app` on `addr` until Ctrl-C, calling `announce` with the bound address first (the tests
/// and scripts read the printed address). Used by both binaries of this crate.
pub fn serve(
    addr: &str,
    app: Router,
    announce: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        announce(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}

/// The simulator's HTTP routes.
pub fn router(sim: Arc<Sim>) -> Router {
    let api = Router::new()
        .route("/v1/list/{list_type}", get(list))
        .route("/v1/leads/bulks", post(post_bulk));
    let gs = Router::new()
        .route("/v1/leads/bulks", get(bulk_status))
        .route("/v1/core/customer", get(customer));
    let dms = Router::new()
        .nest("/api", api)
        .nest("/gs", gs)
        .layer(middleware::from_fn_with_state(sim.clone(), inject_faults))
        .layer(middleware::from_fn_with_state(sim.clone(), require_auth));
    Router::new()
        .merge(dms)
        .route("/__sim/received", get(received))
        .route("/__sim/reset", post(reset))
        .route("/__sim/faults", get(fault_report).post(set_faults))
        // The lead-bank provider is another company's service: not behind the DMS credential.
        .route("/leadbank/api/leads", post(leadbank::hand_out))
        .route("/leadbank/api/ValidateGetLeads", post(leadbank::confirm))
        .route("/__sim/leadbank", get(leadbank::report))
        .route("/__sim/leadbank/reset", post(leadbank::reset))
        .route("/__sim/leadbank/add", post(leadbank::add))
        .route(
            "/__sim/leadbank/fail-confirms",
            post(leadbank::fail_confirms),
        )
        .route("/health", get(|| async { "ok" }))
        .with_state(sim)
}

fn error(status: StatusCode, message: &str, issues: &[Issue]) -> Response {
    (
        status,
        Json(json!({ "message": message, "issues": issues })),
    )
        .into_response()
}

/// Latency on every DMS call; failures on bulk POSTs, before anything is recorded (a late answer:
/// after).
async fn inject_faults(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    let latency = sim.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if request.method() == axum::http::Method::POST
        && request.uri().path().ends_with("/leads/bulks")
    {
        match sim.faults.next_bulk_fault() {
            // Taken and recorded, then answered too late.
            Some(faults::FaultKind::Late) => {
                let answer = next.run(request).await;
                tokio::time::sleep(sim.faults.late()).await;
                return answer;
            }
            Some(kind) => return faults::fail(kind).await,
            None => {}
        }
    }
    next.run(request).await
}

async fn fault_report(State(sim): State<Arc<Sim>>) -> Json<Value> {
    Json(sim.faults.report())
}

async fn set_faults(
    State(sim): State<Arc<Sim>>,
    Json(plan): Json<faults::FaultPlan>,
) -> Json<Value> {
    sim.faults.set(plan);
    Json(sim.faults.report())
}

async fn require_auth(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    if let Some(expected) = &sim.config.required_auth {
        let given = request.headers().get(header::AUTHORIZATION);
        if given.and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
            return error(
                StatusCode::UNAUTHORIZED,
                "missing or wrong credentials",
                &[],
            );
        }
    }
    next.run(request).await
}

/// A query parameter the simulator cannot read: answered 400 with the reason.
struct BadParam(String);

impl IntoResponse for BadParam {
    fn into_response(self) -> Response {
        error(StatusCode::BAD_REQUEST, &self.0, &[])
    }
}

fn lang_of(params: &HashMap<String, String>) -> Result<Lang, BadParam> {
    match params.get("lang") {
        None => Ok(Lang::En),
        Some(code) => {
            Lang::from_code(code).ok_or_else(|| BadParam("lang must be en or ar".to_owned()))
        }
    }
}

fn int_param(params: &HashMap<String, String>, key: &str) -> Result<Option<i64>, BadParam> {
    match params.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| BadParam(format!("{key} must be an integer"))),
    }
}

async fn list(
    State(sim): State<Arc<Sim>>,
    Path(list_type): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(list) = ListType::from_code(&list_type) else {
        return error(StatusCode::NOT_FOUND, "unknown list type", &[]);
    };
    let lang = match lang_of(&params) {
        Ok(lang) => lang,
        Err(bad) => return bad.into_response(),
    };
    let parent = match int_param(&params, "parentId") {
        Ok(parent) => parent,
        Err(bad) => return bad.into_response(),
    };
    if list.parent().is_some() && parent.is_none() {
        return error(
            StatusCode::BAD_REQUEST,
            "parentId is required for this list",
            &[],
        );
    }
    let parent = parent.filter(|_| list.parent().is_some());
    let items = sim.catalog.list(list, parent, lang).unwrap_or(&[]);
    Json(items).into_response()
}

async fn post_bulk(State(sim): State<Arc<Sim>>, Json(received): Json<Value>) -> Response {
    let bulk: LeadBulk = match serde_json::from_value(received.clone()) {
        Ok(bulk) => bulk,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid body: {e}"), &[]),
    };
    if bulk.leads.is_empty() {
        return error(StatusCode::BAD_REQUEST, "leads must not be empty", &[]);
    }
    let today = Date::today_utc();
    let english = sim.catalog.in_lang(Lang::En);
    let created_ms = now_ms();
    let id = {
        let mut store = sim.store();
        store.next_bulk_id += 1;
        let id = store.next_bulk_id;
        let mut leads = Vec::with_capacity(bulk.leads.len());
        let mut issues = Vec::with_capacity(bulk.leads.len());
        for lead in &bulk.leads {
            let (_, lead_issues) = prepare(lead, &english, today);
            store.next_external_id += 1;
            let mut lead = lead.clone();
            for vehicle in &mut lead.vehicles {
                store.next_vehicle_id += 1;
                vehicle.lead_vehicles_id = Some(store.next_vehicle_id);
            }
            leads.push(BulkLead {
                lead_external_id: store.next_external_id,
                lead,
                ..BulkLead::default()
            });
            issues.push(lead_issues);
        }
        store.bulks.push(StoredBulk {
            id,
            received,
            created_ms,
            status: BulkStatus {
                total_records: leads.len() as i64,
                leads,
                created_date: Some(iso_timestamp(created_ms)),
                created_by: Some(1),
                error_records: 0,
                is_processed: BulkState::Created as u8,
            },
            issues,
        });
        id
    };
    tokio::spawn(process(sim.clone(), id));
    Json(id).into_response()
}

/// The DMS's background work: created → in progress → completed, lead ids for valid leads and an
/// error list for the others.
async fn process(sim: Arc<Sim>, id: i64) {
    let step = sim.config.processing_step;
    tokio::time::sleep(step).await;
    if let Some(bulk) = sim.store().bulks.iter_mut().find(|b| b.id == id) {
        bulk.status.is_processed = BulkState::InProgress as u8;
    }
    tokio::time::sleep(step).await;
    let mut store = sim.store();
    let Store {
        bulks,
        next_lead_id,
        ..
    } = &mut *store;
    let Some(bulk) = bulks.iter_mut().find(|b| b.id == id) else {
        return; // reset meanwhile
    };
    let mut errors = 0;
    for (lead, issues) in bulk.status.leads.iter_mut().zip(&bulk.issues) {
        if issues.is_empty() {
            *next_lead_id += 1;
            lead.lead_id = *next_lead_id;
        } else {
            errors += 1;
            lead.is_error = 1;
            lead.error_list = Some(issues.iter().map(Issue::to_string).collect());
        }
    }
    bulk.status.error_records = errors;
    bulk.status.is_processed = BulkState::Completed as u8;
}

async fn bulk_status(
    State(sim): State<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let ints = (|| {
        Ok::<_, BadParam>((
            int_param(&params, "id")?,
            int_param(&params, "leadId")?,
            int_param(&params, "source")?,
            int_param(&params, "subSource")?,
        ))
    })();
    let (id, lead_id, source, sub_source) = match ints {
        Ok(ints) => ints,
        Err(bad) => return bad.into_response(),
    };
    let query = BulkStatusQuery {
        id,
        lead_id,
        from_date: params.get("fromDate").cloned(),
        to_date: params.get("toDate").cloned(),
        source,
        sub_source,
    };
    let issues = query.issues();
    if !issues.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "either id, or leadId with fromDate and toDate at most 7 days apart",
            &issues,
        );
    }
    let text_of = |list, id: Option<i64>| id.and_then(|id| sim.catalog.text(list, id, Lang::En));
    let source_text = text_of(ListType::LeadSource, source);
    let sub_source_text = text_of(ListType::LeadSubSource, sub_source);
    let wanted = |lead: &BulkLead| {
        source_text.is_none_or(|s| lead.lead.source.as_deref() == Some(s))
            && sub_source_text.is_none_or(|s| lead.lead.sub_source.as_deref() == Some(s))
            && lead_id.is_none_or(|id| lead.lead_id == id)
    };
    let store = sim.store();
    let range = query
        .from_date
        .as_deref()
        .and_then(dms_model::date::parse_iso_instant)
        .zip(
            query
                .to_date
                .as_deref()
                .and_then(dms_model::date::parse_iso_instant),
        );
    let found = store.bulks.iter().find(|bulk| match id {
        Some(id) => bulk.id == id,
        None => {
            range.is_some_and(|(from, to)| (from..=to).contains(&bulk.created_ms))
                && bulk.status.leads.iter().any(&wanted)
        }
    });
    match found {
        None => error(StatusCode::NOT_FOUND, "no bulk matches", &[]),
        Some(bulk) => {
            let mut status = bulk.status.clone();
            status.leads.retain(|lead| wanted(lead));
            Json(status).into_response()
        }
    }
}

async fn customer(
    State(sim): State<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let customer_id = match int_param(&params, "customerId") {
        Ok(id) => id,
        Err(bad) => return bad.into_response(),
    };
    let query = CustomerQuery {
        company_code: params.get("companyCode").cloned(),
        lang: params.get("lang").cloned(),
        customer_id,
        identification_no: params.get("identificationNo").cloned(),
        mobile_number: params.get("mobileNumber").cloned(),
        reference_no: params.get("referenceNo").cloned(),
    }
    .normalized();
    let issues = query.issues();
    if !issues.is_empty() {
        return error(StatusCode::BAD_REQUEST, "invalid customer query", &issues);
    }
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default();
    Json(customers::find(
        &sim.catalog,
        lang,
        query.customer_id,
        query.identification_no.as_deref(),
        query.mobile_number.as_deref(),
        query.reference_no.as_deref(),
    ))
    .into_response()
}

async fn received(State(sim): State<Arc<Sim>>) -> Json<Value> {
    let store = sim.store();
    Json(Value::Array(
        store
            .bulks
            .iter()
            .map(|b| json!({ "id": b.id, "body": b.received }))
            .collect(),
    ))
}

async fn reset(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.store().bulks.clear();
    StatusCode::NO_CONTENT
}
