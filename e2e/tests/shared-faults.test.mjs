// Several proxies, one Redis (issue 19): 200 leads through the form to two proxy instances behind a
// round-robin front (each request to the other instance than the one before), while the simulator
// fails 30 % of bulk POSTs — among them bulks it takes but answers after the proxies' timeout, whose
// retries reach the other instance — one instance is restarted, Redis is restarted, and the browser
// reloads with leads still queued. The simulator must end with exactly those 200 leads, each once.

import { test, before, after } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { startStack } from "../lib/stack.mjs";
import { startRedis, roundRobin } from "../lib/shared.mjs";
import { assertDeliveredOnce, servePerson } from "../lib/person.mjs";
import { ready } from "../lib/form-page.mjs";

const LEADS = 200;
const RESTART_INSTANCE_AT = 60;
const RESTART_REDIS_AT = 110;
const RELOAD_AT = 150;
let stack;
let redis;
let front;

let redisDir;

before(async () => {
  stack = await startStack({ processingMs: 100 });
  // Its records survive its restart, as in production (an empty Redis forgets the bulks in flight).
  redisDir = mkdtempSync(path.join(tmpdir(), "dlf-redis-"));
  redis = await startRedis({ dir: redisDir });
});
after(async () => {
  await front?.stop();
  await stack?.stop();
  await redis?.stop();
  if (redisDir) rmSync(redisDir, { recursive: true, force: true });
});

const presets = {
  "data-brand": "KIA", "data-business-area": "Sales", "data-branch": "KIA Khobar Showroom",
  "data-interest": "Test Drive", "data-source": "Website", "data-sub-source": "Lead Form",
};

test("200 leads through two proxies sharing Redis, DMS failures, restarts and a reload: exactly 200 arrive", async () => {
  await stack.resetSim();
  const env = { PROXY_REDIS_URL: redis.url };
  const instances = [await stack.startInstance(env), await stack.startInstance(env)];
  front = await roundRobin(instances.map((i) => i.url));
  await stack.setFaults({ bulk_failure_rate: 0.3, kinds: ["5xx", "drop", "hang", "late"], latency_ms: 20, seed: 7, burst: 5 });
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(stack.page("shared-faults.html", { lang: "en", attrs: presets, proxy: front.url }));
  await ready(page);

  let queuedAtSubmit = 0;
  for (let n = 1; n <= LEADS; n++) {
    if (n === RESTART_INSTANCE_AT) await instances[0].restart();
    if (n === RESTART_REDIS_AT) await redis.restart();
    if (n === RELOAD_AT) {
      await page.reload();
      await ready(page);
    }
    if (await servePerson(page, n, { firstName: "Shared" })) queuedAtSubmit++;
  }
  const faults = await stack.setFaults({});
  console.log(`# faults injected (5xx, drop, hang, late): ${faults.injected.join(", ")}; leads queued at submit: ${queuedAtSubmit}`);
  assert.ok(faults.injected.every((count) => count > 0), "every kind of fault happened");

  await assertDeliveredOnce(stack, page, LEADS);
  assert.deepEqual(problems, []);
  await context.close();
});
