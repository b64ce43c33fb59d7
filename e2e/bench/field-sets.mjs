// What a visitor on a phone meets in each field set (a benchmark: it prints numbers and asserts
// nothing): the controls they can see and fill, and the form's height at 390 px, for `short` and
// `full`, with a landing page's presets (brand, source, sub-source); then the time from opening the
// page to the DMS's confirmation for a scripted visitor of the short form on emulated Slow 4G
// (150 ms, 1.6 Mbit/s) and a 4x slower CPU, through the script embed.
//   node bench/field-sets.mjs [runs]
import { startStack } from "../lib/stack.mjs";
import { slowPhone } from "../lib/phone.mjs";
import { fillIndividual, ready, submit } from "../lib/form-page.mjs";

const RUNS = Number(process.argv[2] || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stack = await startStack();

/** A brand's landing page with the script embed and `fields`. */
function landingPage(fields) {
  const mount = `<div id="f" data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en" data-brand="KIA" data-source="Website" data-sub-source="Landing Page" data-fields="${fields}"></div>`;
  return stack.brandPage(`fields-${fields}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Landing</title><link rel="icon" href="data:,"></head><body style="margin:0">${mount}<script src="${stack.site}/embed/embed.js" async></script></body></html>`);
}

try {
  for (const fields of ["short", "full"]) {
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(landingPage(fields));
    const host = page.locator("#f");
    await ready(host);
    await page.waitForTimeout(300);
    const seen = await host.evaluate((el) => {
      const controls = [...el.shadowRoot.querySelectorAll("input, select, textarea")]
        .filter((c) => c.getClientRects().length && !c.closest(".dlf-trap"));
      return { controls: controls.length, names: controls.map((c) => c.name), height: Math.round(el.getBoundingClientRect().height) };
    });
    console.log(`${fields}: ${seen.controls} visible controls, ${seen.height} px tall at 390 px (${(seen.height / 844).toFixed(1)} screens): ${seen.names.join(", ")}`);
    await context.close();
  }

  const times = [];
  const paints = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await slowPhone(stack.browser, { width: 390, height: 844 });
    await page.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lcp.push(Math.round(e.startTime))))
        .observe({ type: "largest-contentful-paint", buffered: true });
    });
    const started = Date.now();
    await page.goto(landingPage("short"));
    const host = page.locator("#f");
    await ready(host);
    await fillIndividual(host, { firstName: "Sara Al-Qahtani", phone: "0551234567", choices: { customerCity: 1, "vehicles[0].modelFamily": 1, branch: 1 } });
    const firstPaint = await page.evaluate(() => window.__lcp[0]);
    const largestPaint = await page.evaluate(() => window.__lcp[window.__lcp.length - 1]);
    await submit(host);
    await host.locator("[role=status] .dlf-reference").waitFor({ timeout: 60000 });
    times.push(Date.now() - started);
    paints.push(largestPaint);
    console.log(`run ${run + 1}: first lines painted ${firstPaint} ms, largest paint ${largestPaint} ms, page opened to lead confirmed ${times[run]} ms (typing by script)`);
    await context.close();
  }
  console.log(`short form, Slow 4G + 4x CPU: largest paint ${median(paints)} ms, page opened to lead confirmed ${median(times)} ms (medians of ${RUNS})`);
  console.log(`leads received by the simulator: ${(await stack.received()).length}`);
} finally {
  await stack.stop();
}
