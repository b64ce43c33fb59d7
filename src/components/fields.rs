//! The form's controls. Each has a visible `<label>`, is named by its DMS JSON key, shows its issue
//! below it and, when invalid, carries `aria-invalid="true"` and `aria-describedby` pointing at the
//! message.

use dms_model::{IssueCode, Lang};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use crate::form::FormState;
use crate::i18n::{issue_message, label, tr, ui};
use crate::lists::{use_list, ListLoad, UseList};

/// The issue message under a control; empty when there is none. `issue` is read (and tracked)
/// when called.
#[component]
pub(crate) fn IssueText(
    id: Signal<String>,
    issue: Callback<(), Option<IssueCode>>,
    lang: Lang,
) -> impl IntoView {
    view! {
        <p class="dlf-issue" id=id>
            {move || issue.run(()).map(|code| tr(lang, issue_message(code)))}
        </p>
    }
}

/// The label text with a required marker.
fn label_text(lang: Lang, key: &str, required: bool) -> impl IntoView {
    view! {
        {tr(lang, label(key))}
        {required.then(|| view! {
            <span class="dlf-req" aria-hidden="true">" *"</span>
            <span class="dlf-sr">{format!(" ({})", tr(lang, ui::REQUIRED_MARK))}</span>
        })}
    }
}

/// Wiring shared by every control: its name and id, its issue, and the attribute values that
/// expose the issue to assistive technology. Derived values are methods and closures rather than
/// `Signal`s of their own types: each value type a `Signal` is used with costs the public form
/// about 2 KB of wasm.
#[derive(Clone, Copy)]
struct ControlWiring {
    form: FormState,
    path: Signal<String>,
    id: Signal<String>,
    issue_id: Signal<String>,
}

impl ControlWiring {
    fn new(form: FormState, path: Signal<String>) -> ControlWiring {
        let id = Signal::derive(move || form.control_id(&path.get()));
        ControlWiring {
            form,
            path,
            id,
            issue_id: Signal::derive(move || format!("{}-issue", id.get())),
        }
    }

    /// The issue shown at the control now (tracked).
    fn issue(self) -> Option<IssueCode> {
        self.form.visible_issue(&self.path.get())
    }

    /// For [`IssueText`].
    fn issue_callback(self) -> Callback<(), Option<IssueCode>> {
        Callback::new(move |_| self.issue())
    }

    fn invalid(self) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
        move || self.issue().map(|_| "true")
    }

    fn described_by(self) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        move || self.issue().map(|_| self.issue_id.get())
    }

    fn on_leave(self, form: FormState) -> impl Fn(leptos::ev::FocusEvent) + Copy {
        move |_| form.touch(&self.path.get_untracked())
    }
}

/// What kind of text a [`TextField`] takes.
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

