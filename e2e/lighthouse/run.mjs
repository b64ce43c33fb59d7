// Lighthouse (mobile preset: simulated Slow 4G, 4× CPU slowdown) on the public form, against the
// simulator and the proxy on loopback: a bare host page with the script embed, the iframe example,
// and the plain module embed for comparison. Prints score, FCP, LCP, TBT, CLS and the time until the
// form is usable (Lighthouse's time to interactive). A benchmark, not a test: nothing is asserted.
//   node e2e/lighthouse/run.mjs [runs]   (median of runs per page, default 3)

import { readFileSync } from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startStack, root } from "../lib/stack.mjs";

const RUNS = Number(process.argv[2] || 3);
const stack = await startStack();
const mount = `<div data-dms-lead-form data-api-base="${stack.proxy}/api" data-gs-base="${stack.proxy}/gs" data-privacy-url="${stack.site}/privacy.html" data-lang="en"
  data-source="Website" data-sub-source="Landing Page" data-priority="Warm" style="display:block;min-height:2600px"></div>`;
const bare = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Bare host page</title><link rel="icon" href="data:,">
</head><body>${body}</body></html>`;
const frame = readFileSync(path.join(root, "dist", "frame.html"), "utf8")
  .replaceAll("http://127.0.0.1:8787", stack.proxy)
  .replace(/data-parent-origins="[^"]*"/, `data-parent-origins="${stack.brand}"`);
stack.sitePage("frame-lh.html", frame);
const landing = readFileSync(path.join(root, "examples", "landing-iframe.html"), "utf8")
  .replaceAll("http://127.0.0.1:8080/frame.html", `${stack.site}/frame-lh.html`)
  .replaceAll("http://127.0.0.1:8080", stack.site);
const pages = {
  "script embed (bare page)": stack.brandPage("lh-embed.html", bare(`${mount}<script src="${stack.site}/embed/embed.js" async></script>`)),
  "iframe example": stack.brandPage("lh-landing.html", landing),
  "module embed (boot.js)": stack.sitePage("lh-module.html", bare(`<link rel="stylesheet" href="/widget.css">${mount}<script type="module" src="/boot.js"></script>`)),
};

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  console.log(`${"page".padEnd(28)} ${"score".padStart(6)} ${"FCP ms".padStart(8)} ${"LCP ms".padStart(8)} ${"TBT ms".padStart(8)} ${"CLS".padStart(6)} ${"usable ms".padStart(10)}`);
  for (const [name, url] of Object.entries(pages)) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
      const a = lhr.audits;
      runs.push({
        score: lhr.categories.performance.score,
        fcp: a["first-contentful-paint"].numericValue,
        lcp: a["largest-contentful-paint"].numericValue,
        tbt: a["total-blocking-time"].numericValue,
        cls: a["cumulative-layout-shift"].numericValue,
        tti: a["interactive"].numericValue,
      });
    }
    const m = (key) => median(runs.map((r) => r[key]));
    console.log(`${name.padEnd(28)} ${m("score").toFixed(2).padStart(6)} ${m("fcp").toFixed(0).padStart(8)} ${m("lcp").toFixed(0).padStart(8)} ${m("tbt").toFixed(0).padStart(8)} ${m("cls").toFixed(3).padStart(6)} ${m("tti").toFixed(0).padStart(10)}`);
  }
  console.log(`(median of ${RUNS} runs; goals: score 1.00, TBT ≤ 50 ms, CLS 0, usable ≤ 1500 ms)`);
} finally {
  await chrome.kill();
  await stack.stop();
}
