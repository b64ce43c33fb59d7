//! Fields read by their place among the lead's text fields, worked out by the compiler, and the
//! cascade walk that validation and imports share.

use super::field;
use super::tables::*;
use crate::lists::{ItemId, ListType};
use crate::wire::Lead;

// Rules that run for every row of an import read fields by their place among
// [`Lead::TEXT_KEYS`] instead of matching key strings. The places are worked out by the compiler:
// no start-up work, and a rule table naming a field that is not a text field does not build.

pub(crate) const fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The places of `keys`, each of which must be a lead text field.
const fn places<const N: usize>(keys: &[&str]) -> [usize; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = match Lead::text_slot(keys[i]) {
            Some(place) => place,
            None => panic!("a rule table names a field that is not a lead text field"),
        };
        i += 1;
    }
    out
}

pub(super) const ALWAYS_REQUIRED_PLACES: [usize; ALWAYS_REQUIRED.len()] = places(ALWAYS_REQUIRED);
pub(super) const INDIVIDUAL_REQUIRED_PLACES: [usize; INDIVIDUAL_REQUIRED.len()] =
    places(INDIVIDUAL_REQUIRED);
pub(super) const COMPANY_REQUIRED_PLACES: [usize; COMPANY_REQUIRED.len()] =
    places(COMPANY_REQUIRED);

/// The places of [`MAX_LENGTHS`]' keys; `None` for vehicle fields (checked per vehicle).
pub(super) const MAX_LENGTH_PLACES: [Option<usize>; MAX_LENGTHS.len()] = {
    let mut out = [None; MAX_LENGTHS.len()];
    let mut i = 0;
    while i < MAX_LENGTHS.len() {
        out[i] = Lead::text_slot(MAX_LENGTHS[i].0);
        i += 1;
    }
    out
};

/// Where each of [`LIST_FIELDS`] stands among the lead's text fields, in the same order.
const LIST_FIELD_PLACES: [usize; LIST_FIELDS.len()] = {
    let mut keys = [""; LIST_FIELDS.len()];
    let mut i = 0;
    while i < LIST_FIELDS.len() {
        keys[i] = LIST_FIELDS[i].0;
        i += 1;
    }
    places(&keys)
};

/// For each of [`LIST_FIELDS`], the index there of its parent field. A table listing a child before
/// its parent does not build.
const LIST_FIELD_PARENTS: [Option<usize>; LIST_FIELDS.len()] = {
    let mut out = [None; LIST_FIELDS.len()];
    let mut i = 0;
    while i < LIST_FIELDS.len() {
        if let Some(parent_key) = LIST_FIELDS[i].2 {
            let mut j = 0;
            while !same_key(LIST_FIELDS[j].0, parent_key) {
                j += 1;
                assert!(j < i, "LIST_FIELDS names a parent after its child");
            }
            out[i] = Some(j);
        }
        i += 1;
    }
    out
};

/// The index of `key` in [`LIST_FIELDS`].
const fn list_field_index(key: &str) -> usize {
    let mut i = 0;
    while !same_key(LIST_FIELDS[i].0, key) {
        i += 1;
    }
    i
}

/// The items a lead's list fields name, by their index in [`LIST_FIELDS`].
pub type ListChoices = [Option<ItemId>; LIST_FIELDS.len()];

/// A list field whose list is known: no parent, or its parent's text named an item.
pub struct ListFieldStep {
    pub key: &'static str,
    /// The field's place among the lead's text fields ([`Lead::text_at`]).
    pub place: usize,
    pub list: ListType,
    /// The parent's item: the field's choices are its children.
    pub parent: Option<ItemId>,
}

/// Goes through a lead's cascade in one pass, parents first: `item` says which item each reached
/// field names; a field whose parent named none is not reached (the parent's problem comes first).
/// Validation and imports both resolve cascades this way; imports do it for thousands of rows.
pub fn walk_list_fields(mut item: impl FnMut(&ListFieldStep) -> Option<ItemId>) -> ListChoices {
    let mut chosen: ListChoices = [None; LIST_FIELDS.len()];
    for (index, (key, list, _)) in LIST_FIELDS.iter().enumerate() {
        let parent = match LIST_FIELD_PARENTS[index] {
            None => None,
            Some(parent) => match chosen[parent] {
                Some(id) => Some(id),
                None => continue,
            },
        };
        let step = ListFieldStep {
            key,
            place: LIST_FIELD_PLACES[index],
            list: *list,
            parent,
        };
        chosen[index] = item(&step);
    }
    chosen
}

/// The brand's item among `chosen`: model families are listed under it.
pub fn chosen_brand(chosen: &ListChoices) -> Option<ItemId> {
    chosen[list_field_index(field::BRAND)]
}

/// The list a field takes its choices from (vehicle fields by their own key).
pub fn list_of(key: &str) -> Option<(ListType, Option<&'static str>)> {
    match key {
        field::MODEL_FAMILY => Some((ListType::Model, Some(field::BRAND))),
        field::MODEL_YEAR => Some((ListType::ModelYear, None)),
        _ => LIST_FIELDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, list, parent)| (*list, *parent)),
    }
}
