// Diagnosis aid (not a test): how much wasm memory one repeated interaction keeps, to find leaks.
//   node bench/memory-probe.mjs [steps] [region|type|invalid|company|vehicle|kiosk]
// region: switch the region (city list re-rendered); type: type into a field; invalid: submit with a
// bad email; company: switch Individual/Company (a block of controls re-created); vehicle: add a
// vehicle row and remove it again; kiosk: a whole
// person (fill, submit, start over), as scripts/bench.sh repeats it.
import { startStack } from "../lib/stack.mjs";
import { servePerson } from "../lib/person.mjs";
import { choicesOffered, choose, field, ready, submit } from "../lib/form-page.mjs";
const N = Number(process.argv[2] || 150);
const MODE = process.argv[3] || "region";
const stack = await startStack({ processingMs: 50 });
try {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.page("probe.html", { lang: "en", attrs: { "data-brand": "KIA", "data-business-area": "Sales", "data-branch": "KIA Khobar Showroom", "data-interest": "Test Drive", "data-source": "Website", "data-sub-source": "Lead Form", "data-priority": "Warm" }, wasmHandle: true }));
  await ready(page);
  const mem = () => page.evaluate(() => window.__dlfWasm.memory.buffer.byteLength);
  // With a build that has the `heap-stats` feature: the bytes the widget really holds.
  const live = () => page.evaluate(async () => (await import("/dms-lead-widget.js")).dlfLiveHeapBytes?.() ?? null);
  const step = async (n) => {
    if (MODE === "region") {
      await choose(page, "customerRegion", n % 2 ? "Riyadh" : "Eastern Province");
      await choicesOffered(page, "customerCity");
    } else if (MODE === "type") {
      await field(page, "firstName").fill(`Name ${n}`);
    } else if (MODE === "invalid") {
      await field(page, "email").fill(`bad${n}`);
      await submit(page);
    } else if (MODE === "company") {
      await page.locator("input[name=leadType]").nth(n % 2).check();
    } else if (MODE === "vehicle") {
      await page.locator(".dlf-vehicles > .dlf-secondary").click();
      await page.locator(".dlf-vehicle").nth(1).locator(".dlf-link").click();
      await page.locator(".dlf-vehicle").nth(1).waitFor({ state: "detached" });
    } else if (MODE === "kiosk") {
      await servePerson(page, n, { firstName: "Kiosk", vehicle: true });
    }
  };
  for (let n = 0; n < 20; n++) await step(n);
  const before = await mem();
  const liveBefore = await live();
  const bySize = () => page.evaluate(async () => Array.from((await import("/dms-lead-widget.js")).dlfLiveBySize?.() ?? []));
  const sizesBefore = await bySize();
  // TRACE_SIZE=48: also where the allocations of that size that stay alive were made.
  const traced = Number(process.env.TRACE_SIZE || 0);
  if (traced) await page.evaluate(async (size) => (await import("/dms-lead-widget.js")).dlfTraceSize(size), traced);
  for (let n = 0; n < N; n++) await step(n);
  if (traced) {
    const sites = await page.evaluate(async () => Array.from((await import("/dms-lead-widget.js")).dlfLiveSites()));
    console.log(`live ${traced}-byte allocations made during the steps, by call site:\n${sites.slice(0, 6).join("\n\n")}`);
  }
  console.log(MODE, N, "steps: wasm", before, "->", await mem(), "bytes,", Math.round((await mem() - before) / N), "B/step");
  const liveAfter = await live();
  if (liveBefore !== null) {
    console.log(MODE, N, "steps: live heap", liveBefore, "->", liveAfter, "bytes,", Math.round((liveAfter - liveBefore) / N), "B/step");
    const counts = (flat) => { const m = new Map(); for (let i = 0; i < flat.length; i += 2) m.set(flat[i], flat[i + 1]); return m; };
    const [b, a] = [counts(sizesBefore), counts(await bySize())];
    const grown = [...a].map(([size, n]) => [size, (n - (b.get(size) ?? 0)) / N]).filter(([, d]) => d >= 0.5)
      .sort((x, y) => y[0] * y[1] - x[0] * x[1]).slice(0, 15);
    console.log("allocations kept per step, by size:", grown.map(([s, d]) => `${s}B×${d.toFixed(1)}`).join(" "));
  }
} finally { await stack.stop(); }
