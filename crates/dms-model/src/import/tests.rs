use super::book::*;
use super::columns::*;
use super::csv::*;
use crate::lists::{Catalog, ListItem, ListType, Lookup};
use crate::validate::field;
use crate::wire::Lead;

#[test]
fn parses_quotes_bom_semicolons_and_blank_lines() {
    let table = parse_csv("\u{FEFF}firstName;leadNote\r\n\"Sara\";\"said \"\"hi\"\"; twice\"\r\n\r\nعلي;\"multi\nline\"\n");
    assert_eq!(table.headers, ["firstName", "leadNote"]);
    assert_eq!(
        table.rows,
        vec![
            vec!["Sara".to_owned(), "said \"hi\"; twice".to_owned()],
            vec!["علي".to_owned(), "multi\nline".to_owned()],
        ]
    );
    let table = parse_csv("a,b,c\n1\n");
    assert_eq!(
        table.rows,
        vec![vec!["1".to_owned(), String::new(), String::new()]]
    );
}

proptest::proptest! {
    /// Whatever the cells hold (quotes, delimiters, line breaks, Arabic), a file written the
    /// way spreadsheets quote reads back as the same cells.
    #[test]
    fn quoted_cells_read_back_as_written(
        rows in proptest::collection::vec(
            proptest::collection::vec("[a-z\"\u{0627}-\u{0629};,\r\n ]{0,6}", 3),
            1..6,
        ),
        delimiter in proptest::sample::select(vec![',', ';']),
    ) {
        let quote = |cell: &String| format!("\"{}\"", cell.replace('"', "\"\""));
        let line = |cells: &[String]| {
            cells.iter().map(quote).collect::<Vec<_>>().join(&delimiter.to_string())
        };
        let headers: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut file = line(&headers);
        // The delimiter is detected from the header line: make it win.
        file.push_str(&format!("{delimiter}{delimiter}\r\n"));
        for row in &rows {
            file.push_str(&line(row));
            file.push_str("\r\n");
        }
        let table = parse_csv(&file);
        let kept: Vec<Vec<String>> = rows
            .iter()
            .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
            .cloned()
            .collect();
        proptest::prop_assert_eq!(&table.headers[..3], &headers[..]);
        let cells: Vec<Vec<String>> = table.rows.iter().map(|r| r[..3].to_vec()).collect();
        proptest::prop_assert_eq!(cells, kept);
    }
}

#[test]
fn headers_map_by_key_label_and_alias_in_both_languages() {
    let headers: Vec<String> = [
        "First Name",
        "رقم الجوال",
        "E-mail",
        "brand",
        "المدينة",
        "Mobile",
        "??",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        auto_map(&headers),
        vec![
            Some(field::FIRST_NAME),
            Some(field::PHONE_NUMBER),
            Some(field::EMAIL),
            Some(field::BRAND),
            Some(field::CUSTOMER_CITY),
            None, // the phone column is taken already
            None,
        ]
    );
}

#[test]
fn headers_in_a_dealers_wording_map_in_both_languages() {
    let headers: Vec<String> = ["Lead type", "نوع العميل المحتمل", "Purchase plan", "ملاحظة"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        headers
            .iter()
            .map(|h| field_for_header(h))
            .collect::<Vec<_>>(),
        vec![
            Some(field::LEAD_TYPE),
            Some(field::LEAD_TYPE),
            Some(field::PURCHASE_PLAN),
            Some(field::LEAD_NOTE),
        ]
    );
}

#[test]
fn template_maps_onto_itself() {
    let table = parse_csv(&template_csv());
    let mapping = auto_map(&table.headers);
    assert_eq!(mapping.len(), import_fields().len());
    assert!(mapping
        .iter()
        .zip(import_fields())
        .all(|(m, k)| *m == Some(*k)));
    let lead = row_to_lead(&table.rows[0], &mapping);
    assert_eq!(lead.first_name.as_deref(), Some("Sara"));
    assert_eq!(lead.test_drive_required, Some(true));
    assert_eq!(lead.vehicles[0].model_year, Some(2025));
    assert_eq!(field_text(&lead, field::MODEL_YEAR), "2025");
    assert_eq!(column_of("vehicles[0].modelYear"), "modelYear");
}

#[test]
fn arabic_cells_become_english_under_their_parents() {
    let mut book = ListBook::default();
    book.insert(
        ListType::Country,
        None,
        vec![ListItem::new(1, "Saudi Arabia")],
        vec![ListItem::new(1, "المملكة العربية السعودية")],
    );
    book.insert(
        ListType::Region,
        Some(1),
        vec![ListItem::new(10, "Riyadh Region")],
        vec![ListItem::new(10, "منطقة الرياض")],
    );
    let mut lead = Lead {
        customer_country: Some("المملكة العربية السعودية".into()),
        customer_region: Some("منطقة الرياض".into()),
        customer_city: Some("الرياض".into()),
        ..Lead::default()
    };
    let missing = book.missing(std::slice::from_ref(&lead));
    assert!(missing.contains(&(ListType::City, Some(10))));
    assert!(
        missing.contains(&(ListType::OuType, None)),
        "empty fields get their choices"
    );
    assert!(!missing
        .iter()
        .any(|(l, _)| *l == ListType::Region || *l == ListType::BranchType));
    // Validation sees English texts only, compared as everywhere else.
    assert!(
        matches!(book.find(ListType::Country, None, "  saudi   ARABIA "), Lookup::Found(i) if i.value == 1)
    );
    assert_eq!(
        book.find(ListType::Country, None, "المملكة العربية السعودية"),
        Lookup::Missing
    );
    assert_eq!(
        book.find(ListType::City, Some(10), "Riyadh"),
        Lookup::Unknown
    );
    book.to_english(&mut lead);
    assert_eq!(lead.customer_country.as_deref(), Some("Saudi Arabia"));
    assert_eq!(lead.customer_region.as_deref(), Some("Riyadh Region"));
    assert_eq!(
        lead.customer_city.as_deref(),
        Some("الرياض"),
        "its list is not loaded"
    );
}
