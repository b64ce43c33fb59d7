//! Serde types for every payload in the API documents (the lead bulk, bulk status, customer and lead-bank provider documents).
//!
//! Optional fields are `Option` and are left out of the JSON when empty, so what the widget sends is
//! exactly what the person filled in. Decoding is tolerant where the documents disagree with
//! themselves (numbers that the field list calls strings, such as `totalQty`).

use serde::{Deserialize, Deserializer, Serialize};

/// `POST /v1/leads/bulks` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LeadBulk {
    pub leads: Vec<Lead>,
    /// Always 1 ("created") when posting.
    pub is_processed: u8,
}

impl LeadBulk {
    /// A new bulk as the DMS expects it to be posted.
    pub fn new(leads: Vec<Lead>) -> Self {
        LeadBulk {
            leads,
            is_processed: BulkState::Created as u8,
        }
    }
}

/// One lead of the bulk body, field for field as in the API document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Lead {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_area: Option<String>,
    /// The `ou` (OU_TYPE list) of the field list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_contact_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purchase_plan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_income: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_drive_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_news_letter: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_marketing: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_private_policy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_type: Option<String>,
    /// The lead's interest (LEAD_INTEREST list; `leadInterest` in the field list, `interest` in the body).
    #[serde(skip_serializing_if = "Option::is_none", alias = "leadInterest")]
    pub interest: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicle_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// `yyyy-mm-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_name: Option<String>,
    /// ISO 8601 date-time of capture, e.g. `2025-08-17T06:49:41.761Z`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_industry_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_city: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vehicles: Vec<Vehicle>,
}

/// One vehicle of a lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Vehicle {
    /// Present in the status answer only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_vehicles_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_family: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_int_from_number_or_string"
    )]
    pub model_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_memo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_preferences: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_int_from_number_or_string"
    )]
    pub total_qty: Option<i32>,
}

fn opt_int_from_number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrStr {
        Num(i32),
        Str(String),
    }
    match Option::<NumOrStr>::deserialize(d)? {
        None => Ok(None),
        Some(NumOrStr::Num(n)) => Ok(Some(n)),
        Some(NumOrStr::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(NumOrStr::Str(s)) => s.trim().parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// `isProcessed` of a bulk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum BulkState {
    Created = 1,
    InProgress = 2,
    Cancelled = 3,
    Completed = 4,
}

impl BulkState {
    pub fn from_code(code: u8) -> Option<BulkState> {
        match code {
            1 => Some(BulkState::Created),
            2 => Some(BulkState::InProgress),
            3 => Some(BulkState::Cancelled),
            4 => Some(BulkState::Completed),
            _ => None,
        }
    }

    /// Cancelled and completed bulks no longer change.
    pub fn is_final(self) -> bool {
        matches!(self, BulkState::Cancelled | BulkState::Completed)
    }
}

/// `GET /v1/leads/bulks` answer (the bulk-status document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct BulkStatus {
    pub leads: Vec<BulkLead>,
    pub created_date: Option<String>,
    pub created_by: Option<i64>,
    pub total_records: i64,
    pub error_records: i64,
    pub is_processed: u8,
}

/// One lead of a bulk status answer: the posted lead plus what the DMS made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct BulkLead {
    pub lead_external_id: i64,
    /// 0 until the DMS created the lead.
    pub lead_id: i64,
    pub is_error: u8,
    /// Assumed to be a list of messages; `null` when there is no error.
    pub error_list: Option<Vec<String>>,
    pub company_name: Option<String>,
    #[serde(flatten)]
    pub lead: Lead,
}

