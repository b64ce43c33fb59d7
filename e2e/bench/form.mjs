// Benchmarks of the public form in Chromium (not tests: they print numbers, nothing is asserted on
// time): requests needed for a full fill, and memory over many kiosk fill/submit/reset cycles.
//   node bench/form.mjs [cycles]

import { startStack } from "../lib/stack.mjs";
import { KIOSK_PRESETS, servePerson } from "../lib/person.mjs";
import { ready } from "../lib/form-page.mjs";

const CYCLES = Number(process.argv[2] || 1000);

const stack = await startStack({ processingMs: 50 });
try {
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  const lists = [];
  page.on("request", (request) => {
    if (request.url().includes("/v1/list/")) lists.push(new URL(request.url()).pathname + new URL(request.url()).search);
  });
  await page.goto(stack.page("bench.html", { lang: "en", attrs: KIOSK_PRESETS, wasmHandle: true }));
  await ready(page);
  const client = await context.newCDPSession(page);
  async function memory() {
    await client.send("HeapProfiler.collectGarbage");
    const { usedSize } = await client.send("Runtime.getHeapUsage");
    const wasm = await page.evaluate(() => window.__dlfWasm?.memory?.buffer?.byteLength ?? 0);
    // Only in a build with the `heap-stats` feature (scripts/memory-probe.sh makes one).
    const live = await page.evaluate(async () => (await import("/dms-lead-widget.js")).dlfLiveHeapBytes?.() ?? null);
    return { js: usedSize, wasm, live };
  }
  const cycle = (n) => servePerson(page, n, { firstName: "Kiosk", vehicle: true });

  // A full fill, counting list requests from page load on.
  await cycle(0);
  const repeated = lists.length - new Set(lists).size;
  console.log(`list requests for a full fill: ${lists.length} (${new Set(lists).size} distinct, ${repeated} repeated)`);

  // Warm up, then measure memory over the cycles.
  for (let n = 1; n <= 20; n++) await cycle(n);
  const before = await memory();
  const started = Date.now();
  // The heap at each quarter too: a leak grows by the same amount every quarter; a bounded buffer
  // (the editing undo stack, performance entries, code the JIT compiles) grows less and less.
  const quarters = [];
  for (let n = 21; n < 21 + CYCLES; n++) {
    await cycle(n);
    const done = n - 20;
    if (done % Math.ceil(CYCLES / 4) === 0 && done < CYCLES) quarters.push((await memory()).js);
  }
  const after = await memory();
  const pct = (a, b) => (b ? ((100 * (a - b)) / b).toFixed(1) : "n/a");
  console.log(`kiosk cycles: ${CYCLES} in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`JS heap after GC: ${before.js} -> ${after.js} bytes (${pct(after.js, before.js)} %)`);
  const steps = [before.js, ...quarters, after.js].map((v, i, all) => (i ? v - all[i - 1] : null)).slice(1);
  console.log(`JS heap growth by quarter: ${steps.map((d) => `${d >= 0 ? "+" : ""}${d}`).join(", ")} bytes`);
  console.log(`wasm memory: ${before.wasm} -> ${after.wasm} bytes (${pct(after.wasm, before.wasm)} %)`);
  if (before.live !== null) {
    console.log(`widget heap in use: ${before.live} -> ${after.live} bytes (${Math.round((after.live - before.live) / CYCLES)} bytes per cycle)`);
  }
  console.log(`list requests over all cycles: ${lists.length} (${lists.length - new Set(lists).size} repeated)`);
  console.log(`leads received by the simulator: ${(await stack.received()).length}`);
} finally {
  await stack.stop();
}