/// A text control bound to the form value `key`.
#[component]
pub fn TextField(
    key: &'static str,
    #[prop(optional)] kind: TextKind,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let form = expect_context::<FormState>();
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
///
/// Alternatives are `Either`s, not `AnyView`s, here and in the other controls: each type turned
/// into an `AnyView` costs the public form's wasm about 1.5 KB of type-erased view code.
pub fn text_control(
    form: FormState,
    path: Signal<String>,
    label_key: &'static str,
    value: RwSignal<String>,
    kind: TextKind,
    required: bool,
    autocomplete: &'static str,
) -> impl IntoView {
    let lang = form.lang();
    let wiring = ControlWiring::new(form, path);
    let (input_type, inputmode, ltr) = match kind {
        TextKind::Text | TextKind::LongText => ("text", None, false),
        TextKind::Email => ("email", Some("email"), true),
        TextKind::Phone => ("tel", Some("tel"), true),
        TextKind::Date => ("date", None, true),
        TextKind::Number => ("text", Some("numeric"), true),
    };
    let maxlength = dms_model::validate::max_length(label_key);
    let autocomplete = (!autocomplete.is_empty()).then_some(autocomplete);
    let control = if kind == TextKind::LongText {
        Either::Left(view! {
            <textarea
                id=wiring.id
                name=wiring.path
                rows="3"
                maxlength=maxlength
                aria-required=required.then_some("true")
                aria-invalid=wiring.invalid()
                aria-describedby=wiring.described_by()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=wiring.on_leave(form)
            ></textarea>
        })
    } else {
        Either::Right(view! {
            <input
                id=wiring.id
                name=wiring.path
                type=input_type
                inputmode=inputmode
                dir=ltr.then_some("ltr")
                autocomplete=autocomplete
                maxlength=maxlength
                aria-required=required.then_some("true")
                aria-invalid=wiring.invalid()
                aria-describedby=wiring.described_by()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=wiring.on_leave(form)
            />
        })
    };
    view! {
        <div class="dlf-field" class:dlf-invalid=move || wiring.issue().is_some()>
            <label for=wiring.id>{label_text(lang, label_key, required)}</label>
            {control}
            <IssueText id=wiring.issue_id issue=wiring.issue_callback() lang=lang/>
        </div>
    }
}

/// A tick box bound to the form value `key` (`"true"` when ticked). Unticked by default.
#[component]
pub fn CheckField(key: &'static str, #[prop(optional)] required: bool) -> impl IntoView {
    let form = expect_context::<FormState>();
    let lang = form.lang();
    let value = form.value(key);
    let wiring = ControlWiring::new(form, Signal::stored(key.to_owned()));
    view! {
        <div class="dlf-field dlf-check" class:dlf-invalid=move || wiring.issue().is_some()>
            <input
                type="checkbox"
                id=wiring.id
                name=key
                value="true"
                aria-required=required.then_some("true")
                aria-invalid=wiring.invalid()
                aria-describedby=wiring.described_by()
                prop:checked=move || value.get() == "true"
                on:change=move |ev| {
                    value.set(if event_target_checked(&ev) { "true".into() } else { String::new() });
                    form.touch(key);
                }
            />
            <label for=wiring.id>{label_text(lang, key, required)}</label>
            <IssueText id=wiring.issue_id issue=wiring.issue_callback() lang=lang/>
        </div>
    }
}

/// A select of a DMS list, for the form value `key`; cascading lists follow their parent choice.
#[component]
pub fn ChoiceField(key: &'static str, #[prop(optional)] required: bool) -> impl IntoView {
    let form = expect_context::<FormState>();
    let (list, _) = dms_model::validate::list_of(key).expect("a list field");
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let options = use_list(api_base, list, form.parent_choice(key), form.lang());
    let value = form.value(key);
    select_control(
        form,
        Signal::stored(key.to_owned()),
        key,
        Signal::derive(move || value.get()),
        Callback::new(move |chosen: String| form.choose(key, chosen)),
        options,
        required,
    )
}

/// Says a list could not be loaded and offers to try again.
pub(crate) fn load_failed(lang: Lang, retry: Callback<()>) -> impl IntoView {
    view! {
        <p class="dlf-load-failed" role="alert">
            {tr(lang, ui::LOAD_FAILED)} " "
            <button type="button" class="dlf-link" on:click=move |_| retry.run(())>
                {tr(lang, ui::RETRY)}
            </button>
        </p>
    }
}

/// A select over any list state; `on_choose` receives the chosen item id (or `""`).
pub fn select_control(
    form: FormState,
    path: Signal<String>,
    label_key: &'static str,
    value: Signal<String>,
    on_choose: Callback<String>,
    options: UseList,
    required: bool,
) -> impl IntoView {
    let lang = form.lang();
    let wiring = ControlWiring::new(form, path);
    let load = move || options.load();
    let placeholder = move || match load() {
        ListLoad::Idle => tr(lang, ui::CHOOSE_PARENT_FIRST),
        ListLoad::Loading => tr(lang, ui::LOADING),
        ListLoad::Ready(_) | ListLoad::Failed(_) => tr(lang, ui::CHOOSE),
    };
    // The options are rebuilt when the list or the value changes, each marked selected or not once:
    // a reactive `selected` per option would be an effect per option, and effects created and
    // dropped with every list change are memory the reactive graph keeps (measured with
    // scripts/memory-probe.sh).
    let items = move || {
        let chosen = value.get();
        match load() {
            ListLoad::Ready(items) => Some(
                items
                    .iter()
                    .map(|item| {
                        let id_text = item.value.to_string();
                        let selected = id_text == chosen;
                        view! { <option value=id_text selected=selected>{item.text.clone()}</option> }
                    })
                    .collect_view(),
            ),
            _ => None,
        }
    };
    let failure =
        move || matches!(load(), ListLoad::Failed(_)).then(|| load_failed(lang, options.retry));
    let unavailable = move || !matches!(load(), ListLoad::Ready(_));
    view! {
        <div
            class="dlf-field"
            class:dlf-invalid=move || wiring.issue().is_some()
            class:dlf-loading=move || matches!(load(), ListLoad::Loading)
        >
            <label for=wiring.id>{label_text(lang, label_key, required)}</label>
            <select
                id=wiring.id
                name=wiring.path
                disabled=unavailable
                aria-busy=move || matches!(load(), ListLoad::Loading).then_some("true")
                aria-required=required.then_some("true")
                aria-invalid=wiring.invalid()
                aria-describedby=wiring.described_by()
                on:change=move |ev| on_choose.run(event_target_value(&ev))
                on:blur=wiring.on_leave(form)
            >
                <option value="" selected=move || value.get().is_empty()>{placeholder}</option>
                {items}
            </select>
            {failure}
            <IssueText id=wiring.issue_id issue=wiring.issue_callback() lang=lang/>
        </div>
    }
}

/// The lead type as a radio group (Individual / Company), from the CUSTOMER_TYPE list.
#[component]
pub fn LeadTypeField() -> impl IntoView {
    let form = expect_context::<FormState>();
    let lang = form.lang();
    let key = dms_model::field::LEAD_TYPE;
    let api_base = form.config.with_value(|c| c.api_base.clone());
    let options = use_list(api_base, dms_model::ListType::CustomerType, None, lang);
    let value = form.value(key);
    let group_id = form.control_id(key);
    let radios = move || match options.load() {
        ListLoad::Ready(items) => EitherOf3::A(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let id_text = item.value.to_string();
                    let radio_id = format!("{group_id}-{i}");
                    let label_for = radio_id.clone();
                    let chosen = id_text.clone();
                    let checked = id_text.clone();
                    view! {
                        <label class="dlf-radio" for=label_for>
                            <input
                                type="radio"
                                id=radio_id
                                name=key
                                value=id_text
                                prop:checked=move || value.get() == checked
                                on:change=move |_| form.choose(key, chosen.clone())
                            />
                            {item.text.clone()}
                        </label>
                    }
                })
                .collect_view(),
        ),
        ListLoad::Failed(_) => EitherOf3::B(load_failed(lang, options.retry)),
        _ => EitherOf3::C(
            view! { <span class="dlf-skeleton" aria-busy="true">{tr(lang, ui::LOADING)}</span> },
        ),
    };
    view! {
        <fieldset class="dlf-radios">
            <legend>{label_text(lang, key, true)}</legend>
            {radios}
        </fieldset>
    }
}
