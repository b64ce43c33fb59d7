// The script and iframe embeds on a brand's site (another origin than the forms' own), the host
// page's API and events, campaign tracking, theming and keyboard use — with the example pages of
// examples/, pointed at this test's servers.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import { startStack, axeViolations, root } from "../lib/stack.mjs";
import { choicesOffered, field, fillIndividual, ready, submit, submitAndWait } from "../lib/form-page.mjs";

let stack;
/** What the form records of the consent, for a page whose privacy policy is `url`. */
const consentLine = (url) => `Consent: privacy policy accepted (text 2026-12-01; ${url})`;
const YEAR = String(new Date().getFullYear());

before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

/** An example page with the demo's addresses replaced by this stack's. */
function example(name) {
  const frameOrigins = `data-parent-origins="${stack.brand}"`;
  return readFileSync(path.join(root, "examples", name), "utf8")
    .replaceAll("http://127.0.0.1:8080/frame.html", `${stack.site}/frame-test.html`)
    .replaceAll("http://127.0.0.1:8080", stack.site)
    .replaceAll("http://127.0.0.1:8787", stack.proxy)
    .replace(/data-parent-origins="[^"]*"/, frameOrigins);
}

/** The hosted iframe page, pointed at this stack's proxy and allowing the brand's site as parent. */
function framePage() {
  return readFileSync(path.join(root, "dist", "frame.html"), "utf8")
    .replaceAll("http://127.0.0.1:8787", stack.proxy)
    .replace(/data-parent-origins="[^"]*"/, `data-parent-origins="${stack.brand}"`);
}

async function open(url, { viewport = { width: 1100, height: 1000 }, colorScheme = "light", reducedMotion = "no-preference" } = {}) {
  const context = await stack.browser.newContext({ viewport, colorScheme, reducedMotion });
  // Every form event on the page, from the start (they bubble to the document).
  await context.addInitScript(() => {
    window.__events = [];
    for (const t of ["ready", "submitted", "queued", "failed"]) {
      document.addEventListener(`dms-lead-form:${t}`, (e) => window.__events.push([t, e.detail, e.target.id || e.target.tagName]));
    }
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  await page.goto(url);
  return { page, context, problems };
}

/** Fills the embedded form in either language (choices by position, those the form shows) and
 * submits it; resolves with the bulk id. */
async function fill(scope, { firstName, phone = "0551234567" }) {
  const choices = Object.fromEntries(
    ["customerRegion", "customerCity", "businessArea", "branch", "interest", "source", "subSource"].map((name) => [name, 1]),
  );
  await fillIndividual(scope, { firstName, phone, choices });
  return submitAndWait(scope);
}

async function leadOf(bulkId) {
  return (await stack.received()).find((b) => b.id === bulkId).body.leads[0];
}

for (const [route, lang] of [["answered", "en"], ["answered", "ar"], ["missing (an older proxy)", "en"]]) {
  test(`script embed: a fresh visitor's form gets every list without a parent in one request per language and the regions' cities together (${lang}); batch route ${route}`, async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1100, height: 1000 } });
    const page = await context.newPage();
    const asked = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (r.url().startsWith(stack.proxy)) asked.push(url.pathname + (url.searchParams.has("parentId") ? "?parentId" : ""));
    });
    await page.addInitScript(() => {
      document.addEventListener("dms-lead-form:ready", () => { window.__readyAt = performance.now(); });
    });
    // The short form's city select needs the cities of every region: asked one after another, a
    // phone waited a round trip per region before it could choose. Each answer is held back a
    // little, so requests made together are seen together.
    let citiesInFlight = 0;
    let mostCitiesAtOnce = 0;
    const isCity = (r) => r.url().includes("/v1/list/CITY?");
    page.on("request", (r) => { if (isCity(r)) mostCitiesAtOnce = Math.max(mostCitiesAtOnce, ++citiesInFlight); });
    for (const done of ["requestfinished", "requestfailed"]) page.on(done, (r) => { if (isCity(r)) citiesInFlight--; });
    await page.route("**/v1/list/CITY?*", async (r) => { await new Promise((resolve) => setTimeout(resolve, 100)); await r.continue(); });
    const older = route !== "answered";
    if (older) await page.route("**/api/v1/lists?*", (r) => r.fulfill({ status: 404, contentType: "application/json", body: "{}" }));
    const html = example("brand-site.html").replace('data-lang="en"', `data-lang="${lang}"`);
    await page.goto(stack.brandPage(`fresh-${older ? "older" : "batch"}-${lang}.html`, html));
    await ready(page);
    await page.waitForFunction(() => {
      const form = document.querySelector("[data-dms-lead-form]").shadowRoot;
      return form && !form.querySelector("select[aria-busy=true], .dlf-skeleton");
    });
    // Arabic: its own lists, and the English ones its presets and defaults are found in.
    const batches = lang === "ar" ? 2 : 1;
    assert.equal(asked.filter((p) => p.endsWith("/v1/lists")).length, batches, `batches: ${asked}`);
    // A list without a parent asked on its own: the batch's work done again.
    const roots = asked.filter((p) => p.includes("/v1/list/") && !p.endsWith("?parentId"));
    if (older) {
      assert.ok(roots.length > 0, `the form asked list by list: ${asked}`);
    } else {
      assert.deepEqual(roots, [], "only lists that follow a choice are asked one by one");
    }
    assert.ok(mostCitiesAtOnce > 1, `the regions' cities are asked together (at most ${mostCitiesAtOnce} at once)`);
    // For the record (the ready event comes before the lists that follow a choice are asked).
    const beforeReady = await page.evaluate((proxy) => performance.getEntriesByType("resource")
      .filter((e) => e.name.startsWith(proxy) && e.startTime < window.__readyAt).length, stack.proxy);
    console.log(`# requests to the proxy before the form is ready: ${beforeReady}; before every choice is offered: ${asked.length} (${lang}, batch route ${route})`);
    await context.close();
  });
}

