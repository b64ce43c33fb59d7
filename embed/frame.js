// The hosted iframe page's loader (frame.html): loads the form, reports its height to the parent page
// so the iframe never scrolls, and forwards the form's events. Messages go only to the parent's origin,
// and only when that origin is one the frame page lists in data-parent-origins.
import init from "./dms-lead-widget.js";

const mount = document.querySelector("[data-dms-lead-form]");
const allowed = (mount?.dataset.parentOrigins || "").split(/\s+/).filter(Boolean);
const claimed = new URLSearchParams(location.search).get("dlf_parent");
const parentOrigin = window.parent !== window && allowed.includes(claimed) ? claimed : null;

function tell(type, extra) {
  if (parentOrigin) window.parent.postMessage({ type, ...extra }, parentOrigin);
}

for (const type of ["ready", "submitted", "queued", "failed"]) {
  mount?.addEventListener(`dms-lead-form:${type}`, (event) => tell(`dms-lead-form:${type}`, { detail: event.detail }));
}
let last = 0;
new ResizeObserver(() => {
  const height = document.documentElement.getBoundingClientRect().height;
  if (Math.abs(height - last) >= 1) {
    last = height;
    tell("dms-lead-form:height", { height });
  }
}).observe(document.documentElement);

init({ module_or_path: new URL("./dms-lead-widget_bg.wasm", import.meta.url) });
