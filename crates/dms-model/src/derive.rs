//! Fields the public does not type, derived in one place (documented in docs/assumptions.md, "Derived fields").

use crate::normalize::normalize_text;
use crate::validate::LeadKind;
use crate::wire::Lead;

/// A person's full name from its parts (normalised, empty parts left out); empty when there is none.
/// The lead's `leadName` and the dealer pages' names of people are written this way.
pub fn full_name(first: &Option<String>, middle: &Option<String>, last: &Option<String>) -> String {
    [first, middle, last]
        .iter()
        .filter_map(|p| p.as_deref())
        .map(normalize_text)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fills `leadName`, `leadTypeName` and `leadDate` from what the person typed:
/// - `leadName`: an individual's full name (first, middle, last); for a company, the company name the
///   person typed into the `leadName` control is kept as it is.
/// - `leadTypeName`: the English name of the lead type (`Individual` / `Company`).
/// - `leadDate`: the moment of submission, `captured_at` (ISO 8601, UTC).
pub fn derive_fields(lead: &mut Lead, captured_at: &str) {
    let kind = lead.kind();
    if kind == Some(LeadKind::Individual) {
        let full = full_name(&lead.first_name, &lead.middle_name, &lead.last_name);
        lead.lead_name = (!full.is_empty()).then_some(full);
    }
    lead.lead_type_name = kind.map(|k| k.english().to_owned());
    lead.lead_date = Some(captured_at.to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn individual_name_and_type() {
        let mut lead = Lead {
            lead_type: Some("فرد".into()),
            first_name: Some(" Sara ".into()),
            last_name: Some("Al-Qahtani".into()),
            lead_name: Some("typed by someone".into()),
            ..Lead::default()
        };
        derive_fields(&mut lead, "2025-08-17T06:49:41.761Z");
        assert_eq!(lead.lead_name.as_deref(), Some("Sara Al-Qahtani"));
        assert_eq!(lead.lead_type_name.as_deref(), Some("Individual"));
        assert_eq!(lead.lead_date.as_deref(), Some("2025-08-17T06:49:41.761Z"));
    }

    #[test]
    fn company_keeps_typed_name() {
        let mut lead = Lead {
            lead_type: Some("Company".into()),
            lead_name: Some("Example Holdings".into()),
            ..Lead::default()
        };
        derive_fields(&mut lead, "2025-08-17T06:49:41.761Z");
        assert_eq!(lead.lead_name.as_deref(), Some("Example Holdings"));
        assert_eq!(lead.lead_type_name.as_deref(), Some("Company"));
    }
}
