/*
 * dms-lead-form script embed. On any page:
 *
 *   <div data-dms-lead-form data-api-base="https://proxy.example/api" data-gs-base="https://proxy.example/gs"
 *        data-lang="ar" data-brand="KIA"></div>
 *   <script src="https://forms.example/embed/embed.js" async></script>
 *
 * Mounts the form into every [data-dms-lead-form] element, each inside a shadow root with its styles,
 * loading the hashed bundle from this script's own folder. Every file is checked against the integrity
 * hash written into this script at build time (scripts/build-embed.sh fills ASSETS).
 *
 * Host API, usable before this script has loaded (calls are queued, not lost):
 *   window.dmsLeadForm = window.dmsLeadForm || [];
 *   dmsLeadForm.push(["set", { leadReference: "SPRING-24", brand: "KIA" }]);   // every form
 *   dmsLeadForm.push(["set", { firstName: "Sara" }, "#hero-form"]);           // forms matching a selector
 *   dmsLeadForm.push(["reset"]);
 * Events (dms-lead-form:ready / submitted / queued / failed) are DOM CustomEvents on the mount element.
 */
(function () {
  "use strict";
  if (window.dmsLeadFormEmbed) return; // loaded twice: the first one does the work
  window.dmsLeadFormEmbed = true;
  var ASSETS = /*ASSETS*/ null;
  var script = document.currentScript;
  var base = new URL(".", script && script.src ? script.src : location.href);
  var pending = Array.isArray(window.dmsLeadForm) ? window.dmsLeadForm : [];

  function forms(selector) {
    var all = document.querySelectorAll("[data-dms-lead-form]");
    return Array.prototype.filter.call(all, function (el) {
      return el.dmsLeadForm && (!selector || el.matches(selector));
    });
  }
  function run(command) {
    if (!Array.isArray(command)) return;
    var verb = command[0];
    if (verb === "set") forms(command[2]).forEach(function (el) { el.dmsLeadForm.set(command[1] || {}); });
    else if (verb === "reset") forms(command[1]).forEach(function (el) { el.dmsLeadForm.reset(); });
    else console.warn("dms-lead-form: unknown command", verb);
  }
  function url(asset) { return new URL(asset.name, base).href; }
  function checked(asset) {
    return fetch(url(asset), { integrity: asset.integrity, mode: "cors", credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(asset.name + ": HTTP " + r.status);
      return r;
    });
  }
  // The module is preloaded with its integrity first, so the import() below uses the checked copy.
  function preloadModule(asset) {
    return new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = url(asset);
      link.integrity = asset.integrity;
      link.crossOrigin = "anonymous";
      link.onload = resolve;
      link.onerror = function () { reject(new Error(asset.name + " failed its integrity check")); };
      document.head.appendChild(link);
    });
  }

  // All three downloads start at once: the wasm, by far the largest, must not wait for the glue.
  var wasm = checked(ASSETS.wasm);
  wasm.catch(function () {}); // reported below, once the glue asks for it
  Promise.all([
    preloadModule(ASSETS.js).then(function () { return import(url(ASSETS.js)); }),
    checked(ASSETS.css).then(function (r) { return r.text(); }),
  ]).then(function (loaded) {
    var bundle = loaded[0];
    return bundle.default({ module_or_path: wasm }).then(function () {
      bundle.dmsMountEmbedded(loaded[1]);
      window.dmsLeadForm = { push: run };
      pending.forEach(run);
    });
  }).catch(function (error) {
    console.error("dms-lead-form: the form could not be loaded", error);
  });
})();
