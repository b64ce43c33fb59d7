//! Configuration of one mounted form, read from its element's `data-*` attributes.
//!
//! Endpoints come only from the embedding page's markup, never from the page URL: a link cannot send
//! a customer's details anywhere else.

use dms_model::{field, Lang};
use web_sys::Element;

/// Fields an embedding page may preset (English DMS texts); a preset field is not shown.
pub const PRESETTABLE: &[(&str, &str)] = &[
    ("data-brand", field::BRAND),
    ("data-business-area", field::BUSINESS_AREA),
    ("data-branch", field::BRANCH),
    ("data-source", field::SOURCE),
    ("data-sub-source", field::SUB_SOURCE),
    ("data-priority", field::PRIORITY),
    ("data-interest", field::INTEREST),
];

/// Choices preselected (but shown) when the page does not preset them, as English DMS texts.
/// `preferredLanguage` follows the form's language instead (see [`WidgetConfig::defaults`]).
pub const DEFAULT_CHOICES: &[(&str, &str)] = &[
    (field::LEAD_TYPE, "Individual"),
    (field::CUSTOMER_COUNTRY, "Saudi Arabia"),
    (field::PHONE_CODE, "00966"),
    (field::CURRENCY, "SAR"),
];

/// The `company` of every lead unless `data-company` says otherwise (the API example's value).
pub const DEFAULT_COMPANY: &str = "JTC";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Base of the dms-api routes through the proxy (`…/api`): lists and the bulk POST.
    pub api_base: String,
    /// Base of the dms-gs routes through the proxy (`…/gs`): bulk status and customer lookup.
    pub gs_base: String,
    /// Where leads are posted: `data-bulk-base`, or `api_base` when absent. The dealer-assisted
    /// form posts through the proxy's dealer route, while its lists come from `api_base`.
    pub bulk_base: String,
    /// The dealer-assisted form (dealer pages): preset fields stay visible and editable, and the
    /// public form's consent rule does not apply (the dealer records a lead on the customer's
    /// behalf). Never set from an attribute: only the dealer entry builds such a configuration.
    pub dealer_assisted: bool,
    /// Starting values of text fields (a customer's names, phone, email…), dealer pages only.
    pub prefill: Vec<(&'static str, String)>,
    pub lang: Lang,
    pub company: String,
    /// `(field, English text)` chosen by the embedding page.
    pub presets: Vec<(&'static str, String)>,
    /// Set by `data-mode="kiosk"`: an unattended device shared by strangers.
    pub kiosk: Option<Kiosk>,
}

/// Kiosk behaviour: the form starts over by itself, so the next person never sees the last one's
/// details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kiosk {
    /// After a confirmation (or a safely queued lead), start over after this many seconds
    /// (`data-kiosk-reset-seconds`, default 10).
    pub reset_after_s: u32,
    /// Wipe what was typed after this many seconds without input (`data-kiosk-idle-seconds`,
    /// default 120).
    pub idle_after_s: u32,
}

impl WidgetConfig {
    /// Reads the element's attributes; an error names the attribute that is missing or unusable.
    pub fn from_element(el: &Element) -> Result<WidgetConfig, String> {
        let attr = |name: &str| {
            el.get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let base = |name: &str| -> Result<String, String> {
            let value = attr(name).ok_or_else(|| format!("{name} is missing"))?;
            if !(value.starts_with("https://")
                || value.starts_with("http://")
                || value.starts_with('/'))
            {
                return Err(format!("{name} must be an http(s) URL or an absolute path"));
            }
            Ok(value.trim_end_matches('/').to_owned())
        };
        let api_base = base("data-api-base")?;
        let bulk_base = match attr("data-bulk-base") {
            Some(_) => base("data-bulk-base")?,
            None => api_base.clone(),
        };
        Ok(WidgetConfig {
            api_base,
            bulk_base,
            dealer_assisted: false,
            prefill: Vec::new(),
            gs_base: base("data-gs-base")?,
            lang: attr("data-lang")
                .and_then(|l| Lang::from_code(&l))
                .unwrap_or_default(),
            company: attr("data-company").unwrap_or_else(|| DEFAULT_COMPANY.to_owned()),
            presets: PRESETTABLE
                .iter()
                .filter_map(|(attribute, key)| attr(attribute).map(|v| (*key, v)))
                .collect(),
            kiosk: (attr("data-mode").as_deref() == Some("kiosk")).then(|| {
                let seconds = |name: &str, default: u32| {
                    attr(name)
                        .and_then(|v| v.parse().ok())
                        .filter(|s| *s > 0)
                        .unwrap_or(default)
                };
                Kiosk {
                    reset_after_s: seconds("data-kiosk-reset-seconds", 10),
                    idle_after_s: seconds("data-kiosk-idle-seconds", 120),
                }
            }),
        })
    }

    pub fn preset(&self, key: &str) -> Option<&str> {
        self.presets
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every initial choice: presets first, then defaults for fields the page did not preset.
    pub fn initial_choices(&self) -> Vec<(&'static str, String)> {
        let mut out = self.presets.clone();
        for (key, text) in self.defaults() {
            if self.preset(key).is_none() {
                out.push((key, text));
            }
        }
        out
    }

    fn defaults(&self) -> Vec<(&'static str, String)> {
        let language = match self.lang {
            Lang::En => "English",
            Lang::Ar => "Arabic",
        };
        DEFAULT_CHOICES
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .chain([(field::PREFERRED_LANGUAGE, language.to_owned())])
            .collect()
    }
}
