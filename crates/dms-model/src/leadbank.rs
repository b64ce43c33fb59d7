//! The lead-bank provider (the lead-bank provider document) as the dealer inbox uses it: which `Contents` key fills which
//! lead field (a mapping that lives in configuration), how campaign data reaches the lead, and the
//! shape of the reception confirmation the seed does not show.
//!
//! Assumptions, documented in docs/assumptions.md ("Lead bank"):
//! - `POST api/leads` takes an integer body: the dealer's id at the provider (configuration).
//! - `POST api/ValidateGetLeads` takes the JSON array of the `IDLeadBank`s received, e.g. `[17,18]`,
//!   and answers like `api/leads` without leads (`{"Status":1,"Message":"…"}`).
//! - A lead is known by its `IDLeadBank`; the lead sent to the DMS carries it as `leadReference`
//!   `LB-<IDLeadBank>`, so a dealer can trace a DMS lead back to the provider.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::import::{header_key, import_fields, set_field};
use crate::validate::field;
use crate::wire::{Lead, LeadBankLead};

/// A target that is not a lead field: a full name, split into first and last name.
pub const FULL_NAME: &str = "fullName";

/// Which provider `Contents` key fills which lead field, plus the fixed texts every lead-bank lead
/// gets. Keys compare without regard to case, spaces or punctuation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LeadBankMapping {
    /// Provider key → lead field key (or [`FULL_NAME`]).
    pub contents: BTreeMap<String, String>,
    /// LEAD_SOURCE text of lead-bank leads.
    pub source: String,
    /// LEAD_SUB_SOURCE text of lead-bank leads.
    pub sub_source: String,
    /// Texts filled when the provider gave none (English DMS texts).
    pub defaults: BTreeMap<String, String>,
    /// Routing rules: a lead of a dealer code or campaign gets the brand, business area, branch…
    /// it names, where the provider gave none — so most leads need nobody to complete them.
    pub routes: Vec<LeadBankRoute>,
}

/// A routing rule: which leads it matches (every condition given must hold; none given matches
/// every lead) and the field texts it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LeadBankRoute {
    /// The provider's `BandDealerID`.
    pub band_dealer_id: Option<String>,
    /// The provider's `IDCampaign` or `NameCampaign`.
    pub campaign: Option<String>,
    /// Lead field key → English DMS text.
    pub set: BTreeMap<String, String>,
}

impl LeadBankRoute {
    fn matches(&self, bank: &LeadBankLead) -> bool {
        let same = |wanted: &Option<String>, given: &[&Option<String>]| {
            wanted
                .as_deref()
                .is_none_or(|w| given.iter().any(|g| g.as_deref() == Some(w)))
        };
        same(&self.band_dealer_id, &[&bank.band_dealer_id])
            && same(&self.campaign, &[&bank.id_campaign, &bank.name_campaign])
    }
}

impl Default for LeadBankMapping {
    fn default() -> Self {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        LeadBankMapping {
            contents: pairs(&[
                ("FullName", FULL_NAME),
                ("FirstName", field::FIRST_NAME),
                ("LastName", field::LAST_NAME),
                ("Mobile", field::PHONE_NUMBER),
                ("Phone", field::PHONE_NUMBER),
                ("Email", field::EMAIL),
                ("City", field::CUSTOMER_CITY),
                ("Region", field::CUSTOMER_REGION),
                ("Brand", field::BRAND),
                ("Model", field::MODEL_FAMILY),
                ("ModelYear", field::MODEL_YEAR),
                ("Gender", field::GENDER),
                ("Nationality", field::NATIONALITY),
                ("PreferredLanguage", field::PREFERRED_LANGUAGE),
                ("PaymentMethod", field::PAYMENT_MODE),
                ("PurchaseTime", field::PURCHASE_PLAN),
                ("CompanyName", field::LEAD_NAME),
                ("Industry", field::COMPANY_INDUSTRY_TYPE),
                ("Comments", field::LEAD_NOTE),
            ]),
            source: "Lead Bank".into(),
            sub_source: "Provider".into(),
            defaults: pairs(&[
                (field::LEAD_TYPE, "Individual"),
                (field::PHONE_CODE, "00966"),
                (field::CUSTOMER_COUNTRY, "Saudi Arabia"),
                (field::PREFERRED_LANGUAGE, "Arabic"),
                (field::INTEREST, "Vehicle Inquiry"),
                (field::PRIORITY, "Hot"),
            ]),
            routes: Vec::new(),
        }
    }
}

