//! The form's controls. Each has a visible `<label>`, is named by its DMS JSON key, shows its issue
//! below it and, when invalid, carries `aria-invalid="true"` and `aria-describedby` pointing at the
//! message. Built with [`crate::public::dom`].

use dms_model::{field, IssueCode, Lang, ListType};
use leptos::prelude::*;

use crate::contract;
use crate::i18n::{choose_shown_first, label, tr, ui};
use crate::lists::{use_list, ListLoad, UseList};
use crate::public::dom::{el, one, target_checked, target_value, El};
use crate::public::state::FormState;

/// A `<label for=…>` (or `<legend>`, when `tag` says so) with the field's text and, when the field
/// is required, a marker: a star for the eye, "(required)" for screen readers.
fn label_el(tag: &str, lang: Lang, key: &str, required: bool) -> El {
    let label = el(tag).text(tr(lang, label(key)));
    if !required {
        return label;
    }
    label
        .child(
            el("span")
                .class("dlf-req")
                .attr("aria-hidden", "true")
                .text(" *"),
        )
        .child(
            el("span")
                .class("dlf-sr")
                .text(&format!(" ({})", tr(lang, ui::REQUIRED_MARK))),
        )
}

/// Wiring shared by every control: its name and id, its issue, and the attribute values that
/// expose the issue to assistive technology. The path is a signal: a vehicle row's path changes
/// when a row above it is removed.
#[derive(Clone, Copy)]
pub(crate) struct ControlWiring {
    form: FormState,
    path: Signal<String>,
    id: Signal<String>,
}

impl ControlWiring {
    pub(crate) fn new(form: FormState, path: Signal<String>) -> ControlWiring {
        ControlWiring {
            form,
            path,
            id: Signal::derive(move || form.control_id(&path.get())),
        }
    }

    fn issue_id(self) -> String {
        contract::issue_id(&self.id.get())
    }

    /// The issue shown at the control now (tracked).
    fn issue(self) -> Option<IssueCode> {
        self.form.visible_issue(&self.path.get())
    }

    /// The control's id, name, required and issue attributes, and its check when changed and
    /// left. Called after the control's own handlers are attached, so they have set the value.
    pub(crate) fn wire(self, control: El, required: bool) -> El {
        let form = self.form;
        control
            .bind_attr("id", move || Some(self.id.get()))
            .bind_attr("name", move || Some(self.path.get()))
            .attr_some("aria-required", required.then_some("true"))
            .bind_attr("aria-invalid", move || {
                self.issue().map(|_| "true".to_owned())
            })
            .bind_attr("aria-describedby", move || {
                self.issue().map(|_| self.issue_id())
            })
            .on("input", move |_| form.note_edit(&self.path.get_untracked()))
            .on("change", move |_| {
                form.note_edit(&self.path.get_untracked())
            })
            .on("blur", move |_| form.leave(&self.path.get_untracked()))
    }

    /// The control's box: `class`, marked invalid while it shows an issue.
    pub(crate) fn field(self, class: &str) -> El {
        el("div")
            .class(class)
            .bind_class(contract::INVALID_CLASS, move || self.issue().is_some())
    }

    /// `<label for=…>`.
    pub(crate) fn label(self, lang: Lang, key: &str, required: bool) -> El {
        label_el("label", lang, key, required).bind_attr("for", move || Some(self.id.get()))
    }

    /// The issue message under the control; empty when there is none.
    pub(crate) fn issue_text(self, lang: Lang) -> El {
        el("p")
            .class(contract::ISSUE_CLASS)
            .bind_attr("id", move || Some(self.issue_id()))
            .bind_text(move || contract::issue_text(lang, self.issue()).to_owned())
    }
}

/// What kind of text a [`text_field`] takes.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum TextKind {
    #[default]
    Text,
    Email,
    Phone,
    Date,
    Number,
    LongText,
}

/// How the text field `key` is typed and what the browser may autofill into it.
fn text_kind(key: &str) -> (TextKind, &'static str) {
    match key {
        field::FIRST_NAME => (TextKind::Text, "given-name"),
        field::MIDDLE_NAME => (TextKind::Text, "additional-name"),
        field::LAST_NAME => (TextKind::Text, "family-name"),
        field::DATE_OF_BIRTH => (TextKind::Date, "bday"),
        field::OCCUPATION => (TextKind::Text, "organization-title"),
        field::LEAD_NAME => (TextKind::Text, "organization"),
        field::CONTACT_NAME => (TextKind::Text, "name"),
        field::PHONE_NUMBER => (TextKind::Phone, "tel-national"),
        field::EMAIL => (TextKind::Email, "email"),
        field::ADDRESS1 => (TextKind::Text, "address-line1"),
        field::ADDRESS2 => (TextKind::Text, "address-line2"),
        field::LEAD_NOTE => (TextKind::LongText, ""),
        _ => (TextKind::Text, ""),
    }
}

