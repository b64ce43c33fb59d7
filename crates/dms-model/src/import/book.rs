//! The list book: every list an import needs, in both languages, indexed by text.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::hasher::FastMap;
use crate::lists::{Catalog, ItemId, ListItem, ListType, Lookup};
use crate::normalize::normalized;
use crate::validate::{chosen_brand, field, walk_list_fields, ListChoices, ListFieldStep};
use crate::wire::Lead;

/// Lists in both languages, as the import loads them: validation reads the English side, and
/// [`ListBook::to_english`] recognises a cell written in either.
///
/// Every list is indexed by its texts as [`crate::lists::same_text`] compares them, so judging thousands of rows
/// costs a hash lookup per cell instead of a normalisation per choice.
#[derive(Debug, Clone, Default)]
pub struct ListBook {
    lists: FastMap<(ListType, Option<ItemId>), IndexedList>,
}

#[derive(Debug, Clone)]
struct IndexedList {
    english: Vec<ListItem>,
    arabic: Vec<ListItem>,
    /// Text key (either language) → item id.
    ids_by_text: FastMap<String, ItemId>,
    /// Text key of an English text → its place in `english`.
    english_by_text: FastMap<String, usize>,
}

/// What [`crate::lists::same_text`] compares: the normalised text, ASCII letters in lower case.
/// Borrowed when the text is its own key, as most list texts and cells are.
fn text_key(text: &str) -> Cow<'_, str> {
    let key = normalized(text);
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        key
    }
}

impl ListBook {
    /// Adds a list as loaded in English and Arabic.
    pub fn insert(
        &mut self,
        list: ListType,
        parent: Option<ItemId>,
        english: Vec<ListItem>,
        arabic: Vec<ListItem>,
    ) {
        let mut ids_by_text = FastMap::default();
        // Arabic first, so an English text equal to an Arabic one of another item wins.
        for item in arabic.iter().chain(&english) {
            ids_by_text.insert(text_key(&item.text).into_owned(), item.value);
        }
        let english_by_text = english
            .iter()
            .enumerate()
            .map(|(i, item)| (text_key(&item.text).into_owned(), i))
            .collect();
        self.lists.insert(
            (list, parent),
            IndexedList {
                english,
                arabic,
                ids_by_text,
                english_by_text,
            },
        );
    }

    pub fn contains(&self, list: ListType, parent: Option<ItemId>) -> bool {
        self.lists.contains_key(&(list, parent))
    }

    /// The id of the item written `text` in either language.
    fn id_of(&self, list: ListType, parent: Option<ItemId>, text: &str) -> Option<ItemId> {
        let indexed = self.lists.get(&(list, parent))?;
        indexed.ids_by_text.get(text_key(text).as_ref()).copied()
    }

    fn english_text(&self, list: ListType, parent: Option<ItemId>, id: ItemId) -> Option<&str> {
        let indexed = self.lists.get(&(list, parent))?;
        indexed
            .english
            .iter()
            .find(|item| item.value == id)
            .map(|i| i.text.as_str())
    }

    /// Walks `lead`'s cascade ([`walk_list_fields`]) with the item each cell names in either
    /// language, calling `reached` for every field whose list is known.
    fn resolve(
        &self,
        lead: &Lead,
        mut reached: impl FnMut(&ListFieldStep, Option<ItemId>),
    ) -> ListChoices {
        walk_list_fields(|step| {
            let id = lead
                .text_at(step.place)
                .and_then(|text| self.id_of(step.list, step.parent, text));
            reached(step, id);
            id
        })
    }

    /// Writes every list cell of `lead` in English (a cell in Arabic becomes the English text of
    /// the same item); cells not found stay as they are, for validation to report. Children are
    /// looked up under their parent's item, whichever language named it.
    pub fn to_english(&self, lead: &mut Lead) {
        let mut english_texts = Vec::new();
        let chosen = self.resolve(lead, |step, id| {
            if let Some(english) = id.and_then(|id| self.english_text(step.list, step.parent, id)) {
                english_texts.push((step.place, english));
            }
        });
        for (place, english) in english_texts {
            let value = lead.text_mut_at(place);
            if value.as_deref() != Some(english) {
                *value = Some(english.to_owned());
            }
        }
        let brand = chosen_brand(&chosen);
        for vehicle in &mut lead.vehicles {
            let (Some(brand), Some(family)) = (brand, vehicle.model_family.clone()) else {
                continue;
            };
            if let Some(english) = self
                .id_of(ListType::Model, Some(brand), &family)
                .and_then(|id| self.english_text(ListType::Model, Some(brand), id))
            {
                vehicle.model_family = Some(english.to_owned());
            }
        }
    }

    /// The choices of a list field of `lead` in English and Arabic (same ids), when loaded.
    pub fn choices(&self, lead: &Lead, key: &str) -> Option<(&[ListItem], &[ListItem])> {
        let mut list_of_key = None;
        let chosen = self.resolve(lead, |step, _| {
            if step.key == key {
                list_of_key = Some((step.list, step.parent));
            }
        });
        let wanted = match key {
            field::MODEL_FAMILY => (ListType::Model, Some(chosen_brand(&chosen)?)),
            field::MODEL_YEAR => (ListType::ModelYear, None),
            _ => list_of_key?,
        };
        self.lists
            .get(&wanted)
            .map(|l| (l.english.as_slice(), l.arabic.as_slice()))
    }

    /// Lists the leads need that are not loaded yet and can be asked for now (their parent is
    /// recognised): those of the fields they fill, and of empty fields too, so the dealer can
    /// choose what is missing. Call again after loading them: each round reaches one level deeper.
    pub fn missing(&self, leads: &[Lead]) -> BTreeSet<(ListType, Option<ItemId>)> {
        let mut wanted = BTreeSet::new();
        for lead in leads {
            // Most are loaded after the first round: a hash lookup each, no set insertion.
            let mut want = |list, parent| {
                if !self.contains(list, parent) {
                    wanted.insert((list, parent));
                }
            };
            let chosen = self.resolve(lead, |step, _| want(step.list, step.parent));
            if !lead.vehicles.is_empty() {
                want(ListType::ModelYear, None);
                if let Some(brand) = chosen_brand(&chosen) {
                    want(ListType::Model, Some(brand));
                }
            }
        }
        wanted
    }
}

impl Catalog for ListBook {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        self.lists
            .get(&(list, parent))
            .map(|l| l.english.as_slice())
    }

    /// As [`Catalog::find`] (English texts only), by the index.
    fn find(&self, list: ListType, parent: Option<ItemId>, text: &str) -> Lookup<'_> {
        match self.lists.get(&(list, parent)) {
            None => Lookup::Unknown,
            Some(indexed) => indexed
                .english_by_text
                .get(text_key(text).as_ref())
                .map_or(Lookup::Missing, |i| Lookup::Found(&indexed.english[*i])),
        }
    }
}
