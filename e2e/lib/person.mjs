// One person at the form, as the fault test, the kiosk memory test and the benchmark play it.

/** A kiosk's form: dealer fields preset (so `servePerson` fills only what a visitor types). */
export const KIOSK_PRESETS = {
  "data-mode": "kiosk", "data-brand": "KIA", "data-business-area": "Sales", "data-branch": "KIA Khobar Showroom",
  "data-interest": "Test Drive", "data-source": "Website", "data-sub-source": "Lead Form", "data-priority": "Warm",
};

/** Waits until the form can be filled (the preselected country's regions are offered). */
export async function formReady(page) {
  await page.waitForSelector("select[name=customerRegion]:not([disabled])");
}

/**
 * Fills the form for person `n` (unique last name and email), submits it and waits until it was sent
 * or safely queued, then starts over for the next person. Resolves with whether it was queued.
 * `vehicle`: also choose a model and year.
 */
export async function servePerson(page, n, { firstName = "Visitor", vehicle = false } = {}) {
  const field = (name) => page.locator(`[name="${name}"]`);
  await field("firstName").fill(firstName);
  await field("lastName").fill(`Person ${n}`);
  await field("phoneNumber").fill("0551234567");
  await field("email").fill(`person-${String(n).padStart(4, "0")}@example.com`);
  await field("customerRegion").selectOption({ index: 1 + (n % 3) });
  await page.waitForSelector("select[name=customerCity]:not([disabled])");
  await field("customerCity").selectOption({ index: 1 });
  if (vehicle) {
    await field("vehicles[0].modelFamily").selectOption({ index: 1 });
    await field("vehicles[0].modelYear").selectOption({ index: 1 });
  }
  await field("acceptPrivatePolicy").check();
  await page.locator("button[type=submit]").click();
  const another = page.locator("[role=status] button");
  await another.waitFor({ timeout: 30000 });
  const queued = (await page.locator("[role=status] .dlf-queued").count()) > 0;
  await another.click();
  await formReady(page);
  return queued;
}
