// A kiosk serves one person after another all day without a reload: the form must not keep memory
// from each person it served. wasm memory never shrinks, so growth over many fill/submit/start-over
// cycles is what would eventually take the kiosk down.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack } from "../lib/stack.mjs";
import { KIOSK_PRESETS, servePerson } from "../lib/person.mjs";
import { field, ready } from "../lib/form-page.mjs";

const CYCLES = 60;
const PAGE = 64 * 1024;
let stack;

before(async () => {
  stack = await startStack({ processingMs: 50 });
});
after(async () => {
  await stack?.stop();
});

test(`${CYCLES} kiosk cycles keep the wasm memory within two pages`, async () => {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.page("kiosk-memory.html", { lang: "ar", attrs: KIOSK_PRESETS, wasmHandle: true }));
  await ready(page);
  const cycle = (n) => servePerson(page, n, { firstName: "زائر", vehicle: true });
  const memory = () => page.evaluate(() => window.__dlfWasm.memory.buffer.byteLength);
  for (let n = 0; n < 10; n++) await cycle(n);
  const start = await memory();
  for (let n = 0; n < CYCLES; n++) await cycle(n);
  const grown = (await memory()) - start;
  console.log(`# wasm memory grew ${grown} bytes over ${CYCLES} cycles`);
  assert.ok(grown <= 2 * PAGE, `grew ${grown} bytes`);
  // Every person's lead arrived, and the form was empty for the next one.
  assert.equal((await stack.received()).length, CYCLES + 10);
  assert.equal(await field(page, "firstName").inputValue(), "");
  assert.equal(await field(page, "vehicles[0].modelFamily").inputValue(), "");
  await context.close();
});

test("switching Individual/Company back and forth keeps no memory", async () => {
  // Each kind's block is built once and then hidden or shown: rebuilding it on every switch kept
  // memory each time (its effects stayed subscribed to the form's signals).
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.page("kind-switch.html", { lang: "en", wasmHandle: true }));
  await ready(page);
  const memory = () => page.evaluate(() => window.__dlfWasm.memory.buffer.byteLength);
  const kind = (label) => page.getByLabel(label, { exact: true }).check();
  for (let n = 0; n < 5; n++) { await kind("Company"); await kind("Individual"); }
  const start = await memory();
  for (let n = 0; n < 30; n++) { await kind("Company"); await kind("Individual"); }
  const grown = (await memory()) - start;
  console.log(`# wasm memory grew ${grown} bytes over 60 switches`);
  assert.ok(grown <= PAGE, `grew ${grown} bytes`);
  assert.equal(await page.locator('[name="firstName"]').isVisible(), true);
  assert.equal(await page.locator('[name="contactName"]').isVisible(), false);
  await context.close();
});
