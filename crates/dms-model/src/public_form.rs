//! What the public form asks and what it fills in by itself: the field sets an embedding page
//! chooses from (`data-fields`), and the defaults for everything the DMS requires that a visitor
//! should not be asked. One place, so the browser, the docs and the tests agree
//! (docs/embedding.md, "Field sets"; docs/assumptions.md, "Public defaults").
//!
//! ```
//! use dms_model::public_form::{FieldSet, FULL_NAME};
//! use dms_model::field;
//! let set = FieldSet::parse("firstName, phoneNumber, customerCity").unwrap();
//! assert!(set.asks(field::PHONE_NUMBER) && !set.asks(field::EMAIL));
//! assert!(FieldSet::Short.asks(FULL_NAME) && !FieldSet::Short.asks(field::PRIORITY));
//! assert!(FieldSet::parse("priority").is_err());
//! ```

use crate::lists::Lang;
use crate::validate::field;
use crate::validate::tables::{ALWAYS_REQUIRED, LIST_FIELDS};

/// The short form's name control: one "Full name" box, split into the DMS's first and last name
/// by [`split_full_name`]. Its issues show at `firstName`, the control's name.
pub const FULL_NAME: &str = "fullName";

/// The short form's model control: the model of the first vehicle row.
pub const MODEL: &str = "vehicles.modelFamily";

/// The whole vehicle block (rows of model, year, quantity, preferences).
pub const VEHICLES: &str = "vehicles";

/// What `short` asks, in order: who, how to reach them, where they are (the city, its region
/// derived in the same control), the model when the brand is known, the brand and the showroom
/// when the page did not preset them, the consent. Presets are never asked.
pub const SHORT: &[&str] = &[
    FULL_NAME,
    field::PHONE_NUMBER,
    field::EMAIL,
    field::CUSTOMER_CITY,
    field::BRAND,
    MODEL,
    field::BRANCH,
    field::ACCEPT_PRIVATE_POLICY,
];

/// Preselected on every form (the dealer's too), and the value of the field when the public form
/// does not ask it. English DMS texts, as presets are.
pub const PRESELECTED: &[(&str, &str)] = &[
    (field::LEAD_TYPE, "Individual"),
    (field::CUSTOMER_COUNTRY, "Saudi Arabia"),
    (field::PHONE_CODE, "00966"),
    (field::CURRENCY, "SAR"),
];

/// Required by the DMS, filled from configuration and never asked of the public unless the field
/// set names it (the priority never). Not preselected for a dealer, who judges them.
pub const PUBLIC_DEFAULTS: &[(&str, &str)] = &[
    (field::BUSINESS_AREA, "Sales"),
    (field::INTEREST, "Vehicle Inquiry"),
    (field::SOURCE, "Website"),
    (field::SUB_SOURCE, "Lead Form"),
    (field::PRIORITY, "Warm"),
];

/// The `preferredLanguage` of a lead sent from a form shown in `lang`.
pub fn preferred_language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Ar => "Arabic",
    }
}

/// Every default of a form in `lang`: [`PRESELECTED`], the preferred language ([`preferred_language`])
/// and, on the public form, [`PUBLIC_DEFAULTS`].
pub fn defaults(lang: Lang, public: bool) -> Vec<(&'static str, &'static str)> {
    let mut out = PRESELECTED.to_vec();
    out.push((field::PREFERRED_LANGUAGE, preferred_language(lang)));
    if public {
        out.extend_from_slice(PUBLIC_DEFAULTS);
    }
    out
}

/// The public form's default of `key`, if it has one.
pub fn default_of(key: &str, lang: Lang) -> Option<&'static str> {
    defaults(lang, true)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// Fields the public is never asked, in any set: the priority is the dealer's judgement.
const NEVER_ASKED: &[&str] = &[field::PRIORITY];

/// The public form's free-text controls, by DMS key.
pub const TEXT_KEYS: &[&str] = &[
    field::FIRST_NAME,
    field::MIDDLE_NAME,
    field::LAST_NAME,
    field::DATE_OF_BIRTH,
    field::OCCUPATION,
    field::LEAD_NAME,
    field::CONTACT_NAME,
    field::PHONE_NUMBER,
    field::EMAIL,
    field::ADDRESS1,
    field::ADDRESS2,
    field::LEAD_NOTE,
];

