//! Campaign tracking: what a landing page's URL and referrer say about where a lead came from, and
//! where that goes in the lead (one place; documented in docs/embedding.md, "Campaign tracking").
//!
//! - `leadReference` ← `utm_campaign` (when the host did not set a reference itself);
//! - `leadNote` ← appended after what the person wrote, separated by ` | ` (notes are normalised to
//!   one line, like every text):
//!   `Campaign: utm_source=…; utm_medium=…; utm_campaign=…; utm_term=…; utm_content=…; gclid=…;
//!   fbclid=…; page=…; referrer=…` (only the parts present, and only when a tracking parameter is:
//!   a visit without one is no campaign);
//! - `source` / `subSource` ← a paid click when the page did not preset them: a `gclid` (or
//!   `utm_source=google` with a paid `utm_medium`) is `Campaign` / `Google Ads`, an `fbclid` (or a
//!   Meta `utm_source` with a paid medium) is `Campaign` / `Meta Ads`, `utm_medium=sms` is
//!   `Campaign` / `SMS Campaign`.
//!
//! The page URL is recorded without its query and fragment (they may carry personal data); the
//! tracking parameters are recorded one by one instead.

use crate::wire::Lead;

/// The tracking parameters read from a page's query, in the order they are written to the note.
pub const PARAMETERS: [&str; 7] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "gclid",
    "fbclid",
];

/// Longest value kept of one parameter (a click id is ~100 characters; anything longer is noise).
const MAX_VALUE: usize = 200;

/// Where a lead came from, as the landing page knows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Campaign {
    /// `(parameter, value)` in [`PARAMETERS`] order.
    pub parameters: Vec<(&'static str, String)>,
    pub page: Option<String>,
    pub referrer: Option<String>,
}

fn clean(value: &str) -> Option<String> {
    let value: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_VALUE)
        .collect();
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A URL without its query and fragment.
fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

