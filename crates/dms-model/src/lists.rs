//! The DMS choice lists (`GET /v1/list/{TYPE}?parentId=…`) as data.
//!
//! The cascade graph lives in one table, [`ListType::parent`]: a list with a parent is requested with
//! `parentId` set to the chosen parent item's `value`. Everything else (the widget's reset-on-change, the
//! simulator's data, the validation of "a child belongs to its parent") is derived from that table.

use serde::{Deserialize, Deserializer, Serialize};

/// Every `{TYPE}` named in the lead API document (the lead bulk document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListType {
    CustomerType,
    CustomerIndustryType,
    Title,
    Nationality,
    Gender,
    Country,
    Region,
    City,
    PhoneCode,
    LeadMonthlyIncome,
    Language,
    ContactType,
    OuType,
    BusinessArea,
    BranchType,
    LeadInterest,
    LeadSource,
    LeadSubSource,
    VehicleType,
    Model,
    ModelYear,
    PurchasePlan,
    PaymentMode,
    Currency,
    LeadPriority,
    YesOrNo,
}

impl ListType {
    /// All list types, in the order of the API document.
    pub const ALL: [ListType; 26] = [
        ListType::CustomerType,
        ListType::CustomerIndustryType,
        ListType::Title,
        ListType::Nationality,
        ListType::Gender,
        ListType::Country,
        ListType::Region,
        ListType::City,
        ListType::PhoneCode,
        ListType::LeadMonthlyIncome,
        ListType::Language,
        ListType::ContactType,
        ListType::OuType,
        ListType::BusinessArea,
        ListType::BranchType,
        ListType::LeadInterest,
        ListType::LeadSource,
        ListType::LeadSubSource,
        ListType::VehicleType,
        ListType::Model,
        ListType::ModelYear,
        ListType::PurchasePlan,
        ListType::PaymentMode,
        ListType::Currency,
        ListType::LeadPriority,
        ListType::YesOrNo,
    ];

    /// The `{TYPE}` path segment.
    pub const fn code(self) -> &'static str {
        match self {
            ListType::CustomerType => "CUSTOMER_TYPE",
            ListType::CustomerIndustryType => "CUSTOMER_INDUSTRY_TYPE",
            ListType::Title => "TITLE",
            ListType::Nationality => "NATIONALITY",
            ListType::Gender => "GENDER",
            ListType::Country => "COUNTRY",
            ListType::Region => "REGION",
            ListType::City => "CITY",
            ListType::PhoneCode => "PHONE_CODE",
            ListType::LeadMonthlyIncome => "LEAD_MONTHLY_INCOME",
            ListType::Language => "LANGUAGE",
            ListType::ContactType => "CONTACT_TYPE",
            ListType::OuType => "OU_TYPE",
            ListType::BusinessArea => "BUSINESS_AREA",
            ListType::BranchType => "BRANCH_TYPE",
            ListType::LeadInterest => "LEAD_INTEREST",
            ListType::LeadSource => "LEAD_SOURCE",
            ListType::LeadSubSource => "LEAD_SUB_SOURCE",
            ListType::VehicleType => "VEHICLE_TYPE",
            ListType::Model => "MODEL",
            ListType::ModelYear => "MODEL_YEAR",
            ListType::PurchasePlan => "PURCHASE_PLAN",
            ListType::PaymentMode => "PAYMENT_MODE",
            ListType::Currency => "CURRENCY",
            ListType::LeadPriority => "LEAD_PRIORITY",
            ListType::YesOrNo => "YES_OR_NO",
        }
    }

    /// Parses a `{TYPE}` path segment (exact, upper case).
    pub fn from_code(code: &str) -> Option<ListType> {
        ListType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The cascade graph. Branch hangs under the business area: the document names
    /// `branch_type.value` as its parent, which can only mean the business area chosen above it.
    pub const fn parent(self) -> Option<ListType> {
        match self {
            ListType::Region => Some(ListType::Country),
            ListType::City => Some(ListType::Region),
            ListType::BusinessArea => Some(ListType::OuType),
            ListType::BranchType => Some(ListType::BusinessArea),
            ListType::Model => Some(ListType::OuType),
            ListType::LeadSubSource => Some(ListType::LeadSource),
            _ => None,
        }
    }

    /// Lists whose parent is `self`: what must be cleared and reloaded when `self` changes.
    pub fn children(self) -> impl Iterator<Item = ListType> {
        ListType::ALL
            .into_iter()
            .filter(move |t| t.parent() == Some(self))
    }
}

/// Identifier of a list item (`value` in the list answer; `parentId` of child requests).
pub type ItemId = i64;

/// One choice of a list. The DMS list answer is assumed to be `[{"value": 1, "text": "…"}]`; the
/// spellings `id`, `name` and `label` are accepted too, and ids may come as numbers or numeric strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    #[serde(alias = "id", deserialize_with = "id_from_number_or_string")]
    pub value: ItemId,
    #[serde(alias = "name", alias = "label")]
    pub text: String,
}

impl ListItem {
    pub fn new(value: ItemId, text: impl Into<String>) -> Self {
        ListItem {
            value,
            text: text.into(),
        }
    }
}