/// Its tick boxes; sent as `true` / `false` (the YES_OR_NO list's meaning).
pub const CHECK_KEYS: &[&str] = &[
    field::TEST_DRIVE_REQUIRED,
    field::ACCEPT_PRIVATE_POLICY,
    field::ACCEPT_MARKETING,
    field::ACCEPT_NEWS_LETTER,
];

/// The controls a public form shows (`data-fields`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FieldSet {
    /// What a landing page asks ([`SHORT`]); the default.
    #[default]
    Short,
    /// Every field a member of the public can fill, in sections.
    Full,
    /// The embedder's own list of keys, in the order to show them.
    Keys(Vec<&'static str>),
}

impl FieldSet {
    /// `short`, `full`, or a comma-separated list of keys (DMS keys, [`FULL_NAME`], [`MODEL`],
    /// [`VEHICLES`]). An error names the first key that is not one of them.
    pub fn parse(value: &str) -> Result<FieldSet, String> {
        match value.trim() {
            "" | "short" => return Ok(FieldSet::Short),
            "full" => return Ok(FieldSet::Full),
            _ => {}
        }
        let mut keys = Vec::new();
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let key = listable(name).ok_or_else(|| {
                [
                    "data-fields: \"",
                    name,
                    "\" is not a field the public form can ask",
                ]
                .concat()
            })?;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        Ok(FieldSet::Keys(keys))
    }

    /// The keys shown in order; `None` for `full` (the form's sections).
    pub fn keys(&self) -> Option<&[&'static str]> {
        match self {
            FieldSet::Short => Some(SHORT),
            FieldSet::Full => None,
            FieldSet::Keys(keys) => Some(keys),
        }
    }

    /// Whether the set asks `key` (before presets, which are never asked). A vehicle key
    /// (`vehicles[0].modelFamily`, `modelFamily`) is asked when the vehicle block or the model is.
    pub fn asks(&self, key: &str) -> bool {
        if NEVER_ASKED.contains(&key) {
            return false;
        }
        let Some(keys) = self.keys() else {
            return true;
        };
        let is_model = key == field::MODEL_FAMILY || key == MODEL;
        keys.iter().any(|k| {
            *k == key
                || (*k == VEHICLES && is_vehicle_key(key))
                || (*k == MODEL && is_model)
                || (*k == FULL_NAME && key == field::FIRST_NAME)
        })
    }

    /// Whether the name is asked as one "Full name" box.
    pub fn full_name(&self) -> bool {
        self.keys().is_some_and(|keys| keys.contains(&FULL_NAME))
    }
}

fn is_vehicle_key(key: &str) -> bool {
    key == VEHICLES
        || [
            field::MODEL_FAMILY,
            field::MODEL_YEAR,
            field::TOTAL_QTY,
            field::MODEL_PREFERENCES,
        ]
        .contains(&key)
}

/// `name` as a key a field list may name, if it is one: a text, tick-box or list field, or one of
/// the form's own ([`FULL_NAME`], [`MODEL`], [`VEHICLES`]).
fn listable(name: &str) -> Option<&'static str> {
    let list_keys = LIST_FIELDS.iter().map(|(k, _, _)| *k);
    [FULL_NAME, MODEL, VEHICLES]
        .into_iter()
        .chain(TEXT_KEYS.iter().copied())
        .chain(CHECK_KEYS.iter().copied())
        .chain(list_keys)
        .filter(|k| !NEVER_ASKED.contains(k))
        .find(|k| *k == name)
}

/// Whether the DMS requires `key` of every lead.
pub fn always_required(key: &str) -> bool {
    ALWAYS_REQUIRED.contains(&key)
}

/// A full name as the DMS's first and last name: the first word is the first name, the rest (if
/// any) the last name. "Sara Al-Qahtani" → ("Sara", "Al-Qahtani"); "محمد عبدالله الحربي" →
/// ("محمد", "عبدالله الحربي"). The rules fold the spaces inside each part afterwards.
pub fn split_full_name(full: &str) -> (String, Option<String>) {
    let full = full.trim();
    match full.split_once(char::is_whitespace) {
        Some((first, rest)) => (first.to_owned(), Some(rest.trim().to_owned())),
        None => (full.to_owned(), None),
    }
}

/// A city's English DMS text and, when known, its Arabic one.
pub type CityNames = (String, Option<String>);

