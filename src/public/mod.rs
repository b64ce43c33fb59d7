//! # The public form
//!
//! What a brand site, a landing page or a kiosk embeds. The data flows one way through these
//! modules: [`config`] (the mount element's `data-*` attributes) → [`state`] (`FormState`: the
//! values typed and chosen, turned into a DMS lead and judged by the `dms-model` rules) → [`view`]
//! (controls and sections, built with [`dom`], each select fed by `crate::lists`) → [`outbox`]
//! (a submitted lead is stored until the DMS confirmed it, and retried) → the proxy, with
//! [`events`] telling the embedding page how it went. [`mount`] puts a form into each element.
//!
//! The public form is built with [`dom`] instead of Leptos' `view!` and is budgeted for size:
//! see `docs/architecture.md` for the rules that keep it small.

pub mod config;
pub mod dom;
pub mod events;
pub mod mapping;
pub mod mount;
pub mod outbox;
pub mod state;
pub mod view;
