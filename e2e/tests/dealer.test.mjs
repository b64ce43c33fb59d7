// The dealer pages end to end: the dealer bundle served by a portal (same origin, /portal/…
// forwarded to the proxy with the dealer token), through the proxy, into the simulator and its
// lead-bank provider.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { startStack, axeViolations, root } from "../lib/stack.mjs";
import { choicesOffered, choose, field, messageOf, submitAndWait } from "../lib/form-page.mjs";

let stack;
const YEAR = String(new Date().getFullYear());

before(async () => {
  // Slow enough processing that "created" and "in progress" are both on screen for a while.
  stack = await startStack({ processingMs: 3000 });
  assert.ok(stack.portal, "dist/dealer is missing: run scripts/build.sh");
});
after(async () => {
  await stack?.stop();
});

async function open(hash, { lang = "en", viewport = { width: 1280, height: 1000 } } = {}, beforeLoad = undefined) {
  const context = await stack.browser.newContext({ viewport, locale: lang === "ar" ? "ar-SA" : "en-US" });
  const page = await context.newPage();
  if (beforeLoad) await beforeLoad(page);
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  const file = lang === "ar" ? "dealer-ar.html" : "index.html";
  await page.goto(`${stack.portal}/${file}${hash}`);
  await page.waitForSelector("nav .dlf-tabs");
  return { page, context, problems };
}

const valid = (overrides = {}) => ({
  businessArea: "Sales", brand: "KIA", branch: "KIA Riyadh Showroom", source: "Showroom", subSource: "Walk-in",
  phoneCode: "00966", phoneNumber: "555555555", preferredLanguage: "English", priority: "Hot", leadType: "Individual",
  interest: "Vehicle Inquiry", firstName: "Status", lastName: "Check", leadName: "Status Check",
  leadDate: new Date().toISOString(), customerCountry: "Saudi Arabia", customerRegion: "Riyadh", customerCity: "Riyadh",
  vehicles: [{ modelFamily: "Sportage", modelYear: Number(YEAR), totalQty: 1 }],
  ...overrides,
});

/** Posts a bulk the way the dealer pages do (same origin, through the portal); returns its id. */
async function postBulk(page, leads) {
  return page.evaluate(async (leads) => {
    const response = await fetch("/portal/dealer/api/v1/leads/bulks", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ leads, isProcessed: 1 }),
    });
    if (!response.ok) throw new Error(`bulk refused: ${response.status} ${await response.text()}`);
    return Number(await response.text());
  }, leads);
}

