// The public lead form end to end: the release bundle in Chromium, through the proxy (which adds the
// DMS credential), into the simulator (which validates with the same dms-model rules).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import http from "node:http";
import { startStack, axeViolations, root } from "../lib/stack.mjs";
import {
  field, choose, choicesOffered, ready, messageFor, submit, submitAndWait, open as openForm,
} from "../lib/form-page.mjs";

let stack;
// What the form records of the consent: the wording's version and the page's privacy policy.
let consentLine;
const YEAR = String(new Date().getFullYear());
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

before(async () => {
  stack = await startStack();
  consentLine = `Consent: privacy policy accepted (text 2026-12-01; ${stack.proxy}/privacy.html)`;
});
after(async () => {
  await stack?.stop();
});

/** Opens the test page `name` (see `stack.page`) with its form ready. */
async function open(name, options, viewport = { width: 900, height: 1200 }, beforeLoad = undefined) {
  return openForm(stack.browser, stack.page(name, options), { viewport, lang: options.lang, init: recordListSignals, beforeLoad });
}

// Remembers each list request's abort signal, so a test can tell a stale request was cancelled.
function recordListSignals() {
  window.__listSignals = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    if (url.includes("/v1/list/")) window.__listSignals.push([url, init?.signal ?? input.signal]);
    return original(input, init);
  };
}

function withoutLeadDate(body) {
  const copy = structuredClone(body);
  for (const lead of copy.leads) {
    assert.match(lead.leadDate, ISO, "leadDate is the moment of submission");
    delete lead.leadDate;
  }
  return copy;
}

