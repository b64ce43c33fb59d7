//! The simulator's list data, in English and Arabic.
//!
//! Real places (Saudi Arabia's 13 regions and their main cities, the GCC states and two neighbours),
//! brands sold in the Kingdom with their business areas, branches in real cities and model families,
//! and every other list of the lead API document. Ids follow the customer document's example where it
//! shows one (Saudi Arabia 1, Riyadh region 1, Riyadh city 1, phone code 00966 = 1, Arabic = 1, …).

use std::collections::HashMap;

mod data;

use dms_model::{Catalog, ItemId, Lang, ListItem, ListType};

use data::*;

type ListKey = (ListType, Option<ItemId>);

/// Every list of the simulator, keyed by `(list, parentId)`, in both languages.
pub struct SimCatalog {
    /// By `(list, parentId)`: the items in English and in Arabic.
    lists: HashMap<ListKey, (Vec<ListItem>, Vec<ListItem>)>,
}

impl SimCatalog {
    /// Builds the catalogue; model years run from six years back to next year of `current_year`.
    pub fn new(current_year: i32) -> SimCatalog {
        let mut cat = SimCatalog {
            lists: HashMap::new(),
        };
        for (list, items) in FLAT {
            for (id, en, ar) in *items {
                cat.add(*list, None, *id, (*en).to_owned(), (*ar).to_owned());
            }
        }
        let mut city_id = 0;
        for (country_id, country, regions) in PLACES {
            cat.add_bi(ListType::Country, None, *country_id, *country);
            for (region_id, region, cities) in *regions {
                cat.add_bi(ListType::Region, Some(*country_id), *region_id, *region);
                for city in *cities {
                    city_id += 1;
                    cat.add_bi(ListType::City, Some(*region_id), city_id, *city);
                }
            }
        }
        for (brand_id, brand, areas, models) in BRANDS {
            cat.add_bi(ListType::OuType, None, *brand_id, *brand);
            for (a, area) in areas.iter().enumerate() {
                let area_id = brand_id * 10 + a as ItemId + 1;
                cat.add_bi(ListType::BusinessArea, Some(*brand_id), area_id, area.name);
                for (c, city) in area.cities.iter().enumerate() {
                    let branch_id = area_id * 100 + c as ItemId + 1;
                    let en = format!("{} {} {}", brand.0, city.0, area.branch_kind.0);
                    let ar = format!("{} {} - {}", area.branch_kind.1, brand.1, city.1);
                    cat.add(ListType::BranchType, Some(area_id), branch_id, en, ar);
                }
            }
            for (m, model) in models.iter().enumerate() {
                let model_id = brand_id * 100 + m as ItemId + 1;
                cat.add_bi(ListType::Model, Some(*brand_id), model_id, *model);
            }
        }
        for (source_id, source, subs) in SOURCES {
            cat.add_bi(ListType::LeadSource, None, *source_id, *source);
            for (s, sub) in subs.iter().enumerate() {
                let sub_id = source_id * 10 + s as ItemId + 1;
                cat.add_bi(ListType::LeadSubSource, Some(*source_id), sub_id, *sub);
            }
        }
        for year in (current_year - 6..=current_year + 1).rev() {
            cat.add(
                ListType::ModelYear,
                None,
                year.into(),
                year.to_string(),
                year.to_string(),
            );
        }
        cat
    }

    fn add_bi(&mut self, list: ListType, parent: Option<ItemId>, id: ItemId, text: Bi) {
        self.add(list, parent, id, text.0.to_owned(), text.1.to_owned());
    }

    fn add(&mut self, list: ListType, parent: Option<ItemId>, id: ItemId, en: String, ar: String) {
        let (ens, ars) = self.lists.entry((list, parent)).or_default();
        ens.push(ListItem::new(id, en));
        ars.push(ListItem::new(id, ar));
    }

    /// A list as the DMS would answer it; `None` when the list has no items under that parent.
    pub fn list(&self, list: ListType, parent: Option<ItemId>, lang: Lang) -> Option<&[ListItem]> {
        self.lists.get(&(list, parent)).map(|(en, ar)| match lang {
            Lang::En => en.as_slice(),
            Lang::Ar => ar.as_slice(),
        })
    }

    /// The text of an item in a language, wherever it hangs in the graph.
    pub fn text(&self, list: ListType, id: ItemId, lang: Lang) -> Option<&str> {
        self.lists
            .iter()
            .filter(|((l, _), _)| *l == list)
            .flat_map(|(_, (en, ar))| match lang {
                Lang::En => en.iter(),
                Lang::Ar => ar.iter(),
            })
            .find(|item| item.value == id)
            .map(|item| item.text.as_str())
    }

    /// The catalogue in one language, as validation reads it.
    pub fn in_lang(&self, lang: Lang) -> LangCatalog<'_> {
        LangCatalog {
            catalog: self,
            lang,
        }
    }
}

/// A [`SimCatalog`] seen in one language.
pub struct LangCatalog<'a> {
    catalog: &'a SimCatalog,
    lang: Lang,
}

impl Catalog for LangCatalog<'_> {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        // The simulator knows every list: a missing one is an empty list, so a wrong choice is
        // reported rather than skipped.
        Some(self.catalog.list(list, parent, self.lang).unwrap_or(&[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_items_in_both_languages() {
        let cat = SimCatalog::new(2026);
        for list in ListType::ALL {
            let any = cat
                .lists
                .iter()
                .any(|((l, _), (en, ar))| *l == list && !en.is_empty() && en.len() == ar.len());
            assert!(any, "{list:?}");
        }
    }

    #[test]
    fn ids_are_unique_per_list_and_cascades_resolve() {
        let cat = SimCatalog::new(2026);
        for list in ListType::ALL {
            let mut ids: Vec<ItemId> = cat
                .lists
                .iter()
                .filter(|((l, _), _)| *l == list)
                .flat_map(|(_, (en, _))| en.iter().map(|i| i.value))
                .collect();
            let n = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), n, "{list:?} has duplicate ids");
            // Every parent id used by a child list exists in the parent list.
            if let Some(parent) = list.parent() {
                for (l, p) in cat.lists.keys() {
                    if *l == list {
                        assert!(cat.text(parent, p.unwrap(), Lang::En).is_some());
                    }
                }
            }
        }
        assert_eq!(
            cat.list(ListType::Region, Some(1), Lang::En).unwrap().len(),
            13
        );
        assert_eq!(cat.text(ListType::City, 1, Lang::Ar), Some("الرياض"));
        assert_eq!(
            cat.text(ListType::Region, 4, Lang::En),
            Some("Eastern Province")
        );
        assert_eq!(
            cat.list(ListType::ModelYear, None, Lang::En)
                .unwrap()
                .first()
                .unwrap()
                .text,
            "2027"
        );
    }
}
