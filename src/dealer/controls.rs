//! Controls of the dealer pages' own forms (status query, customer lookup): a visible label, the
//! issue message below, `aria-invalid` and `aria-describedby` when there is one — the same contract
//! as the public form's controls, on plain signals instead of the lead form's state.

use dms_model::{IssueCode, ItemId, Lang, ListType};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::contract;
use crate::i18n::{tr, ui};
use crate::lists::{use_list, ListLoad};

/// A bulk's number, linking to its status page.
#[component]
pub fn BulkLink(id: i64) -> impl IntoView {
    view! { <a class="dlf-bulk-link" href=format!("#status?id={id}")>{id}</a> }
}

/// The issue message under a control; empty when there is none.
#[component]
fn IssueText(id: String, issue: Signal<Option<IssueCode>>, lang: Lang) -> impl IntoView {
    view! {
        <p class=contract::ISSUE_CLASS id=id>
            {move || contract::issue_text(lang, issue.get())}
        </p>
    }
}

/// Says a list could not be loaded and offers to try again.
fn load_failed(lang: Lang, retry: Callback<()>) -> impl IntoView {
    let (notice, retry_text) = contract::load_failed_texts(lang);
    view! {
        <p class=contract::LOAD_FAILED_CLASS role="alert">
            {notice} " "
            <button type="button" class="dlf-link" on:click=move |_| retry.run(())>
                {retry_text}
            </button>
        </p>
    }
}

/// A labelled text input bound to `value`.
#[component]
pub fn QueryInput(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    issue: Signal<Option<IssueCode>>,
    lang: Lang,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let issue_id = contract::issue_id(id);
    let described = issue_id.clone();
    view! {
        <div class="dlf-field" class:dlf-invalid=move || issue.get().is_some()>
            <label for=id>{tr(lang, label)}</label>
            <input
                id=id
                name=id
                type=kind
                inputmode=numeric.then_some("numeric")
                dir=(kind != "date").then_some("auto")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || issue.get().map(|_| "true")
                aria-describedby=move || issue.get().map(|_| described.clone())
            />
            <IssueText id=issue_id issue=issue lang=lang/>
        </div>
    }
}

/// A labelled select of a DMS list, `value` holding the chosen item id (`""` for none).
#[component]
pub fn QuerySelect(
    id: &'static str,
    label: (&'static str, &'static str),
    list: ListType,
    #[prop(optional)] parent: Option<Signal<Option<ItemId>>>,
    value: RwSignal<String>,
    lang: Lang,
) -> impl IntoView {
    let api_base = super::use_config().with_value(|c| c.api_base.clone());
    let parent = parent.map(|p| Callback::new(move |_| p.get()));
    let options = use_list(api_base, list, parent, lang);
    let load = move || options.load();
    let items = move || match load() {
        ListLoad::Ready(items) => {
            let chosen = value.get_untracked();
            items
                .iter()
                .map(|item| {
                    let v = item.value.to_string();
                    let selected = v == chosen;
                    view! { <option value=v selected=selected>{item.text.clone()}</option> }
                })
                .collect_view()
                .into_any()
        }
        _ => ().into_any(),
    };
    let placeholder = move || match load() {
        ListLoad::Idle => tr(lang, crate::i18n::choose_first(list)),
        ListLoad::Loading => tr(lang, ui::LOADING),
        _ => tr(lang, ui::CHOOSE),
    };
    view! {
        <div class="dlf-field">
            <label for=id>{tr(lang, label)}</label>
            <select
                id=id
                name=id
                disabled=move || !matches!(load(), ListLoad::Ready(_))
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.get().is_empty()>{placeholder}</option>
                {items}
            </select>
            {move || matches!(load(), ListLoad::Failed(_)).then(|| load_failed(lang, options.retry))}
        </div>
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document().create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
