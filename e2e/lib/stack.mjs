// The stack the end-to-end tests run against, all on loopback: the DMS simulator, the proxy (with a
// credential the browser never sees) and a static server for the built widget plus host pages the
// tests write. Ports are chosen by the OS; each server prints the address it bound.

import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
const bin = (name) => path.join(root, "target", "debug", name);

/** Everything the proxies of this test process wrote to their logs (standard error). */
const proxyLogs = [];

/** Starts a server binary and resolves with its base URL once it printed "… http://host:port". */
function start(name, args, env, children) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(name), args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 20000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      if (name === "dms-proxy") proxyLogs.push(String(chunk));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${output}`));
    });
  });
}

/** A host page embedding the form, as a marketer would paste it (`external`: no inline script). */
export function hostPage({ proxy, lang = "en", attrs = {}, title = "Brand site", external = false, after = "", wasmHandle = false }) {
  // The tests written for every field get the full form unless they name a field set.
  const extra = Object.entries({ "data-fields": "full", ...attrs })
    .map(([k, v]) => ` ${k}="${String(v).replace(/"/g, "&quot;")}"`)
    .join("");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/widget.css"></head>
<body><main>
<div data-dms-lead-form data-api-base="${proxy}/api" data-gs-base="${proxy}/gs" data-privacy-url="${proxy}/privacy.html" data-lang="${lang}"${extra}></div>${after}
</main>
${external
    ? '<script type="module" src="/boot.js"></script>'
    : `<script type="module">import init from "/dms-lead-widget.js"; ${wasmHandle ? "window.__dlfWasm = await " : ""}init({ module_or_path: "/dms-lead-widget_bg.wasm" });</script>`}
