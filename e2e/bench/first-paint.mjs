// The script embed on a phone-like connection, as people get it (not Lighthouse's simulation):
// Chromium emulating Slow 4G (150 ms latency, 1.6 Mbit/s) and a 4x slower CPU. Prints, per load,
// when the largest paint happened (the form's first lines, painted by embed.js before the wasm
// arrives), when the form was ready to use (dms-lead-form:ready), when the region list was offered
// (the country list, then the regions of the preselected country) and when the last list had
// arrived, then the medians.
//   node bench/first-paint.mjs [loads]
import { startStack } from "../lib/stack.mjs";
import { slowPhone } from "../lib/phone.mjs";
const LOADS = Number(process.argv[2] || 5);
const stack = await startStack();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const mount = `<div data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en" data-source="Website" data-sub-source="Landing Page" data-priority="Warm" data-fields="full" style="display:block;min-height:2600px"></div>`;
  const url = stack.brandPage("lcp.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bare</title><link rel="icon" href="data:,"></head><body>${mount}<script src="${stack.site}/embed/embed.js" async></script></body></html>`);
  const paints = [];
  const readies = [];
  const choiceTimes = [];
  const listTimes = [];
  for (let run = 0; run < LOADS; run++) {
    const { context, page } = await slowPhone(stack.browser, { width: 412, height: 823 });
    await page.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lcp.push([Math.round(e.startTime), e.size, e.element ? e.element.className || e.element.tagName : "in the form's shadow root"]))).observe({ type: "largest-contentful-paint", buffered: true });
      document.addEventListener("dms-lead-form:ready", (event) => {
        window.__ready = Math.round(performance.now());
        const region = () => event.target.shadowRoot.querySelector("select[name=customerRegion]:not([disabled])");
        const poll = setInterval(() => {
          if (region()) { window.__choices = Math.round(performance.now()); clearInterval(poll); }
        }, 5);
      });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__ready && window.__choices, null, { timeout: 30000 });
    await page.waitForTimeout(500);
    const { lcp, ready, choices, lists } = await page.evaluate(() => ({
      lcp: window.__lcp, ready: window.__ready, choices: window.__choices,
      // When the last choice list had arrived.
      lists: Math.round(Math.max(...performance.getEntriesByType("resource").filter((e) => e.name.includes("/v1/list/")).map((e) => e.responseEnd))),
    }));
    const last = lcp[lcp.length - 1];
    paints.push(last[0]);
    readies.push(ready);
    choiceTimes.push(choices);
    listTimes.push(lists);
    console.log(`load ${run + 1}: largest paint ${last[0]} ms (${last[1]} px², ${last[2]}), ready ${ready} ms, region choices ${choices} ms, all lists ${lists} ms`);
    await context.close();
  }
  console.log(`script embed, Slow 4G + 4x CPU: largest paint ${median(paints)} ms, form ready ${median(readies)} ms, region choices ${median(choiceTimes)} ms, all lists ${median(listTimes)} ms (medians of ${LOADS})`);
} finally { await stack.stop(); }