test("bulk status: every state is seen live, errors are readable in full, and the query is in the URL", async () => {
  const { page, context, problems } = await open("#status");
  const id = await postBulk(page, [valid(), valid({ firstName: "Nowhere", customerCity: "Atlantis" })]);
  await page.fill("#id", String(id));
  await page.click(".dlf-query button[type=submit]");
  const seen = [];
  const badge = page.locator(".dlf-badge");
  for (let i = 0; i < 120 && !seen.includes("4"); i++) {
    const state = await badge.getAttribute("data-state", { timeout: 5000 }).catch(() => null);
    if (state && seen.at(-1) !== state) seen.push(state);
    await page.waitForTimeout(100);
  }
  assert.deepEqual(seen, ["1", "2", "4"], "created → in progress → completed, without a reload");
  assert.equal(new URL(page.url()).hash, `#status?id=${id}`);
  assert.equal(await page.textContent(".dlf-total"), "2");
  assert.equal(await page.textContent(".dlf-error-count"), "1");
  const errorRow = page.locator("tr.dlf-row-error");
  assert.match(await errorRow.textContent(), /Nowhere/);
  assert.match(await errorRow.locator(".dlf-errors").textContent(), /customerCity: not_in_parent/);
  assert.equal(await page.locator("tbody tr").count(), 2);
  // Reloading the shared link shows the same bulk, already final.
  await page.reload();
  await page.locator(".dlf-badge[data-state='4']").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const lang of ["en", "ar"]) {
  test(`bulk status (${lang}): Riyadh time, a request under way said, an answer that is no bulk status said and not asked again`, async () => {
    const { page, context, problems } = await open("#status", { lang });
    const id = await postBulk(page, [valid()]);
    // A DMS that takes its time: the page says it is loading, on the region and the button.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route("**/v1/leads/bulks?*", async (route) => { await held; await route.continue(); }, { times: 1 });
    await page.fill("#id", String(id));
    await page.click(".dlf-query button[type=submit]");
    await page.locator(".dlf-loading").waitFor();
    assert.equal(await page.locator("[aria-live=polite][aria-busy=true]").count(), 1);
    assert.equal(await page.locator(".dlf-query button[type=submit]").isDisabled(), true);
    release();
    await page.locator(".dlf-badge").waitFor();
    assert.equal(await page.locator(".dlf-loading").count(), 0);
    // The creation time in Asia/Riyadh, in the page's language; the DMS's value in the title.
    const created = page.locator(".dlf-created");
    const raw = await created.getAttribute("title");
    const instant = /[zZ]|[+-]\d\d:?\d\d$/.test(raw.slice(10)) ? raw : `${raw}Z`;
    const expected = new Intl.DateTimeFormat(lang === "ar" ? "ar-u-ca-gregory-nu-latn" : "en-GB-u-ca-gregory",
      { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Riyadh" }).format(new Date(instant));
    assert.equal(await created.textContent(), expected);
    // The list texts in the page's language: the status answer carries the DMS's English ones.
    const row = page.locator(".dlf-bulk tbody tr").first();
    const [brand, vehicles, interest] = lang === "ar"
      ? ["كيا", `سبورتاج ${YEAR}`, "استفسار عن سيارة"] : ["KIA", `Sportage ${YEAR}`, "Vehicle Inquiry"];
    await page.waitForFunction((brand) => document.querySelector(".dlf-bulk tbody td:nth-child(5)")?.textContent === brand, brand);
    assert.equal(await row.locator("td:nth-child(6)").textContent(), vehicles);
    assert.equal(await row.locator("td:nth-child(7)").textContent(), interest);
    assert.deepEqual(await axeViolations(page), []);

    // JSON that is not a bulk status: said, and not asked again.
    let asked = 0;
    await page.route("**/v1/leads/bulks?*", (route) => {
      asked++;
      return route.fulfill({ status: 200, contentType: "application/json", body: '{"message":"ok"}' });
    });
    await page.fill("#id", String(id + 1000));
    await page.click(".dlf-query button[type=submit]");
    const unreadable = lang === "ar" ? "تعذرت قراءة رد النظام كحالة دفعة" : "could not be read as a bulk status";
    await page.locator("[role=alert]", { hasText: unreadable }).waitFor();
    assert.equal(await page.locator(".dlf-badge").count(), 0, "no 'Unknown state' with empty fields");
    await page.waitForTimeout(3000);
    assert.equal(asked, 1, "no polling of an answer that cannot be read");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("bulk status by lead: more than 7 days is refused at the field before anything is sent", async () => {
  const { page, context } = await open("#status");
  let statusRequests = 0;
  page.on("request", (r) => { if (r.url().includes("/v1/leads/bulks?")) statusRequests++; });
  await page.check("input[name=status-mode] >> nth=1");
  await page.fill("#leadId", "90001");
  await page.fill("#from", "2025-08-18");
  await page.fill("#to", "2025-08-25");
  await page.click(".dlf-query button[type=submit]");
  assert.equal(await messageOf(page.locator("#to")), "The range can be at most 7 days.");
  assert.equal(statusRequests, 0);
  await page.fill("#to", "2025-08-24");
  await page.click(".dlf-query button[type=submit]");
  await page.waitForURL(/#status\?leadId=90001&from=2025-08-18&to=2025-08-24/);
  assert.equal(await messageOf(page.locator("#to")), null);
  await page.locator(".dlf-notice").waitFor(); // no bulk of that lead in those days
  assert.equal(statusRequests, 1);
  await context.close();
});

test("customer lookup opens a prefilled dealer-assisted form, and a known mobile number is pointed out", async () => {
  const { page, context, problems } = await open("#customer");
  await page.click(".dlf-query button[type=submit]");
  assert.equal(await messageOf(page.locator("#customerId")), "Fill in at least one of these.");
  await page.fill("#mobileNumber", "412345678");
  await page.click(".dlf-query button[type=submit]");
  assert.equal(await messageOf(page.locator("#mobileNumber")), "A Saudi mobile number starts with 5, e.g. 5XXXXXXXX.");
  await page.fill("#mobileNumber", "+966 56 861 7084");
  await page.click(".dlf-query button[type=submit]");
  const card = page.locator(".dlf-card").first();
  await card.waitFor();
  assert.match(await card.textContent(), /Param IT/);
  assert.match(await card.textContent(), /Contacts/);
  assert.deepEqual(await axeViolations(page), [], "results");
  await card.getByRole("button", { name: "New lead for this customer" }).click();
  await page.waitForURL(/#new-lead\?customerId=54218/);
  await choicesOffered(page, "customerCity");
  await page.waitForFunction(() => document.querySelector("[name=customerCity]").selectedOptions[0]?.textContent === "Riyadh");
  assert.equal(await field(page, "leadName").inputValue(), "Param IT");
  assert.equal(await field(page, "contactName").inputValue(), "Parameswaran Kalidas");
  assert.equal(await field(page, "phoneNumber").inputValue(), "568617084");
  assert.equal(await field(page, "email").inputValue(), "sri1@gmail.com");
  // The fields the public form hides are here, and everything stays editable.
  for (const name of ["priority", "branch", "source", "subSource", "interest"]) {
    assert.equal(await field(page, name).count(), 1, name);
  }
  await field(page, "contactName").fill("Another Contact");
  await choose(page, "brand", "KIA");
  await choicesOffered(page, "businessArea");
  await choose(page, "businessArea", "Sales");
  await choicesOffered(page, "branch");
  await choose(page, "branch", "KIA Riyadh Showroom");
  await choose(page, "interest", "Price Quote");
  await choose(page, "vehicles[0].modelFamily", "K5");
  await choose(page, "vehicles[0].modelYear", YEAR);
  await choose(page, "source", "Call Center");
  await choicesOffered(page, "subSource");
  await choose(page, "subSource", "Inbound");
  await choose(page, "priority", "Hot");
  const bulkId = await submitAndWait(page);
  // The dealer is told in a dealer's words, and the bulk number opens its status.
  const confirmation = page.locator("[role=status] .dlf-thanks");
  assert.equal(await confirmation.locator("h2").textContent(), "Lead created");
  assert.match(await confirmation.textContent(), new RegExp(`Bulk ${bulkId}`));
  const received = (await stack.received()).find((b) => b.id === bulkId);
  const lead = received.body.leads[0];
  assert.equal(lead.leadName, "Param IT");
  assert.equal(lead.contactName, "Another Contact");
  assert.equal(lead.companyIndustryType, "Construction");
  assert.equal(lead.customerCity, "Riyadh");
  assert.equal(lead.source, "Call Center");
  assert.notEqual(lead.acceptPrivatePolicy, true, "the dealer does not tick the customer's consent");

  await confirmation.getByRole("link", { name: String(bulkId) }).click();
  await page.waitForURL(new RegExp(`#status\\?id=${bulkId}$`));
  await page.locator(".dlf-bulk").waitFor();
  assert.equal(await page.inputValue("#id"), String(bulkId));

  // An empty dealer-assisted form: typing an existing customer's number shows who it is.
  await page.goto(`${stack.portal}/index.html#new-lead`);
  await page.waitForSelector("[name=phoneNumber]");
  await field(page, "phoneNumber").fill("0568617084");
  await page.locator(".dlf-hint a").waitFor();
  assert.match(await page.textContent(".dlf-hint"), /An existing customer has this mobile number: Param IT \(Customer 54218\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [lang, words] of [
  ["en", { section: "Customer", leadType: "Lead type", interest: "Interest", source: "Source", submit: "Create lead" }],
  ["ar", { section: "العميل", leadType: "نوع العميل المحتمل", interest: "الاهتمام", source: "المصدر", submit: "إنشاء العميل المحتمل" }],
]) {
  test(`dealer wording (${lang}): the assisted form and the CSV mapping speak of the customer, not to them`, async () => {
    const { page, context, problems } = await open("#new-lead", { lang });
    await page.waitForSelector("[name=leadType]");
    const text = await page.textContent(".dlf-dealer-page");
    for (const customerVoice of ["About you", "I am enquiring as", "How can we help?", "How did you hear about us?", "Send request",
      "معلوماتك", "كيف يمكننا مساعدتك؟", "كيف عرفت عنا؟", "إرسال الطلب"]) {
      assert.ok(!text.includes(customerVoice), `${lang}: "${customerVoice}" is the customer's wording`);
    }
    assert.equal((await page.locator("fieldset.dlf-section > legend").first().textContent()).trim(), words.section);
    const labelOf = async (name) => page.textContent(`label[for="${await field(page, name).getAttribute("id")}"]`);
    assert.ok((await page.textContent("fieldset.dlf-radios > legend")).startsWith(words.leadType));
    for (const name of ["interest", "source"]) {
      assert.ok((await labelOf(name)).startsWith(words[name]), name);
    }
    assert.equal((await page.locator(".dlf-submit").textContent()).trim(), words.submit);

    await page.goto(page.url().replace(/#.*/, "#import"));
    await uploadCsv(page, [["leadType", "interest", "source"], ["Individual", "Test Drive", "Showroom"]]);
    const options = await page.locator(".dlf-map select").first().locator("option:checked").textContent();
    assert.match(options, new RegExp(`^${words.leadType} \\(leadType\\)`));
    assert.deepEqual(problems, []);
    await context.close();
  });
}

const CSV_ROWS = [
  ["نوع العميل", "الاسم الأول", "اسم العائلة", "رقم الجوال", "رمز الدولة", "اللغة المفضلة", "الدولة", "المنطقة", "المدينة",
    "العلامة التجارية", "القسم", "الفرع", "كيف يمكننا مساعدتك؟", "الطراز", "سنة الصنع", "كيف عرفت عنا؟", "أين تحديداً؟", "الأولوية", "ملاحظات"],
  ["فرد", "سارة", "القحطاني", "٠٥٥١٢٣٤٥٦٧", "00966", "العربية", "المملكة العربية السعودية", "الرياض", "الرياض",
    "كيا", "المبيعات", "صالة عرض كيا - الرياض", "استفسار عن سيارة", "سبورتاج", YEAR, "صالة العرض", "زيارة مباشرة", "ساخن", "\"قالت: \"\"اتصلوا مساءً\"\"; شكراً\""],
  ["Individual", "Omar", "Al-Harbi", "12345", "00966", "English", "Saudi Arabia", "Riyadh", "Riyadh",
    "KIA", "Sales", "KIA Riyadh Showroom", "Test Drive", "Sorento", YEAR, "Showroom", "Walk-in", "Warm", ""],
  ["Individual", "Fahad", "Al-Dosari", "0533334444", "00966", "English", "Saudi Arabia", "Riyadh", "Atlantis",
    "KIA", "Sales", "KIA Riyadh Showroom", "Test Drive", "Carnival", YEAR, "Showroom", "Walk-in", "Warm", ""],
];

async function uploadCsv(page, rows = CSV_ROWS) {
  const text = "\uFEFF" + rows.map((r) => r.join(";")).join("\r\n") + "\r\n";
  await page.setInputFiles("#csv-file", { name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
  await page.locator(".dlf-counts").waitFor();
}

test("CSV import: Arabic headers and texts, a semicolon file with a BOM, a cell fixed in place, a row left out", async () => {
  const { page, context, problems } = await open("#import");
  await uploadCsv(page);
  await page.waitForFunction(() => /3 rows: 1 valid, 2 with errors/.test(document.querySelector(".dlf-counts").textContent));
  // Every column was recognised by its Arabic header.
  assert.equal(await page.locator(".dlf-map select").evaluateAll((s) => s.filter((x) => x.value === "").length), 0);
  const phone = page.locator("#cell-2-phoneNumber");
  assert.equal(await messageOf(phone), "Enter the 9-digit number without the country code, e.g. 5XXXXXXXX.");
  const city = page.locator("#cell-3-customerCity");
  assert.equal(await messageOf(city), "This choice does not match the one above it. Choose again.");
  assert.deepEqual(await axeViolations(page), [], "errors shown");
  await phone.fill("0507654321");
  await phone.press("Tab");
  await page.waitForFunction(() => /3 rows: 2 valid, 1 with errors/.test(document.querySelector(".dlf-counts").textContent));
  await page.uncheck("#include-3");
  await page.waitForFunction(() => /2 valid, 0 with errors, 1 excluded/.test(document.querySelector(".dlf-counts").textContent));
  await page.getByRole("button", { name: "Send the valid rows" }).click();
  const link = page.locator(".dlf-sent-bulks a");
  await link.waitFor({ timeout: 15000 });
  const id = Number(await link.textContent());
  const body = (await stack.received()).find((b) => b.id === id).body;
  assert.equal(body.leads.length, 2);
  const [sara, omar] = body.leads;
  assert.equal(sara.firstName, "سارة");
  assert.equal(sara.phoneNumber, "551234567");
  assert.equal(sara.customerRegion, "Riyadh", "Arabic list texts go out as the DMS's English texts");
  assert.equal(sara.branch, "KIA Riyadh Showroom");
  assert.equal(sara.leadType, "Individual");
  assert.equal(sara.leadNote, "قالت: \"اتصلوا مساءً\"; شكراً");
  assert.deepEqual(sara.vehicles, [{ modelFamily: "Sportage", modelYear: Number(YEAR), totalQty: 1 }]);
  assert.equal(omar.phoneNumber, "507654321");
  // The link leads to the bulk's status.
  await link.click();
  await page.waitForURL(new RegExp(`#status\\?id=${id}`));
  await page.locator(".dlf-badge").waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

const KEPT_HEADERS = ["leadType", "firstName", "lastName", "phoneNumber", "phoneCode", "preferredLanguage", "customerCountry",
  "customerRegion", "customerCity", "brand", "businessArea", "branch", "interest", "modelFamily", "modelYear", "source",
  "subSource", "priority", "leadNote"];
const keptRow = (first, last, phone, city, note = "") => ["Individual", first, last, phone, "00966", "English", "Saudi Arabia",
  "Riyadh", city, "KIA", "Sales", "KIA Riyadh Showroom", "Test Drive", "Sportage", YEAR, "Showroom", "Walk-in", "Warm", note];

for (const [lang, words] of [
  ["en", { rows3: "3 rows:", rows2: "2 rows:", before: "Sent before from this file" }],
  ["ar", { rows3: "3 صفوف:", rows2: "صفان:", before: "أُرسلت من هذا الملف من قبل" }],
]) {
  test(`CSV import (${lang}): Back and reload keep the import; the same file again, even in a new tab, makes no second lead`, async () => {
    const family = `Kept${lang}${Date.now()}`;
    const rows = [KEPT_HEADERS, keptRow("Sara", family, "0551234567", "Riyadh", '"Call after 5\nask for Omar"'),
      keptRow("Omar", family, "0551234568", "Riyadh"), keptRow("Fahad", family, "0533334444", "Atlantis")];
    const ours = async () => (await stack.received()).filter((b) => b.body.leads.some((l) => l.lastName === family));
    const { page, context, problems } = await open("#import", { lang });
    await uploadCsv(page, rows);
    await page.locator("#cell-3-customerCity").waitFor();
    assert.ok((await page.textContent(".dlf-counts")).startsWith(words.rows3));
    await page.click("button.dlf-submit");
    const link = page.locator(".dlf-sent-bulks a");
    await link.waitFor({ timeout: 15000 });
    const id = Number(await link.textContent());
    assert.ok((await page.textContent(".dlf-sent-bulks li")).startsWith(words.rows2));
    const [sent] = await ours();
    assert.equal(sent.body.leads.length, 2);
    assert.equal(sent.body.leads[0].leadNote, "Call after 5\nask for Omar", "the note's line break reaches the DMS");

    const stillThere = async (what) => {
      await page.locator("#cell-3-customerCity").waitFor();
      assert.ok((await page.textContent(".dlf-counts")).startsWith(words.rows3), what);
      for (const row of [1, 2]) assert.equal(await page.textContent(`tr[data-row="${row}"] td a`), String(id), `${what}: row ${row}`);
      assert.equal(await page.textContent(".dlf-sent-bulks a"), String(id), what);
      assert.equal(await page.locator("button.dlf-submit").isDisabled(), true, `${what}: nothing left to send`);
    };
    // To the bulk's status and Back; then a reload.
    await link.click();
    await page.waitForURL(new RegExp(`#status\\?id=${id}`));
    await page.goBack();
    await stillThere("after Back");
    await page.reload();
    await stillThere("after a reload");

    // Cleared, then the same file again: the rows sent show their bulk and are not offered.
    await page.click("button.dlf-clear");
    await page.locator(".dlf-counts").waitFor({ state: "detached" });
    await uploadCsv(page, rows);
    await page.locator("#cell-3-customerCity").waitFor();
    for (const row of [1, 2]) assert.equal(await page.textContent(`tr[data-row="${row}"] td a`), String(id));
    assert.equal(await page.locator("button.dlf-submit").isDisabled(), true);
    assert.deepEqual(problems, []);
    await context.close();

    // Another tab with nothing kept: the same rows make the same key, and the proxy answers
    // with the first bulk; the DMS still has the rows once.
    const other = await open("#import", { lang });
    await uploadCsv(other.page, rows);
    await other.page.locator("#cell-3-customerCity").waitFor();
    await other.page.click("button.dlf-submit");
    await other.page.locator(".dlf-sent-bulks li :is(a, .dlf-notice, .dlf-bad)").waitFor({ timeout: 15000 });
    const answer = await other.page.textContent(".dlf-sent-bulks li");
    assert.ok(answer.includes(String(id)) || answer.includes(words.before), answer);
    assert.equal((await ours()).length, 1, "one bulk in the DMS");
    await other.context.close();
  });
}

test("CSV import: the template downloads and 5,000 rows page smoothly", async () => {
  const { page, context } = await open("#import");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the template" }).click()]);
  assert.equal(download.suggestedFilename(), "dms-leads-template.csv");
  const { readFileSync } = await import("node:fs");
  const template = readFileSync(await download.path(), "utf8");
  assert.match(template, /^\uFEFFleadType,title,firstName/);
  const [header, example] = template.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));
  const rows = [header];
  for (let i = 0; i < 5000; i++) rows.push(example.map((cell, c) => (header[c] === "lastName" ? `Row ${i}` : cell)));
  await uploadCsv(page, rows);
  await page.waitForFunction(() => /5000 rows: 5000 valid/.test(document.querySelector(".dlf-counts").textContent), null, { timeout: 60000 });
  assert.equal(await page.locator("tbody tr").count(), 50, "one page of rows on screen");
  assert.match(await page.textContent(".dlf-pager"), /1 \/ 100/);
  await page.getByRole("button", { name: "Next" }).click();
  assert.equal(await page.locator("tbody tr").first().getAttribute("data-row"), "51");
  await context.close();
});

async function leadBank() {
  return (await fetch(`${stack.sim}/__sim/leadbank`)).json();
}

/** Completes business area and branch of inbox lead `id`. */
async function complete(page, id) {
  await page.locator(`#lb-${id}-businessArea`).selectOption({ label: "Sales" });
  const branch = page.locator(`select#lb-${id}-branch`);
  await branch.waitFor();
  await branch.selectOption({ index: 1 });
  await page.locator(`[data-lead-bank-id="${id}"] .dlf-fixes .dlf-cell`).first().waitFor({ state: "detached" });
}

test("lead-bank inbox: a failed send confirms nothing and loses nothing; a good one is confirmed once", async () => {
  await fetch(`${stack.sim}/__sim/leadbank/reset`, { method: "POST" });
  const { page, context, problems } = await open("#inbox");
  const cards = page.locator("[data-lead-bank-id]");
  await cards.nth(4).waitFor();
  assert.equal(await cards.count(), 5);
  assert.deepEqual(await axeViolations(page), [], "inbox with leads to complete");
  for (const id of [4103, 4104, 4105]) await page.uncheck(`#lb-select-${id}`);
  await complete(page, 4101);
  await complete(page, 4102);

  await stack.setFaults({ bulk_failure_rate: 1, kinds: ["5xx"], seed: 7 });
  await page.getByRole("button", { name: "Send the selected leads" }).click();
  await page.getByText("The leads were not sent, and the provider was not told").waitFor({ timeout: 20000 });
  assert.deepEqual((await leadBank()).confirmed, []);
  // The provider hands the same leads out again; each is shown once.
  await page.getByRole("button", { name: "Get new leads" }).click();
  await page.waitForFunction(() => !document.querySelector("[aria-busy=true]"));
  assert.equal(await cards.count(), 5);
  await page.reload();
  await cards.nth(4).waitFor();
  assert.deepEqual(await cards.evaluateAll((c) => c.map((x) => x.dataset.leadBankId)), ["4101", "4102", "4103", "4104", "4105"]);

  await stack.setFaults({});
  for (const id of [4103, 4104, 4105]) await page.uncheck(`#lb-select-${id}`);
  await complete(page, 4101);
  await complete(page, 4102);
  await page.getByRole("button", { name: "Send the selected leads" }).click();
  // Each lead in a bulk of its own, under its lead-bank key (the key the proxy's sync uses too).
  const links = page.locator(".dlf-done .dlf-bulk-link");
  await links.first().waitFor({ timeout: 15000 });
  const ids = (await links.allTextContents()).map(Number);
  assert.equal(ids.length, 2, "a bulk for each lead");
  const received = await stack.received();
  const leads = ids.flatMap((id) => received.find((b) => b.id === id).body.leads);
  assert.deepEqual(leads.map((l) => l.leadReference), ["LB-4101", "LB-4102"]);
  assert.equal(leads[0].firstName, "سارة");
  assert.equal(leads[0].phoneNumber, "551234567");
  assert.equal(leads[0].source, "Lead Bank");
  assert.match(leads[0].leadNote, /campaign Sportage 2026 launch \(CMP-2611\)/);
  assert.deepEqual((await leadBank()).confirmed, [4101, 4102]);
  // Confirmed leads are never handed out again.
  await page.reload();
  await cards.nth(2).waitFor();
  assert.deepEqual(await cards.evaluateAll((c) => c.map((x) => x.dataset.leadBankId)), ["4103", "4104", "4105"]);
  const sent = (await stack.received()).flatMap((b) => b.body.leads).filter((l) => l.leadReference?.startsWith("LB-"));
  assert.equal(sent.length, 2, "each lead-bank lead reached the DMS once");
  assert.deepEqual(problems, []);
  await context.close();
});

test("lead-bank inbox: no error before the dealer tries to send; a provider that is down is not 'no leads'", async () => {
  await fetch(`${stack.sim}/__sim/leadbank/reset`, { method: "POST" });
  for (const lang of ["en", "ar"]) {
    const { page, context } = await open("#inbox", { lang });
    const cards = page.locator("[data-lead-bank-id]");
    await cards.nth(4).waitFor();
    await page.locator("#lb-4101-businessArea").waitFor();
    assert.equal(await page.locator(".dlf-row-error").count(), 0, "no card marked before anything was tried");
    assert.equal(await page.locator("[aria-invalid=true]").count(), 0);
    await page.locator(".dlf-submit").click();
    await page.locator("[role=alert]").waitFor();
    assert.ok(await page.locator(".dlf-row-error").count() > 0, "what is missing is marked once a send was tried");
    await context.close();
  }
  // The provider down: said as such, and never "no leads are waiting".
  const { page, context } = await open("#inbox", { lang: "en" }, async (page) => {
    await page.route("**/leadbank/api/leads", (route) => route.fulfill({ status: 503, body: "down" }));
  });
  await page.getByText("The lead-bank provider could not be reached").waitFor();
  await page.waitForFunction(() => !document.querySelector("[aria-busy=true]"));
  assert.equal(await page.getByText("No leads are waiting").count(), 0);
  await context.close();
});

test("with the proxy's sync on, lead-bank leads reach the DMS with nobody at the inbox; it shows them sent", async () => {
  await fetch(`${stack.sim}/__sim/leadbank/reset`, { method: "POST" });
  // The provider cannot be told at first: the leads stay handed out, and the inbox shows them.
  await fetch(`${stack.sim}/__sim/leadbank/fail-confirms`, { method: "POST", body: "1000" });
  const dir = mkdtempSync(path.join(tmpdir(), "dlf-sync-"));
  const file = path.join(dir, "proxy.toml");
  // A routing rule completes the leads of the provider's dealer code; one lead has no city.
  writeFileSync(file, [
    "[lead_bank]", "sync_every_seconds = 1",
    "[[lead_bank.mapping.routes]]", 'bandDealerId = "JTC-KIA-01"',
    'set = { businessArea = "Sales", branch = "KIA Riyadh Showroom" }', "",
  ].join("\n"));
  const lbBulks = async () => (await stack.received()).flatMap((b) => b.body.leads.map((l) => [b.id, l.leadReference]))
    .filter(([, ref]) => ref?.startsWith("LB-"));
  const before = (await lbBulks()).length;
  const proxy = await stack.startProxy({ PROXY_CONFIG: file });
  const portal = await stack.startPortal(proxy);
  let sent = [];
  for (let i = 0; i < 40 && sent.length < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    sent = (await lbBulks()).slice(before);
  }
  assert.deepEqual(sent.map(([, ref]) => ref).sort(), ["LB-4101", "LB-4102", "LB-4104", "LB-4105"], "all but the lead without a city");

  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${portal}/index.html#inbox`);
  const cards = page.locator("[data-lead-bank-id]");
  await cards.nth(4).waitFor();
  await page.locator('[data-lead-bank-id="4101"] .dlf-done .dlf-bulk-link').waitFor();
  for (const [bulk, ref] of sent) {
    const card = page.locator(`[data-lead-bank-id="${ref.slice(3)}"]`);
    assert.match(await card.locator(".dlf-done").textContent(), new RegExp(`Sent to the DMS automatically, in bulk ${bulk}`));
    assert.equal(await card.locator("input[type=checkbox]").isDisabled(), true, "nothing for a dealer to send");
  }
  // The lead the sync could not complete waits for a dealer, with its missing field to fill in.
  assert.equal(await page.locator('[data-lead-bank-id="4103"] .dlf-done').count(), 0);
  await page.locator("#lb-4103-customerCity").waitFor();
  assert.deepEqual(await axeViolations(page), [], "inbox with leads the sync sent");
  // The provider answers again: the next round confirms them, still one bulk each.
  await fetch(`${stack.sim}/__sim/leadbank/fail-confirms`, { method: "POST", body: "0" });
  let confirmed = [];
  for (let i = 0; i < 40 && confirmed.length < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    confirmed = (await (await fetch(`${stack.sim}/__sim/leadbank`)).json()).confirmed;
  }
  assert.deepEqual([...confirmed].sort(), [4101, 4102, 4104, 4105]);
  assert.equal((await lbBulks()).length - before, 4, "one bulk per lead");
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Presses Tab until the focused element matches `selector` (the way round the page included). */
async function tabTo(page, selector) {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((selector) => document.activeElement?.matches(selector), selector)) return;
  }
  throw new Error(`never reached ${selector} with Tab`);
}

/** Chooses, with the arrow keys only, the option of the select `selector` whose value or text is `wanted`. */
async function chooseByKeys(page, selector, wanted) {
  await tabTo(page, selector);
  const [from, to] = await page.evaluate(([selector, wanted]) => {
    const select = document.querySelector(selector);
    const to = [...select.options].findIndex((o) => o.value === wanted || o.textContent.trim() === wanted);
    return [select.selectedIndex, to];
  }, [selector, wanted]);
  assert.ok(to >= 0, `${selector} offers ${wanted}`);
  for (let i = from; i !== to; i += Math.sign(to - from)) await page.keyboard.press(to > from ? "ArrowDown" : "ArrowUp");
  // (A corrected cell may be gone at once: its row was judged again.)
  const now = await page.evaluate((selector) => document.querySelector(selector)?.selectedIndex ?? null, selector);
  assert.ok(now === null || now === to, `${selector}: ${now}, not ${to}`);
}

for (const lang of ["en", "ar"]) {
  test(`the keyboard alone (${lang}): each dealer page's main task, start to end`, async () => {
    const { page, context, problems } = await open("#status", { lang });
    const at = (hash) => page.goto(`${page.url().split("#")[0]}${hash}`);
    const text = (en, ar) => (lang === "ar" ? ar : en);

    // Bulk status: the number, Enter.
    const id = await postBulk(page, [valid()]);
    await tabTo(page, "#id");
    await page.keyboard.type(String(id));
    await page.keyboard.press("Enter");
    await page.locator(".dlf-badge").waitFor();

    // Customer lookup, then a lead for the customer found.
    await at("#customer");
    await tabTo(page, "#mobileNumber");
    await page.keyboard.type("568617084");
    await page.keyboard.press("Enter");
    await page.locator(".dlf-card").first().waitFor();
    await tabTo(page, ".dlf-card button");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#new-lead\?customerId=54218/);
    await choicesOffered(page, "customerCity");
    for (const [name, value] of [["brand", text("KIA", "كيا")], ["businessArea", text("Sales", "المبيعات")],
      ["branch", text("KIA Riyadh Showroom", "صالة عرض كيا - الرياض")], ["interest", text("Price Quote", "عرض سعر")],
      ["vehicles[0].modelFamily", "K5"], ["vehicles[0].modelYear", YEAR], ["source", text("Call Center", "مركز الاتصال")],
      ["subSource", text("Inbound", "مكالمة واردة")], ["priority", text("Hot", "ساخن")]]) {
      await choicesOffered(page, name);
      await chooseByKeys(page, `select[name="${name}"]`, value);
    }
    await tabTo(page, ".dlf-submit");
    await page.keyboard.press("Enter");
    await page.locator("[role=status] .dlf-reference").waitFor({ timeout: 15000 });
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "H2", "the confirmation takes the focus");

    // CSV import: the file chosen from the keyboard, a flagged cell reached from its row's problem
    // and corrected, a row left out, the rest sent.
    await at("#import");
    await tabTo(page, "#csv-file");
    const csv = "\uFEFF" + CSV_ROWS.map((r) => r.join(";")).join("\r\n") + "\r\n";
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
    await chooser.setFiles({ name: `keyboard-${lang}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.locator("#cell-3-customerCity").waitFor();
    await tabTo(page, 'tr[data-row="3"] .dlf-problems button');
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "cell-3-customerCity");
    await chooseByKeys(page, "#cell-3-customerCity", "Riyadh");
    await page.locator("#cell-3-customerCity").waitFor({ state: "detached" });
    await tabTo(page, "#include-2");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => /\b1\b/.test(document.querySelector(".dlf-counts").textContent.split(",").pop()));
    await tabTo(page, "button.dlf-submit");
    await page.keyboard.press("Enter");
    await page.locator(".dlf-sent-bulks a").waitFor({ timeout: 15000 });

    // Lead-bank inbox: fetch, complete two leads, leave the rest, send.
    await fetch(`${stack.sim}/__sim/leadbank/reset`, { method: "POST" });
    await at("#inbox");
    await page.locator("[data-lead-bank-id]").nth(4).waitFor();
    for (const lead of [4103, 4104, 4105]) {
      await tabTo(page, `#lb-select-${lead}`);
      await page.keyboard.press("Space");
    }
    for (const lead of [4101, 4102]) {
      await chooseByKeys(page, `#lb-${lead}-businessArea`, "Sales");
      await page.locator(`select#lb-${lead}-branch:not([disabled])`).waitFor();
      await chooseByKeys(page, `select#lb-${lead}-branch`, "KIA Riyadh Showroom");
    }
    await tabTo(page, "button.dlf-submit");
    await page.keyboard.press("Enter");
    await page.locator(".dlf-done .dlf-bulk-link").nth(1).waitFor({ timeout: 15000 });
    const { confirmed } = await leadBank();
    assert.ok([4101, 4102].every((lead) => confirmed.includes(lead)), `confirmed: ${confirmed}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

/** The page does not scroll sideways; nor do the parts matching `selector` within themselves. */
async function sidewaysScroll(page, selector) {
  return page.evaluate((selector) => {
    const over = (el) => el.scrollWidth > el.clientWidth + 1;
    const parts = selector ? [...document.querySelectorAll(selector)] : [];
    return [document.documentElement, ...parts].filter(over).map((el) => el.className || el.tagName);
  }, selector);
}

/** Pairs of column-mapping selects that overlap, or that stick out of their cell. */
async function mappingOverlaps(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll(".dlf-map")].map((cell) => [cell.getBoundingClientRect(), cell.querySelector("select").getBoundingClientRect()]);
    const problems = [];
    boxes.forEach(([cell, select], i) => {
      if (select.left < cell.left - 1 || select.right > cell.right + 1) problems.push(`select ${i} leaves its cell`);
      boxes.slice(i + 1).forEach(([, other], j) => {
        const apart = select.right <= other.left || other.right <= select.left || select.bottom <= other.top || other.bottom <= select.top;
        if (!apart) problems.push(`selects ${i} and ${i + j + 1} overlap`);
      });
    });
    return problems;
  });
}

for (const lang of ["en", "ar"]) {
  for (const width of [1280, 390]) {
    const desktop = width > 600;
    test(`every dealer page (${lang}, ${width} px): no WCAG 2.1 AA violation, nothing scrolls sideways that need not; screenshots`, async () => {
      const { page, context } = await open("#status", { lang, viewport: { width, height: desktop ? 1000 : 844 } });
      const id = await postBulk(page, [valid({ email: "a.very.long.address.for.testing@example-dealership.com.sa" })]);
      // Desktop screenshots of every page in both languages; the status page at phone width.
      const shot = (name) => (desktop || name === "status")
        && page.screenshot({ path: path.join(root, "docs", `dealer-${name}-${desktop ? "" : "phone-"}${lang}.png`), fullPage: true });
      const at = (hash) => page.goto(`${page.url().split("#")[0]}${hash}`);
      await at(`#status?id=${id}`);
      await page.locator(".dlf-badge[data-state='4']").waitFor({ timeout: 15000 });
      if (lang === "ar") await page.waitForFunction(() => document.querySelector(".dlf-bulk tbody td:nth-child(5)")?.textContent === "كيا");
      assert.deepEqual(await axeViolations(page), [], "status");
      assert.deepEqual(await sidewaysScroll(page, ".dlf-bulk .dlf-table-wrap"), [], "status");
      if (!desktop) {
        // Each value beside its column's name, in either direction.
        const apart = await page.evaluate(() => [...document.querySelectorAll(".dlf-bulk td > bdi")].map((value) => {
          const cell = value.parentElement.getBoundingClientRect();
          const text = document.createRange();
          text.selectNodeContents(value);
          const box = text.getBoundingClientRect();
          const rtl = getComputedStyle(value.parentElement).direction === "rtl";
          // From the cell's start edge to the value's text: the name's column (8rem), the gap
          // and the padding, no more.
          return rtl ? cell.right - box.right : box.left - cell.left;
        }).filter((offset) => offset > 8 * 16 + 12 + 16));
        assert.deepEqual(apart, [], "status values next to their names");
      }
      await shot("status");

      await at("#customer");
      await page.fill("#mobileNumber", "568617084");
      await page.click(".dlf-query button[type=submit]");
      const card = page.locator(".dlf-card").first();
      await card.waitFor();
      assert.deepEqual(await axeViolations(page), [], "customer");
      assert.deepEqual(await sidewaysScroll(page, ".dlf-card"), [], "customer");
      // Each value sits beside its label: at the card's start side, in the page's direction.
      const misplaced = await card.evaluate((card) => [...card.querySelectorAll(".dlf-facts dd")].filter((dd) => {
        const value = dd.firstElementChild.getBoundingClientRect();
        const box = dd.getBoundingClientRect();
        return getComputedStyle(dd).direction !== getComputedStyle(card).direction
          || (getComputedStyle(card).direction === "rtl" ? box.right - value.right : value.left - box.left) > 2;
      }).map((dd) => dd.textContent));
      assert.deepEqual(misplaced, [], "customer card values");
      await shot("customer");

      await at("#new-lead?customerId=54218");
      await choicesOffered(page, "customerCity");
      assert.deepEqual(await axeViolations(page), [], "new lead");
      assert.deepEqual(await sidewaysScroll(page), [], "new lead");

      await at("#import");
      await uploadCsv(page);
      await page.locator("#cell-3-customerCity").waitFor();
      assert.deepEqual(await axeViolations(page), [], "import");
      assert.deepEqual(await mappingOverlaps(page), [], "column mapping");
      assert.deepEqual(await sidewaysScroll(page), [], "import: only its table scrolls");
      await shot("import");
      if (desktop) {
        // A wide file's flagged cell is off to the side: its problem is at the start of the row,
        // on screen, and takes the focus to the cell.
        const problem = page.locator('tr[data-row="3"] .dlf-problems button');
        const onScreen = async (what) => {
          // Down to the row (the page, not the table, scrolls).
          await problem.evaluate((button) => window.scrollTo(0, window.scrollY + button.getBoundingClientRect().top - 200));
          const box = await problem.boundingBox();
          assert.ok(box.x >= 0 && box.x + box.width <= width, `${what}: the problem is on screen: ${JSON.stringify(box)}`);
          const seen = await problem.evaluate((button) => {
            const box = button.getBoundingClientRect();
            return button.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
          });
          assert.ok(seen, `${what}: nothing covers the problem`);
        };
        await onScreen("at the start");
        // Scrolled to the far end of the row, the problems stay at the table's start edge.
        await page.evaluate(() => {
          const wrap = document.querySelector(".dlf-import-table").parentElement;
          wrap.scrollLeft = (getComputedStyle(wrap).direction === "rtl" ? -1 : 1) * wrap.scrollWidth;
        });
        await onScreen("scrolled to the end");
        await problem.click();
        assert.equal(await page.evaluate(() => document.activeElement.id), "cell-3-customerCity");
      }

      await fetch(`${stack.sim}/__sim/leadbank/reset`, { method: "POST" });
      await at("#inbox");
      await page.locator("[data-lead-bank-id]").nth(2).waitFor();
      assert.deepEqual(await axeViolations(page), [], "inbox");
      assert.deepEqual(await sidewaysScroll(page), [], "inbox");
      await shot("inbox");
      await context.close();
    });
  }
}
