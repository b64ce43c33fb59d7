/*
 * dms-lead-form iframe embed, host side. On the host page:
 *
 *   <iframe data-dms-lead-frame src="https://forms.example/frame.html?lang=ar&brand=KIA" title="Request a call back"></iframe>
 *   <script src="https://forms.example/frame-host.js" async></script>
 *
 * Passes the host page's campaign parameters (utm_*, gclid, fbclid), address and referrer to the
 * form, sizes the iframe to the form's height (no second scrollbar), and re-dispatches the form's
 * events (dms-lead-form:ready / submitted / queued / failed) on the iframe element. Messages are
 * accepted only from the iframe's own origin and window.
 */
(function () {
  "use strict";
  var TRACKED = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "gclid", "fbclid"];

  function prepare(frame) {
    if (frame.dataset.dmsLeadFrameReady) return;
    frame.dataset.dmsLeadFrameReady = "1";
    var src = new URL(frame.getAttribute("src"), location.href);
    var here = new URLSearchParams(location.search);
    TRACKED.forEach(function (name) {
      if (here.has(name) && !src.searchParams.has(name)) src.searchParams.set(name, here.get(name));
    });
    src.searchParams.set("dlf_page", location.origin + location.pathname);
    if (document.referrer) src.searchParams.set("dlf_referrer", document.referrer);
    src.searchParams.set("dlf_parent", location.origin);
    frame.style.border = "0";
    frame.style.width = "100%";
    frame.style.overflow = "hidden";
    frame.setAttribute("scrolling", "no");
    frame.src = src.href;
    window.addEventListener("message", function (event) {
      if (event.origin !== src.origin || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.type === "dms-lead-form:height" && typeof data.height === "number") {
        frame.style.height = Math.ceil(data.height) + "px";
      } else if (typeof data.type === "string" && data.type.indexOf("dms-lead-form:") === 0) {
        frame.dispatchEvent(new CustomEvent(data.type, { bubbles: true, detail: data.detail || {} }));
      }
    });
  }

  function all() {
    document.querySelectorAll("iframe[data-dms-lead-frame]").forEach(prepare);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
