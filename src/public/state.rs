//! The form's state and how it becomes a DMS lead. Controls hold what the person typed or the list
//! id they chose; [`FormState::lead`] turns that into the English wire lead, and validation runs on
//! exactly that lead with `dms-model`, as the DMS will.

use dms_model::derive::derive_fields;
use dms_model::public_form::{split_full_name, FULL_NAME};
use dms_model::validate::{list_of, sort_in_form_order, LIST_FIELDS};
use dms_model::{
    field, iso_timestamp, prepare, public_form_issues, Date, Issue, IssueCode, ItemId, Lang, Lead,
    LeadKind, ListType, Vehicle,
};
use leptos::prelude::*;

use crate::lists::{cached, track_cache, CacheCatalog, ParentChoice};
use crate::public::config::WidgetConfig;

pub use dms_model::public_form::{CHECK_KEYS, TEXT_KEYS};

/// The city as the visitor typed it, when the city list could not be loaded (completed from the
/// lists before the lead is sent: [`crate::public::mapping`]).
pub const TYPED_CITY: &str = "customerCity.typed";

/// Fields that only an individual fills in, and only a company.
pub const INDIVIDUAL_KEYS: &[&str] = &[
    field::TITLE,
    field::FIRST_NAME,
    field::MIDDLE_NAME,
    field::LAST_NAME,
    field::GENDER,
    field::NATIONALITY,
    field::DATE_OF_BIRTH,
    field::OCCUPATION,
    field::MONTHLY_INCOME,
];
pub const COMPANY_KEYS: &[&str] = &[
    field::LEAD_NAME,
    field::COMPANY_INDUSTRY_TYPE,
    field::CONTACT_NAME,
];

/// One vehicle row of the form.
#[derive(Clone, Copy, Debug)]
pub struct VehicleRow {
    /// Stable identity for rendering; not the row's position.
    pub key: u32,
    pub model_family: RwSignal<String>,
    pub model_year: RwSignal<String>,
    pub total_qty: RwSignal<String>,
    pub model_preferences: RwSignal<String>,
}

impl VehicleRow {
    fn new(key: u32) -> VehicleRow {
        VehicleRow {
            key,
            model_family: RwSignal::new(String::new()),
            model_year: RwSignal::new(String::new()),
            total_qty: RwSignal::new("1".to_owned()),
            model_preferences: RwSignal::new(String::new()),
        }
    }

    /// Empties the row, as new.
    fn reset(&self) {
        self.model_family.set(String::new());
        self.model_year.set(String::new());
        self.total_qty.set("1".to_owned());
        self.model_preferences.set(String::new());
    }

    /// Untouched rows (no model, no year) are left out of the lead rather than reported.
    fn is_blank(&self) -> bool {
        self.model_family.with(String::is_empty) && self.model_year.with(String::is_empty)
    }
}