/// Whether the DMS requires `key` (of every lead, or of the lead kind it belongs to): marked so.
pub fn is_required(key: &str) -> bool {
    use dms_model::validate::{ALWAYS_REQUIRED, COMPANY_REQUIRED, INDIVIDUAL_REQUIRED};
    [ALWAYS_REQUIRED, INDIVIDUAL_REQUIRED, COMPANY_REQUIRED]
        .iter()
        .any(|keys| keys.contains(&key))
}

/// The text control of `key`, typed and autofilled as that field is, marked required when the
/// DMS requires it.
pub fn text_for(form: FormState, key: &'static str) -> El {
    let (kind, autocomplete) = text_kind(key);
    text_field(form, key, kind, is_required(key), autocomplete)
}

/// The short form's one "Full name" box, bound to `firstName` (the lead splits it into first and
/// last name).
pub fn full_name_field(form: FormState) -> El {
    let key = field::FIRST_NAME;
    text_control(
        form,
        Signal::stored(key.to_owned()),
        dms_model::public_form::FULL_NAME,
        form.value(key),
        TextKind::Text,
        true,
        "name",
    )
}

/// A text control bound to the form value `key`.
pub fn text_field(
    form: FormState,
    key: &'static str,
    kind: TextKind,
    required: bool,
    autocomplete: &'static str,
) -> El {
    let value = form.value(key);
    text_control(
        form,
        Signal::stored(key.to_owned()),
        key,
        value,
        kind,
        required,
        autocomplete,
    )
}

/// A text control bound to any signal (vehicle rows use it with their own paths).
pub fn text_control(
    form: FormState,
    path: Signal<String>,
    label_key: &'static str,
    value: RwSignal<String>,
    kind: TextKind,
    required: bool,
    autocomplete: &'static str,
) -> El {
    let lang = form.lang();
    let wiring = ControlWiring::new(form, path);
    let (input_type, inputmode, ltr) = match kind {
        TextKind::Text | TextKind::LongText => ("text", None, false),
        TextKind::Email => ("email", Some("email"), true),
        TextKind::Phone => ("tel", Some("tel"), true),
        TextKind::Date => ("date", None, true),
        TextKind::Number => ("text", Some("numeric"), true),
    };
    let control = if kind == TextKind::LongText {
        el("textarea").attr("rows", "3")
    } else {
        el("input")
            .attr("type", input_type)
            .attr_some("inputmode", inputmode)
            .attr_some("dir", ltr.then_some("ltr"))
            .attr_some(
                "autocomplete",
                (!autocomplete.is_empty()).then_some(autocomplete),
            )
    };
    let control = match dms_model::validate::max_length(label_key) {
        Some(max) => control.attr("maxlength", &max.to_string()),
        None => control,
    };
    let control = control
        .bind_prop("value", move || value.get().into())
        .on("input", move |ev| value.set(target_value(&ev)));
    let control = wiring.wire(control, required);
    wiring
        .field("dlf-field")
        .child(wiring.label(lang, label_key, required))
        .child(control)
        .child(wiring.issue_text(lang))
}

/// A tick box bound to the form value `key` (`"true"` when ticked). Unticked by default.
pub fn check_field(form: FormState, key: &'static str, required: bool) -> El {
    let lang = form.lang();
    let value = form.value(key);
    let wiring = ControlWiring::new(form, Signal::stored(key.to_owned()));
    let tick = el("input")
        .attr("type", "checkbox")
        .attr("value", "true")
        .bind_prop("checked", move || (value.get() == "true").into())
        .on("change", move |ev| {
            value.set(if target_checked(&ev) {
                "true".into()
            } else {
                String::new()
            });
        });
    wiring
        .field("dlf-field dlf-check")
        .child(wiring.wire(tick, required))
        .child(wiring.label(lang, key, required))
        .child(wiring.issue_text(lang))
}

/// A select of a DMS list, for the form value `key`; cascading lists follow their parent choice.
pub fn choice_field(form: FormState, key: &'static str, required: bool) -> El {
    let (list, _) = dms_model::validate::list_of(key).expect("a list field");
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let options = use_list(api_base, list, form.parent_choice(key), form.lang());
    let value = form.value(key);
    select_control(
        form,
        Signal::stored(key.to_owned()),
        key,
        value,
        Callback::new(move |chosen: String| form.choose(key, chosen)),
        options,
        required,
    )
}

