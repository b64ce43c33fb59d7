// No lead lost, none doubled: 200 leads submitted through the form while the DMS fails (5xx, cut
// connections, hangs, bulks taken but answered after the proxy's timeout, latency), the proxy is restarted and the browser reloads with leads still
// queued. The simulator must end with exactly those 200 leads, each once.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack } from "../lib/stack.mjs";
import { assertDeliveredOnce, outboxSize, servePerson } from "../lib/person.mjs";
import { ready } from "../lib/form-page.mjs";

const LEADS = 200;
const RESTART_PROXY_AT = 70;
const RELOAD_AT = 140;
let stack;

before(async () => {
  stack = await startStack({ processingMs: 100 });
});
after(async () => {
  await stack?.stop();
});

const presets = {
  "data-brand": "KIA", "data-business-area": "Sales", "data-branch": "KIA Khobar Showroom",
  "data-interest": "Test Drive", "data-source": "Website", "data-sub-source": "Lead Form",
  "data-priority": "Warm",
};

test("200 leads through DMS failures, a proxy restart and a reload: exactly 200 arrive, no duplicates", async () => {
  const plan = { bulk_failure_rate: 0.3, kinds: ["5xx", "drop", "hang", "late"], latency_ms: 20, seed: 42, burst: 5 };
  await stack.setFaults(plan);
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(stack.page("faults.html", { lang: "en", attrs: presets }));
  await ready(page);

  let queuedAtSubmit = 0;
  let queuedAtReload = 0;
  for (let n = 1; n <= LEADS; n++) {
    if (n === RESTART_PROXY_AT) await stack.restartProxy();
    if (n === RELOAD_AT) {
      queuedAtReload = await outboxSize(page);
      await page.reload();
      await ready(page);
    }
    if (await servePerson(page, n, { firstName: "Fault" })) queuedAtSubmit++;
  }
  const faults = await stack.setFaults({});
  console.log(`# faults injected (5xx, drop, hang, late): ${faults.injected.join(", ")}; ` +
    `leads queued at submit: ${queuedAtSubmit}; queued at the reload: ${queuedAtReload}`);
  assert.ok(faults.injected.every((count) => count > 0), "every kind of fault happened");
  assert.ok(queuedAtSubmit > 0, "some leads had to wait in the outbox");

  // The outbox drains once the DMS is healthy again.
  await assertDeliveredOnce(stack, page, LEADS);
  assert.deepEqual(problems, []);
  await context.close();
});
