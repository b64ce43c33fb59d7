// Loads the form from wherever this script is served, with no inline script on the host page, so a
// strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') is enough.
import init from "./dms-lead-widget.js";

init({ module_or_path: new URL("./dms-lead-widget_bg.wasm", import.meta.url) });