test("script embed: the brand-site example mounts in a shadow root, applies queued calls, reports events and the campaign", async () => {
  const url = stack.brandPage("brand-site.html", example("brand-site.html"));
  const { page, context, problems } = await open(`${url}?utm_source=google&utm_medium=cpc&utm_campaign=sportage-2026&gclid=Cj0KCQ&email=x@y.z`);
  const host = page.locator("#hero-form");
  await ready(host);
  assert.equal(await page.evaluate(() => !!document.getElementById("hero-form").shadowRoot), true, "in a shadow root");
  // The brand's own stylesheet (serif, 1.3rem inputs, square corners) does not reach the form.
  const inputFont = await field(host, "firstName").evaluate((el) => getComputedStyle(el).fontFamily);
  assert.doesNotMatch(inputFont, /Georgia/);
  // Brand preset hidden; the paid click chose source and sub-source, so they are hidden too.
  assert.equal(await field(host, "brand").count(), 0);
  assert.equal(await field(host, "source").count(), 0);
  const bulkId = await fill(host, { firstName: "Embedded" });
  await page.waitForFunction(() => window.__events.some(([t]) => t === "submitted"));
  const events = await page.evaluate(() => window.__events);
  assert.deepEqual(events.map(([t, , target]) => [t, target]), [["ready", "hero-form"], ["submitted", "hero-form"]]);
  assert.deepEqual(events.find(([t]) => t === "submitted")[1], { bulkId });
  const layer = await page.evaluate(() => window.dataLayer);
  assert.deepEqual(layer.find((e) => e.event === "dms_lead_form_submitted"), { bulkId, event: "dms_lead_form_submitted" });
  const lead = await leadOf(bulkId);
  assert.equal(lead.brand, "KIA");
  assert.equal(lead.leadReference, "SPORTAGE-2026-HERO", "the host's queued value wins over utm_campaign");
  assert.equal(lead.source, "Campaign");
  assert.equal(lead.subSource, "Google Ads");
  assert.equal(lead.leadNote, `Campaign: utm_source=google; utm_medium=cpc; utm_campaign=sportage-2026; gclid=Cj0KCQ; page=${url} | ${consentLine("https://www.kia.example/privacy")}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("two forms on one page do not interfere, and the host API reaches each", async () => {
  const mount = (id, lang) => `<div id="${id}" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="${lang}" data-brand="KIA" data-source="Website" data-sub-source="Lead Form" data-priority="Warm" data-track="off"></div>`;
  const url = stack.brandPage("two.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two forms</title><link rel="icon" href="data:,"></head><body><main>
${mount("first", "en")}${mount("second", "ar")}</main>
<script>window.dmsLeadForm = window.dmsLeadForm || []; dmsLeadForm.push(["set", { firstName: "Preset For Second" }, "#second"]);</script>
<script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const { page, context, problems } = await open(url);
  const first = page.locator("#first");
  const second = page.locator("#second");
  await ready(second);
  assert.equal(await field(second, "firstName").inputValue(), "Preset For Second");
  assert.equal(await field(first, "firstName").inputValue(), "", "a call for #second leaves #first alone");
  assert.equal(await second.locator(".dlf").getAttribute("dir"), "rtl");
  const ids = await page.evaluate(() => [...document.querySelectorAll("[data-dms-lead-form]")].map((h) => h.shadowRoot.querySelector("[name=firstName]").id));
  assert.notEqual(ids[0], ids[1], "control ids are unique on the page");
  await page.evaluate(() => {
    window.__submitted = [];
    for (const id of ["first", "second"]) document.getElementById(id).addEventListener("dms-lead-form:submitted", () => window.__submitted.push(id));
  });
  const before = (await stack.received()).length;
  await fill(first, { firstName: "Only First" });
  assert.equal((await stack.received()).length, before + 1);
  assert.deepEqual(await page.evaluate(() => window.__submitted), ["first"]);
  assert.equal(await field(second, "firstName").inputValue(), "Preset For Second");
  await page.evaluate(() => window.dmsLeadForm.push(["reset", "#second"]));
  await page.waitForFunction(() => document.getElementById("second").shadowRoot.querySelector("[name=firstName]").value === "");
  assert.deepEqual(problems, []);
  await context.close();
});

test("script embed: the form's first lines show while the wasm is on its way, then the form takes them over without a shift or a second paint", async () => {
  // The full form, whose controls start below the fold: the short form's send button is in view
  // and is a later, larger paint of its own (docs/performance.md).
  const mount = (id, lang) => `<div id="${id}" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="${lang}" data-source="Website" data-sub-source="Lead Form" data-priority="Warm" data-track="off" data-fields="full" style="display:block;min-height:2600px"></div>`;
  const url = stack.brandPage("shell.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shell</title><link rel="icon" href="data:,"></head><body><main>
${mount("english", "en")}${mount("arabic", "ar-SA")}
<div id="misconfigured" data-dms-lead-form data-gs-base="${stack.proxy}/gs" data-lang="en"></div></main><script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__largestPaints = [];
    new PerformanceObserver((list) => window.__largestPaints.push(...list.getEntries().map((e) => e.startTime)))
      .observe({ type: "largest-contentful-paint", buffered: true });
  });
  let release;
  const held = new Promise((resolve) => (release = resolve));
  // Nothing but embed.js arrives until released: the first lines need nothing else, their
  // stylesheet included.
  await page.route("**/embed/dlf-*", async (route) => { await held; await route.continue(); });
  await page.goto(url);
  const english = page.locator("#english");
  const arabic = page.locator("#arabic");
  await english.locator(".dlf-title").waitFor();
  assert.equal(await english.locator(".dlf-title").textContent(), "Request a call back");
  assert.equal(await english.locator(".dlf-title").evaluate((title) => getComputedStyle(title).fontSize), "24px", "styled already");
  assert.equal(await arabic.locator(".dlf-title").textContent(), "اطلب اتصالاً من فريقنا");
  assert.equal(await arabic.locator(".dlf").getAttribute("dir"), "rtl");
  assert.equal(await field(english, "firstName").count(), 0, "no controls before the wasm");
  const shellTop = await english.locator(".dlf-intro").boundingBox();
  // The host page's largest paint is the first lines, once painted.
  await page.waitForFunction(() => window.__largestPaints.length > 0);
  await english.locator(".dlf-intro").evaluate((intro) => { intro.dataset.painted = "before the wasm"; });
  const released = await page.evaluate(() => performance.now());
  release();
  await ready(english);
  // The form took the painted first lines over: the same elements, not painted again, so the
  // host page's largest contentful paint stays when it was.
  assert.equal(await english.locator(".dlf-intro[data-painted]").count(), 1);
  assert.deepEqual(await page.evaluate((t) => window.__largestPaints.filter((time) => time > t), released), []);
  // One heading per form, in the same place.
  assert.equal(await english.locator(".dlf-title").count(), 1);
  assert.equal(await arabic.locator(".dlf-title").count(), 1);
  assert.deepEqual(await english.locator(".dlf-intro").boundingBox(), shellTop);
  // The stylesheet once: a constructed stylesheet (strict CSP pages allow it), no <style> element.
  assert.deepEqual(await page.evaluate(() => {
    const root = document.getElementById("english").shadowRoot;
    return [root.querySelectorAll("style").length, root.adoptedStyleSheets.length];
  }), [0, 1]);
  // An element the form cannot be mounted in (no data-api-base) does not keep a heading over nothing.
  assert.equal(await page.locator("#misconfigured [role=alert]").textContent(),
    "The form could not be loaded. Please reload the page or try again later.");
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("script embed: when the form cannot load, the person is told so in the form's language", async () => {
  const url = stack.brandPage("shell-failed.html", `<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>Shell</title><link rel="icon" href="data:,"></head><body><main>
<div id="form" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="ar"></div></main>
<script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(url);
  const alert = page.locator("#form [role=alert]");
  await alert.waitFor();
  assert.equal(await alert.textContent(), "تعذر تحميل النموذج. يرجى إعادة تحميل الصفحة أو المحاولة لاحقاً.");
  assert.equal(await page.locator("#form .dlf-title").textContent(), "اطلب اتصالاً من فريقنا");
  await context.close();
});

test("the consent links to the page's privacy policy; a form without one is not shown, and the console says why", async () => {
  const url = stack.brandPage("privacy.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Privacy</title><link rel="icon" href="data:,"></head><body><main>
<div id="with" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="https://www.kia.example/privacy" data-lang="ar"></div>
<div id="without" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-lang="en"></div></main>
<script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  const link = page.locator("#with .dlf-policy a");
  await link.waitFor();
  assert.deepEqual(await link.evaluate((a) => [a.getAttribute("href"), a.target, a.rel, a.textContent]),
    ["https://www.kia.example/privacy", "_blank", "noopener", "اقرأ سياسة الخصوصية (تفتح في علامة تبويب جديدة)"]);
  await page.locator("#without [role=alert]").waitFor();
  assert.equal(await page.locator("#without [role=alert]").textContent(),
    "The form could not be loaded. Please reload the page or try again later.");
  assert.equal(await field(page.locator("#without"), "firstName").count(), 0);
  assert.ok(errors.some((e) => e.includes("data-privacy-url is missing")), errors.join("\n"));
  await context.close();
});

test("script embed: forms the page's parser reaches after the form has loaded get their form too", async () => {
  // A slow script further down holds the parser: the form above it loads first, the ones below
  // are parsed later.
  const mount = (id) => `<div id="${id}" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en"></div>`;
  const url = stack.brandPage("late.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Late</title><link rel="icon" href="data:,"></head><body><main>
<script src="${stack.site}/embed/embed.js" async></script>${mount("early")}
<script src="/held-parser.js"></script>${mount("late")}<div id="misconfigured" data-dms-lead-form data-lang="en"></div></main></body></html>`);
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/held-parser.js", async (route) => { await held; await route.fulfill({ contentType: "text/javascript", body: "" }); });
  const loaded = page.goto(url);
  await ready(page.locator("#early"));
  assert.equal(await page.locator("#late").count(), 0, "not parsed yet");
  release();
  await loaded;
  await ready(page.locator("#late"));
  assert.equal(await page.locator("#late .dlf-title").count(), 1);
  assert.equal(await page.locator("#misconfigured [role=alert]").textContent(),
    "The form could not be loaded. Please reload the page or try again later.");
  await context.close();
});

test("a hostile host stylesheet does not break the form", async () => {
  const url = stack.brandPage("hostile.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title>
<link rel="icon" href="data:,"><style>
  * { all: unset !important; }
  input, select, button, label, fieldset { display: none !important; }
  div { font-size: 4px !important; color: transparent !important; }
  [data-dms-lead-form] * { visibility: hidden !important; }
</style></head><body><main>
<div id="f" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en" data-brand="KIA" data-source="Website" data-sub-source="Lead Form" data-priority="Warm"></div>
</main><script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const { page, context, problems } = await open(url);
  const host = page.locator("#f");
  await ready(host);
  for (const name of ["firstName", "phoneNumber", "customerCity", "acceptPrivatePolicy"]) {
    const box = await field(host, name).boundingBox();
    assert.ok(box && box.width > 10 && box.height > 10, `${name} is visible: ${JSON.stringify(box)}`);
  }
  const fontSize = await host.locator("label").first().evaluate((el) => getComputedStyle(el).fontSize);
  assert.equal(fontSize, "16px");
  const bulkId = await fill(host, { firstName: "Hostile Page" });
  assert.equal((await leadOf(bulkId)).leadName, "Hostile Page");
  assert.deepEqual(problems, []);
  await context.close();
});

test("iframe embed: allowed presets only, no second scrollbar, events and the host page's campaign reach the parent and the DMS", async () => {
  stack.sitePage("frame-test.html", framePage());
  // Not an allowed value: ignored (the brand stays a choice).
  const html = example("landing-iframe.html").replace("brand=JMC", "brand=JMC&priority=Evil&api-base=https://evil.example");
  const url = stack.brandPage("landing.html", html);
  const { page, context, problems } = await open(`${url}?utm_source=newsletter&utm_medium=email&utm_campaign=year-end`, { viewport: { width: 420, height: 800 } });
  const frameElement = page.locator("iframe[data-dms-lead-frame]");
  const frame = page.frameLocator("iframe[data-dms-lead-frame]");
  await ready(frame);
  await page.waitForFunction(() => window.__events.some(([t, , target]) => t === "ready" && target === "IFRAME"));
  assert.equal(await frame.locator(".dlf").getAttribute("dir"), "rtl", "lang=ar from the query");
  assert.equal(await field(frame, "brand").count(), 0, "brand=JMC is an allowed preset");
  assert.equal(await field(frame, "priority").count(), 0, "the public is never asked the priority");
  const noSecondScrollbar = async () => {
    await page.waitForTimeout(300);
    const [frameHeight, content] = await Promise.all([
      frameElement.evaluate((f) => f.getBoundingClientRect().height),
      frame.locator("html").evaluate((h) => h.scrollHeight),
    ]);
    assert.ok(Math.abs(frameHeight - content) <= 2, `iframe ${frameHeight} px for ${content} px of form`);
  };
  await noSecondScrollbar();
  // Errors make the form taller; the iframe follows.
  await submit(frame);
  await frame.locator(".dlf-summary").waitFor();
  await noSecondScrollbar();
  const bulkId = await fill(frame, { firstName: "في الإطار" });
  await page.waitForFunction(() => window.__events.some(([t]) => t === "submitted"));
  assert.deepEqual((await page.evaluate(() => window.__events)).find(([t]) => t === "submitted")[1], { bulkId });
  const lead = await leadOf(bulkId);
  assert.equal(lead.brand, "JMC");
  assert.equal(lead.priority, "Warm", "priority=Evil is not an allowed value: the default");
  assert.equal(lead.leadReference, "year-end");
  assert.match(lead.leadNote, new RegExp(`^Campaign: utm_source=newsletter; utm_medium=email; utm_campaign=year-end; page=${url.replace(/[.?]/g, "\\$&")} \\| Consent: privacy policy accepted \\(text 2026-12-01; http://[^)]+/privacy\\.html\\)$`));
  assert.deepEqual(problems, []);
  await context.close();
});

/** Presses Tab until the focused control (inside shadow roots too) is named `name`. */
async function tabTo(page, name) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute("name") ?? el?.textContent?.trim();
    });
    if (focused === name) return;
  }
  throw new Error(`never reached ${name} with Tab`);
}

