//! Configuration of one mounted form, read from its element's `data-*` attributes.
//!
//! Endpoints come only from the embedding page's markup, never from the page URL: a link cannot send
//! a customer's details anywhere else. The page URL is read for campaign tracking only, and in the
//! hosted iframe page for presets restricted to the values its markup allows.

use dms_model::campaign::Campaign;
use dms_model::public_form::{self, FieldSet};
use dms_model::{field, Lang};
use wasm_bindgen::JsCast;
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
    /// Where the visitor came from (the page's tracking parameters and referrer), written into the
    /// lead; `None` with `data-track="off"`.
    pub campaign: Option<Campaign>,
    /// `data-datalayer`: the form's events are pushed to `window.dataLayer` too.
    pub data_layer: bool,
    /// `data-theme-preset`: a brand's colours (one of [`THEME_PRESETS`]).
    pub theme_preset: Option<&'static str>,
    /// `data-color-scheme`: `light` (the default), `dark`, or `auto` (the visitor's preference).
    pub color_scheme: Option<&'static str>,
    /// `data-privacy-url`: the privacy policy the consent box links to; required for the public
    /// form (a person must be able to read what they accept), recorded with the lead.
    pub privacy_url: Option<String>,
    /// `data-fields`: which controls the public form shows (`short`, the default; `full`; or a
    /// list of keys). The dealer-assisted form shows every field.
    pub fields: FieldSet,
}

/// An endpoint attribute's value (`name` for the message), without a trailing `/`: an http(s) URL
/// or an absolute path, nothing else (no `javascript:`, no relative path that a page URL could
/// bend).
pub fn endpoint(name: &str, value: &str) -> Result<String, String> {
    if value.starts_with("https://") || value.starts_with("http://") || value.starts_with('/') {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(format!("{name} must be an http(s) URL or an absolute path"))
    }
}

/// Brand themes in `widget.css`.
pub const THEME_PRESETS: &[&str] = &["kia", "jmc", "changan"];

