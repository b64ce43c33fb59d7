//! # dms-lead-widget
//!
//! The lead-capture form of the JTC DMS and the dealer pages, as one Leptos (CSR) library with two
//! entries: the public form (`src/main.rs`, budgeted for size) and the dealer pages
//! (`src/bin/dealer.rs`). `docs/architecture.md` walks through the data flow.
//!
//! - [`public`]: the public form — mounting, configuration, form state, outbox, host events and
//!   its own small view layer ([`public::dom`]); no `view!`, for the download's size.
//! - [`dealer`]: the dealer pages (bulk status, customer lookup, CSV import, lead-bank inbox),
//!   built with Leptos' `view!`.
//! - Shared by both: [`api`] (typed calls through the proxy), [`lists`] (the list cache and
//!   `use_list`; [`kept_lists`], the copies kept for the next visit), [`i18n`] (English and Arabic texts), [`browser`] (storage, timers, the browser's
//!   Unicode tables), [`contract`] (the markup every control keeps, on both).

pub mod api;
pub mod browser;
pub mod contract;
pub mod dealer;
#[cfg(feature = "heap-stats")]
pub mod heap_stats;
pub mod i18n;
pub mod kept_lists;
pub mod lists;
pub mod public;

pub use browser::use_browser_unicode;
pub use public::mount::{mount_all, mount_form};
