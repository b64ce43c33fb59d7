// One person at the form, as the fault test, the kiosk memory test and the benchmark play it.

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