/// The allowed value equal to `value`, ignoring case.
fn one_of(allowed: &[&'static str], value: Option<String>) -> Option<&'static str> {
    let value = value?;
    allowed
        .iter()
        .copied()
        .find(|a| a.eq_ignore_ascii_case(&value))
}

/// The page's query. Read for campaign tracking and, in the iframe page, for presets restricted to
/// configured values: never for endpoints.
fn page_query() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// Allowed values per attribute name, in the page's order.
type AllowedValues = Vec<(String, Vec<String>)>;

/// `{"name": ["value", …], …}` read with the browser's JSON parser (serde for this one map would
/// add kilobytes to the bundle).
fn allowed_values(json: &str) -> Option<AllowedValues> {
    let parsed = js_sys::JSON::parse(json).ok()?;
    let object = parsed.dyn_ref::<js_sys::Object>()?;
    js_sys::Object::entries(object)
        .iter()
        .map(|entry| {
            let entry = js_sys::Array::from(&entry);
            let values = entry.get(1).dyn_into::<js_sys::Array>().ok()?;
            let values = values
                .iter()
                .map(|v| v.as_string())
                .collect::<Option<Vec<_>>>()?;
            Some((entry.get(0).as_string()?, values))
        })
        .collect()
}

/// In the hosted iframe page (`data-frame-presets`, a JSON object of allowed values per attribute
/// name without `data-`: `{"lang": ["en", "ar"], "brand": ["KIA", "JMC"]}`), a preset from the
/// query string, when it is one of the allowed values.
fn frame_preset(
    allowed: &AllowedValues,
    query: Option<&web_sys::UrlSearchParams>,
    name: &str,
) -> Option<String> {
    let short = name.trim_start_matches("data-");
    let value = query?.get(short)?;
    allowed
        .iter()
        .find(|(name, _)| name == short)?
        .1
        .iter()
        .find(|v| v.eq_ignore_ascii_case(value.trim()))
        .cloned()
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
        let own = |name: &str| {
            el.get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let query = page_query();
        let frame =
            match own("data-frame-presets") {
                None => None,
                Some(json) => Some(allowed_values(&json).ok_or_else(|| {
                    "data-frame-presets must be a JSON object of lists".to_owned()
                })?),
            };
        let attr = |name: &str| {
            frame
                .as_ref()
                .filter(|_| !name.ends_with("-base"))
                .and_then(|allowed| frame_preset(allowed, query.as_ref(), name))
                .or_else(|| own(name))
        };
        let base = |name: &str| {
            endpoint(
                name,
                &attr(name).ok_or_else(|| format!("{name} is missing"))?,
            )
        };
        let api_base = base("data-api-base")?;
        let bulk_base = match attr("data-bulk-base") {
            Some(_) => base("data-bulk-base")?,
            None => api_base.clone(),
        };
        let campaign = (attr("data-track").as_deref() != Some("off")).then(|| {
            let window = web_sys::window();
            let from_query = |key: &str| {
                frame.as_ref()?;
                query.as_ref()?.get(key)
            };
            let document_referrer = || {
                window
                    .as_ref()
                    .and_then(|w| w.document())
                    .map(|d| d.referrer())
            };
            let (page, referrer) = match frame {
                // In the iframe, the host helper passes the host page's address and referrer (the
                // frame's own referrer is the host page).
                Some(_) => (
                    from_query("dlf_page").or_else(document_referrer),
                    from_query("dlf_referrer"),
                ),
                None => (
                    window.as_ref().and_then(|w| w.location().href().ok()),
                    document_referrer(),
                ),
            };
            let (page, referrer) = (page.unwrap_or_default(), referrer.unwrap_or_default());
            let tracked: Vec<(&str, String)> = dms_model::campaign::PARAMETERS
                .iter()
                .filter_map(|name| Some((*name, query.as_ref()?.get(name)?)))
                .collect();
            Campaign::from_parts(
                tracked.iter().map(|(k, v)| (*k, v.as_str())),
                &page,
                &referrer,
            )
        });
        let mut presets: Vec<(&'static str, String)> = PRESETTABLE
            .iter()
            .filter_map(|(attribute, key)| attr(attribute).map(|v| (*key, v)))
            .collect();
        // A paid click tells where the lead came from, unless the page says so itself. The hosted
        // iframe page's own markup is not the host page: its source is a default, and a paid
        // click through the iframe counts as it does through the script embed; a source the
        // host page chose (the frame's allowed query presets) still wins.
        let page_chose_source = match &frame {
            None => own("data-source").is_some(),
            Some(allowed) => frame_preset(allowed, query.as_ref(), "data-source").is_some(),
        };
        if let Some((source, sub_source)) = campaign.as_ref().and_then(Campaign::source) {
            if !page_chose_source {
                presets.retain(|(k, _)| *k != field::SOURCE);
                presets.retain(|(k, _)| *k != field::SUB_SOURCE);
                presets.push((field::SOURCE, source.to_owned()));
                presets.push((field::SUB_SOURCE, sub_source.to_owned()));
            }
        }
        let privacy_url = attr("data-privacy-url")
            .ok_or_else(|| {
                "data-privacy-url is missing: the consent box must link to the privacy policy"
                    .to_owned()
            })
            .and_then(
                |url| match url.starts_with("https://") || url.starts_with("http://") {
                    true => Ok(url),
                    false => Err("data-privacy-url must be an http(s) URL".to_owned()),
                },
            )?;
        let fields = match attr("data-fields") {
            Some(value) => FieldSet::parse(&value)?,
            None => FieldSet::default(),
        };
        Ok(WidgetConfig {
            fields,
            privacy_url: Some(privacy_url),
            campaign,
            data_layer: el.has_attribute("data-datalayer"),
            theme_preset: one_of(THEME_PRESETS, attr("data-theme-preset")),
            color_scheme: one_of(&["light", "dark", "auto"], attr("data-color-scheme")),
            api_base,
            bulk_base,
            dealer_assisted: false,
            prefill: Vec::new(),
            gs_base: base("data-gs-base")?,
            lang: attr("data-lang")
                .and_then(|l| Lang::from_code(&l))
                .unwrap_or_default(),
            company: attr("data-company").unwrap_or_else(|| DEFAULT_COMPANY.to_owned()),
            presets,
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

    /// Whether the form shows a control for `key` (presets aside): every field on the dealer-assisted
    /// form, else what the field set asks.
    pub fn asks(&self, key: &str) -> bool {
        self.dealer_assisted || self.fields.asks(key)
    }

    /// Whether `key` goes into the lead: what the form asks, what the page preset, and what the DMS
    /// requires (from its default when not asked). A field the set leaves out is not sent.
    pub fn sends(&self, key: &str) -> bool {
        self.asks(key) || self.preset(key).is_some() || public_form::always_required(key)
    }

    /// Every initial choice: presets first, then the defaults of fields the page did not preset
    /// and the lead carries ([`dms_model::public_form::defaults`]; a dealer judges the priority,
    /// source and the like, and gets only the preselected choices).
    pub fn initial_choices(&self) -> Vec<(&'static str, String)> {
        let mut out = self.presets.clone();
        for (key, text) in public_form::defaults(self.lang, !self.dealer_assisted) {
            if self.preset(key).is_none() && self.sends(key) {
                out.push((key, text.to_owned()));
            }
        }
        out
    }

    /// The preset or default text of `key`, when the lead takes one (as [`Self::initial_choices`]
    /// has it, without building the whole list: the lead is built at every keystroke).
    pub fn initial_choice(&self, key: &str) -> Option<String> {
        if let Some(preset) = self.preset(key) {
            return Some(preset.to_owned());
        }
        let (_, text) = public_form::defaults(self.lang, !self.dealer_assisted)
            .into_iter()
            .find(|(k, _)| *k == key)?;
        self.sends(key).then(|| text.to_owned())
    }

    /// Fields whose value comes from the page or a default, not from a control: presets (on the
    /// public form) and the fields the set does not ask.
    pub fn not_asked(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        let keys = self.initial_choices().into_iter().map(|(key, _)| key);
        for key in keys {
            let preset = self.preset(key).is_some() && !self.dealer_assisted;
            if (preset || !self.asks(key)) && !out.contains(&key) {
                out.push(key);
            }
        }
        out
    }
}
