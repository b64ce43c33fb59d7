//! Completing a lead taken while the DMS's lists could not be loaded (a first visit during an
//! outage): the visitor typed their city, and the page's presets and the defaults went in as
//! texts. Before the outbox sends such a lead it loads the lists, maps the typed city to the DMS's
//! region and city, chooses a branch if none was, and notes what the form chose
//! ([`dms_model::public_form::complete_place`]). Until the lists can be loaded the lead waits in
//! the outbox like any lead that could not be sent.

use dms_model::campaign::joined_note;
use dms_model::lists::same_text;
use dms_model::public_form::{complete_place, RegionCities};
use dms_model::{field, ItemId, Lang, ListItem, ListType};
use futures::future::LocalBoxFuture;
use js_sys::{Reflect, JSON};
use std::sync::Arc;
use wasm_bindgen::JsValue;

use crate::lists::load;

/// The id of the item with English text `text`.
fn id_of(items: &[ListItem], text: &str) -> Option<ItemId> {
    items
        .iter()
        .find(|item| same_text(&item.text, text))
        .map(|item| item.value)
}

/// A list, `None` when it cannot be loaded now. Boxed, and the one way this module and the city
/// control load lists: every place that awaits an unboxed future carries a copy of its state
/// machine into the public form's wasm.
pub fn list_or_none(
    api_base: &str,
    list: ListType,
    parent: Option<ItemId>,
    lang: Lang,
) -> LocalBoxFuture<'static, Option<Arc<Vec<ListItem>>>> {
    let api_base = api_base.to_owned();
    Box::pin(async move { load(&api_base, list, parent, lang).await.ok() })
}

/// The regions of `country` and their cities, in English and, for `Lang::Ar`, in Arabic beside it;
/// `None` while a list cannot be loaded. The city select loads its lists with it (in the form's
/// language), and the completion of a typed city (in both: a visitor may type either).
pub async fn cities_of(api_base: &str, country: ItemId, lang: Lang) -> Option<Vec<RegionCities>> {
    let mut out = Vec::new();
    let regions = list_or_none(api_base, ListType::Region, Some(country), Lang::En).await?;
    // Every region's cities are asked at once, and joined below: asked one after another, a phone
    // waited a round trip per region (two in Arabic) before it could choose a city.
    for region in regions.iter() {
        for lang in [Lang::En, lang] {
            let cities = list_or_none(api_base, ListType::City, Some(region.value), lang);
            leptos::task::spawn_local(futures::FutureExt::map(cities, drop));
        }
    }
    for region in regions.iter() {
        let parent = Some(region.value);
        let english = list_or_none(api_base, ListType::City, parent, Lang::En).await?;
        let arabic = match lang {
            Lang::Ar => Some(list_or_none(api_base, ListType::City, parent, lang).await?),
            Lang::En => None,
        };
        let arabic_of = |id: ItemId| {
            let arabic = arabic.as_ref()?;
            Some(arabic.iter().find(|a| a.value == id)?.text.clone())
        };
        out.push(RegionCities {
            region: region.text.clone(),
            cities: english
                .iter()
                .map(|c| (c.text.clone(), arabic_of(c.value)))
                .collect(),
        });
    }
    Some(out)
}

/// The branches of the lead's brand and business area (English texts).
async fn branches(api_base: &str, brand: &str, area: &str) -> Option<Vec<String>> {
    let brands = list_or_none(api_base, ListType::OuType, None, Lang::En).await?;
    let brand = id_of(&brands, brand)?;
    let areas = list_or_none(api_base, ListType::BusinessArea, Some(brand), Lang::En).await?;
    let area = id_of(&areas, area)?;
    let branches = list_or_none(api_base, ListType::BranchType, Some(area), Lang::En).await?;
    Some(branches.iter().map(|b| b.text.clone()).collect())
}

/// The bulk `body` (JSON text) with its lead's place and branch completed, or `None` while the
/// lists cannot be loaded.
pub async fn complete(api_base: &str, body: &str) -> Option<String> {
    let bulk = JSON::parse(body).ok()?;
    let lead = Reflect::get(&Reflect::get(&bulk, &"leads".into()).ok()?, &0.into()).ok()?;
    let text = |key: &str| Reflect::get(&lead, &key.into()).ok()?.as_string();
    let country_list = list_or_none(api_base, ListType::Country, None, Lang::En).await?;
    let country = id_of(&country_list, &text(field::CUSTOMER_COUNTRY)?)?;
    let places = cities_of(api_base, country, Lang::Ar).await?;
    let branch = text(field::BRANCH);
    let branches = match (&branch, text(field::BRAND), text(field::BUSINESS_AREA)) {
        (None, Some(brand), Some(area)) => branches(api_base, &brand, &area).await?,
        _ => Vec::new(),
    };
    let typed = text(field::CUSTOMER_CITY).unwrap_or_default();
    let done = complete_place(&typed, &places, branch.as_deref(), &branches)?;
    let set = |key: &str, value: &str| Reflect::set(&lead, &key.into(), &JsValue::from_str(value));
    set(field::CUSTOMER_REGION, &done.region).ok()?;
    set(field::CUSTOMER_CITY, &done.city).ok()?;
    if let Some(branch) = &done.branch {
        set(field::BRANCH, branch).ok()?;
    }
    let mut note = text(field::LEAD_NOTE);
    for line in &done.notes {
        note = Some(joined_note(note.as_deref(), line));
    }
    if let Some(note) = note {
        set(field::LEAD_NOTE, &note).ok()?;
    }
    JSON::stringify(&bulk).ok()?.as_string()
}