test("an individual lead in English reaches the DMS exactly as filled in", async () => {
  const { page, context, problems } = await open("individual-en.html", {
    lang: "en",
    attrs: { "data-source": "Website", "data-sub-source": "Lead Form", "data-priority": "Warm" },
  });
  // Presets are not shown.
  assert.equal(await field(page, "source").count(), 0);
  assert.equal(await field(page, "priority").count(), 0);

  await choose(page, "title", "Ms");
  await field(page, "firstName").fill("  Sara ");
  await field(page, "middleName").fill("Mohammed");
  await field(page, "lastName").fill("Al-Qahtani");
  await choose(page, "gender", "Female");
  await choose(page, "nationality", "Saudi");
  await field(page, "dateOfBirth").fill("1991-03-14");
  await field(page, "occupation").fill("Engineer");
  await choose(page, "monthlyIncome", "10000-20000 SAR");
  await field(page, "phoneNumber").fill("+966 55 123 4567");
  await field(page, "email").fill("Sara.Q@Example.COM");
  await choose(page, "preferredContactType", "WhatsApp");
  await choose(page, "customerRegion", "Eastern Province");
  await choose(page, "customerCity", "Khobar");
  await field(page, "address1").fill("King Fahd Road");
  await choose(page, "brand", "KIA");
  await choose(page, "businessArea", "Sales");
  await choose(page, "branch", "KIA Khobar Showroom");
  await choose(page, "interest", "Test Drive");
  await choose(page, "vehicleType", "New");
  await choose(page, "vehicles[0].modelFamily", "Sportage");
  await choose(page, "vehicles[0].modelYear", YEAR);
  await choose(page, "purchasePlan", "Within 30 Days");
  await choose(page, "paymentMode", "Bank Finance");
  await field(page, "testDriveRequired").check();
  await field(page, "leadNote").fill("Prefers evening calls");
  await field(page, "acceptPrivatePolicy").check();
  await field(page, "acceptMarketing").check();

  const before = (await stack.received()).length;
  const bulkId = await submitAndWait(page);
  const received = await stack.received();
  assert.equal(received.length, before + 1, "exactly one POST");
  const last = received.at(-1);
  assert.equal(last.id, bulkId, "the reference shown is the DMS bulk id");
  assert.deepEqual(withoutLeadDate(last.body), {
    isProcessed: 1,
    leads: [{
      company: "JTC",
      businessArea: "Sales",
      brand: "KIA",
      branch: "KIA Khobar Showroom",
      title: "Ms",
      nationality: "Saudi",
      gender: "Female",
      source: "Website",
      subSource: "Lead Form",
      phoneCode: "00966",
      phoneNumber: "551234567",
      preferredLanguage: "English",
      preferredContactType: "WhatsApp",
      purchasePlan: "Within 30 Days",
      paymentMode: "Bank Finance",
      monthlyIncome: "10000-20000 SAR",
      currency: "SAR",
      testDriveRequired: true,
      acceptNewsLetter: false,
      acceptMarketing: true,
      acceptPrivatePolicy: true,
      priority: "Warm",
      leadType: "Individual",
      interest: "Test Drive",
      vehicleType: "New",
      firstName: "Sara",
      middleName: "Mohammed",
      lastName: "Al-Qahtani",
      dateOfBirth: "1991-03-14",
      occupation: "Engineer",
      address1: "King Fahd Road",
      email: "Sara.Q@example.com",
      leadName: "Sara Mohammed Al-Qahtani",
      // A direct visit (no tracking parameter) adds no campaign line; the consent is recorded.
      leadNote: `Prefers evening calls | ${consentLine}`,
      leadTypeName: "Individual",
      customerCountry: "Saudi Arabia",
      customerRegion: "Eastern Province",
      customerCity: "Khobar",
      vehicles: [{ modelFamily: "Sportage", modelYear: Number(YEAR), totalQty: 1 }],
    }],
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("a company lead in Arabic is sent with the DMS's English texts", async () => {
  const { page, context, problems } = await open("company-ar.html", {
    lang: "ar",
    attrs: {
      "data-brand": "KIA", "data-business-area": "Sales", "data-source": "Website",
      "data-sub-source": "Landing Page", "data-priority": "Hot",
    },
  });
  assert.equal(await page.locator(".dlf").getAttribute("dir"), "rtl");
  assert.equal(await field(page, "phoneNumber").getAttribute("dir"), "ltr");
  assert.equal(await field(page, "brand").count(), 0, "a preset brand is not shown");

  await page.getByLabel("شركة", { exact: true }).check();
  await field(page, "leadName").fill("شركة المثال القابضة");
  await choose(page, "companyIndustryType", "إنشاءات");
  await field(page, "contactName").fill("عبدالله الشهري");
  await field(page, "phoneNumber").fill("٠٥٠٠٠٠٠٠٠٥");
  await choose(page, "customerRegion", "الرياض");
  await choose(page, "customerCity", "الرياض");
  await choose(page, "branch", "صالة عرض كيا - الرياض");
  await choose(page, "interest", "عرض سعر");
  await choose(page, "vehicles[0].modelFamily", "سبورتاج");
  await choose(page, "vehicles[0].modelYear", YEAR);
  await field(page, "vehicles[0].totalQty").fill("٣");
  await field(page, "acceptPrivatePolicy").check();

  const bulkId = await submitAndWait(page);
  const last = (await stack.received()).at(-1);
  assert.equal(last.id, bulkId);
  assert.deepEqual(withoutLeadDate(last.body), {
    isProcessed: 1,
    leads: [{
      company: "JTC",
      businessArea: "Sales",
      brand: "KIA",
      branch: "KIA Riyadh Showroom",
      source: "Website",
      subSource: "Landing Page",
      phoneCode: "00966",
      phoneNumber: "500000005",
      preferredLanguage: "Arabic",
      currency: "SAR",
      testDriveRequired: false,
      acceptNewsLetter: false,
      acceptMarketing: false,
      acceptPrivatePolicy: true,
      priority: "Hot",
      leadType: "Company",
      interest: "Price Quote",
      leadName: "شركة المثال القابضة",
      leadNote: consentLine,
      contactName: "عبدالله الشهري",
      leadTypeName: "Company",
      companyIndustryType: "Construction",
      customerCountry: "Saudi Arabia",
      customerRegion: "Riyadh",
      customerCity: "Riyadh",
      vehicles: [{ modelFamily: "Sportage", modelYear: Number(YEAR), totalQty: 3 }],
    }],
  });
  const thanks = await page.locator("[role=status]").textContent();
  assert.match(thanks, /شكراً لك/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("every rule a person can break shows its message at the field", async () => {
  const { page, context } = await open("rules-en.html", { lang: "en" });
  const leave = async (name, value) => {
    await field(page, name).fill(value);
    await field(page, name).blur();
  };
  // Tabbing past an empty field says nothing; typed, emptied and left, it says what is missing.
  await field(page, "firstName").focus();
  await page.keyboard.press("Tab");
  assert.equal(await messageFor(page, "firstName"), null);
  await field(page, "firstName").fill("S");
  await leave("firstName", "");
  assert.equal(await messageFor(page, "firstName"), "This field is required.");
  const phoneCases = [
    ["12345", "Enter the 9-digit number without the country code, e.g. 5XXXXXXXX."],
    ["455555555", "A Saudi mobile number starts with 5, e.g. 5XXXXXXXX."],
    ["55555x555", "Use digits only."],
    ["0555555555", null],
  ];
  for (const [value, expected] of phoneCases) {
    await leave("phoneNumber", value);
    assert.equal(await messageFor(page, "phoneNumber"), expected, value);
  }
  await leave("email", "sara@");
  assert.equal(await messageFor(page, "email"), "Enter an email address like name@example.com.");
  await leave("email", "sara@example.sa");
  assert.equal(await messageFor(page, "email"), null);
  const nextYear = `${new Date().getFullYear() + 1}-01-01`;
  await leave("dateOfBirth", nextYear);
  assert.equal(await messageFor(page, "dateOfBirth"), "The date cannot be in the future.");
  await leave("dateOfBirth", "1899-12-31");
  assert.equal(await messageFor(page, "dateOfBirth"), "Enter a date after 1900.");

  await choose(page, "brand", "JMC");
  await choose(page, "vehicles[0].modelFamily", "Grand Avenue");
  await leave("vehicles[0].totalQty", "0");
  assert.equal(await messageFor(page, "vehicles[0].totalQty"), "Enter a quantity from 1 to 9999.");

  // Submit: every remaining issue shows, the summary lists them, focus goes to the first.
  await leave("phoneNumber", "");
  await leave("email", "");
  await submit(page);
  assert.equal(await messageFor(page, "phoneNumber"), "Enter a mobile number or an email so we can reach you.");
  assert.equal(await messageFor(page, "vehicles[0].modelYear"), null, "the year is optional");
  assert.equal(await messageFor(page, "acceptPrivatePolicy"), "This field is required.");
  // The department (Sales under the chosen brand), interest, source and sub-source start from their
  // defaults; the public is never asked the priority.
  for (const name of ["customerRegion", "customerCity", "brand", "businessArea", "branch", "interest", "source", "subSource"]) {
    const expected = ["customerRegion", "customerCity", "branch"].includes(name) ? "This field is required." : null;
    assert.equal(await messageFor(page, name), expected, name);
  }
  assert.equal(await field(page, "priority").count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "firstName");
  assert.match(await page.locator(".dlf-summary").textContent(), /Please correct the highlighted fields/);

  // A second vehicle row reports at its own row.
  await page.getByRole("button", { name: "Add another vehicle" }).click();
  await choose(page, "vehicles[1].modelFamily", "Vigus");
  await leave("vehicles[1].totalQty", "");
  assert.equal(await messageFor(page, "vehicles[1].totalQty"), "This field is required.");

  // Company leads have their own mandatory fields.
  await page.getByLabel("Company", { exact: true }).check();
  for (const name of ["leadName", "companyIndustryType", "contactName"]) {
    assert.equal(await messageFor(page, name), "This field is required.", name);
  }
  assert.equal(await field(page, "firstName").isVisible(), false);
  // Back to Individual: the first name shows again and the company fields hide.
  await page.getByLabel("Individual", { exact: true }).check();
  assert.equal(await field(page, "firstName").isVisible(), true);
  assert.equal(await field(page, "leadName").isVisible(), false);
  await context.close();
});

const RETRY_PRESETS = {
  "data-brand": "JMC", "data-business-area": "Sales", "data-branch": "JMC Jeddah Showroom",
  "data-source": "Showroom", "data-sub-source": "Kiosk", "data-priority": "Hot", "data-interest": "Vehicle Inquiry",
};

/** Fills the few fields a form with every dealer field preset still needs. */
async function fillMinimal(page, firstName) {
  await field(page, "firstName").fill(firstName);
  await field(page, "phoneNumber").fill("509876543");
  await choose(page, "customerRegion", "Makkah");
  await choose(page, "customerCity", "Jeddah");
  await choose(page, "vehicles[0].modelFamily", "Vigus");
  await choose(page, "vehicles[0].modelYear", YEAR);
  await field(page, "acceptPrivatePolicy").check();
}

const outboxSize = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("dms-lead-widget.outbox.")).length);

async function leadsNamed(firstName) {
  return (await stack.received()).filter((r) => r.body.leads[0].firstName === firstName);
}

test("a refused send keeps everything typed, and a second click never sends a second lead", async () => {
  const { page, context } = await open("refused-en.html", { lang: "en", attrs: RETRY_PRESETS });
  await fillMinimal(page, "Omar");
  await page.route("**/v1/leads/bulks", (route) =>
    route.fulfill({ status: 400, contentType: "application/json", body: '{"message":"refused"}' }));
  await submit(page);
  await page.locator(".dlf-send-failed", { hasText: "Our system did not accept the request" }).waitFor();
  assert.equal(await field(page, "firstName").inputValue(), "Omar");
  assert.notEqual(await field(page, "customerCity").inputValue(), "");
  assert.equal(await outboxSize(page), 0, "a refused lead is not retried");
  assert.deepEqual(await leadsNamed("Omar"), [], "nothing reached the DMS");

  await page.unroute("**/v1/leads/bulks");
  // While the POST is on its way the person sees it: the button says so, at full colour, with a
  // turning mark. Two clicks in the same instant: the first disables the button, one POST goes out.
  let releasePost;
  const held = new Promise((resolve) => { releasePost = resolve; });
  await page.route("**/v1/leads/bulks", async (route) => { await held; await route.continue(); });
  await page.evaluate(() => {
    const button = document.querySelector("button[type=submit]");
    button.click();
    button.click();
  });
  const sending = await page.locator("button[type=submit]").evaluate((b) => ({
    text: b.textContent, busy: b.getAttribute("aria-busy"), opacity: getComputedStyle(b).opacity,
    mark: getComputedStyle(b, "::before").animationName,
  }));
  assert.deepEqual(sending, { text: "Sending…", busy: "true", opacity: "1", mark: "dlf-turn" });
  releasePost();
  await page.locator("[role=status] .dlf-reference").waitFor();
  assert.match(await page.locator("[role=status]").textContent(), /What happens next: our team will call or write to you/);
  await page.unroute("**/v1/leads/bulks");
  const sent = await leadsNamed("Omar");
  assert.equal(sent.length, 1);
  assert.equal(sent[0].body.leads[0].branch, "JMC Jeddah Showroom");
  assert.equal(sent[0].body.leads[0].subSource, "Kiosk");
  await context.close();
});

test("offline, a lead is kept on the device across a reload and sent once the connection is back", async () => {
  const { page, context } = await open("offline-en.html", { lang: "en", attrs: RETRY_PRESETS });
  await fillMinimal(page, "Huda");
  await context.route("**/v1/leads/bulks", (route) => route.abort("internetdisconnected"));
  await submit(page);
  await page.locator("[role=status]", { hasText: "Saved on this device" }).waitFor();
  assert.equal(await outboxSize(page), 1, "stored before it could be sent");

  await page.reload();
  await ready(page);
  assert.equal(await outboxSize(page), 1, "a reload does not lose it");
  assert.deepEqual(await leadsNamed("Huda"), []);

  await context.unroute("**/v1/leads/bulks");
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await page.waitForFunction(
    () => !Object.keys(localStorage).some((k) => k.startsWith("dms-lead-widget.outbox.")), null, { timeout: 20000 });
  assert.equal((await leadsNamed("Huda")).length, 1, "delivered exactly once");
  await context.close();
});

const LANDING = { "data-fields": "short", "data-brand": "KIA", "data-source": "Website", "data-sub-source": "Landing Page" };

test("the short form asks a landing page's questions and the lead carries the defaults for the rest", async () => {
  const { page, context, problems } = await open("short-en.html", { lang: "en", attrs: LANDING });
  const names = await page.locator("form input, form select, form textarea").evaluateAll((els) =>
    els.filter((el) => el.getClientRects().length && !el.closest(".dlf-trap")).map((el) => el.name));
  assert.deepEqual(names, ["firstName", "phoneNumber", "email", "customerCity", "vehicles[0].modelFamily", "branch", "acceptPrivatePolicy"]);
  assert.equal(await page.getByText("Priority").count(), 0, "a visitor never sees the priority");
  await field(page, "firstName").fill("Sara Al-Qahtani");
  await field(page, "phoneNumber").fill("0551231231");
  await choose(page, "customerCity", "Dammam");
  await choicesOffered(page, "vehicles[0].modelFamily");
  await choose(page, "vehicles[0].modelFamily", "Sportage");
  await choicesOffered(page, "branch");
  await choose(page, "branch", "KIA Dammam Showroom");
  await field(page, "acceptPrivatePolicy").check();
  const bulkId = await submitAndWait(page);
  const lead = (await stack.received()).find((b) => b.id === bulkId).body.leads[0];
  const { leadDate, ...rest } = lead;
  assert.match(leadDate, ISO);
  assert.deepEqual(rest, {
    company: "JTC", brand: "KIA", businessArea: "Sales", branch: "KIA Dammam Showroom",
    source: "Website", subSource: "Landing Page", priority: "Warm", interest: "Vehicle Inquiry",
    leadType: "Individual", leadTypeName: "Individual", firstName: "Sara", lastName: "Al-Qahtani", leadName: "Sara Al-Qahtani",
    phoneCode: "00966", phoneNumber: "551231231", preferredLanguage: "English",
    customerCountry: "Saudi Arabia", customerRegion: "Eastern Province", customerCity: "Dammam",
    acceptPrivatePolicy: true, leadNote: consentLine,
    vehicles: [{ modelFamily: "Sportage", totalQty: 1 }],
  }, "what the set does not ask (currency, title, newsletter…) is left out, not sent empty");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a first visit while the DMS is down: the city is typed, the lead is saved, then completed and sent once", async () => {
  const context = await stack.browser.newContext({ viewport: { width: 480, height: 900 }, locale: "ar-SA" });
  await context.route("**/v1/list/**", (route) => route.abort("connectionrefused"));
  await context.route("**/v1/leads/bulks", (route) => route.abort("connectionrefused"));
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(stack.page("first-outage-ar.html", { lang: "ar", attrs: LANDING }));
  // No list at all: the city is a text box, with a word on why.
  const city = page.locator('input[name="customerCity"]');
  await city.waitFor();
  assert.match(await page.locator(".dlf-hint").textContent(), /تعذر تحميل قائمة المدن/);
  await field(page, "firstName").fill("نورة العتيبي");
  await field(page, "phoneNumber").fill("0551231231");
  await city.fill("الدمام");
  await field(page, "acceptPrivatePolicy").check();
  await submit(page);
  await page.locator("[role=status] .dlf-queued").waitFor();
  const named = async () => (await stack.received()).filter((r) => r.body.leads[0].leadName === "نورة العتيبي");
  assert.deepEqual(await named(), []);

  // The DMS is back: without the visitor doing anything, the outbox maps the typed city, chooses
  // the branch of that city, and sends the lead once.
  await context.unroute("**/v1/list/**");
  await context.unroute("**/v1/leads/bulks");
  await page.waitForFunction(
    () => !Object.keys(localStorage).some((k) => k.startsWith("dms-lead-widget.outbox.")), null, { timeout: 30000 });
  const sent = await named();
  assert.equal(sent.length, 1, "delivered exactly once");
  const lead = sent[0].body.leads[0];
  assert.deepEqual(
    [lead.customerCountry, lead.customerRegion, lead.customerCity, lead.branch, lead.brand, lead.businessArea],
    ["Saudi Arabia", "Eastern Province", "Dammam", "KIA Dammam Showroom", "KIA", "Sales"]);
  assert.deepEqual([lead.phoneCode, lead.phoneNumber, lead.priority, lead.preferredLanguage], ["00966", "551231231", "Warm", "Arabic"]);
  assert.match(lead.leadNote, /Branch chosen by the form: KIA Dammam Showroom/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("with the DMS down at page load, lists from an earlier visit fill the form and the lead is queued, then sent once", async () => {
  const { page, context, problems } = await open("outage-en.html", { lang: "en", attrs: RETRY_PRESETS });
  // An earlier visit: the lists this person needs are loaded (and kept by the browser).
  await fillMinimal(page, "Earlier Visit");
  // The DMS cannot be reached when the page is opened again.
  await context.route("**/v1/list/**", (route) => route.abort("connectionrefused"));
  await context.route("**/v1/leads/bulks", (route) => route.abort("connectionrefused"));
  await page.reload();
  await ready(page);
  assert.equal(await page.locator(".dlf-load-failed").count(), 0, "no list says it could not be loaded");
  await fillMinimal(page, "Outage Visitor");
  await submit(page);
  await page.locator("[role=status]", { hasText: "Saved on this device" }).waitFor();
  assert.deepEqual(await leadsNamed("Outage Visitor"), []);

  // The DMS is back: the outbox sends the lead by itself, once, with the choices it was given.
  await context.unroute("**/v1/list/**");
  await context.unroute("**/v1/leads/bulks");
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await page.waitForFunction(
    () => !Object.keys(localStorage).some((k) => k.startsWith("dms-lead-widget.outbox.")), null, { timeout: 20000 });
  const sent = await leadsNamed("Outage Visitor");
  assert.equal(sent.length, 1, "delivered exactly once");
  assert.equal(sent[0].body.leads[0].customerCity, "Jeddah");
  assert.equal(sent[0].body.leads[0].modelFamily ?? sent[0].body.leads[0].vehicles[0].modelFamily, "Vigus");
  assert.deepEqual(problems, []);
  await context.close();
});

test("when the answer is lost, the retry gets the same bulk id and the DMS gets one lead", async () => {
  const { page, context } = await open("lost-answer-en.html", { lang: "en", attrs: RETRY_PRESETS });
  await fillMinimal(page, "Layla");
  // The first POST reaches the DMS, but its answer never reaches the browser.
  await page.route("**/v1/leads/bulks", async (route) => {
    await route.fetch();
    await route.abort("connectionreset");
  }, { times: 1 });
  await submit(page);
  await page.locator("[role=status]", { hasText: "Saved on this device" }).waitFor();
  const first = await leadsNamed("Layla");
  assert.equal(first.length, 1, "the DMS did get the first attempt");

  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  const reference = page.locator("[role=status] .dlf-reference");
  await reference.waitFor({ timeout: 20000 });
  assert.equal(Number(await reference.textContent()), first[0].id, "the retry was answered with the first bulk id");
  assert.equal((await leadsNamed("Layla")).length, 1, "no second bulk");
  assert.equal(await outboxSize(page), 0);
  await context.close();
});

test("a form token that could not be fetched, or that the proxy refuses, is renewed by itself: one lead", async () => {
  // The token the form asks for as it is shown never arrives.
  const tokens = [];
  const { page, context } = await open("form-token-en.html", { lang: "en", attrs: RETRY_PRESETS }, undefined, async (page) => {
    page.on("request", (request) => request.url().includes("/v1/form-token") && tokens.push(request.url()));
    await page.route("**/v1/form-token", (route) => route.abort("connectionreset"), { times: 1 });
  });
  await fillMinimal(page, "Token Renewed");
  // And the first bulk goes without one (as from a tab opened before the proxy asked for tokens):
  // the proxy answers 428, the outbox fetches a fresh token and sends again by itself.
  let stripped = 0;
  await page.route("**/v1/leads/bulks", async (route) => {
    const headers = { ...route.request().headers() };
    stripped += headers["x-form-token"] ? 1 : 0;
    delete headers["x-form-token"];
    await route.continue({ headers });
  }, { times: 1 });
  await submit(page);
  await page.locator("[role=status] .dlf-reference").waitFor({ timeout: 20000 });
  assert.equal(stripped, 1, "the form sent a token of its own");
  assert.ok(tokens.length >= 3, `asked at load, at the send, after the 428: ${tokens.length}`);
  assert.equal((await leadsNamed("Token Renewed")).length, 1);
  assert.equal(await outboxSize(page), 0);
  await context.close();
});

test("in kiosk mode the form starts over after a confirmation, and wipes what an idle visitor typed", async () => {
  const { page, context } = await open("kiosk-en.html", {
    lang: "en",
    attrs: { ...RETRY_PRESETS, "data-mode": "kiosk", "data-kiosk-reset-seconds": "3", "data-kiosk-idle-seconds": "2" },
  }, { width: 900, height: 600 });
  // The next person finds the top of the form, its heading focused.
  const atTheTop = () => page.evaluate(() => [window.scrollY, document.activeElement?.classList.contains("dlf-title")]);
  await field(page, "firstName").fill("Walked Away");
  await field(page, "vehicles[0].totalQty").scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector("[name=firstName]").value === "", null, { timeout: 10000 });
  assert.deepEqual(await atTheTop(), [0, true], "after the idle wipe");

  await fillMinimal(page, "Kiosk Visitor");
  await submit(page);
  await page.locator("[role=status] .dlf-reference").waitFor();
  assert.match(await page.locator("[role=status]").textContent(), /starts again for the next person in 3 seconds\./);
  // The countdown counts down while it shows.
  await page.locator("[role=status] .dlf-countdown", { hasText: "2 seconds" }).waitFor({ timeout: 5000 });
  await page.locator("[role=status] .dlf-reference").waitFor({ state: "detached", timeout: 10000 });
  assert.deepEqual(await atTheTop(), [0, true], "after the automatic start-over");
  assert.equal(await field(page, "firstName").inputValue(), "", "the next person sees an empty form");
  assert.equal(await field(page, "phoneNumber").inputValue(), "");
  assert.equal(await outboxSize(page), 0, "nothing personal stays in storage once delivered");
  assert.equal((await leadsNamed("Kiosk Visitor")).length, 1);
  assert.equal((await leadsNamed("Walked Away")).length, 0);
  await context.close();
});

test("a bot that fills the hidden trap is answered like a person, and nothing reaches the DMS", async () => {
  const { page, context } = await open("trap-en.html", { lang: "en", attrs: RETRY_PRESETS });
  const trap = field(page, "dlf-trap");
  const box = await trap.evaluate((el) => {
    const r = el.closest(".dlf-trap").getBoundingClientRect();
    return { width: r.width, height: r.height, clip: getComputedStyle(el.closest(".dlf-trap")).clipPath };
  });
  assert.ok(box.width <= 1 && box.height <= 1 && box.clip.startsWith("inset"), `people never see it: ${JSON.stringify(box)}`);
  assert.equal(await trap.evaluate((el) => el.closest("[aria-hidden=true]") !== null), true);
  // Keyboard users never reach it: Tab from the last consent box goes to the submit button.
  await field(page, "acceptNewsLetter").focus();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "submit");

  await fillMinimal(page, "Spam Bot");
  await trap.evaluate((el) => {
    el.value = "http://spam.example";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await submit(page);
  await page.locator("[role=status] .dlf-reference").waitFor();
  assert.deepEqual(await leadsNamed("Spam Bot"), []);
  await context.close();
});

test("the form works on a page with a strict Content-Security-Policy", async () => {
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  stack.page("csp-en.html", { lang: "en", attrs: RETRY_PRESETS, external: true });
  await page.goto(`${stack.strictSite}/csp-en.html`);
  await ready(page);
  await fillMinimal(page, "Strict Page");
  await submit(page);
  await page.locator("[role=status] .dlf-reference").waitFor();
  assert.equal((await leadsNamed("Strict Page")).length, 1);
  assert.deepEqual(violations, []);
  await context.close();
});

test("with Turnstile at the proxy, the page's token goes with the lead, is verified, and the check is reset", async () => {
  const verifications = [];
  const verifier = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const form = new URLSearchParams(body);
      verifications.push(form.get("response"));
      const success = form.get("secret") === "ts-secret" && form.get("response") === "tok-good";
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ success }));
    });
  });
  await new Promise((resolve) => verifier.listen(0, "127.0.0.1", resolve));
  try {
    const proxy = await stack.startProxy({
      PROXY_TURNSTILE_SECRET: "ts-secret",
      PROXY_TURNSTILE_VERIFY_URL: `http://127.0.0.1:${verifier.address().port}/siteverify`,
    });
    const attrs = { "data-brand": "JMC", "data-business-area": "Sales", "data-branch": "JMC Khobar Showroom",
      "data-interest": "Test Drive", "data-source": "Website", "data-sub-source": "Lead Form", "data-priority": "Hot" };
    const fill = async (page) => {
      await field(page, "firstName").fill("Huda");
      await field(page, "email").fill("huda@example.com");
      await choose(page, "customerRegion", "Eastern Province");
      await choicesOffered(page, "customerCity");
      await choose(page, "customerCity", "Dammam");
      await field(page, "acceptPrivatePolicy").check();
    };
    // What Cloudflare's script leaves in the page: the token input and a `turnstile` object.
    const beside = (token) => `<input type="hidden" name="cf-turnstile-response" value="${token}">`;
    const { page, context } = await open("turnstile.html", { lang: "en", proxy, attrs, after: beside("tok-good") });
    await page.evaluate(() => { window.turnstile = { resets: 0, reset() { this.resets++; } }; });
    await fill(page);
    const before = (await stack.received()).length;
    await submitAndWait(page);
    assert.equal((await stack.received()).length, before + 1);
    assert.deepEqual(verifications, ["tok-good"], "verified once, with the page's token");
    await page.locator("[role=status] button").click();
    assert.equal(await page.evaluate(() => window.turnstile.resets), 1, "the next person gets a fresh check");
    await context.close();

    const refused = await open("turnstile-bad.html", { lang: "en", proxy, attrs, after: beside("tok-expired") });
    await fill(refused.page);
    await submit(refused.page);
    await refused.page.locator(".dlf-send-failed", { hasText: "security check" }).waitFor({ timeout: 10000 });
    assert.equal((await stack.received()).length, before + 1, "nothing more reached the DMS");
    await refused.context.close();
  } finally {
    verifier.close();
  }
});

test("the built bundles (public form and dealer pages) hold no DMS credential and no dealer token", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const dist = path.join(root, "dist");
  const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.ok(files.some((f) => f.name === "dms-dealer_bg.wasm"), "the dealer entry is checked too");
  for (const file of files) {
    const name = path.join(file.parentPath ?? file.path, file.name);
    const content = readFileSync(name);
    assert.equal(content.includes(stack.credential), false, name);
    assert.equal(content.includes(stack.dealerToken), false, name);
    assert.equal(content.includes("Bearer "), false, name);
  }
});

