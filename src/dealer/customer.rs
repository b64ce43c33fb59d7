//! Customer lookup (the customer document) and the dealer-assisted lead form it opens, prefilled from the
//! customer, with a hint when the mobile number typed belongs to an existing customer.

use dms_model::prefill::customer_prefill;
use dms_model::validate::{list_of, phone_issue};
use dms_model::{field, Customer, CustomerQuery, IssueCode, Lang};
use leptos::prelude::*;

use super::controls::QueryInput;
use super::{go, hash_param, texts, use_config};
use crate::api::{self, ApiError};
use crate::i18n::tr;
use crate::public::dom::Painted;
use crate::public::state::FormState;
use crate::public::view::lead_form::{lead_form, PhoneHint};

#[component]
pub fn CustomerPage() -> impl IntoView {
    let config = use_config();
    let lang = config.with_value(|c| c.lang);
    let (customer_id, identification, mobile, reference) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let submitted = RwSignal::new(false);
    let query = Memo::new(move |_| {
        let text = |s: RwSignal<String>| Some(s.get()).filter(|t| !t.trim().is_empty());
        CustomerQuery {
            company_code: Some(config.with_value(|c| c.company_code.clone())),
            lang: Some(lang.code().to_owned()),
            customer_id: text(customer_id)
                .and_then(|t| dms_model::normalize::normalize_text(&t).parse().ok()),
            identification_no: text(identification),
            mobile_number: text(mobile),
            reference_no: text(reference),
        }
        .normalized()
    });
    let typed_id_invalid = move || {
        let t = customer_id.get();
        !t.trim().is_empty() && query.with(|q| q.customer_id.is_none())
    };
    let issue_at = move |key: &'static str| {
        Signal::derive(move || {
            if !submitted.get() {
                return None;
            }
            if key == "customerId" && typed_id_invalid() {
                return Some(IssueCode::PhoneDigits);
            }
            query.with(|q| {
                q.issues()
                    .into_iter()
                    .find(|i| i.path == key)
                    .map(|i| i.code)
            })
        })
    };
    let search = Action::new_local(move |query: &CustomerQuery| {
        let (gs_base, query) = (config.with_value(|c| c.gs_base.clone()), query.clone());
        async move { api::customers(&gs_base, &query, None).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if !typed_id_invalid() && query.with_untracked(|q| q.issues().is_empty()) {
            search.dispatch(query.get_untracked());
        }
    };
    let results = move || {
        search.value().get().map(|answer| match answer {
            Ok(list) if list.is_empty() => {
                view! { <p class="dlf-notice">{tr(lang, texts::NO_CUSTOMER)}</p> }.into_any()
            }
            Ok(list) => view! {
                <ul class="dlf-cards">
                    {list.into_iter().map(|c| view! { <CustomerCard customer=c lang=lang/> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(_) => view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::LOAD_FAILED)}</p> }.into_any(),
        })
    };
    view! {
        <section class="dlf-panel" aria-labelledby="customer-title">
            <h1 id="customer-title">{tr(lang, texts::CUSTOMER_TITLE)}</h1>
            <form novalidate on:submit=on_submit class="dlf-query">
                <fieldset class="dlf-group">
                    <legend>{tr(lang, texts::CUSTOMER_HINT)}</legend>
                    <QueryInput id="customerId" label=texts::CUSTOMER_ID value=customer_id issue=issue_at("customerId") lang=lang numeric=true/>
                    <QueryInput id="identificationNo" label=texts::IDENTIFICATION value=identification issue=issue_at("identificationNo") lang=lang/>
                    <QueryInput id="mobileNumber" label=texts::MOBILE value=mobile issue=issue_at("mobileNumber") lang=lang kind="tel"/>
                    <QueryInput id="referenceNo" label=texts::REFERENCE value=reference issue=issue_at("referenceNo") lang=lang/>
                </fieldset>
                <button type="submit" class="dlf-submit" disabled=move || search.pending().get()>
                    {tr(lang, texts::SEARCH)}
                </button>
            </form>
            <div aria-live="polite">{results}</div>
        </section>
    }
}

fn full_name(c: &Customer) -> String {
    let person = dms_model::derive::full_name(&c.first_name, &c.middle_name, &c.last_name);
    if person.is_empty() {
        c.company_name.clone().unwrap_or_default()
    } else {
        person
    }
}

#[component]
fn CustomerCard(customer: Customer, lang: Lang) -> impl IntoView {
    let facts: Vec<((&str, &str), Option<String>)> = vec![
        (
            crate::i18n::label(field::LEAD_TYPE),
            customer.customer_type.clone(),
        ),
        (
            crate::i18n::label(field::CONTACT_NAME),
            customer.contact_name.clone(),
        ),
        (
            crate::i18n::label(field::COMPANY_INDUSTRY_TYPE),
            customer.industry_type.clone(),
        ),
        (
            texts::MOBILE,
            customer
                .mobile_number
                .as_ref()
                .map(|m| format!("{} {m}", customer.phone_code.clone().unwrap_or_default())),
        ),
        (
            crate::i18n::label(field::EMAIL),
            customer.email_address.clone(),
        ),
        (texts::IDENTIFICATION, customer.identification_no.clone()),
        (
            crate::i18n::label(field::NATIONALITY),
            customer.nationality.clone(),
        ),
        (
            crate::i18n::label(field::PREFERRED_LANGUAGE),
            customer.preferred_language.clone(),
        ),
        (
            crate::i18n::label(field::PREFERRED_CONTACT_TYPE),
            customer.preferred_contact_type.clone(),
        ),
        (
            crate::i18n::label(field::CUSTOMER_CITY),
            Some(
                [&customer.city, &customer.region, &customer.country]
                    .iter()
                    .filter_map(|p| p.as_deref())
                    .collect::<Vec<_>>()
                    .join("، "),
            )
            .filter(|s| !s.is_empty()),
        ),
    ];
    let facts = facts
        .into_iter()
        .filter_map(|(label, value)| value.map(|v| (label, v)))
        .map(|(label, value)| view! { <dt>{tr(lang, label)}</dt><dd><bdi>{value}</bdi></dd> })
        .collect_view();
    let contacts = customer.customer_contacts.clone();
    let id = customer.customer_id;
    let heading_id = format!("customer-{id}");
    let labelled_by = heading_id.clone();
    view! {
        <li class="dlf-card" aria-labelledby=labelled_by>
            <h2 id=heading_id dir="auto">{full_name(&customer)}</h2>
            <p class="dlf-note">{tr(lang, texts::CUSTOMER_NO)} " " <span dir="ltr">{id}</span></p>
            <dl class="dlf-facts">{facts}</dl>
            {(!contacts.is_empty()).then(|| view! {
                <h3>{tr(lang, texts::CONTACTS)}</h3>
                <ul class="dlf-contacts">
                    {contacts.into_iter().map(|c| {
                        // Only the parts the DMS gave, so no dangling separators.
                        let number = [c.phone_code, c.contact_number].into_iter().flatten().collect::<Vec<_>>().join(" ");
                        let primary = (c.primary_contact == Some(true)).then(|| tr(lang, texts::PRIMARY).to_owned());
                        let parts = [(c.contact_name, "auto"), (c.relation_type, "auto"), (Some(number).filter(|n| !n.is_empty()), "ltr"), (primary, "auto")];
                        let parts = parts.into_iter().filter_map(|(text, dir)| text.map(|t| (t, dir))).enumerate().map(|(i, (text, dir))| view! {
                            {(i > 0).then_some(" · ")}<span dir=dir>{text}</span>
                        }).collect_view();
                        view! { <li>{parts}</li> }
                    }).collect_view()}
                </ul>
            })}
            <button type="button" class="dlf-secondary" on:click=move |_| go("new-lead", &format!("customerId={id}"))>
                {tr(lang, texts::NEW_LEAD_FOR)}
            </button>
        </li>
    }
}

/// The dealer-assisted lead form; with `customerId` in the hash, prefilled from that customer (read
/// in English, the language of the bulk body).
#[component]
pub fn NewLeadPage(query: String) -> impl IntoView {
    let config = use_config();
    let lang = config.with_value(|c| c.lang);
    let customer_id: Option<i64> = hash_param(&query, "customerId").and_then(|v| v.parse().ok());
    let customer = LocalResource::new(move || {
        let config = config.get_value();
        async move {
            let Some(id) = customer_id else {
                return Ok(None);
            };
            let query = CustomerQuery {
                company_code: Some(config.company_code.clone()),
                lang: Some("en".into()),
                customer_id: Some(id),
                ..CustomerQuery::default()
            };
            api::customers(&config.gs_base, &query, None)
                .await
                .map(|list| list.into_iter().next())
        }
    });
    view! {
        <section class="dlf-panel">
            <Suspense fallback=move || view! { <p class="dlf-notice" aria-busy="true">{tr(lang, crate::i18n::ui::LOADING)}</p> }>
                {move || customer.get().map(|answer| {
                    let (found, failed) = match answer {
                        Ok(found) => (found, false),
                        Err(_) => (None, true),
                    };
                    let (choices, prefill): (Vec<_>, Vec<_>) = found
                        .as_ref()
                        .map(customer_prefill)
                        .unwrap_or_default()
                        .into_iter()
                        .partition(|(key, _)| list_of(key).is_some());
                    let form_config = config.with_value(|c| c.form_config(choices, prefill));
                    let own_id = found.map(|c| c.customer_id);
                    view! {
                        {failed.then(|| view! { <p class="dlf-send-failed" role="alert">{tr(lang, texts::PREFILL_FAILED)}</p> })}
                        {embedded_form(form_config, duplicate_hint(own_id))}
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The public form (built by [`lead_form`], outside `view!`) in this page.
fn embedded_form(config: crate::public::config::WidgetConfig, hint: PhoneHint) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    let form = lead_form(
        config,
        "dealer".to_owned(),
        Some(hint),
        None,
        Painted::default(),
    )
    .into_element();
    holder.on_load(move |div| {
        let _ = div.append_child(&form);
    });
    view! { <div node_ref=holder></div> }
}

/// The phone hint of the form: a `.dlf-hint` live region that [`DuplicateHint`] fills.
fn duplicate_hint(own_id: Option<i64>) -> PhoneHint {
    Box::new(move |form| {
        let holder = document().create_element("div").expect("a div");
        let _ = holder.set_attribute("class", "dlf-hint");
        let _ = holder.set_attribute("role", "status");
        let _ = holder.set_attribute("aria-live", "polite");
        let mount = wasm_bindgen::JsCast::unchecked_into(holder.clone());
        let view = mount_to(mount, move || view! { <DuplicateHint form own_id/> });
        // Unmounted with the form's owner (a new lookup builds a new form).
        let _ = StoredValue::new_local(view);
        holder
    })
}

/// Points out an existing customer with the mobile number typed (not the one the form was opened
/// for). A hint only: the lead can be sent anyway.
#[component]
fn DuplicateHint(form: FormState, own_id: Option<i64>) -> impl IntoView {
    let config = use_config();
    let lang = form.lang();
    let number = Memo::new(move |_| {
        let typed = form.value(field::PHONE_NUMBER).get();
        let normalized =
            dms_model::normalize::normalize_phone(dms_model::normalize::SAUDI_PHONE_CODE, &typed);
        phone_issue(&normalized, true)
            .is_none()
            .then_some(normalized)
    });
    let matches = LocalResource::new(move || {
        let number = number.get();
        let config = config.get_value();
        async move {
            let Some(number) = number else {
                return Ok::<_, ApiError>(Vec::new());
            };
            let query = CustomerQuery {
                company_code: Some(config.company_code.clone()),
                lang: Some(lang.code().into()),
                mobile_number: Some(number),
                ..CustomerQuery::default()
            };
            api::customers(&config.gs_base, &query, None).await
        }
    });
    let others = move || {
        matches
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| Some(c.customer_id) != own_id)
            .collect::<Vec<_>>()
    };
    view! {
            {move || {
                let others = others();
                (!others.is_empty()).then(|| view! {
                    <p>
                        {tr(lang, texts::DUPLICATE)} " "
                        {others.iter().map(|c| {
                            let id = c.customer_id;
                            view! {
                                <a href=format!("#new-lead?customerId={id}") dir="auto">
                                    {full_name(c)} " (" {tr(lang, texts::CUSTOMER_NO)} " " {id} ")"
                                </a>
                                " "
                            }
                        }).collect_view()}
                        {tr(lang, texts::DUPLICATE_NOTE)}
                    </p>
                })
            }}
    }
}
