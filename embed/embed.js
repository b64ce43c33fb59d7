/*
 * dms-lead-form script embed. On any page:
 *
 *   <div data-dms-lead-form data-api-base="https://proxy.example/api" data-gs-base="https://proxy.example/gs"
 *        data-lang="ar" data-brand="KIA"></div>
 *   <script src="https://forms.example/embed/embed.js" async></script>
 *
 * Mounts the form into every [data-dms-lead-form] element, each inside a shadow root with its styles,
 * loading the hashed bundle from this script's own folder. Every file is checked against the integrity
 * hash written into this script at build time (embed/build.mjs fills ASSETS).
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
  // The form's first lines, [English, Arabic], from src/i18n/first-lines.json (embed/build.mjs fills TEXTS).
  var TEXTS = /*TEXTS*/ null;
  // The form's stylesheet (embed/build.mjs fills CSS from the release build): written in here, not
  // fetched, so the first lines are painted as soon as this script runs, one round trip sooner.
  var CSS = /*CSS*/ null;
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

  // While the wasm is on its way, each form's box shows the form's own first lines (heading,
  // introduction, note) with its styles, in a shadow root the form then takes over: people see
  // the form start at once, and nothing moves when the rest arrives. The elements and classes are
  // those the form renders first (src/public/view/lead_form/), which takes these very elements
  // over (`Painted`) rather than painting them again; text is set as text, never markup.
  var shells = [];
  // One constructed stylesheet for every form: a host page whose Content-Security-Policy has no
  // 'unsafe-inline' for styles refuses a <style> element, but not a stylesheet built by script.
  // Browsers without constructable stylesheets get the <style> element.
  var sheet = null;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  } catch (e) {
    sheet = null;
  }
  function paintShell(host) {
    if (host.shadowRoot || host.hasAttribute("data-dms-mounted")) return;
    var shadow;
    try { shadow = host.attachShadow({ mode: "open" }); } catch (e) { return; }
    var lang = formLang(host);
    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text[lang];
      return node;
    }
    var nodes = [];
    if (sheet && "adoptedStyleSheets" in shadow) {
      shadow.adoptedStyleSheets = [sheet];
    } else {
      var style = el("style");
      style.textContent = CSS;
      nodes.push(style);
    }
    var shell = el("div");
    var form = el("div", "dlf");
    form.lang = lang ? "ar" : "en";
    form.dir = lang ? "rtl" : "ltr";
    ["data-theme-preset", "data-color-scheme"].forEach(function (name) {
      if (host.hasAttribute(name)) form.setAttribute(name, host.getAttribute(name));
    });
    var body = el("form");
    body.appendChild(el("h2", "dlf-title", TEXTS.TITLE));
    body.appendChild(el("p", "dlf-intro", TEXTS.INTRO));
    body.appendChild(el("p", "dlf-note", TEXTS.REQUIRED_NOTE));
    form.appendChild(el("div", "dlf-status"));
    form.appendChild(body);
    shell.appendChild(form);
    nodes.push(shell);
    nodes.forEach(function (node) {
      node.setAttribute("data-dlf-shell", "");
      shadow.appendChild(node);
    });
    shells.push({ host: host, body: body, lang: lang });
  }
  function shellsFailed() {
    shells.forEach(function (shell) {
      // A mounted form took the first lines over; the others' elements could not hold a form.
      if (shell.told || shell.host.hasAttribute("data-dms-mounted")) return;
      shell.told = true;
      var alert = document.createElement("p");
      alert.className = "dlf-send-failed";
      alert.setAttribute("role", "alert");
      alert.textContent = TEXTS.FORM_LOAD_FAILED[shell.lang];
      shell.body.appendChild(alert);
    });
  }

  // The form's opening lists in one request, started beside the wasm: GET {api}/v1/lists?types=…
  // answers every list without a parent at once, and each goes where the form looks first, its kept
  // lists in localStorage (src/kept_lists.rs: key and "time\ntext" format). A copy that fresh is
  // used without asking again, so the form asks the proxy only for lists that follow a choice. An
  // older proxy without the route (404), or any failure, leaves the form to ask list by list.
  // An Arabic form also finds its presets and defaults (English DMS texts: "Saudi Arabia",
  // "Website") in the English lists (src/lists.rs, resolve_english): it gets those in a second batch
  // rather than one request per list.
  // ROOT_LISTS: every ListType whose parent() is None (a dms-model test holds the two together).
  var ROOT_LISTS = "CUSTOMER_TYPE,CUSTOMER_INDUSTRY_TYPE,TITLE,NATIONALITY,GENDER,COUNTRY,PHONE_CODE," +
    "LEAD_MONTHLY_INCOME,LANGUAGE,CONTACT_TYPE,OU_TYPE,LEAD_INTEREST,LEAD_SOURCE,VEHICLE_TYPE," +
    "MODEL_YEAR,PURCHASE_PLAN,PAYMENT_MODE,CURRENCY,LEAD_PRIORITY,YES_OR_NO";
  var listsAsked = {};
  function formLang(host) {
    // Arabic for `ar` and region-tagged forms of it, as the form decides (Lang::from_code).
    return (host.getAttribute("data-lang") || "").trim().split(/[-_]/)[0].toLowerCase() === "ar" ? 1 : 0;
  }
  function prefetchLists(host) {
    // The endpoint as the form reads it (config::endpoint): an http(s) URL or an absolute path.
    var api = (host.getAttribute("data-api-base") || "").trim();
    if (!/^(https?:\/\/|\/)/.test(api)) return;
    api = api.replace(/\/+$/, "");
    batch(api, "en");
    if (formLang(host)) batch(api, "ar");
  }
  function batch(api, lang) {
    var key = api + "|" + lang;
    if (listsAsked[key]) return;
    listsAsked[key] = fetch(api + "/v1/lists?types=" + ROOT_LISTS + "&lang=" + lang, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (lists) {
        var now = Date.now();
        Object.keys(lists || {}).forEach(function (type) {
          try {
            localStorage.setItem("dms-lead-widget.list." + api + "|" + type + "|-|" + lang, now + "\n" + JSON.stringify(lists[type]));
          } catch (e) { /* storage full or off: the form asks list by list */ }
        });
      })
      .catch(function () {});
  }
  function listsSettled() {
    var asked = Object.keys(listsAsked).map(function (k) { return listsAsked[k]; });
    // A batch slower than this must not hold the form back: it then asks list by list.
    var enough = new Promise(function (resolve) { setTimeout(resolve, 1500); });
    return Promise.race([Promise.all(asked), enough]);
  }

  var mountForms = null; // once the bundle has started
  var loadFailed = false;
  // Both downloads start at once: the wasm, by far the larger, must not wait for the glue.
  var wasm = checked(ASSETS.wasm);
  wasm.catch(function () {}); // reported below, once the glue asks for it
  preloadModule(ASSETS.js).then(function () { return import(url(ASSETS.js)); }).then(function (bundle) {
    return bundle.default({ module_or_path: wasm }).then(function () {
      // Starting the wasm and building the form's first part are each about as long as a phone
      // should keep the page from reacting to a tap: the browser gets a turn in between (and the
      // opening lists, usually here long before the wasm, are in place).
      return Promise.all([listsSettled(), new Promise(function (resolve) { setTimeout(resolve, 0); })]);
    }).then(function () {
      mountForms = function () {
        bundle.dmsMountEmbedded(CSS);
        // First lines no form took over belong to an element the form could not be mounted in
        // (its configuration is wrong: see the console).
        shellsFailed();
      };
      mountForms();
      window.dmsLeadForm = { push: run };
      pending.forEach(run);
    });
  }).catch(function (error) {
    console.error("dms-lead-form: the form could not be loaded", error);
    loadFailed = true;
    shellsFailed();
  });

  // The first lines, once the downloads are on their way.
  function paintShells() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dms-lead-form]"), function (host) {
      prefetchLists(host);
      paintShell(host);
    });
  }
  paintShells();
  // An async script can run before the parser reaches forms further down the page: they get their
  // first lines once it has, and their form (or the word that it failed) if that is known by then.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      paintShells();
      if (mountForms) mountForms();
      else if (loadFailed) shellsFailed();
    });
  }
})();
