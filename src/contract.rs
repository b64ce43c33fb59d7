//! The markup contract every control keeps, on both front ends (the public form built with
//! `public::dom`, the dealer pages with `view!`): integrations, assistive technology and the tests
//! rely on it. An invalid control has `aria-invalid="true"` and `aria-describedby` pointing at its
//! message, an element of class [`ISSUE_CLASS`] with id [`issue_id`]; its box has
//! [`INVALID_CLASS`]; a list that could not be loaded says so in a `role="alert"` element of class
//! [`LOAD_FAILED_CLASS`] with a retry button.

use dms_model::{IssueCode, Lang};

use crate::i18n::{issue_message, tr, ui};

/// The class of a control's box while it shows an issue.
pub const INVALID_CLASS: &str = "dlf-invalid";
/// The class of the element holding a control's issue message.
pub const ISSUE_CLASS: &str = "dlf-issue";
/// The class of the notice that a list could not be loaded.
pub const LOAD_FAILED_CLASS: &str = "dlf-load-failed";

/// The id of the message of the control with id `control_id`.
pub fn issue_id(control_id: &str) -> String {
    format!("{control_id}-issue")
}

/// The message shown for `issue` (empty for none), in `lang`.
pub fn issue_text(lang: Lang, issue: Option<IssueCode>) -> &'static str {
    issue.map_or("", |code| tr(lang, issue_message(code)))
}

/// The notice's text and its button's, in `lang`.
pub fn load_failed_texts(lang: Lang) -> (&'static str, &'static str) {
    (tr(lang, ui::LOAD_FAILED), tr(lang, ui::RETRY))
}