/// What is wrong with a mapping from configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("the lead-bank mapping is not valid JSON: {0}")]
    Syntax(String),
    #[error("the lead-bank mapping names `{0}`, which is not a lead field")]
    UnknownField(String),
}

fn is_target(key: &str) -> bool {
    key == FULL_NAME || import_fields().contains(&key)
}

impl LeadBankMapping {
    /// Reads a mapping from its JSON form; every target must be a lead field.
    pub fn from_json(json: &str) -> Result<LeadBankMapping, MappingError> {
        let mapping: LeadBankMapping =
            serde_json::from_str(json).map_err(|e| MappingError::Syntax(e.to_string()))?;
        mapping.checked()
    }

    /// The mapping, when every target it names (contents, defaults, routes) is a lead field.
    pub fn checked(self) -> Result<LeadBankMapping, MappingError> {
        let routed = self.routes.iter().flat_map(|r| r.set.keys());
        let targets = self
            .contents
            .values()
            .chain(self.defaults.keys())
            .chain(routed);
        match targets.into_iter().find(|t| !is_target(t)) {
            Some(unknown) => Err(MappingError::UnknownField(unknown.clone())),
            None => Ok(self),
        }
    }

    /// The field a provider key fills, if the mapping names it.
    pub fn target(&self, provider_key: &str) -> Option<&str> {
        let wanted = header_key(provider_key);
        self.contents
            .iter()
            .find(|(k, _)| header_key(k) == wanted)
            .map(|(_, v)| v.as_str())
    }

    /// The provider's lead as a DMS lead (raw: [`crate::prepare`] normalises and judges it).
    /// Contents the mapping does not name are kept in `leadNote`, with the campaign data, so the
    /// dealer loses nothing the provider sent.
    pub fn map_lead(&self, bank: &LeadBankLead) -> Lead {
        let mut lead = Lead::default();
        let mut unmapped = Vec::new();
        let mut notes = Vec::new();
        for content in &bank.contents {
            let value = content.value.as_deref().unwrap_or_default().trim();
            if value.is_empty() {
                continue;
            }
            match self.target(&content.key) {
                Some(FULL_NAME) => {
                    let (first, last) = value.split_once(' ').unwrap_or((value, ""));
                    set_field(&mut lead, field::FIRST_NAME, first);
                    set_field(&mut lead, field::LAST_NAME, last);
                }
                Some(field::LEAD_NOTE) => notes.push(value.to_owned()),
                Some(target) => set_field(&mut lead, target, value),
                None => unmapped.push(format!("{}: {value}", content.key)),
            }
        }
        if lead.lead_name.is_some() && lead.lead_type.is_none() {
            // A company's lead: the person named is its contact, not the customer.
            lead.lead_type = Some("Company".into());
            if lead.contact_name.is_none() {
                let parts = [lead.first_name.take(), lead.last_name.take()];
                let name = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
                lead.contact_name = (!name.is_empty()).then_some(name);
            }
        }
        let routed = self.routes.iter().filter(|r| r.matches(bank));
        let filled = routed.flat_map(|r| &r.set).chain(&self.defaults);
        for (key, text) in filled {
            if crate::import::field_text(&lead, key).is_empty() {
                set_field(&mut lead, key, text);
            }
        }
        if let Some(vehicle) = lead.vehicles.first_mut() {
            vehicle.total_qty.get_or_insert(1);
        }
        lead.source = Some(self.source.clone());
        lead.sub_source = Some(self.sub_source.clone());
        lead.lead_reference = Some(reference(bank.id_lead_bank));
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        notes.push(format!(
            "Lead bank {} / {}, campaign {} ({}), provider lead {}, qualified {}",
            text(&bank.name_provider),
            text(&bank.name_service),
            text(&bank.name_campaign),
            text(&bank.id_campaign),
            text(&bank.external_lead_id),
            text(&bank.qualification_date),
        ));
        notes.extend(unmapped);
        lead.lead_note = Some(notes.join("\n"));
        lead
    }
}

/// The `leadReference` of a lead-bank lead.
pub fn reference(id_lead_bank: i64) -> String {
    format!("LB-{id_lead_bank}")
}

/// The `Idempotency-Key` of the bulk that carries the lead-bank lead `id_lead_bank` (alone): the
/// proxy's automatic sync and the dealer inbox send a lead under the same key, so whichever comes
/// second is answered with the first one's bulk id, and the DMS gets the lead once.
pub fn idempotency_key(id_lead_bank: i64) -> String {
    format!("{LEAD_BANK_KEY_PREFIX}{id_lead_bank}")
}