/// Says a list could not be loaded and offers to try again.
pub(crate) fn load_failed(lang: Lang, retry: Callback<()>) -> El {
    let (notice, retry_text) = contract::load_failed_texts(lang);
    el("p")
        .class(contract::LOAD_FAILED_CLASS)
        .attr("role", "alert")
        .text(notice)
        .text(" ")
        .child(
            el("button")
                .attr("type", "button")
                .class("dlf-link")
                .text(retry_text)
                .on("click", move |_| retry.run(())),
        )
}

/// What a choice shows: the DMS's text, and for a calling code the country beside it
/// (`00966 · Saudi Arabia`), code first so a narrow box still shows it. The lead carries the
/// DMS's text either way.
fn shown_text(list: ListType, lang: Lang, text: &str) -> String {
    match (list, dms_model::labels::calling_code_country(text)) {
        (ListType::PhoneCode, Some(country)) => format!("{text} · {}", tr(lang, country)),
        _ => text.to_owned(),
    }
}

/// A select over any list state; `on_choose` receives the chosen item id (or `""`).
pub fn select_control(
    form: FormState,
    path: Signal<String>,
    label_key: &'static str,
    value: RwSignal<String>,
    on_choose: Callback<String>,
    options: UseList,
    required: bool,
) -> El {
    let lang = form.lang();
    let wiring = ControlWiring::new(form, path);
    let load = move || options.load();
    let placeholder = el("option")
        .attr("value", "")
        .bind_prop("selected", move || value.with(String::is_empty).into())
        .bind_text(move || {
            tr(
                lang,
                match load() {
                    ListLoad::Idle => choose_shown_first(options.list, |parent| {
                        form.hidden.with_untracked(|hidden| {
                            let list_of = dms_model::validate::list_of;
                            hidden
                                .iter()
                                .any(|k| list_of(k).is_some_and(|(l, _)| l == parent))
                        })
                    }),
                    ListLoad::Loading => ui::LOADING,
                    ListLoad::Ready(_) | ListLoad::Failed(_) => ui::CHOOSE,
                },
            )
            .to_owned()
        });
    // The options are rebuilt when the list or the value changes, each marked selected or not once:
    // nothing reactive per option.
    let select = el("select")
        .child(placeholder)
        .region(move || {
            let chosen = value.get();
            match load() {
                ListLoad::Ready(items) => items
                    .iter()
                    .map(|item| {
                        let id_text = item.value.to_string();
                        el("option")
                            .attr("value", &id_text)
                            .attr_some("selected", (id_text == chosen).then_some(""))
                            .text(&shown_text(options.list, lang, &item.text))
                    })
                    .collect(),
                _ => Vec::new(),
            }
        })
        .bind_flag("disabled", move || !matches!(load(), ListLoad::Ready(_)))
        .bind_attr("aria-busy", move || {
            matches!(load(), ListLoad::Loading).then(|| "true".to_owned())
        })
        .on("change", move |ev| on_choose.run(target_value(&ev)));
    wiring
        .field("dlf-field")
        .bind_class("dlf-loading", move || matches!(load(), ListLoad::Loading))
        .child(wiring.label(lang, label_key, required))
        .child(wiring.wire(select, required))
        .region(move || {
            one(matches!(load(), ListLoad::Failed(_)).then(|| load_failed(lang, options.retry)))
        })
        .child(wiring.issue_text(lang))
}

/// The lead type as a radio group (Individual / Company), from the CUSTOMER_TYPE list.
pub fn lead_type_field(form: FormState) -> El {
    let lang = form.lang();
    let key = field::LEAD_TYPE;
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let options = use_list(api_base, ListType::CustomerType, None, lang);
    let value = form.value(key);
    let group_id = form.control_id(key);
    el("fieldset")
        .class("dlf-radios")
        .child(label_el("legend", lang, key, true))
        .region(move || match options.load() {
            ListLoad::Ready(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let id_text = item.value.to_string();
                    let radio_id = format!("{group_id}-{i}");
                    let checked = id_text.clone();
                    let radio = el("input")
                        .attr("type", "radio")
                        .attr("id", &radio_id)
                        .attr("name", key)
                        .attr("value", &id_text)
                        .bind_prop("checked", move || value.with(|v| *v == checked).into())
                        .on("change", move |_| form.choose(key, id_text.clone()));
                    el("label")
                        .class("dlf-radio")
                        .attr("for", &radio_id)
                        .child(radio)
                        .text(&item.text)
                })
                .collect(),
            ListLoad::Failed(_) => vec![load_failed(lang, options.retry)],
            _ => vec![el("span")
                .class("dlf-skeleton")
                .attr("aria-busy", "true")
                .text(tr(lang, ui::LOADING))],
        })
}