/// A region (its English DMS text) and its cities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCities {
    pub region: String,
    pub cities: Vec<CityNames>,
}

/// The city a lead is placed in when the city the visitor typed is not one of the DMS's (the
/// typed text is kept in `leadNote`); the first city listed when this one is not.
pub const FALLBACK_CITY: &str = "Riyadh";

/// What completes a lead taken while the lists could not be loaded: its place and branch as DMS
/// texts, and the note lines that say what the form chose rather than the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub region: String,
    pub city: String,
    pub branch: Option<String>,
    pub notes: Vec<String>,
}

/// Maps the city a visitor typed (in English or Arabic) to the DMS's region and city, and chooses
/// a branch when there is none: the one named after that city, else the first. A city that is not
/// one of the DMS's is placed in [`FALLBACK_CITY`] and kept as typed in a note, so the lead is
/// sent rather than dropped. `None` when there is no city at all to place it in.
///
/// ```
/// use dms_model::public_form::{complete_place, RegionCities};
/// let places = [RegionCities {
///     region: "Eastern Province".into(),
///     cities: vec![("Dammam".into(), Some("الدمام".into()))],
/// }];
/// let branches = ["KIA Riyadh Showroom".to_owned(), "KIA Dammam Showroom".to_owned()];
/// let done = complete_place(" الدمام ", &places, None, &branches).unwrap();
/// assert_eq!((done.region.as_str(), done.city.as_str()), ("Eastern Province", "Dammam"));
/// assert_eq!(done.branch.as_deref(), Some("KIA Dammam Showroom"));
/// ```
pub fn complete_place(
    typed_city: &str,
    places: &[RegionCities],
    branch: Option<&str>,
    branches: &[String],
) -> Option<Completion> {
    use crate::lists::same_text;
    let find = |wanted: &dyn Fn(&CityNames) -> bool| {
        places.iter().find_map(|place| {
            let city = place.cities.iter().find(|c| wanted(c))?;
            Some((place.region.clone(), city.0.clone()))
        })
    };
    let typed = typed_city.trim();
    let matched = find(&|(en, ar)| {
        same_text(en, typed) || ar.as_deref().is_some_and(|ar| same_text(ar, typed))
    });
    let mut notes = Vec::new();
    let (region, city) = match matched {
        Some(place) => place,
        None => {
            notes.push(["City as typed: ", typed, " (not one of the DMS's cities)"].concat());
            find(&|(en, _)| same_text(en, FALLBACK_CITY)).or_else(|| find(&|_| true))?
        }
    };
    let branch = match branch {
        Some(branch) => Some(branch.to_owned()),
        None => {
            // ASCII case only: the DMS's English texts, and no case tables in the browser.
            let lower = city.to_ascii_lowercase();
            let named = branches
                .iter()
                .find(|b| b.to_ascii_lowercase().contains(&lower))
                .or(branches.first())
                .cloned();
            if let Some(chosen) = &named {
                notes.push(
                    [
                        "Branch chosen by the form: ",
                        chosen,
                        " (the visitor could not choose one)",
                    ]
                    .concat(),
                );
            }
            named
        }
    };
    Some(Completion {
        region,
        city,
        branch,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_sets_parse() {
        assert_eq!(FieldSet::parse("short"), Ok(FieldSet::Short));
        assert_eq!(FieldSet::parse(" full "), Ok(FieldSet::Full));
        assert_eq!(
            FieldSet::parse("firstName,lastName, vehicles.modelFamily,interest,firstName"),
            Ok(FieldSet::Keys(vec![
                field::FIRST_NAME,
                field::LAST_NAME,
                MODEL,
                field::INTEREST
            ]))
        );
        let error = FieldSet::parse("firstName,fax").unwrap_err();
        assert!(error.contains("\"fax\""), "{error}");
        assert!(FieldSet::parse("priority").is_err());
        assert!(FieldSet::parse("leadDate").is_err());
    }

    #[test]
    fn what_each_set_asks() {
        assert!(!FieldSet::Full.asks(field::PRIORITY));
        assert!(FieldSet::Full.asks(field::MONTHLY_INCOME));
        let short = FieldSet::Short;
        for key in [
            field::FIRST_NAME,
            field::PHONE_NUMBER,
            field::EMAIL,
            field::CUSTOMER_CITY,
            field::MODEL_FAMILY,
            field::BRANCH,
            field::ACCEPT_PRIVATE_POLICY,
        ] {
            assert!(short.asks(key), "{key}");
        }
        for key in [
            field::LAST_NAME,
            field::CUSTOMER_REGION,
            field::PHONE_CODE,
            field::MODEL_YEAR,
            field::CURRENCY,
            field::INTEREST,
            field::SOURCE,
            field::MONTHLY_INCOME,
        ] {
            assert!(!short.asks(key), "{key}");
        }
        assert!(short.full_name() && !FieldSet::Full.full_name());
        let vehicles = FieldSet::parse("vehicles").unwrap();
        assert!(vehicles.asks(field::MODEL_YEAR) && vehicles.asks(field::TOTAL_QTY));
    }

    #[test]
    fn defaults_cover_what_the_public_is_not_asked() {
        // Every field the DMS requires is asked by `short`, derived, or has a default; the brand
        // and branch are asked unless preset, the region comes with the city.
        let derived = [field::LEAD_DATE, field::LEAD_NAME, field::CUSTOMER_REGION];
        for key in ALWAYS_REQUIRED {
            let covered = FieldSet::Short.asks(key)
                || derived.contains(key)
                || default_of(key, Lang::Ar).is_some();
            assert!(covered, "{key} is required but neither asked nor defaulted");
        }
        assert_eq!(default_of(field::PRIORITY, Lang::En), Some("Warm"));
        let dealer = defaults(Lang::En, false);
        assert!(!dealer
            .iter()
            .any(|(k, _)| *k == field::PRIORITY || *k == field::SOURCE));
        assert_eq!(
            default_of(field::PREFERRED_LANGUAGE, Lang::Ar),
            Some("Arabic")
        );
        assert_eq!(
            default_of(field::PREFERRED_LANGUAGE, Lang::En),
            Some("English")
        );
    }

    #[test]
    fn full_names_split_at_the_first_word() {
        assert_eq!(
            split_full_name("  Sara   Al-Qahtani "),
            ("Sara".to_owned(), Some("Al-Qahtani".to_owned()))
        );
        assert_eq!(
            split_full_name("محمد عبدالله الحربي"),
            ("محمد".to_owned(), Some("عبدالله الحربي".to_owned()))
        );
        assert_eq!(split_full_name("Sara"), ("Sara".to_owned(), None));
        assert_eq!(split_full_name("  "), (String::new(), None));
    }

    #[test]
    fn a_city_typed_during_an_outage_is_placed_or_kept_in_the_note() {
        let places = [
            RegionCities {
                region: "Riyadh".into(),
                cities: vec![("Riyadh".into(), Some("الرياض".into()))],
            },
            RegionCities {
                region: "Eastern Province".into(),
                cities: vec![
                    ("Dammam".into(), Some("الدمام".into())),
                    ("Khobar".into(), Some("الخبر".into())),
                ],
            },
        ];
        let branches = [
            "KIA Riyadh Showroom".to_owned(),
            "KIA Khobar Showroom".to_owned(),
        ];
        let khobar = complete_place("khobar", &places, None, &branches).unwrap();
        assert_eq!(
            (khobar.region.as_str(), khobar.city.as_str()),
            ("Eastern Province", "Khobar")
        );
        assert_eq!(khobar.branch.as_deref(), Some("KIA Khobar Showroom"));
        assert_eq!(khobar.notes.len(), 1, "the branch was the form's choice");

        // A branch the page preset stays; a city the DMS does not know is kept as typed.
        let unknown =
            complete_place("Atlantis", &places, Some("KIA Riyadh Showroom"), &[]).unwrap();
        assert_eq!(
            (unknown.region.as_str(), unknown.city.as_str()),
            ("Riyadh", FALLBACK_CITY)
        );
        assert_eq!(unknown.branch.as_deref(), Some("KIA Riyadh Showroom"));
        assert_eq!(
            unknown.notes,
            ["City as typed: Atlantis (not one of the DMS's cities)"]
        );

        // Dammam has no branch of its own: the first one.
        let dammam = complete_place("الدمام", &places, None, &branches).unwrap();
        assert_eq!(dammam.city, "Dammam");
        assert_eq!(dammam.branch.as_deref(), Some("KIA Riyadh Showroom"));
        assert_eq!(complete_place("Dammam", &[], None, &branches), None);
    }
}