test("the whole form can be completed with the keyboard alone, with visible focus and touch-sized targets (kiosk example)", async () => {
  const url = stack.brandPage("kiosk.html", example("kiosk.html").replace('data-lang="ar"', 'data-lang="en"'));
  const { page, context, problems } = await open(url, { viewport: { width: 1080, height: 1900 } });
  const host = page.locator("[data-dms-lead-form]");
  await ready(host);
  // Touch targets of a kiosk: at least 44 px high.
  const small = await host.locator("input:not([type=hidden]):not([tabindex='-1']), select, button").evaluateAll((els) =>
    els.filter((el) => el.getClientRects().length && el.getBoundingClientRect().height < 44 && !["checkbox", "radio"].includes(el.type))
      .map((el) => el.name || el.textContent));
  assert.deepEqual(small, []);
  await tabTo(page, "firstName");
  const outline = await field(host, "firstName").evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.keyboard.type("Keyboard Only");
  await tabTo(page, "phoneNumber");
  await page.keyboard.type("0551234567");
  // The short form: the city with its region in one select, then the brand, its model, the showroom.
  await tabTo(page, "customerCity");
  await page.keyboard.type("Riyadh");
  await tabTo(page, "brand");
  await page.keyboard.type("KIA");
  await choicesOffered(host, "branch");
  await tabTo(page, "branch");
  await page.keyboard.press("ArrowDown");
  await tabTo(page, "acceptPrivatePolicy");
  await page.keyboard.press("Space");
  await tabTo(page, "Send request");
  await page.keyboard.press("Enter");
  const reference = host.locator(".dlf-reference");
  await reference.waitFor({ timeout: 15000 });
  const lead = await leadOf(Number(await reference.textContent()));
  assert.deepEqual([lead.firstName, lead.lastName], ["Keyboard", "Only"], "the full name, split");
  assert.equal(lead.customerCity, "Riyadh");
  assert.equal(lead.customerRegion, "Riyadh", "the region comes with the city");
  assert.equal(lead.subSource, "Kiosk");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the error summary links move focus to the field inside the shadow root", async () => {
  const url = stack.brandPage("summary.html", example("brand-site.html"));
  const { page, context } = await open(url);
  const host = page.locator("#hero-form");
  await ready(host);
  await submit(host);
  const link = host.locator(".dlf-summary a").first();
  await link.waitFor();
  await field(host, "email").focus(); // focus elsewhere first
  await link.click();
  const focused = await page.evaluate(() => document.getElementById("hero-form").shadowRoot.activeElement?.getAttribute("name"));
  assert.equal(focused, "firstName");
  await context.close();
});