/// The controls' values by key. A list searched in order rather than a hash map: about fifty keys,
/// and std's hash maps (SipHash, random keys, table code per key type) cost the public form's wasm
/// several kilobytes.
type Values = Vec<(&'static str, RwSignal<String>)>;

/// Everything one mounted form knows. `Copy`: signals and stored values are handles.
#[derive(Clone, Copy)]
pub struct FormState {
    values: StoredValue<Values>,
    pub vehicles: RwSignal<Vec<VehicleRow>>,
    /// Rows taken out of the form, emptied, for the next row added: a row is built on screen once
    /// and its controls are kept, since controls that are dropped leave their effects subscribed
    /// (dead) to the form's long-lived signals, all day on a kiosk.
    spare_rows: StoredValue<Vec<VehicleRow>>,
    next_vehicle_key: StoredValue<u32>,
    /// Control paths whose issue shows before a submit: left after a change, and not valid since.
    pub touched: RwSignal<Vec<String>>,
    /// Control paths the person changed since the form was (re)started.
    edited: StoredValue<Vec<String>>,
    /// Set by the first submit: from then on every issue shows.
    pub submitted: RwSignal<bool>,
    /// Flipped when the presets and defaults are to be chosen again (a new person, a new preset, a
    /// retry after the lists could not be loaded). A `bool`, a value type the form's signals have
    /// already: each new one adds its own reactive code to the bundle.
    pub restarts: RwSignal<bool>,
    /// Preset or defaulted fields whose list could not be loaded (so they are not resolved to a
    /// list id): the city is typed while the country is one of them.
    pub unresolved: RwSignal<Vec<&'static str>>,
    /// Fields not shown (each once): presets on the public form, and what the field set does not
    /// ask. One whose preset or default is not among the choices is taken out, so it is asked.
    pub hidden: RwSignal<Vec<&'static str>>,
    pub config: StoredValue<WidgetConfig>,
    /// Prefix of element ids, unique per mounted form.
    pub id_prefix: StoredValue<String>,
    /// Issues of the lead as it stands, in form order.
    pub issues: Memo<Vec<Issue>>,
    /// The hidden field only bots fill.
    pub trap: RwSignal<String>,
    /// The form's reactive owner. Rows are added from click handlers, whose owner may be a part of
    /// the view that goes away (the "send another" button does): their signals must belong to the
    /// form itself.
    owner: StoredValue<Owner>,
    /// Values the embedding page set through the host API for fields that are not controls
    /// (`leadReference`): sent with the lead.
    pub extra: RwSignal<Vec<(&'static str, String)>>,
    /// The page's mount element (`None` for a form inside the dealer pages): events go to it, and
    /// controls are looked up in its shadow root when the form lives in one.
    host: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

/// Today in the person's time zone, for "not in the future".
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// Now as the `leadDate` spelling.
pub fn now_iso() -> String {
    iso_timestamp(js_sys::Date::now() as i64)
}

impl FormState {
    pub fn new(
        config: WidgetConfig,
        id_prefix: String,
        host: Option<web_sys::Element>,
    ) -> FormState {
        let keys = TEXT_KEYS
            .iter()
            .chain(CHECK_KEYS)
            .copied()
            .chain(LIST_FIELDS.iter().map(|(k, _, _)| *k))
            .chain([TYPED_CITY]);
        let values: Values = keys.map(|k| (k, RwSignal::new(String::new()))).collect();
        let hidden = config.not_asked();
        for (key, text) in &config.prefill {
            if let Some(value) = value_of(&values, key) {
                value.set(text.clone());
            }
        }
        let values = StoredValue::new(values);
        let vehicles = RwSignal::new(vec![VehicleRow::new(0)]);
        let config = StoredValue::new(config);
        let extra = RwSignal::new(Vec::new());
        let hidden = RwSignal::new(hidden);
        let inputs = Inputs {
            values,
            vehicles,
            config,
            extra,
            hidden,
        };
        let issues = Memo::new(move |_| {
            track_cache();
            check(inputs, &now_iso()).1
        });
        FormState {
            values,
            vehicles,
            spare_rows: StoredValue::new(Vec::new()),
            next_vehicle_key: StoredValue::new(1),
            touched: RwSignal::new(Vec::new()),
            edited: StoredValue::new(Vec::new()),
            submitted: RwSignal::new(false),
            restarts: RwSignal::new(false),
            unresolved: RwSignal::new(Vec::new()),
            hidden,
            config,
            id_prefix: StoredValue::new(id_prefix),
            issues,
            trap: RwSignal::new(String::new()),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            extra,
            host: StoredValue::new_local(host),
        }
    }

    /// A new, empty vehicle row owned by the form.
    fn new_row(&self) -> VehicleRow {
        let key = self.next_vehicle_key.get_value();
        self.next_vehicle_key.set_value(key + 1);
        self.in_form(|| VehicleRow::new(key))
    }

    /// Runs `make` under the form's own reactive owner: what it makes lives as long as the form,
    /// whatever part of the view (a click handler, a region rebuilt, a later task) runs it.
    pub fn in_form<T>(&self, make: impl FnOnce() -> T) -> T {
        self.owner.get_value().with(make)
    }

    /// The spam-check signals of this submission.
    pub fn human_signals(&self) -> crate::api::HumanSignals {
        crate::api::HumanSignals {
            // Filled in by the outbox, from the token fetched when the form was shown.
            form_token: None,
            trap_filled: self.trap.with_untracked(|t| !t.is_empty()),
            turnstile: self.turnstile_token(),
        }
    }

    /// The token of a Cloudflare Turnstile challenge the embedding page shows (its hidden
    /// `cf-turnstile-response` input): the one beside this form's mount element (in the same parent),
    /// else the page's first. (Inside the mount element it would be replaced by the form.)
    fn turnstile_token(&self) -> Option<String> {
        const TOKEN_INPUT: &str = "input[name=\"cf-turnstile-response\"]";
        let document = document();
        let mount = self
            .host()
            .or_else(|| {
                let own = self.find_element(&self.control_id("trap"))?;
                own.closest("[data-dms-lead-form]").ok().flatten()
            })
            .and_then(|mount| mount.parent_element());
        let input = mount
            .and_then(|m| m.query_selector(TOKEN_INPUT).ok().flatten())
            .or_else(|| document.query_selector(TOKEN_INPUT).ok().flatten())?;
        let token = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(input)
            .ok()?
            .value();
        // No spaces in a real token; anything else is not passed on (the outbox line is space-separated).
        (!token.is_empty() && !token.contains(char::is_whitespace)).then_some(token)
    }

    /// The page's mount element, if the form has one.
    pub fn host(&self) -> Option<web_sys::Element> {
        self.host.with_value(Clone::clone)
    }

    /// The element with `id` in this form: in the host's shadow root when the form lives in one
    /// (the document cannot see inside it), else in the document.
    pub fn find_element(&self, id: &str) -> Option<web_sys::Element> {
        match self.host().and_then(|h| h.shadow_root()) {
            Some(shadow) => shadow.get_element_by_id(id),
            None => document().get_element_by_id(id),
        }
    }

    pub fn lang(&self) -> Lang {
        self.config.with_value(|c| c.lang)
    }

    /// The signal behind a control.
    pub fn value(&self, key: &str) -> RwSignal<String> {
        self.values
            .with_value(|v| value_of(v, key))
            .unwrap_or_else(|| panic!("no control {key}"))
    }

    /// The list id chosen in a select (tracked).
    pub fn choice(&self, key: &str) -> Option<ItemId> {
        self.value(key).with(|v| v.parse().ok())
    }

    /// Resolves the presets and defaults again (see `lead_form::keep_initial_choices`).
    pub fn choose_initial_again(&self) {
        self.restarts.update(|flip| *flip = !*flip);
    }

    /// The list id chosen in a select, untracked.
    pub fn choice_untracked(&self, key: &str) -> Option<ItemId> {
        self.value(key).with_untracked(|v| v.parse().ok())
    }

    /// The chosen parent id of a cascading select.
    pub fn parent_choice(&self, key: &'static str) -> Option<ParentChoice> {
        let (_, parent_key) = list_of(key)?;
        let parent_key = parent_key?;
        let this = *self;
        Some(Callback::new(move |_| this.choice(parent_key)))
    }

    /// Chooses `value` for a select and clears every choice below it in the cascade (children,
    /// grandchildren, and the vehicles' models when the brand changes).
    pub fn choose(&self, key: &str, value: String) {
        let changed = self.value(key).with_untracked(|v| *v != value);
        self.value(key).set(value);
        if !changed {
            return;
        }
        for (child, _, parent) in LIST_FIELDS {
            if *parent == Some(key) {
                self.choose(child, String::new());
            }
        }
        if key == field::BRAND {
            self.vehicles
                .with_untracked(|rows| rows.iter().for_each(|r| r.model_family.set(String::new())));
        }
    }

    /// The kind of lead chosen (tracked).
    pub fn kind(&self) -> Option<LeadKind> {
        track_cache();
        let id = self.choice(field::LEAD_TYPE)?;
        english_text(ListType::CustomerType, None, id).and_then(|t| LeadKind::from_text(&t))
    }

    pub fn add_vehicle(&self) {
        let spare = self.spare_rows.try_update_value(Vec::pop).flatten();
        let row = spare.unwrap_or_else(|| self.new_row());
        self.vehicles.update(|rows| rows.push(row));
    }

    pub fn remove_vehicle(&self, key: u32) {
        let mut removed = Vec::new();
        self.vehicles.update(|rows| {
            rows.retain(|r| {
                let keep = r.key != key;
                if !keep {
                    removed.push(*r);
                }
                keep
            })
        });
        self.keep_spare(removed);
    }

    /// Empties `rows` (out of the form now) and keeps them for the next rows added.
    fn keep_spare(&self, rows: Vec<VehicleRow>) {
        for row in &rows {
            row.reset();
        }
        self.spare_rows.update_value(|spare| spare.extend(rows));
    }

    /// The lead as it would be sent now, stamped `captured_at`, and its issues (untracked).
    pub fn check(&self, captured_at: &str) -> (Lead, Vec<Issue>) {
        untrack(|| {
            let inputs = Inputs {
                values: self.values,
                vehicles: self.vehicles,
                config: self.config,
                extra: self.extra,
                hidden: self.hidden,
            };
            check(inputs, captured_at)
        })
    }

    /// The person changed the control at `path` (after its value was set). "Reward early, punish
    /// late": an issue already shown goes as soon as the value is valid, and a field that became
    /// valid says nothing new until it is left again.
    pub fn note_edit(&self, path: &str) {
        if !self.edited.with_value(|e| e.iter().any(|p| p == path)) {
            self.edited.update_value(|e| e.push(path.to_owned()));
        }
        let kind = untrack(|| self.kind());
        let valid = self.issues.with_untracked(|issues| {
            !issues
                .iter()
                .any(|i| self.control_of(&i.path, kind) == path)
        });
        if valid && self.touched.with_untracked(|t| t.iter().any(|p| p == path)) {
            self.touched.update(|t| t.retain(|p| p != path));
        }
    }

    /// The person left the control at `path`: its issue shows if they changed it. Tabbing past a
    /// field without changing it says nothing.
    pub fn leave(&self, path: &str) {
        if self.edited.with_value(|e| e.iter().any(|p| p == path)) {
            self.touch(path);
        }
    }

    /// Marks a control as visited, so its issue shows.
    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.iter().any(|p| p == path)) {
            self.touched.update(|t| t.push(path.to_owned()));
        }
    }

    /// The issue to show at a control now, if any (tracked).
    pub fn visible_issue(&self, path: &str) -> Option<IssueCode> {
        if !self.submitted.get() && !self.touched.with(|t| t.iter().any(|p| p == path)) {
            return None;
        }
        let kind = self.kind();
        self.issues.with(|issues| {
            issues
                .iter()
                .find(|issue| self.control_of(&issue.path, kind) == path)
                .map(|issue| issue.code)
        })
    }

    /// The control that shows an issue at `path` on this form: as [`control_for`], and where the
    /// field set asks two fields in one control, that control (the region with the city, the last
    /// name with the full name).
    pub fn control_of<'a>(&self, path: &'a str, kind: Option<LeadKind>) -> &'a str {
        let control = control_for(path, kind);
        self.config.with_value(|c| match control {
            field::CUSTOMER_REGION if !c.asks(field::CUSTOMER_REGION) => field::CUSTOMER_CITY,
            field::LAST_NAME if c.fields.full_name() && !c.asks(field::LAST_NAME) => {
                field::FIRST_NAME
            }
            other => other,
        })
    }

    /// The label of a control by its path's last key (the summary's links name controls by it).
    pub fn label_key<'a>(&self, control: &'a str) -> &'a str {
        let key = control.rsplit('.').next().unwrap_or(control);
        match key {
            field::FIRST_NAME if self.config.with_value(|c| c.fields.full_name()) => FULL_NAME,
            other => other,
        }
    }

    /// The element id of a control path (`vehicles[1].modelYear` → `dlf1-vehicles-1--modelYear`).
    pub fn control_id(&self, path: &str) -> String {
        let safe: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        self.id_prefix.with_value(|p| format!("{p}-{safe}"))
    }

    /// Empties the form for the next person, keeping presets; initial choices are set again by the
    /// caller.
    pub fn clear(&self) {
        self.values.with_value(|values| {
            for (_, signal) in values {
                signal.set(String::new());
            }
        });
        // The first row stays (emptied); extra rows are kept for the next person who adds one.
        let rows = self.vehicles.get_untracked();
        match rows.split_first() {
            Some((first, extra)) => {
                first.reset();
                if !extra.is_empty() {
                    self.vehicles.set(vec![*first]);
                    self.keep_spare(extra.to_vec());
                }
            }
            None => self.vehicles.set(vec![self.new_row()]),
        }
        self.touched.set(Vec::new());
        self.edited.set_value(Vec::new());
        self.submitted.set(false);
        self.trap.set(String::new());
    }
}

