// Loads the form from wherever this script is served, with no inline script on the host page, so a
// strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') is enough.
// The wasm, by far the largest file, is requested at once, alongside the glue module: a static
// import would only start it once the glue had arrived.
const wasm = fetch(new URL("./dms-lead-widget_bg.wasm", import.meta.url));
const { default: init } = await import("./dms-lead-widget.js");
init({ module_or_path: wasm });
