//! What the rules report: an [`Issue`] at a field path with a language-free [`IssueCode`], and
//! the lead kinds the rules tell apart.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::normalize::normalize_text;

/// What is wrong with a field. Serialised as `snake_case`; the UI translates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// Mandatory and empty.
    Required,
    /// Not one of the list's choices.
    NotInList,
    /// A choice of a cascading list that does not belong to the chosen parent.
    NotInParent,
    /// Phone number contains something other than digits.
    PhoneDigits,
    /// Phone number is not 9 digits.
    PhoneLength,
    /// A Saudi (00966) mobile must start with 5.
    PhoneSaudiMobile,
    /// Neither a phone number nor an email: the dealer could not reach the customer.
    ContactRequired,
    /// Not an email address.
    Email,
    /// Not a `yyyy-mm-dd` day (or, for `leadDate`, an ISO date-time).
    DateFormat,
    DateInFuture,
    /// Before 1900-01-01.
    DateTooEarly,
    /// Model year is not a four-digit year.
    YearFormat,
    /// Vehicle quantity below 1 or above [`MAX_QUANTITY`].
    Quantity,
    /// Longer than the field allows.
    TooLong,
    /// A date range whose end lies before its start.
    RangeOrder,
    /// A date range longer than the DMS allows (7 days for bulk status).
    RangeTooLong,
    /// None of a group of alternatives was given (customer lookup, bulk status).
    OneRequired,
}

impl IssueCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::Required => "required",
            IssueCode::NotInList => "not_in_list",
            IssueCode::NotInParent => "not_in_parent",
            IssueCode::PhoneDigits => "phone_digits",
            IssueCode::PhoneLength => "phone_length",
            IssueCode::PhoneSaudiMobile => "phone_saudi_mobile",
            IssueCode::ContactRequired => "contact_required",
            IssueCode::Email => "email",
            IssueCode::DateFormat => "date_format",
            IssueCode::DateInFuture => "date_in_future",
            IssueCode::DateTooEarly => "date_too_early",
            IssueCode::YearFormat => "year_format",
            IssueCode::Quantity => "quantity",
            IssueCode::TooLong => "too_long",
            IssueCode::RangeOrder => "range_order",
            IssueCode::RangeTooLong => "range_too_long",
            IssueCode::OneRequired => "one_required",
        }
    }
}

/// One problem, at one field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Issue {
    pub path: String,
    pub code: IssueCode,
}

impl Issue {
    pub fn new(path: impl Into<String>, code: IssueCode) -> Self {
        Issue {
            path: path.into(),
            code,
        }
    }
}

/// `path: code`, the spelling used in the simulator's `errorList`.
impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.code.as_str())
    }
}

/// Individual or company lead, recognised from the CUSTOMER_TYPE text in English or Arabic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeadKind {
    Individual,
    Company,
}

impl LeadKind {
    /// English DMS text (what the bulk body carries and `leadTypeName` is derived from).
    pub const fn english(self) -> &'static str {
        match self {
            LeadKind::Individual => "Individual",
            LeadKind::Company => "Company",
        }
    }

    pub fn from_text(text: &str) -> Option<LeadKind> {
        let t = normalize_text(text).to_ascii_lowercase();
        match t.as_str() {
            "individual" | "فرد" | "أفراد" | "افراد" => Some(LeadKind::Individual),
            "company" | "شركة" | "شركات" => Some(LeadKind::Company),
            _ => None,
        }
    }
}
