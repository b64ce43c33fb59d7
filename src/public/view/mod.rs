//! The public form's views: the controls ([`fields`]) and the form they make up ([`lead_form`]).

pub mod city;
pub mod fields;
pub mod lead_form;
