//! A lead-bank provider (the lead-bank provider document) with the behaviour the dealer inbox must survive: `POST
//! api/leads` hands out every lead not yet confirmed (and marks it "in progress"), so two calls in
//! a row return the same leads; `POST api/ValidateGetLeads` with the received ids (the shape chosen
//! in `dms_model::leadbank`) confirms them, and they are never handed out again.
//!
//! Test hooks: `GET /__sim/leadbank` reports confirmed ids and hand-outs, `POST
//! /__sim/leadbank/reset` restores the seeded leads, `POST /__sim/leadbank/add` adds the leads
//! posted (a JSON array, as `api/leads` hands them out), and `POST /__sim/leadbank/fail-confirms`
//! with a number makes that many next confirmations fail (503; nothing confirmed).

use std::sync::Mutex;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use dms_model::wire::{LeadBankContent, LeadBankLead, LeadBankResponse};

use crate::Sim;

/// `State` of a provider lead.
const READY: i64 = 0;
const IN_PROGRESS: i64 = 1;

#[derive(Default)]
pub struct Provider {
    state: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    leads: Vec<LeadBankLead>,
    confirmed: Vec<i64>,
    handouts: u32,
    /// Confirmations still to fail.
    failing_confirms: u32,
}

/// Realistic pending leads: names in Arabic and English, phone numbers in the spellings forms
/// collect, a lead without a city, one from a company, and a field the default mapping does not
/// know (kept in the note).
fn seeded() -> Vec<LeadBankLead> {
    let lead = |id: i64, campaign: (&str, &str), contents: &[(&str, &str)]| LeadBankLead {
        id_lead_bank: id,
        id_provider: 12,
        name_provider: Some("Motory Leads".into()),
        id_service: 3,
        name_service: Some("Qualified car buyers".into()),
        state: READY,
        id_campaign: Some(campaign.0.into()),
        name_campaign: Some(campaign.1.into()),
        band_dealer_id: Some("JTC-KIA-01".into()),
        external_lead_id: Some(format!("MT-{}", 880_000 + id)),
        qualification_date: Some("2026-11-20T09:12:44.5139414+03:00".into()),
        create_date: Some("2026-11-20T08:55:10.1021000+03:00".into()),
        contents: contents
            .iter()
            .enumerate()
            .map(|(i, (key, value))| LeadBankContent {
                id: id * 100 + i as i64,
                key: (*key).into(),
                value: Some((*value).into()),
                kind: 1,
            })
            .collect(),
    };
    let year = dms_model::Date::today_utc().year.to_string();
    let year = year.as_str();
    let sportage = ("CMP-2611", "Sportage 2026 launch");
    let ramadan = ("CMP-2612", "Year-end offers");
    vec![
        lead(
            4101,
            sportage,
            &[
                ("FullName", "سارة القحطاني"),
                ("Mobile", "٠٥٥١٢٣٤٥٦٧"),
                ("Email", "sara.q@example.com"),
                ("Region", "Riyadh"),
                ("City", "Riyadh"),
                ("Brand", "KIA"),
                ("Model", "Sportage"),
                ("ModelYear", year),
                ("PurchaseTime", "Within 30 Days"),
            ],
        ),
        lead(
            4102,
            sportage,
            &[
                ("FirstName", "Omar"),
                ("LastName", "Al-Harbi"),
                ("Mobile", "+966 50 765 4321"),
                ("Region", "Makkah"),
                ("City", "Jeddah"),
                ("Brand", "KIA"),
                ("Model", "Sorento"),
                ("ModelYear", year),
                ("Budget", "150000"),
            ],
        ),
        lead(
            4103,
            ramadan,
            &[
                ("FullName", "Fahad Al-Dosari"),
                ("Mobile", "0533334444"),
                ("Region", "Eastern Province"),
                ("Brand", "KIA"),
                ("Model", "Carnival"),
                ("Comments", "Prefers a call in the evening"),
            ],
        ),
        lead(
            4104,
            ramadan,
            &[
                ("CompanyName", "Al Noor Logistics"),
                ("Industry", "Transport & Logistics"),
                ("FullName", "Khalid Al-Mutairi"),
                ("Phone", "0561112222"),
                ("Email", "fleet@alnoor.example"),
                ("Region", "Riyadh"),
                ("City", "Riyadh"),
                ("Brand", "KIA"),
                ("Model", "K5"),
                ("ModelYear", year),
            ],
        ),
        lead(
            4105,
            sportage,
            &[
                ("FullName", "نورة الشمري"),
                ("Mobile", "0547778888"),
                ("Region", "Hail"),
                ("City", "Hail"),
                ("Brand", "KIA"),
                ("Model", "Seltos"),
                ("ModelYear", year),
                ("PreferredLanguage", "Arabic"),
            ],
        ),
    ]
}

