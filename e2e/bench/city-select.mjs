// The short form's city select on a phone-like connection (Slow 4G, 4x CPU, as first-paint.mjs):
// the brand-site example in English and Arabic, fresh visitor; when the form was ready and when the
// city select (every region's cities) could be used. Prints medians.
//   node bench/city-select.mjs [loads]
import path from "node:path";
import { readFileSync } from "node:fs";
import { startStack, root } from "../lib/stack.mjs";
import { slowPhone } from "../lib/phone.mjs";
const stack = await startStack();
const LOADS = Number(process.argv[2] || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const lang of ["en", "ar"]) {
    const html = readFileSync(path.join(root, "examples", "brand-site.html"), "utf8")
      .replaceAll("http://127.0.0.1:8080", stack.site).replaceAll("http://127.0.0.1:8787", stack.proxy)
      .replace('data-lang="en"', `data-lang="${lang}"`);
    const url = stack.brandPage(`city-${lang}.html`, html);
    const readies = [], cities = [];
    for (let i = 0; i < LOADS; i++) {
      const { context, page } = await slowPhone(stack.browser, { width: 412, height: 823 });
      await page.addInitScript(() => {
        document.addEventListener("dms-lead-form:ready", (event) => {
          window.__ready = Math.round(performance.now());
          const poll = setInterval(() => {
            if (event.target.shadowRoot.querySelector("select[name=customerCity]:not([disabled])")) { window.__city = Math.round(performance.now()); clearInterval(poll); }
          }, 5);
        });
      });
      await page.goto(url);
      await page.waitForFunction(() => window.__ready && window.__city, null, { timeout: 60000 });
      const r = await page.evaluate(() => [window.__ready, window.__city]);
      readies.push(r[0]); cities.push(r[1]);
      await context.close();
    }
    console.log(`${lang}: ready ${median(readies)} ms, city select usable ${median(cities)} ms (medians of ${LOADS})`);
  }
} finally { await stack.stop(); }
