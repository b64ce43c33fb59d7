//! The two read queries of the DMS (bulk status and customer lookup) and their rules, shared by the dealer
//! pages (checked in the form) and the simulator (checked on arrival).

use serde::{Deserialize, Serialize};

use crate::date::parse_iso_instant;
use crate::normalize::{normalize_phone, normalize_text, SAUDI_PHONE_CODE};
use crate::validate::{phone_issue, Issue, IssueCode};

/// Longest range a bulk-status query by lead may span.
pub const STATUS_RANGE_MAX_MS: i64 = 7 * 86_400_000;

/// `GET /v1/leads/bulks` query: either `id`, or `leadId` with `fromDate` and `toDate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct BulkStatusQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date: Option<String>,
    /// LEAD_SOURCE list id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<i64>,
    /// LEAD_SUB_SOURCE list id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_source: Option<i64>,
}

impl BulkStatusQuery {
    /// What is wrong with the query; empty when it can be sent.
    pub fn issues(&self) -> Vec<Issue> {
        if self.id.is_some() {
            return Vec::new();
        }
        let mut issues = Vec::new();
        if self.lead_id.is_none() {
            issues.push(Issue::new("id", IssueCode::OneRequired));
            issues.push(Issue::new("leadId", IssueCode::Required));
        }
        let mut instant = |key: &str, value: &Option<String>| match value.as_deref() {
            None => {
                issues.push(Issue::new(key, IssueCode::Required));
                None
            }
            Some(text) => {
                let parsed = parse_iso_instant(text.trim());
                if parsed.is_none() {
                    issues.push(Issue::new(key, IssueCode::DateFormat));
                }
                parsed
            }
        };
        let from = instant("fromDate", &self.from_date);
        let to = instant("toDate", &self.to_date);
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                issues.push(Issue::new("toDate", IssueCode::RangeOrder));
            } else if to - from > STATUS_RANGE_MAX_MS {
                issues.push(Issue::new("toDate", IssueCode::RangeTooLong));
            }
        }
        issues
    }
}

/// The dealers' time zone (Saudi Arabia, UTC+3, no daylight saving), in milliseconds.
pub const DEALER_UTC_OFFSET_MS: i64 = 3 * 3_600_000;

impl BulkStatusQuery {
    /// A query by lead over whole days as a dealer picks them (`from` to `to`, both included, in
    /// the dealers' time zone): `fromDate` is the start of `from`, `toDate` the start of the day
    /// after `to`, as UTC instants. So 2025-08-18 … 2025-08-24 gives the seed's example,
    /// `2025-08-17T21:00:00.000Z` … `2025-08-24T21:00:00.000Z`: 7 days, the most allowed.
    pub fn by_lead_over_days(lead_id: Option<i64>, from: Option<&str>, to: Option<&str>) -> Self {
        let instant = |day: Option<&str>, extra_days: i64| {
            let day = day.map(str::trim).filter(|d| !d.is_empty())?;
            Some(match crate::Date::parse_ymd(day) {
                Some(date) => crate::iso_timestamp(
                    (crate::date::unix_days(date) + extra_days) * 86_400_000 - DEALER_UTC_OFFSET_MS,
                ),
                // Kept as typed, so the format rule reports it.
                None => day.to_owned(),
            })
        };
        BulkStatusQuery {
            lead_id,
            from_date: instant(from, 0),
            to_date: instant(to, 1),
            ..BulkStatusQuery::default()
        }
    }
}

/// `GET /v1/core/customer` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerQuery {
    pub company_code: Option<String>,
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_no: Option<String>,
}

impl CustomerQuery {
    /// The query with texts normalised (a mobile typed as `05…` or `+9665…` becomes `5…`) and empty
    /// texts removed.
    pub fn normalized(&self) -> CustomerQuery {
        let text = |v: &Option<String>| v.as_deref().map(normalize_text).filter(|t| !t.is_empty());
        CustomerQuery {
            company_code: text(&self.company_code),
            lang: text(&self.lang),
            customer_id: self.customer_id,
            identification_no: text(&self.identification_no),
            mobile_number: self
                .mobile_number
                .as_deref()
                .map(|m| normalize_phone(SAUDI_PHONE_CODE, m))
                .filter(|t| !t.is_empty()),
            reference_no: text(&self.reference_no),
        }
    }

