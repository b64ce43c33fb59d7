//! The CSV import's own work, natively: the same file as `e2e/bench/csv.mjs` (half of the rows in
//! Arabic), read, mapped and checked against the simulator's lists, phase by phase. A benchmark
//! printing numbers, not a test; it exists to profile the rules crate with native tools
//! (`perf record cargo run --release -p dms-sim --example csv_import`), which the browser does not
//! offer for wasm. `scripts/bench.sh` prints it beside the browser's figure.
//!
//!   cargo run --release -p dms-sim --example csv_import [rows] [runs]

use std::time::Instant;

use dms_model::import::{auto_map, parse_csv, rows_to_leads, ListBook};
use dms_model::{derive::derive_fields, prepare_owned, Date, Lang, Lead};
use dms_sim::catalog::SimCatalog;

#[rustfmt::skip]
const HEADER: [&str; 20] = [
    "leadType", "firstName", "lastName", "phoneNumber", "email", "phoneCode",
    "preferredLanguage", "customerCountry", "customerRegion", "customerCity", "brand",
    "businessArea", "branch", "interest", "modelFamily", "modelYear", "source", "subSource",
    "priority", "leadNote",
];
#[rustfmt::skip]
const ENGLISH: [&str; 20] = [
    "Individual", "Omar", "Al-Harbi", "0507654321", "omar@example.com", "00966", "English",
    "Saudi Arabia", "Riyadh", "Riyadh", "KIA", "Sales", "KIA Riyadh Showroom", "Test Drive",
    "Sorento", "{year}", "Showroom", "Walk-in", "Warm", "Call after 5",
];
#[rustfmt::skip]
const ARABIC: [&str; 20] = [
    "فرد", "سارة", "القحطاني", "٠٥٥١٢٣٤٥٦٧", "sara@example.com", "00966", "العربية",
    "المملكة العربية السعودية", "الرياض", "الرياض", "كيا", "المبيعات", "صالة عرض كيا - الرياض",
    "استفسار عن سيارة", "سبورتاج", "{year}", "صالة العرض", "زيارة مباشرة", "ساخن",
    "\"قالت: \"\"مساءً\"\"\"",
];

fn file(rows: usize, year: i32) -> String {
    let mut text = format!("\u{FEFF}{}\r\n", HEADER.join(";"));
    for row in 0..rows {
        let cells = if row % 2 == 1 { ENGLISH } else { ARABIC };
        let line: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(column, cell)| match column {
                2 => format!("{cell} {row}"), // every last name differs
                _ => cell.replace("{year}", &year.to_string()),
            })
            .collect();
        text.push_str(&line.join(";"));
        text.push_str("\r\n");
    }
    text
}

/// Loads every list the leads need, level by level, as the import page does through the proxy.
fn fill_book(book: &mut ListBook, sim: &SimCatalog, leads: &[Lead]) {
    loop {
        let missing = book.missing(leads);
        if missing.is_empty() {
            return;
        }
        for (list, parent) in missing {
            let items = |lang| sim.list(list, parent, lang).unwrap_or_default().to_vec();
            book.insert(list, parent, items(Lang::En), items(Lang::Ar));
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let rows = args.next().flatten().unwrap_or(5000);
    let runs = args.next().flatten().unwrap_or(5);
    let today = Date::today_utc();
    let sim = SimCatalog::new(today.year);
    let text = file(rows, today.year);
    let mut counted = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let table = parse_csv(&text);
        let parsed = Instant::now();
        let leads = rows_to_leads(&table.rows, &auto_map(&table.headers));
        let mapped = Instant::now();
        let mut book = ListBook::default();
        fill_book(&mut book, &sim, &leads);
        let loaded = Instant::now();
        let invalid = leads
            .iter()
            .filter(|raw| {
                let mut lead = (*raw).clone();
                book.to_english(&mut lead);
                derive_fields(&mut lead, "2026-01-01T09:00:00.000Z");
                !prepare_owned(lead, &book, today).1.is_empty()
            })
            .count();
        let checked = Instant::now();
        let ms = |from: Instant, to: Instant| (to - from).as_secs_f64() * 1000.0;
        // As the page counts: list loading is network time there, so it is left out.
        let total = ms(started, mapped) + ms(loaded, checked);
        println!(
            "native csv import: {rows} rows ({invalid} invalid): parse {:.1} ms, map {:.1} ms, \
             check {:.1} ms (list book {:.1} ms, not counted)",
            ms(started, parsed),
            ms(parsed, mapped),
            ms(loaded, checked),
            ms(mapped, loaded),
        );
        counted.push(total);
    }
    counted.sort_by(f64::total_cmp);
    let median = counted[counted.len() / 2];
    println!(
        "native csv import: median {median:.1} ms = {:.0} rows/s",
        rows as f64 / (median / 1000.0)
    );
}
