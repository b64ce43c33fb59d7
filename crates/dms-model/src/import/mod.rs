//! CSV bulk import for the dealer pages: read a file, map its columns to lead fields, and turn rows
//! into leads in the DMS's English texts, ready for [`crate::prepare`].
//!
//! Dealers export from spreadsheets in either language, so:
//! - the file may start with a UTF-8 BOM, use `,` or `;` between cells (chosen from the header
//!   line), quote cells with `"` (RFC 4180, `""` inside quotes) and end lines with CRLF or LF;
//! - a header is recognised by the field's JSON key (`firstName`), its English or Arabic label
//!   ([`crate::labels::label`]) or a few common spellings ([`HEADER_ALIASES`]), ignoring case,
//!   spaces and punctuation;
//! - list cells may be written in English or Arabic: [`ListBook::to_english`] turns them into the
//!   English texts the bulk body carries.
//!
//! By concern: [`csv`] (reading the file), [`columns`] (headers to fields, cells into a lead),
//! [`book`] (the lists, indexed by text in both languages) and its hasher.

pub mod book;
pub mod columns;
pub mod csv;
mod hasher;

pub use book::ListBook;
pub(crate) use columns::header_key;
pub use columns::{
    auto_map, column_of, field_for_header, field_text, import_fields, parse_flag, row_to_lead,
    rows_to_leads, set_field, template_csv, HEADER_ALIASES,
};
pub use csv::{detect_delimiter, parse_csv, Table};

#[cfg(test)]
mod tests;