impl Campaign {
    /// Reads `pairs` (the page's query, already percent-decoded), the page URL and the referrer.
    pub fn from_parts<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        page: &str,
        referrer: &str,
    ) -> Campaign {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let parameters = PARAMETERS
            .iter()
            .filter_map(|name| {
                let value = pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name))?.1;
                Some((*name, clean(value)?))
            })
            .collect();
        Campaign {
            parameters,
            page: clean(without_query(page)),
            referrer: clean(without_query(referrer)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.page.is_none() && self.referrer.is_none()
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `source` / `subSource` (English DMS texts) a paid click stands for.
    pub fn source(&self) -> Option<(&'static str, &'static str)> {
        let lower = |name| self.get(name).map(str::to_ascii_lowercase);
        let source = lower("utm_source").unwrap_or_default();
        let medium = lower("utm_medium").unwrap_or_default();
        let paid = matches!(
            medium.as_str(),
            "cpc" | "ppc" | "paid" | "paidsocial" | "paid_social" | "display"
        );
        let meta = ["facebook", "instagram", "meta", "fb", "ig"].contains(&source.as_str());
        if self.get("gclid").is_some() || (source == "google" && paid) {
            Some(("Campaign", "Google Ads"))
        } else if self.get("fbclid").is_some() || (meta && paid) {
            Some(("Campaign", "Meta Ads"))
        } else if medium == "sms" {
            Some(("Campaign", "SMS Campaign"))
        } else {
            None
        }
    }

    /// The note line, if there is anything to say.
    pub fn note(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if let Some(page) = &self.page {
            parts.push(format!("page={page}"));
        }
        if let Some(referrer) = &self.referrer {
            parts.push(format!("referrer={referrer}"));
        }
        // The page and the referrer say where a campaign's visitor landed; without a tracking
        // parameter there is no campaign, and a note saying only "page=…" tells a dealer nothing.
        (!self.parameters.is_empty()).then(|| format!("Campaign: {}", parts.join("; ")))
    }

    /// Writes the campaign into `lead`: reference (unless set) and the note line.
    pub fn apply(&self, lead: &mut Lead) {
        if lead.lead_reference.is_none() {
            lead.lead_reference = self.get("utm_campaign").map(str::to_owned);
        }
        if let Some(line) = self.note() {
            append_note(lead, &line);
        }
    }
}

/// Adds `line` to the lead's note, after what is there (separated by ` | `).
pub fn append_note(lead: &mut Lead, line: &str) {
    lead.lead_note = Some(joined_note(lead.lead_note.as_deref(), line));
}

/// `note` with `line` after it (`note | line`), or `line` alone when there is no note yet.
pub fn joined_note(note: Option<&str>, line: &str) -> String {
    match note {
        Some(note) if !note.trim().is_empty() => format!("{note} | {line}"),
        _ => line.to_owned(),
    }
}

/// The note line recording the privacy consent a person gave: which wording
/// ([`crate::labels::CONSENT_TEXT_VERSION`]) and which policy it linked to.
pub fn consent_line(policy_url: &str) -> String {
    format!(
        "Consent: privacy policy accepted (text {}; {policy_url})",
        crate::labels::CONSENT_TEXT_VERSION
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paid_clicks_and_the_note() {
        let campaign = Campaign::from_parts(
            [
                ("utm_source", "google"),
                ("UTM_MEDIUM", "cpc"),
                ("utm_campaign", "sportage-2026"),
                ("gclid", "Cj0KCQ"),
                ("email", "someone@example.com"),
            ],
            "https://kia.example/offers?email=someone@example.com#form",
            "https://www.google.com/",
        );
        assert_eq!(campaign.source(), Some(("Campaign", "Google Ads")));
        let mut lead = Lead {
            lead_note: Some("Call me after 5".into()),
            ..Lead::default()
        };
        campaign.apply(&mut lead);
        assert_eq!(lead.lead_reference.as_deref(), Some("sportage-2026"));
        assert_eq!(
            lead.lead_note.as_deref(),
            Some("Call me after 5 | Campaign: utm_source=google; utm_medium=cpc; utm_campaign=sportage-2026; gclid=Cj0KCQ; page=https://kia.example/offers; referrer=https://www.google.com/")
        );
        assert!(
            !lead.lead_note.unwrap().contains("someone@"),
            "only tracking parameters are kept"
        );
    }

    #[test]
    fn other_sources() {
        let of = |pairs: &[(&'static str, &'static str)]| {
            Campaign::from_parts(pairs.iter().copied(), "", "").source()
        };
        assert_eq!(of(&[("fbclid", "x")]), Some(("Campaign", "Meta Ads")));
        assert_eq!(
            of(&[("utm_source", "Instagram"), ("utm_medium", "paid_social")]),
            Some(("Campaign", "Meta Ads"))
        );
        assert_eq!(
            of(&[("utm_medium", "SMS")]),
            Some(("Campaign", "SMS Campaign"))
        );
        assert_eq!(
            of(&[("utm_source", "newsletter"), ("utm_medium", "email")]),
            None
        );
        let empty = Campaign::from_parts([("utm_source", "  ")], "", "");
        assert!(empty.is_empty());
        let direct = Campaign::from_parts([], "https://kia.example/offers", "https://kia.example/");
        assert_eq!(direct.note(), None, "a direct visit is no campaign");
        let mut lead = Lead::default();
        append_note(&mut lead, &consent_line("https://kia.example/privacy"));
        assert_eq!(
            lead.lead_note.as_deref(),
            Some("Consent: privacy policy accepted (text 2026-12-01; https://kia.example/privacy)")
        );
        let mut lead = Lead {
            lead_reference: Some("host-ref".into()),
            ..Lead::default()
        };
        Campaign::from_parts([("utm_campaign", "x")], "", "").apply(&mut lead);
        assert_eq!(
            lead.lead_reference.as_deref(),
            Some("host-ref"),
            "the host's reference wins"
        );
    }
}