for (const [scheme, preset] of [["light", "kia"], ["dark", "jmc"]]) {
  test(`theme ${preset}, ${scheme} scheme: axe-core finds no violation, motion is reduced on request, and the README picture is taken`, async () => {
    // The dark picture follows the visitor's scheme, which the page allows with "auto".
    const html = example("brand-site.html").replace('data-theme-preset="kia"', `data-theme-preset="${preset}" data-color-scheme="auto"`);
    const url = stack.brandPage(`theme-${preset}.html`, html);
    const { page, context } = await open(url, { viewport: { width: 560, height: 900 }, colorScheme: scheme, reducedMotion: "reduce" });
    const host = page.locator("#hero-form");
    await ready(host);
    const colors = await host.locator(".dlf").evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).colorScheme]);
    assert.equal(colors[0], scheme === "dark" ? "rgb(20, 24, 31)" : "rgb(255, 255, 255)");
    assert.deepEqual(await axeViolations(page), [], "empty form");
    await page.screenshot({ path: path.join(root, "docs", `theme-${preset}-${scheme}.png`) });
    await submit(host);
    await host.locator(".dlf-summary").waitFor();
    assert.deepEqual(await axeViolations(page), [], "with errors");
    const animation = await host.locator("select[name=customerCity]").evaluate((el) => getComputedStyle(el.closest(".dlf-field")).animationName);
    assert.equal(animation, "none");
    await context.close();
  });
}

