//! The widget's replacement for `wasm-streams`.
//!
//! Why it exists: `leptos` always builds `server_fn` with its browser client, and that client turns
//! fetch bodies into Rust streams (and back) through `wasm-streams`. The widget has no server
//! functions: it talks to the DMS through its own `fetch` calls (`src/api.rs`). Yet the stream
//! adapters' exported JS classes (`IntoUnderlyingSource`, …) keep their code and the futures
//! machinery behind them alive in the wasm, and wasm-opt cannot drop code that a vtable still
//! points at. Replacing the crate at link time removes that wasm and JS glue from the public form
//! (what it saves is measured in `docs/performance.md`).
//!
//! The API is the subset `server_fn` calls, with the same signatures. A streaming server function,
//! should one ever be added, would fail loudly: its request body cannot be built (panic) and its
//! response stream yields one error. Remove the `[patch]` in the root `Cargo.toml` before adding one.

use futures_util::stream::{self, Stream};
use wasm_bindgen::JsValue;

const NOT_BUILT_IN: &str = "dms-lead-widget is built without stream support (crates/no-streams)";

/// A browser `ReadableStream`, held but never read.
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    /// Wraps a browser stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream(raw)
    }

    /// The browser stream back.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    /// Would adapt a Rust stream for a streaming request body; the widget sends none.
    pub fn from_stream<S>(_stream: S) -> Self
    where
        S: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        panic!("{NOT_BUILT_IN}")
    }

    /// Would read the browser stream chunk by chunk; yields a single error instead.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> {
        stream::once(async { Err(JsValue::from_str(NOT_BUILT_IN)) })
    }
}
