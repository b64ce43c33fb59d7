//! Dates and times as a dealer reads them: in the dealership's time zone (`data-time-zone`,
//! Asia/Riyadh unless the page says otherwise) and the page's language, Gregorian with Latin digits
//! in both (as the ids and phone numbers beside them). The DMS's own value stays in a `title`.
//!
//! A DMS time without an offset (`2025-08-20T07:30:00`) is taken as UTC, as its examples with one
//! (`…Z`) are. Written down in docs/assumptions.md.

use dms_model::Lang;
use wasm_bindgen::JsValue;

/// The zone when the page names none.
pub const DEFAULT_ZONE: &str = "Asia/Riyadh";

/// `raw` (an ISO date-time from the DMS) in `zone`, as the page's language writes a date and time;
/// `None` when it is not a date-time or `zone` is not a time zone the browser knows.
pub fn local_date_time(raw: &str, lang: Lang, zone: &str) -> Option<String> {
    let time = raw.get(10..)?;
    let has_offset = time.ends_with(['Z', 'z']) || time.get(1..)?.contains(['+', '-']);
    let instant = match has_offset {
        true => raw.to_owned(),
        false => format!("{raw}Z"),
    };
    let ms = js_sys::Date::parse(&instant);
    if ms.is_nan() {
        return None;
    }
    let options = js_sys::Object::new();
    for (key, value) in [
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
        ("timeZone", zone),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let locale = match lang {
        Lang::Ar => "ar-u-ca-gregory-nu-latn",
        Lang::En => "en-GB-u-ca-gregory",
    };
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = js_sys::Reflect::get(&intl, &"DateTimeFormat".into()).ok()?;
    let args = js_sys::Array::of2(&locale.into(), &options);
    // An unknown zone throws a RangeError: caught here, the raw value is shown instead.
    let format = js_sys::Reflect::construct(&constructor.into(), &args).ok()?;
    let format = js_sys::Reflect::get(&format, &"format".into()).ok()?;
    let format: js_sys::Function = format.into();
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    format.call1(&JsValue::NULL, &date).ok()?.as_string()
}
