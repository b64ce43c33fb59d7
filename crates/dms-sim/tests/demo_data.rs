//! The demo's and the examples' presets must be choices the simulator offers: a theme or an
//! allowed preset naming a brand the DMS does not list would show a marketer something that
//! cannot be sent.

use std::fs;

use dms_model::{Lang, ListType};
use dms_sim::catalog::SimCatalog;

fn repo_file(path: &str) -> String {
    fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every English text of a list, over all its parents.
fn texts(catalog: &SimCatalog, list: ListType) -> Vec<String> {
    let parents: Vec<Option<i64>> = match list.parent() {
        None => vec![None],
        Some(parent) => texts_ids(catalog, parent).into_iter().map(Some).collect(),
    };
    parents
        .into_iter()
        .filter_map(|p| catalog.list(list, p, Lang::En))
        .flatten()
        .map(|item| item.text.clone())
        .collect()
}

fn texts_ids(catalog: &SimCatalog, list: ListType) -> Vec<i64> {
    catalog
        .list(list, None, Lang::En)
        .unwrap_or_default()
        .iter()
        .map(|item| item.value)
        .collect()
}

#[test]
fn the_iframe_page_allows_only_presets_the_dms_offers() {
    let catalog = SimCatalog::new(2025);
    let page = repo_file("demo/frame.html");
    let start = page
        .find("data-frame-presets='")
        .expect("the frame page lists its presets")
        + 20;
    let end = start + page[start..].find('\'').expect("closing quote");
    let allowed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&page[start..end]).expect("JSON");
    for (preset, list) in [
        ("brand", ListType::OuType),
        ("source", ListType::LeadSource),
        ("sub-source", ListType::LeadSubSource),
        ("priority", ListType::LeadPriority),
    ] {
        let offered = texts(&catalog, list);
        for value in allowed[preset].as_array().expect("a list of values") {
            let value = value.as_str().expect("text");
            assert!(
                offered.iter().any(|t| t == value),
                "{preset}={value} is not a choice of the DMS"
            );
        }
    }
}

#[test]
fn every_theme_preset_is_a_brand_the_dms_offers() {
    let catalog = SimCatalog::new(2025);
    let brands: Vec<String> = texts(&catalog, ListType::OuType)
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let css = repo_file("style/widget.css");
    let themes: Vec<&str> = css
        .split("[data-theme-preset=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(themes.len() >= 3, "the stylesheet has its brand themes");
    for theme in themes {
        assert!(
            brands.iter().any(|b| b == theme),
            "theme {theme} is not a brand of the DMS"
        );
    }
}
