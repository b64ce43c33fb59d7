//! Writes the texts of the form's first lines (`src/i18n/first-lines.json`, which `embed.js`
//! paints before the wasm arrives) as Rust constants for `i18n::ui`, so both read one file.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

const FIRST_LINES: &str = "src/i18n/first-lines.json";

fn main() {
    println!("cargo::rerun-if-changed={FIRST_LINES}");
    let json = fs::read_to_string(FIRST_LINES).expect("src/i18n/first-lines.json is readable");
    let texts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).expect("src/i18n/first-lines.json is a JSON object");
    let mut rust = String::new();
    for (name, pair) in &texts {
        let pair: [String; 2] = serde_json::from_value(pair.clone())
            .unwrap_or_else(|_| panic!("{name}: expected [English, Arabic]"));
        let [en, ar] = pair;
        writeln!(rust, "pub const {name}: T = ({en:?}, {ar:?});").expect("writing to a String");
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("first_lines.rs");
    fs::write(out, rust).expect("OUT_DIR is writable");
}
