//! Lists in both languages for leads the dealer did not type in our form (CSV rows, lead-bank
//! leads): loaded level by level through the shared list cache, so each list is fetched once.

use dms_model::import::ListBook;
use dms_model::{Lang, Lead};

use crate::api::ApiError;
use crate::lists::load;

/// Loads into `book` every list `leads` need, in English and Arabic: flat lists and the children
/// of every parent the leads name (regions of their countries, cities of their regions, …).
pub async fn fill_book(
    api_base: &str,
    book: &mut ListBook,
    leads: &[Lead],
) -> Result<(), ApiError> {
    // Each round reaches one level deeper in the cascade; the deepest chain has three levels.
    for _ in 0..4 {
        let missing = book.missing(leads);
        if missing.is_empty() {
            break;
        }
        let loads = missing.into_iter().map(|(list, parent)| async move {
            let (english, arabic) = futures::join!(
                load(api_base, list, parent, Lang::En),
                load(api_base, list, parent, Lang::Ar)
            );
            (list, parent, english, arabic)
        });
        for (list, parent, english, arabic) in futures::future::join_all(loads).await {
            book.insert(list, parent, english?.to_vec(), arabic?.to_vec());
        }
    }
    Ok(())
}

/// `text`, the DMS's English text of the list field `key` in `lead`, as the list gives it in the
/// other language loaded in `book` (Arabic): the status answer carries English texts only. The
/// text itself when the list has no such item (or is not loaded).
pub fn shown_text(book: &ListBook, lead: &Lead, key: &str, text: &str) -> String {
    book.choices(lead, key)
        .and_then(|(english, arabic)| {
            let item = english
                .iter()
                .find(|i| dms_model::lists::same_text(&i.text, text))?;
            arabic.iter().find(|a| a.value == item.value)
        })
        .map_or_else(|| text.to_owned(), |item| item.text.clone())
}

/// When a batch of leads is judged: the capture time written into them and the day the date rules
/// count from. Taken once per batch (a clock read is a call out to JS).
pub struct JudgedAt {
    pub captured_at: String,
    pub today: dms_model::Date,
}

impl JudgedAt {
    pub fn now() -> Self {
        JudgedAt {
            captured_at: crate::public::state::now_iso(),
            today: crate::public::state::today(),
        }
    }
}

/// A lead that came from outside the form (CSV row, lead-bank lead) as it would be sent, and what
/// is wrong with it: list texts in English, derived fields filled, normalised, judged by the DMS
/// rules against the loaded lists.
pub fn judge(book: &ListBook, raw: &Lead, at: &JudgedAt) -> (Lead, Vec<dms_model::Issue>) {
    let mut lead = raw.clone();
    book.to_english(&mut lead);
    dms_model::derive::derive_fields(&mut lead, &at.captured_at);
    dms_model::prepare_owned(lead, book, at.today)
}

/// One field of such a lead, correctable in place: a select of the list's choices (shown in the
/// page's language, stored as the English text) for list fields whose list is loaded, a text input
/// otherwise. The issue message is tied to the control.
#[leptos::component]
pub fn LeadCell(
    /// Unique on the page.
    id: String,
    key: &'static str,
    text: String,
    choices: Option<(Vec<dms_model::ListItem>, Vec<dms_model::ListItem>)>,
    issue: Option<dms_model::IssueCode>,
    lang: Lang,
    on_change: leptos::prelude::Callback<String>,
) -> impl leptos::IntoView {
    use crate::contract;
    use crate::i18n::{label, tr, ui};
    use leptos::prelude::*;
    let issue_id = contract::issue_id(&id);
    let described = issue.map(|_| issue_id.clone());
    let invalid = issue.map(|_| "true");
    let control = match choices {
        Some((english, arabic)) => {
            let shown = if lang == Lang::Ar {
                arabic
            } else {
                english.clone()
            };
            // Nothing chosen shows "Choose…", never the first choice: what is shown is the lead's.
            let chosen = english
                .iter()
                .any(|item| dms_model::lists::same_text(&item.text, &text));
            let options = english
                .iter()
                .map(|item| {
                    let caption = shown
                        .iter()
                        .find(|s| s.value == item.value)
                        .map_or(item.text.clone(), |s| s.text.clone());
                    let selected = dms_model::lists::same_text(&item.text, &text);
                    view! { <option value=item.text.clone() selected=selected>{caption}</option> }
                })
                .collect_view();
            view! {
                <select id=id.clone() aria-label=tr(lang, label(key)) aria-invalid=invalid aria-describedby=described
                    on:change=move |ev| on_change.run(event_target_value(&ev))>
                    <option value="" selected=!chosen>{tr(lang, ui::CHOOSE)}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        // A cascading choice whose parent is not chosen yet: nothing to type, choose above first.
        None if dms_model::validate::list_of(key).is_some_and(|(_, parent)| parent.is_some()) => view! {
            <select id=id.clone() disabled aria-label=tr(lang, label(key)) aria-invalid=invalid aria-describedby=described>
                <option value="">{tr(lang, dms_model::validate::list_of(key).map_or(ui::CHOOSE_PARENT_FIRST, |(list, _)| crate::i18n::choose_first(list)))}</option>
            </select>
        }
        .into_any(),
        None => view! {
            <input id=id.clone() type="text" dir="auto" value=text aria-label=tr(lang, label(key))
                aria-invalid=invalid aria-describedby=described
                on:change=move |ev| on_change.run(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <div class="dlf-cell" class:dlf-invalid=issue.is_some()>
            {control}
            {issue.map(|code| view! { <p class=contract::ISSUE_CLASS id=issue_id>{contract::issue_text(lang, Some(code))}</p> })}
        </div>
    }
}