/// The keys a list answer may give an item's id under, most likely first (see [`ListItem`]).
pub const ITEM_ID_KEYS: [&str; 2] = ["value", "id"];
/// The keys a list answer may give an item's text under, most likely first.
pub const ITEM_TEXT_KEYS: [&str; 3] = ["text", "name", "label"];

/// An item id written as a JSON number: whole numbers only (`7.0` is 7, `7.5` is no id).
pub fn item_id_from_number(value: f64) -> Option<ItemId> {
    (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(value as ItemId)
}

/// An item id written as a numeric string (`" 7 "` is 7).
pub fn item_id_from_text(value: &str) -> Option<ItemId> {
    value.trim().parse().ok()
}

/// Accepts an id written as a JSON number or as a numeric string, without buffering the value (an
/// untagged enum would pull serde's generic buffering into the browser bundle). The browser reads
/// list answers with its own JSON parser and the same two functions.
fn id_from_number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<ItemId, D::Error> {
    struct IdVisitor;
    impl serde::de::Visitor<'_> for IdVisitor {
        type Value = ItemId;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer id")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ItemId, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ItemId, E> {
            ItemId::try_from(v).map_err(E::custom)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ItemId, E> {
            item_id_from_text(v).ok_or_else(|| E::custom("an id must be a whole number"))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ItemId, E> {
            item_id_from_number(v).ok_or_else(|| E::custom("an id must be a whole number"))
        }
    }
    d.deserialize_any(IdVisitor)
}

/// The languages lists (and the UI) come in. Requests carry `lang=en` / `lang=ar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    En,
    Ar,
}

impl Lang {
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// Accepts `en`, `ar`, and region-tagged forms such as `ar-SA`; anything else is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }
}

/// Read access to loaded lists, used by validation for "is this one of the choices" and "does this
/// child belong to its parent". A list the catalogue does not hold (`None`) is not checked: the
/// browser only knows what it has loaded, the simulator knows everything.
pub trait Catalog {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]>;

    /// The item whose text is `text` (compared after normalisation, case-insensitively).
    fn find(&self, list: ListType, parent: Option<ItemId>, text: &str) -> Lookup<'_> {
        match self.items(list, parent) {
            None => Lookup::Unknown,
            Some(items) => items
                .iter()
                .find(|item| same_text(&item.text, text))
                .map_or(Lookup::Missing, Lookup::Found),
        }
    }
}

/// Result of [`Catalog::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    Found(&'a ListItem),
    Missing,
    Unknown,
}

/// Texts from lists and from people are compared this way everywhere: normalised, and ASCII letters
/// without regard to case (Arabic has no case; list texts are English or Arabic).
pub fn same_text(a: &str, b: &str) -> bool {
    let a = crate::normalize::normalized(a);
    let b = crate::normalize::normalized(b);
    a.eq_ignore_ascii_case(&b)
}

/// A catalogue that knows nothing: validation then checks presence and formats only.
pub struct NoCatalog;

impl Catalog for NoCatalog {
    fn items(&self, _: ListType, _: Option<ItemId>) -> Option<&[ListItem]> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `embed/embed.js` asks for the form's opening lists in one request: every list without a
    /// parent, named in its `ROOT_LISTS`.
    #[test]
    fn the_script_embed_asks_for_every_list_without_a_parent() {
        let embed = include_str!("../../../embed/embed.js");
        let start = embed
            .find("var ROOT_LISTS = ")
            .expect("ROOT_LISTS in embed.js");
        let end = start + embed[start..].find(';').unwrap();
        let named: String = embed[start..end].split('"').skip(1).step_by(2).collect();
        let roots: Vec<&str> = ListType::ALL
            .into_iter()
            .filter(|t| t.parent().is_none())
            .map(ListType::code)
            .collect();
        assert_eq!(named, roots.join(","));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        for t in ListType::ALL {
            assert_eq!(ListType::from_code(t.code()), Some(t));
        }
        assert_eq!(ListType::from_code("region"), None);
    }

    #[test]
    fn cascade_graph_matches_the_document() {
        assert_eq!(ListType::City.parent(), Some(ListType::Region));
        assert_eq!(ListType::Region.parent(), Some(ListType::Country));
        assert_eq!(ListType::BranchType.parent(), Some(ListType::BusinessArea));
        let mut of_brand: Vec<_> = ListType::OuType.children().collect();
        of_brand.sort();
        assert_eq!(of_brand, vec![ListType::BusinessArea, ListType::Model]);
        assert_eq!(
            ListType::LeadSource.children().collect::<Vec<_>>(),
            vec![ListType::LeadSubSource]
        );
    }

    #[test]
    fn list_items_decode_tolerantly() {
        let items: Vec<ListItem> = serde_json::from_str(
            r#"[{"value":1,"text":"Riyadh"},{"id":"2","name":"Makkah"},{"id":3,"label":"Qassim"}]"#,
        )
        .unwrap();
        assert_eq!(
            items,
            vec![
                ListItem::new(1, "Riyadh"),
                ListItem::new(2, "Makkah"),
                ListItem::new(3, "Qassim")
            ]
        );
        assert!(serde_json::from_str::<Vec<ListItem>>(r#"[{"value":"x","text":"a"}]"#).is_err());
    }

    #[test]
    fn lang_codes() {
        assert_eq!(Lang::from_code("ar-SA"), Some(Lang::Ar));
        assert_eq!(Lang::from_code(" EN "), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