for (const [lang, fields] of [["en", "short"], ["ar", "short"], ["en", "full"], ["ar", "full"]]) {
  test(`axe-core finds no WCAG 2.1 AA violation (${lang}, ${fields}), and the README screenshots are taken`, async () => {
    const picture = fields === "short" ? `form-${lang}` : `form-full-${lang}`;
    const { page, context } = await open(`axe-${lang}-${fields}.html`, {
      lang,
      attrs: { "data-fields": fields, "data-brand": "KIA", "data-source": "Website", "data-sub-source": "Lead Form" },
    }, { width: 480, height: 900 });
    assert.deepEqual(await axeViolations(page), [], "empty form");
    // On a phone, the form never scrolls sideways (in Arabic, anything past the left edge would).
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in a ${widths[1]} px window`);
    // The README shows the short form in both languages and the full form once.
    if (fields === "short" || lang === "en") {
      await page.screenshot({ path: path.join(root, "docs", `${picture}.png`), fullPage: true });
    }
    await submit(page);
    await page.locator(".dlf-summary").waitFor();
    assert.deepEqual(await axeViolations(page), [], "after a failed submit");
    await context.close();
  });
}

test("each list is requested once per language from page load on, and a stale cascade answer never shows", async () => {
  const { page, context } = await open("lists-en.html", { lang: "en" });

  // Slow answers for Saudi regions' cities; meanwhile the person switches to the UAE.
  await page.route("**/v1/list/CITY?*parentId=4*", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue().catch(() => {});
  });
  await choose(page, "customerRegion", "Eastern Province");
  await choose(page, "customerCountry", "United Arab Emirates");
  await choose(page, "customerRegion", "Dubai");
  await choicesOffered(page, "customerCity");
  await page.waitForTimeout(1000); // the slow Saudi answer arrives meanwhile and must be ignored
  assert.deepEqual(
    await field(page, "customerCity").locator("option:not([value=''])").allTextContents(),
    ["Dubai", "Hatta"],
  );
  const staleAborted = await page.evaluate(() =>
    window.__listSignals.filter(([url]) => /CITY\?.*parentId=4/.test(url)).map(([, signal]) => signal.aborted));
  assert.deepEqual(staleAborted, [true], "the stale request was aborted");
  // Back and forth: everything already loaded comes from the cache.
  await choose(page, "customerCountry", "Saudi Arabia");
  await choose(page, "customerRegion", "Eastern Province");
  await choose(page, "customerCountry", "United Arab Emirates");
  await choose(page, "customerRegion", "Dubai");
  // Every list request since the page started (recorded by the page itself, from the first one),
  // but for the stale one that was aborted: it had no answer to keep, so asking again is right.
  const listRequests = await page.evaluate(() =>
    window.__listSignals.filter(([, signal]) => !signal.aborted).map(([url]) => url));
  const counts = {};
  for (const url of listRequests) counts[url] = (counts[url] ?? 0) + 1;
  const repeated = Object.entries(counts).filter(([, n]) => n > 1);
  assert.deepEqual(repeated, [], "no list is requested twice");
  await context.close();
});

test("the lists a choice leads to go ahead of the lists the form loads at start", async () => {
  // Over HTTP/1.1 the browser has 6 connections to the proxy and the form starts 18 lists: the
  // preselected country's regions, which the person waits for, must not queue behind them.
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const priorities = {};
  cdp.on("Network.requestWillBeSent", ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname.includes("/v1/list/")) priorities[url.pathname.split("/").pop() + (url.searchParams.has("parentId") ? " (after a choice)" : "")] = request.initialPriority;
  });
  await page.goto(stack.page("priorities-en.html", { lang: "en" }));
  await ready(page);
  assert.equal(priorities["REGION (after a choice)"], "High");
  assert.equal(priorities["COUNTRY"], "Low");
  const starting = Object.entries(priorities).filter(([name]) => !name.includes("after a choice"));
  assert.ok(starting.length >= 10, JSON.stringify(priorities));
  assert.deepEqual(starting.filter(([, priority]) => priority !== "Low"), []);
  await context.close();
});

test("a list that fails to load says so and loads on retry", async () => {
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  let fail = true;
  await page.route("**/v1/list/REGION?*", (route) => (fail ? route.abort("connectionreset") : route.continue()));
  await page.goto(stack.page("retry-list-en.html", { lang: "en" }));
  const region = page.locator(".dlf-field", { has: field(page, "customerRegion") });
  await region.getByText("The choices could not be loaded.").waitFor();
  assert.equal(await field(page, "customerRegion").isDisabled(), true);
  fail = false;
  await region.getByRole("button", { name: "Try again" }).click();
  await ready(page);
  assert.equal(await field(page, "customerRegion").locator("option").count(), 14, "placeholder + 13 regions");
  assert.equal(await region.getByText("The choices could not be loaded.").count(), 0);
  await context.close();
});

// Last in this file: the log of every test above.
test("the proxy's log of the whole run holds requests by id, and no personal data", async () => {
  const log = stack.proxyLog();
  const lines = log.split("\n").filter((line) => line.startsWith("{"));
  assert.ok(lines.some((line) => /"message":"answered"/.test(line) && /"id":"[0-9a-f]{16}-[0-9a-f]+"/.test(line)),
    "each request is logged with its request id");
  for (const personal of ["551234567", "500000005", "551231231", "Sara", "Al-Qahtani", "example.com", "Huda",
    "Omar", "نورة", "عبدالله", "Bearer "]) {
    assert.equal(log.includes(personal), false, `the log holds ${personal}`);
  }
});