/// The control that shows an issue: derived fields report at the control they come from.
pub fn control_for(path: &str, kind: Option<LeadKind>) -> &str {
    match path {
        field::LEAD_NAME if kind != Some(LeadKind::Company) => field::FIRST_NAME,
        field::LEAD_TYPE_NAME | field::LEAD_DATE => field::LEAD_TYPE,
        other => other,
    }
}

/// The lead normalised as it will be sent, and all its issues for the public form: the DMS rules
/// against the loaded English lists, then the public form's own (privacy consent).
pub fn checked_lead(lead: &Lead, public: bool) -> (Lead, Vec<Issue>) {
    let (lead, mut issues) = prepare(lead, &CacheCatalog::snapshot(Lang::En), today());
    if public {
        issues.extend(public_form_issues(&lead));
    }
    sort_in_form_order(&mut issues);
    (lead, issues)
}

/// Builds and checks the lead; vehicle issue paths are mapped back to the rows on screen (blank
/// rows are not part of the lead, so lead row 0 may be screen row 1).
/// What a lead is built from: the form's values, rows, configuration, the host's extra values and
/// the fields not shown.
#[derive(Clone, Copy)]
struct Inputs {
    values: StoredValue<Values>,
    vehicles: RwSignal<Vec<VehicleRow>>,
    config: StoredValue<WidgetConfig>,
    extra: RwSignal<Vec<(&'static str, String)>>,
    hidden: RwSignal<Vec<&'static str>>,
}

fn check(inputs: Inputs, captured_at: &str) -> (Lead, Vec<Issue>) {
    let Inputs { config, extra, .. } = inputs;
    let (mut lead, rows_on_screen) = build_lead(inputs, captured_at);
    extra.with(|extra| {
        for (key, value) in extra {
            if let Some(slot) = lead.text_mut(key) {
                *slot = Some(value.clone());
            }
        }
    });
    config.with_value(|c| {
        if let Some(campaign) = &c.campaign {
            campaign.apply(&mut lead);
        }
        if let (Some(url), Some(true)) = (&c.privacy_url, lead.accept_private_policy) {
            dms_model::campaign::append_note(&mut lead, &dms_model::campaign::consent_line(url));
        }
    });
    let public = config.with_value(|c| !c.dealer_assisted);
    let (lead, mut issues) = checked_lead(&lead, public);
    if needs_mapping(&lead) {
        // Typed while the lists could not be loaded: the outbox completes the place (and a branch
        // the person could not choose) from the lists before sending.
        let branch_list = inputs
            .values
            .with_value(|v| value_of(v, field::BUSINESS_AREA))
            .and_then(|area| area.with(|a| a.parse::<ItemId>().ok()))
            .and_then(|area| cached(ListType::BranchType, Some(area), Lang::En));
        issues.retain(|issue| match issue.path.as_str() {
            field::CUSTOMER_REGION | field::CUSTOMER_CITY => false,
            field::BRANCH => branch_list.is_some(),
            _ => true,
        });
    }
    for issue in &mut issues {
        if let Some((index, rest)) = issue
            .path
            .strip_prefix("vehicles[")
            .and_then(|p| p.split_once("]."))
        {
            if let Some(screen) = index
                .parse::<usize>()
                .ok()
                .and_then(|i| rows_on_screen.get(i))
            {
                issue.path = field::vehicle(*screen, rest);
            }
        }
    }
    (lead, issues)
}

fn english_text(list: ListType, parent: Option<ItemId>, id: ItemId) -> Option<String> {
    cached(list, parent, Lang::En)?
        .iter()
        .find(|item| item.value == id)
        .map(|item| item.text.clone())
}

fn build_lead(inputs: Inputs, captured_at: &str) -> (Lead, Vec<usize>) {
    let Inputs {
        values,
        vehicles,
        config,
        hidden,
        ..
    } = inputs;
    let get = |key: &str| {
        values
            .with_value(|v| value_of(v, key))
            .map(|s| s.get())
            .unwrap_or_default()
    };
    let id_of = |key: &str| get(key).parse::<ItemId>().ok();
    let mut lead = Lead::default();
    // Choices as English texts, each from its list under its chosen parent.
    let mut choices: Vec<(&str, String)> = Vec::new();
    for (key, list, parent_key) in LIST_FIELDS {
        let parent = parent_key.and_then(id_of);
        if parent_key.is_some() && parent.is_none() {
            continue;
        }
        if let Some(text) = id_of(key).and_then(|id| english_text(*list, parent, id)) {
            choices.push((key, text));
        }
    }
    // A field not shown whose preset or default is not resolved to a list id (its list is still
    // on its way, or cannot be loaded now): the lead carries the text itself, which is what the
    // id would stand for. Nothing else needs the lists to send it.
    hidden.with(|hidden| {
        for key in hidden {
            if !choices.iter().any(|(k, _)| k == key) {
                if let Some(text) = config.with_value(|c| c.initial_choice(key)) {
                    choices.push((key, text));
                }
            }
        }
    });
    let kind = choices
        .iter()
        .find(|(key, _)| *key == field::LEAD_TYPE)
        .and_then(|(_, text)| LeadKind::from_text(text));
    let excluded: &[&str] = match kind {
        Some(LeadKind::Company) => INDIVIDUAL_KEYS,
        _ => COMPANY_KEYS,
    };
    let sends = |key: &str| config.with_value(|c| c.sends(key));
    lead.for_each_text_mut(|key, slot| {
        if excluded.contains(&key) || !sends(key) {
            return;
        }
        let chosen = choices.iter().position(|(k, _)| *k == key);
        *slot = match chosen {
            Some(at) => Some(choices.swap_remove(at).1),
            None if TEXT_KEYS.contains(&key) => Some(get(key)).filter(|v| !v.trim().is_empty()),
            None => None,
        };
    });
    if config.with_value(|c| c.fields.full_name()) && kind != Some(LeadKind::Company) {
        // One "Full name" box: its first word is the DMS's first name, the rest the last name.
        if let Some(full) = lead.first_name.take() {
            let (first, last) = split_full_name(&full);
            lead.first_name = Some(first);
            lead.last_name = lead.last_name.take().or(last);
        }
    }
    if lead.customer_city.is_none() {
        lead.customer_city = Some(get(TYPED_CITY)).filter(|v| !v.trim().is_empty());
    }
    lead.company = Some(config.with_value(|c| c.company.clone()));
    let check = |key: &str| sends(key).then(|| get(key) == "true");
    lead.test_drive_required = check(field::TEST_DRIVE_REQUIRED);
    lead.accept_private_policy = check(field::ACCEPT_PRIVATE_POLICY);
    lead.accept_marketing = check(field::ACCEPT_MARKETING);
    lead.accept_news_letter = check(field::ACCEPT_NEWS_LETTER);

    let brand = id_of(field::BRAND);
    let mut rows_on_screen = Vec::new();
    lead.vehicles = vehicles.with(|rows| {
        rows.iter()
            .enumerate()
            .filter(|(_, row)| !row.is_blank())
            .map(|(screen, row)| {
                rows_on_screen.push(screen);
                let family = row.model_family.get().parse::<ItemId>().ok();
                let year = row.model_year.get().parse::<ItemId>().ok();
                Vehicle {
                    model_family: family
                        .zip(brand)
                        .and_then(|(id, brand)| english_text(ListType::Model, Some(brand), id)),
                    model_year: year
                        .and_then(|id| english_text(ListType::ModelYear, None, id))
                        .and_then(|t| t.trim().parse().ok()),
                    total_qty: dms_model::normalize::normalize_text(&row.total_qty.get())
                        .parse()
                        .ok(),
                    model_preferences: Some(row.model_preferences.get())
                        .filter(|v| !v.trim().is_empty()),
                    ..Vehicle::default()
                }
            })
            .collect()
    });
    derive_fields(&mut lead, captured_at);
    (lead, rows_on_screen)
}

/// Whether `lead` was taken with a typed city (the city list could not be loaded): it has a city
/// but no region, which no choice in a select can make.
pub fn needs_mapping(lead: &Lead) -> bool {
    lead.customer_region.is_none() && lead.customer_city.is_some()
}

/// The signal of control `key`.
fn value_of(values: &Values, key: &str) -> Option<RwSignal<String>> {
    values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}
