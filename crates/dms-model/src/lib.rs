//! # dms-model
//!
//! The JTC DMS lead API as plain Rust: wire types for every payload ([`wire`]), the choice lists and
//! their cascade graph ([`lists`]), input normalisation ([`normalize`]) and the lead rules
//! ([`validate`]). No web dependencies: the browser widget, the DMS simulator and the proxy all use
//! this crate, so a lead is judged the same way wherever it is checked.
//!
//! ```
//! use dms_model::{prepare, Date, Lead, NoCatalog};
//! let lead = Lead {
//!     phone_code: Some("00966".into()),
//!     phone_number: Some("+966 55 555 5555".into()),
//!     ..Lead::default()
//! };
//! let (normalised, issues) = prepare(&lead, &NoCatalog, Date::new(2025, 8, 17).unwrap());
//! assert_eq!(normalised.phone_number.as_deref(), Some("555555555"));
//! assert!(issues.iter().any(|i| i.path == "firstName" || i.path == "leadType"));
//! ```

pub mod campaign;
pub mod date;
pub mod derive;
pub mod import;
pub mod json;
pub mod labels;
pub mod leadbank;
pub mod lists;
pub mod normalize;
pub mod prefill;
pub mod public_form;
pub mod validate;
pub mod wire;

pub use date::{iso_timestamp, Date};
pub use lists::{Catalog, ItemId, Lang, ListItem, ListType, Lookup, NoCatalog};
pub use validate::{
    field, normalize_lead, prepare, prepare_owned, public_form_issues, validate, Issue, IssueCode,
    LeadKind,
};
pub use wire::{
    BulkLead, BulkState, BulkStatus, Customer, Lead, LeadBankLead, LeadBankResponse, LeadBulk,
    Vehicle,
};
pub mod query;
pub use query::{BulkStatusQuery, CustomerQuery};