/// `GET /v1/core/customer` answer item (the customer document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Customer {
    pub version_id: Option<i64>,
    pub customer_id: i64,
    pub customer_version_id: Option<i64>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub contact_name: Option<String>,
    pub nationality_id: Option<i64>,
    pub nationality: Option<String>,
    pub gender_id: Option<i64>,
    pub gender: Option<String>,
    pub customer_type_id: Option<i64>,
    pub customer_type: Option<String>,
    pub company_type_id: Option<i64>,
    pub company_type: Option<String>,
    pub industry_type_id: Option<i64>,
    pub industry_type: Option<String>,
    pub date_of_birth: Option<String>,
    pub occupation: Option<String>,
    pub preferred_contact_type_id: Option<i64>,
    pub preferred_contact_type: Option<String>,
    pub email_address: Option<String>,
    pub phone_code_id: Option<i64>,
    pub phone_code: Option<String>,
    pub mobile_number: Option<String>,
    pub additional_phone_code_id: Option<i64>,
    pub additional_phone_code: Option<String>,
    pub additional_mobile_number: Option<String>,
    pub identification_type_id: Option<i64>,
    pub identification_type: Option<String>,
    pub identification_no: Option<String>,
    pub country_id: Option<i64>,
    pub country: Option<String>,
    pub region_id: Option<i64>,
    pub region: Option<String>,
    pub city_id: Option<i64>,
    pub city: Option<String>,
    pub zip_code: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub monthly_income_id: Option<i64>,
    pub monthly_income: Option<String>,
    pub created_date: Option<String>,
    pub is_active: Option<bool>,
    pub preferred_language_id: Option<i64>,
    pub preferred_language: Option<String>,
    pub company_id: Option<i64>,
    pub company: Option<String>,
    pub national_address: Option<String>,
    pub commercial_record: Option<String>,
    pub plot_identification: Option<String>,
    pub building_no: Option<String>,
    pub unit_no: Option<String>,
    pub vat_reg_no: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub city_sub_division_name: Option<String>,
    pub postal_code: Option<String>,
    pub user_active: Option<i64>,
    pub customer_contacts: Vec<CustomerContact>,
}

/// A contact person of a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerContact {
    pub contact_id: i64,
    pub customer_id: i64,
    pub customer: Option<String>,
    pub contact_number: Option<String>,
    pub relation_type_id: Option<i64>,
    pub relation_type: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone_code_id: Option<i64>,
    pub phone_code: Option<String>,
    pub primary_contact: Option<bool>,
    pub contact_start_date: Option<String>,
    pub contact_end_date: Option<String>,
    pub is_active: Option<bool>,
    pub contact_is_enable: Option<bool>,
    pub profession: Option<String>,
    pub remarks: Option<String>,
}

/// Lead-bank provider `POST api/leads` answer (the lead-bank provider document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct LeadBankResponse {
    pub status: i64,
    pub message: Option<String>,
    pub leads: Vec<LeadBankLead>,
}

/// A lead handed out by the lead-bank provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LeadBankLead {
    #[serde(rename = "IDLeadBank")]
    pub id_lead_bank: i64,
    #[serde(rename = "IDprovider")]
    pub id_provider: i64,
    #[serde(rename = "NameProvider")]
    pub name_provider: Option<String>,
    #[serde(rename = "IDService")]
    pub id_service: i64,
    #[serde(rename = "NameService")]
    pub name_service: Option<String>,
    #[serde(rename = "State")]
    pub state: i64,
    #[serde(rename = "IDCampaign")]
    pub id_campaign: Option<String>,
    #[serde(rename = "NameCampaign")]
    pub name_campaign: Option<String>,
    #[serde(rename = "BandDealerID")]
    pub band_dealer_id: Option<String>,
    #[serde(rename = "ExternalLeadID")]
    pub external_lead_id: Option<String>,
    #[serde(rename = "QualificationDate")]
    pub qualification_date: Option<String>,
    #[serde(rename = "CreateDate")]
    pub create_date: Option<String>,
    #[serde(rename = "Contents")]
    pub contents: Vec<LeadBankContent>,
}

/// One `Key`/`Value` pair of a lead-bank lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct LeadBankContent {
    #[serde(rename = "ID")]
    pub id: i64,
    pub key: String,
    pub value: Option<String>,
    #[serde(rename = "Type")]
    pub kind: i64,
}