</body></html>`;
}

/**
 * Starts simulator, proxy and static server; returns helpers and a `stop()`.
 * `processingMs` is the simulator's step between bulk states.
 */
export async function startStack({ processingMs = 300 } = {}) {
  const dist = process.env.DLF_DIST || path.join(root, "dist");
  if (!existsSync(path.join(dist, "dms-lead-widget_bg.wasm"))) {
    throw new Error("dist/ is missing: run scripts/build.sh first");
  }
  const children = [];
  const pages = mkdtempSync(path.join(tmpdir(), "dlf-pages-"));
  // The host pages each run writes; removed again on stop, so runs do not pile up in the temp dir.
  const scratch = [pages];
  const removeScratch = () => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  const credential = `Bearer e2e-${process.pid}-${Date.now()}`;
  // The dealer portal's secret with the proxy (the portal adds it after logging the dealer in).
  const dealerToken = `dealer-e2e-${process.pid}-${Date.now()}`;
  const dealerDist = path.join(dist, "dealer");
  try {
    const sim = await start("dms-sim", ["--addr", "127.0.0.1:0", "--processing-ms", String(processingMs)],
      { SIM_REQUIRED_AUTH: credential }, children);
    // The forms' own origin; the script embed loads its files from here, so they carry CORS.
    const site = await start("serve-static", ["--dir", dist, "--extra-dir", pages, "--addr", "127.0.0.1:0",
      "--header", "Access-Control-Allow-Origin: *"], {}, children);
    // A brand's website on another origin, for the script and iframe embeds.
    const brandPages = mkdtempSync(path.join(tmpdir(), "dlf-brand-"));
    scratch.push(brandPages);
    const brand = await start("serve-static", ["--dir", brandPages, "--addr", "127.0.0.1:0"], {}, children);
    // The same pages again, under a strict Content-Security-Policy.
    const strictSite = await start("serve-static", ["--dir", dist, "--extra-dir", pages, "--addr", "127.0.0.1:0",
      "--header", `Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' http://127.0.0.1:*`],
    {}, children);
    const proxyEnv = {
      PROXY_UPSTREAM_API: `${sim}/api`,
      PROXY_UPSTREAM_GS: `${sim}/gs`,
      PROXY_UPSTREAM_LEAD_BANK: `${sim}/leadbank`,
      PROXY_DEALER_TOKEN: dealerToken,
      PROXY_ALLOWED_ORIGINS: `${site},${strictSite},${brand}`,
      DMS_CREDENTIAL: credential,
      // One browser on loopback stands for many visitors here; the limits have their own tests.
      PROXY_RATE_IP_BURST: "100000",
      PROXY_RATE_ORIGIN_BURST: "100000",
      // Scripted tests fill the form faster than a person; the spam check has its own tests.
      PROXY_MIN_FILL_MS: "0",
      // One signing key for every instance (the shared-Redis tests run two).
      PROXY_FORM_TOKEN_KEYS: `e2e-form-token-${process.pid}-${Date.now()}`,
      // Kept on disk, so a restarted proxy still knows which bulks it already delivered.
      PROXY_IDEMPOTENCY_FILE: path.join(pages, "idempotency.jsonl"),
      // A hung DMS is given up on quickly (the outbox retries).
      PROXY_UPSTREAM_TIMEOUT_MS: "2000",
    };
    const proxy = await start("dms-proxy", ["--addr", "127.0.0.1:0"], proxyEnv, children);
    // The dealer pages, as the portal serves them: same origin, /portal/… forwarded to the proxy
    // with the dealer token added.
    const portal = existsSync(path.join(dealerDist, "dms-dealer_bg.wasm"))
      ? await start("serve-static", ["--dir", dealerDist, "--extra-dir", pages, "--addr", "127.0.0.1:0", "--portal", proxy],
        { PORTAL_DEALER_TOKEN: dealerToken }, children)
      : null;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || execFileSync("sh", ["-c", "command -v chromium"]).toString().trim(),
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"],
    });
    return {
      sim, site, strictSite, brand, proxy, portal, credential, dealerToken, browser,
      /** Writes `html` as a page of the brand's site and returns its URL. */
      brandPage(name, html) {
        writeFileSync(path.join(brandPages, name), html);
        return `${brand}/${name}`;
      },
      /** Writes `html` as a page of the forms' site (next to the bundle) and returns its URL. */
      sitePage(name, html) {
        writeFileSync(path.join(pages, name), html);
        return `${site}/${name}`;
      },
      /** Writes a host page and returns its URL. */
      page(name, options) {
        writeFileSync(path.join(pages, name), hostPage({ proxy, ...options }));
        return `${site}/${name}`;
      },
      /** What the proxies wrote to their logs so far (JSON lines). */
      proxyLog() {
        return proxyLogs.join("");
      },
      /** Every bulk body the simulator received, in order. */
      async received() {
        const response = await fetch(`${sim}/__sim/received`);
        return response.json();
      },
      async resetSim() {
        await fetch(`${sim}/__sim/reset`, { method: "POST" });
      },
      /** Sets the simulator's fault plan (`{}` clears it); returns its report. */
      async setFaults(plan) {
        const response = await fetch(`${sim}/__sim/faults`, {
          method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(plan),
        });
        return response.json();
      },
      /** Serves the dealer pages as a portal in front of `proxyUrl` (another proxy); returns its URL. */
      async startPortal(proxyUrl) {
        return start("serve-static", ["--dir", dealerDist, "--extra-dir", pages, "--addr", "127.0.0.1:0", "--portal", proxyUrl],
          { PORTAL_DEALER_TOKEN: dealerToken }, children);
      },
      /** Starts another proxy in front of the same simulator with `env` added; returns its URL. */
      async startProxy(env) {
        return start("dms-proxy", ["--addr", "127.0.0.1:0"], { ...proxyEnv, PROXY_IDEMPOTENCY_FILE: "", ...env }, children);
      },
      /**
       * Starts one more proxy instance in front of the same simulator with `env` added (no
       * idempotency file: instances share state through Redis); resolves with its URL and a
       * `restart()` that stops it as a deploy would (SIGTERM) and starts it on the same address.
       */
      async startInstance(env) {
        const launch = async (addr) => {
          const at = children.length;
          const url = await start("dms-proxy", ["--addr", addr], { ...proxyEnv, PROXY_IDEMPOTENCY_FILE: "", ...env }, children);
          return { url, child: children[at] };
        };
        let { url, child } = await launch("127.0.0.1:0");
        return {
          url,
          async restart() {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            await exited;
            children.splice(children.indexOf(child), 1);
            ({ child } = await launch(new URL(url).host));
          },
        };
      },
      /** Stops the proxy as a deploy would (SIGTERM: requests under way finish) and starts it again
       * on the same address. */
      async restartProxy() {
        const old = children.find((c) => c.spawnargs[0] === bin("dms-proxy") && c.exitCode === null);
        const exited = new Promise((resolve) => old.once("exit", resolve));
        old.kill("SIGTERM");
        await exited;
        children.splice(children.indexOf(old), 1);
        const port = new URL(proxy).host;
        await start("dms-proxy", ["--addr", port], proxyEnv, children);
      },
      async stop() {
        await browser.close().catch(() => {});
        for (const child of children) child.kill("SIGTERM");
        removeScratch();
      },
    };
  } catch (error) {
    for (const child of children) child.kill("SIGTERM");
    removeScratch();
    throw error;
  }
}

/** Runs axe-core on the page (WCAG 2.0/2.1 A and AA) and returns its violations. */
export async function axeViolations(page) {
  const source = path.join(root, "e2e", "node_modules", "axe-core", "axe.min.js");
  await page.addScriptTag({ path: source });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
}
