// The script embed on a phone-like connection, as people get it (not Lighthouse's simulation):
// Chromium emulating Slow 4G (150 ms latency, 1.6 Mbit/s) and a 4x slower CPU. Prints, per load,
// when the largest paint happened (the form's first lines, painted by embed.js before the wasm
// arrives) and when the form was ready to use (dms-lead-form:ready), then the medians.
//   node bench/first-paint.mjs [loads]
import { startStack } from "../lib/stack.mjs";
const LOADS = Number(process.argv[2] || 5);
const stack = await startStack();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const mount = `<div data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-lang="en" data-source="Website" data-sub-source="Landing Page" data-priority="Warm" style="display:block;min-height:2600px"></div>`;
  const url = stack.brandPage("lcp.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bare</title><link rel="icon" href="data:,"></head><body>${mount}<script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const paints = [];
  const readies = [];
  for (let run = 0; run < LOADS; run++) {
    const context = await stack.browser.newContext({ viewport: { width: 412, height: 823 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lcp.push([Math.round(e.startTime), e.size, e.element ? e.element.className || e.element.tagName : "in the form's shadow root"]))).observe({ type: "largest-contentful-paint", buffered: true });
      document.addEventListener("dms-lead-form:ready", () => (window.__ready = Math.round(performance.now())));
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__ready, null, { timeout: 30000 });
    await page.waitForTimeout(500);
    const { lcp, ready } = await page.evaluate(() => ({ lcp: window.__lcp, ready: window.__ready }));
    const last = lcp[lcp.length - 1];
    paints.push(last[0]);
    readies.push(ready);
    console.log(`load ${run + 1}: largest paint ${last[0]} ms (${last[1]} px², ${last[2]}), ready ${ready} ms`);
    await context.close();
  }
  console.log(`script embed, Slow 4G + 4x CPU: largest paint ${median(paints)} ms, form ready ${median(readies)} ms (medians of ${LOADS})`);
} finally { await stack.stop(); }
