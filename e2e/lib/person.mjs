// One person at the form, as the fault test, the kiosk memory test and the benchmark play it.

import assert from "node:assert/strict";
import { fillIndividual, ready, submit } from "./form-page.mjs";

/** A kiosk's form: dealer fields preset (so `servePerson` fills only what a visitor types). */
export const KIOSK_PRESETS = {
  "data-mode": "kiosk", "data-brand": "KIA", "data-business-area": "Sales", "data-branch": "KIA Khobar Showroom",
  "data-interest": "Test Drive", "data-source": "Website", "data-sub-source": "Lead Form", "data-priority": "Warm",
};

/**
 * Fills the form for person `n` (unique last name and email), submits it and waits until it was sent
 * or safely queued, then starts over for the next person. Resolves with whether it was queued.
 * `vehicle`: also choose a model and year.
 */
export async function servePerson(page, n, { firstName = "Visitor", vehicle = false } = {}) {
  const vehicleChoices = vehicle ? { "vehicles[0].modelFamily": 1, "vehicles[0].modelYear": 1 } : {};
  await fillIndividual(page, {
    firstName,
    lastName: `Person ${n}`,
    phone: "0551234567",
    email: `person-${String(n).padStart(4, "0")}@example.com`,
    choices: { customerRegion: 1 + (n % 3), customerCity: 1, ...vehicleChoices },
  });
  await submit(page);
  const another = page.locator("[role=status] button");
  await another.waitFor({ timeout: 30000 });
  const queued = (await page.locator("[role=status] .dlf-queued").count()) > 0;
  await another.click();
  await ready(page);
  return queued;
}

/** How many leads the page's outbox still holds. */
export function outboxSize(page) {
  return page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("dms-lead-widget.outbox.")).length);
}

/**
 * Waits (two minutes at most) until the simulator holds `count` leads and the page's outbox is
 * empty, then checks that every person served arrived exactly once (by last name) and nothing is
 * left waiting.
 */
export async function assertDeliveredOnce(stack, page, count) {
  const deadline = Date.now() + 120000;
  let people = [];
  while (Date.now() < deadline) {
    const received = await stack.received();
    people = received.flatMap((bulk) => bulk.body.leads.map((lead) => lead.lastName));
    if (people.length >= count && (await outboxSize(page)) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const unique = new Set(people);
  console.log(`# leads received: ${people.length}, distinct: ${unique.size}`);
  assert.equal(await outboxSize(page), 0, "nothing left in the outbox");
  assert.equal(unique.size, count, "every lead arrived");
  assert.equal(people.length, count, "no lead arrived twice");
}