/// The seeded provider answer, for tests that judge the leads with the DMS rules.
pub fn seeded_for_tests() -> LeadBankResponse {
    LeadBankResponse {
        status: 1,
        message: None,
        leads: seeded(),
    }
}

impl Provider {
    pub fn new() -> Provider {
        let provider = Provider::default();
        provider.reset();
        provider
    }

    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn reset(&self) {
        *self.book() = Book {
            leads: seeded(),
            ..Book::default()
        };
    }
}

/// `POST api/leads`: every lead not confirmed yet, now "in progress".
pub async fn hand_out(State(sim): State<std::sync::Arc<Sim>>, body: String) -> Response {
    if body.trim().parse::<i64>().is_err() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"Status": 0, "Message": "the body must be an integer"})),
        )
            .into_response();
    }
    let mut book = sim.lead_bank.book();
    book.handouts += 1;
    for lead in &mut book.leads {
        lead.state = IN_PROGRESS;
    }
    Json(LeadBankResponse {
        status: 1,
        message: Some(format!("{} leads", book.leads.len())),
        leads: book.leads.clone(),
    })
    .into_response()
}

/// `POST api/ValidateGetLeads` with `[IDLeadBank, …]`: those leads are received for good.
pub async fn confirm(State(sim): State<std::sync::Arc<Sim>>, body: String) -> Response {
    let Ok(ids) = serde_json::from_str::<Vec<i64>>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"Status": 0, "Message": "send the array of IDLeadBank"})),
        )
            .into_response();
    };
    let mut book = sim.lead_bank.book();
    if book.failing_confirms > 0 {
        book.failing_confirms -= 1;
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let before = book.leads.len();
    book.leads.retain(|lead| !ids.contains(&lead.id_lead_bank));
    let confirmed = before - book.leads.len();
    book.confirmed.extend(ids);
    Json(json!({"Status": 1, "Message": format!("{confirmed} leads confirmed")})).into_response()
}

pub async fn report(State(sim): State<std::sync::Arc<Sim>>) -> Json<Value> {
    let book = sim.lead_bank.book();
    Json(json!({
        "pending": book.leads.iter().map(|l| l.id_lead_bank).collect::<Vec<_>>(),
        "confirmed": book.confirmed,
        "handouts": book.handouts,
    }))
}

/// `POST /__sim/leadbank/add`: new pending leads.
pub async fn add(
    State(sim): State<std::sync::Arc<Sim>>,
    Json(leads): Json<Vec<LeadBankLead>>,
) -> StatusCode {
    sim.lead_bank.book().leads.extend(leads);
    StatusCode::NO_CONTENT
}

/// `POST /__sim/leadbank/fail-confirms` with `n`: the next `n` confirmations fail.
pub async fn fail_confirms(State(sim): State<std::sync::Arc<Sim>>, body: String) -> StatusCode {
    match body.trim().parse() {
        Ok(n) => {
            sim.lead_bank.book().failing_confirms = n;
            StatusCode::NO_CONTENT
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

pub async fn reset(State(sim): State<std::sync::Arc<Sim>>) -> StatusCode {
    sim.lead_bank.reset();
    StatusCode::NO_CONTENT
}