test("a host page with a strict Content-Security-Policy (no inline styles or scripts) gets a styled, working form", async () => {
  const policy = [
    "default-src 'none'",
    `script-src ${stack.site} 'wasm-unsafe-eval'`,
    `connect-src ${stack.site} ${stack.proxy}`,
    "style-src 'self'",
    "img-src data:",
  ].join("; ");
  const url = stack.brandPage("strict-csp.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict CSP</title>
<meta http-equiv="Content-Security-Policy" content="${policy}">
<link rel="icon" href="data:,"></head><body><main>
<div id="f" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en" data-brand="KIA" data-source="Website" data-sub-source="Lead Form" data-priority="Warm"></div>
</main><script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const { page, context, problems } = await open(url);
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const host = page.locator("#f");
  await ready(host);
  const title = await host.locator(".dlf-title").evaluate((el) => getComputedStyle(el).fontSize);
  assert.equal(title, "24px", "the form's stylesheet applies");
  const bulkId = await fill(host, { firstName: "Strict Policy" });
  assert.equal((await leadOf(bulkId)).leadName, "Strict Policy");
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("on a brand page the form is light for a visitor in dark mode, and keeps its sizes under a small root font", async () => {
  const url = stack.brandPage("small-root.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Small root</title>
<link rel="icon" href="data:,"><style>html { font-size: 62.5%; }</style></head><body><main>
<div id="f" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en" data-brand="KIA" data-source="Website" data-sub-source="Lead Form" data-priority="Warm"></div>
</main><script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const { page, context, problems } = await open(url, { colorScheme: "dark" });
  const host = page.locator("#f");
  await ready(host);
  const look = await host.locator(".dlf").evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).colorScheme]);
  assert.deepEqual(look, ["rgb(255, 255, 255)", "light"]);
  const sizes = await host.evaluate((el) => {
    const root = el.shadowRoot;
    const px = (selector, property) => getComputedStyle(root.querySelector(selector))[property];
    return [px("label", "fontSize"), px("input[name=firstName]", "fontSize"), px(".dlf-title", "fontSize"), px("input[name=firstName]", "paddingTop")];
  });
  assert.deepEqual(sizes, ["16px", "16px", "24px", "8px"]);
  // After a failed submit, a text input is marked as plainly as a select: a red 2 px border.
  await submit(host);
  const borders = await host.evaluate((el) => ["input[name=firstName]", "select[name=customerCity]"]
    .map((s) => { const c = getComputedStyle(el.shadowRoot.querySelector(s)); return `${c.borderTopWidth} ${c.borderTopColor}`; }));
  assert.equal(borders[0], borders[1]);
  assert.match(borders[0], /^2px rgb\(176, 0, 32\)$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the dealer-portal example serves the dealer pages", async () => {
  assert.ok(stack.portal);
  // The portal serves the example next to the dealer bundle (its --extra-dir is the pages folder).
  const url = stack.sitePage("dealer-portal.html", example("dealer-portal.html")).replace(stack.site, stack.portal);
  const { page, context, problems } = await open(`${url}#customer`);
  await page.fill("#mobileNumber", "568617084");
  await page.click(".dlf-query button[type=submit]");
  await page.locator(".dlf-card").first().waitFor();
  assert.match(await page.textContent(".dlf-card"), /Param IT/);
  assert.deepEqual(problems, []);
  await context.close();
});