/// What every lead-bank key starts with: such a key names its lead, whatever the bulk's body.
pub const LEAD_BANK_KEY_PREFIX: &str = "lead-bank-";

/// The body of `POST api/ValidateGetLeads`: the ids whose reception is confirmed.
pub fn confirmation_body(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::LeadBankContent;

    fn content(key: &str, value: &str) -> LeadBankContent {
        LeadBankContent {
            key: key.into(),
            value: Some(value.into()),
            ..LeadBankContent::default()
        }
    }

    #[test]
    fn contents_and_campaign_reach_the_lead() {
        let bank = LeadBankLead {
            id_lead_bank: 17,
            name_provider: Some("Haraj Leads".into()),
            name_campaign: Some("Sportage launch".into()),
            id_campaign: Some("CMP-9".into()),
            contents: vec![
                content("full_name", "Sara Al Qahtani"),
                content("MOBILE", "0551234567"),
                content("Model", "Sportage"),
                content("Budget", "120000"),
                content("Comments", "Call after 5 pm"),
            ],
            ..LeadBankLead::default()
        };
        let lead = LeadBankMapping::default().map_lead(&bank);
        assert_eq!(lead.first_name.as_deref(), Some("Sara"));
        assert_eq!(lead.last_name.as_deref(), Some("Al Qahtani"));
        assert_eq!(lead.phone_number.as_deref(), Some("0551234567"));
        assert_eq!(lead.vehicles[0].model_family.as_deref(), Some("Sportage"));
        assert_eq!(lead.vehicles[0].total_qty, Some(1));
        assert_eq!(lead.lead_reference.as_deref(), Some("LB-17"));
        assert_eq!(lead.lead_type.as_deref(), Some("Individual"));
        assert_eq!(lead.source.as_deref(), Some("Lead Bank"));
        let note = lead.lead_note.unwrap();
        assert!(note.starts_with("Call after 5 pm\nLead bank Haraj Leads"));
        assert!(note.contains("Sportage launch (CMP-9)"));
        assert!(
            note.ends_with("Budget: 120000"),
            "unmapped contents are kept: {note}"
        );
    }

    #[test]
    fn routes_complete_the_leads_of_a_dealer_code_or_campaign() {
        let mapping = LeadBankMapping::from_json(
            r#"{"routes":[
                {"bandDealerId":"JTC-KIA-01","set":{"brand":"KIA","businessArea":"Sales"}},
                {"campaign":"Sportage launch","set":{"branch":"KIA Riyadh Showroom","brand":"JMC"}}
            ]}"#,
        )
        .unwrap();
        let bank = |dealer: &str, campaign: &str| LeadBankLead {
            band_dealer_id: Some(dealer.into()),
            name_campaign: Some(campaign.into()),
            contents: vec![content("Brand", "Hyundai")],
            ..LeadBankLead::default()
        };
        let both = mapping.map_lead(&bank("JTC-KIA-01", "Sportage launch"));
        assert_eq!(
            both.brand.as_deref(),
            Some("Hyundai"),
            "the provider's own text wins"
        );
        assert_eq!(both.business_area.as_deref(), Some("Sales"));
        assert_eq!(both.branch.as_deref(), Some("KIA Riyadh Showroom"));
        let neither = mapping.map_lead(&bank("OTHER", "Other"));
        assert_eq!(neither.business_area, None);
        assert_eq!(neither.branch, None);
        assert_eq!(
            LeadBankMapping::from_json(r#"{"routes":[{"set":{"showroom":"x"}}]}"#),
            Err(MappingError::UnknownField("showroom".into()))
        );
        assert_eq!(idempotency_key(17), "lead-bank-17");
    }

    #[test]
    fn mapping_from_configuration_is_checked() {
        let mapping =
            LeadBankMapping::from_json(r#"{"contents":{"Tel":"phoneNumber"},"source":"Campaign"}"#)
                .unwrap();
        assert_eq!(mapping.target("tel"), Some(field::PHONE_NUMBER));
        assert_eq!(
            mapping.sub_source, "Provider",
            "what is not configured keeps its default"
        );
        assert_eq!(
            LeadBankMapping::from_json(r#"{"contents":{"Tel":"telephone"}}"#),
            Err(MappingError::UnknownField("telephone".into()))
        );
        assert!(matches!(
            LeadBankMapping::from_json("{"),
            Err(MappingError::Syntax(_))
        ));
        assert_eq!(confirmation_body(&[17, 18]), "[17,18]");
    }
}