    /// What is wrong with a normalised query; empty when it can be sent.
    pub fn issues(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if self.company_code.is_none() {
            issues.push(Issue::new("companyCode", IssueCode::Required));
        }
        if self
            .lang
            .as_deref()
            .and_then(crate::Lang::from_code)
            .is_none()
        {
            issues.push(Issue::new("lang", IssueCode::Required));
        }
        if self.customer_id.is_none()
            && self.identification_no.is_none()
            && self.mobile_number.is_none()
            && self.reference_no.is_none()
        {
            issues.push(Issue::new("customerId", IssueCode::OneRequired));
        }
        if let Some(code) = self
            .mobile_number
            .as_deref()
            .and_then(|m| phone_issue(m, true))
        {
            issues.push(Issue::new("mobileNumber", code));
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_lead(from: &str, to: &str) -> BulkStatusQuery {
        BulkStatusQuery {
            lead_id: Some(7),
            from_date: Some(from.into()),
            to_date: Some(to.into()),
            ..Default::default()
        }
    }

    fn codes(issues: Vec<Issue>) -> Vec<(String, IssueCode)> {
        issues.into_iter().map(|i| (i.path, i.code)).collect()
    }

    #[test]
    fn status_query_rules() {
        assert!(BulkStatusQuery {
            id: Some(1),
            ..Default::default()
        }
        .issues()
        .is_empty());
        assert!(
            by_lead("2025-08-17T21:00:00.000Z", "2025-08-24T21:00:00.000Z")
                .issues()
                .is_empty()
        );
        assert_eq!(
            codes(by_lead("2025-08-17T21:00:00.000Z", "2025-08-24T21:00:00.001Z").issues()),
            vec![("toDate".into(), IssueCode::RangeTooLong)]
        );
        assert_eq!(
            codes(by_lead("2025-08-24", "2025-08-17").issues()),
            vec![("toDate".into(), IssueCode::RangeOrder)]
        );
        assert_eq!(
            codes(by_lead("last week", "2025-08-17").issues()),
            vec![("fromDate".into(), IssueCode::DateFormat)]
        );
        assert_eq!(
            codes(BulkStatusQuery::default().issues()),
            vec![
                ("id".into(), IssueCode::OneRequired),
                ("leadId".into(), IssueCode::Required),
                ("fromDate".into(), IssueCode::Required),
                ("toDate".into(), IssueCode::Required)
            ]
        );
    }

    #[test]
    fn dealer_days_become_the_seed_instants() {
        let q = BulkStatusQuery::by_lead_over_days(Some(7), Some("2025-08-18"), Some("2025-08-24"));
        assert_eq!(q.from_date.as_deref(), Some("2025-08-17T21:00:00.000Z"));
        assert_eq!(q.to_date.as_deref(), Some("2025-08-24T21:00:00.000Z"));
        assert!(q.issues().is_empty());
        let eight =
            BulkStatusQuery::by_lead_over_days(Some(7), Some("2025-08-18"), Some("2025-08-25"));
        assert_eq!(
            codes(eight.issues()),
            vec![("toDate".into(), IssueCode::RangeTooLong)]
        );
        let blank = BulkStatusQuery::by_lead_over_days(None, Some(" "), None);
        assert_eq!(blank.from_date, None);
    }

    #[test]
    fn customer_query_rules() {
        let q = CustomerQuery {
            company_code: Some("jtc".into()),
            lang: Some("ar".into()),
            mobile_number: Some("+966 56 861 7084".into()),
            ..Default::default()
        }
        .normalized();
        assert_eq!(q.mobile_number.as_deref(), Some("568617084"));
        assert!(q.issues().is_empty());

        let q = CustomerQuery {
            mobile_number: Some("468617084".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(q.normalized().issues()),
            vec![
                ("companyCode".into(), IssueCode::Required),
                ("lang".into(), IssueCode::Required),
                ("mobileNumber".into(), IssueCode::PhoneSaudiMobile)
            ]
        );
        let q = CustomerQuery {
            company_code: Some("jtc".into()),
            lang: Some("en".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(q.issues()),
            vec![("customerId".into(), IssueCode::OneRequired)]
        );
    }
}
