//! View components of the public form.

pub mod fields;
pub mod lead_form;
