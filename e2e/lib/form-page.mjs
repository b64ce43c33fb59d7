// The form's vocabulary for the end-to-end tests and benchmarks: one place that knows how a
// person opens, fills and sends the lead form (public or dealer-assisted), so each test says what
// it checks, not how to find a control.
//
// `scope` is anything Playwright can find elements in: a page, a frame, or a locator (a shadow
// host: Playwright's locators reach into open shadow roots).

/** A control by its DMS key (`firstName`, `vehicles[0].modelYear`): the form's contract. */
export const field = (scope, name) => scope.locator(`[name="${name}"]`);

/** Chooses `label` in the select `name`. */
export const choose = (scope, name, label) => field(scope, name).selectOption({ label });

/** Waits until the select `name` offers its choices (its list, or its parent's choice, came). */
export async function choicesOffered(scope, name) {
  await scope.locator(`select[name="${name}"]:not([disabled])`).waitFor();
}

/** Waits until the form can be filled: the preselected country's regions are offered (the full
 * form), or its cities (a form that asks the city with its region, as `short` does). */
export async function ready(scope) {
  await scope.locator('select[name="customerRegion"]:not([disabled]), select[name="customerCity"]:has(optgroup):not([disabled])').first().waitFor();
}

/** Opens `url` in a new context of `browser` and waits for the form; page errors are collected. */
export async function open(browser, url, { viewport = { width: 900, height: 1200 }, lang = "en", init, beforeLoad } = {}) {
  const context = await browser.newContext({ viewport, locale: lang === "ar" ? "ar-SA" : "en-US" });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  // Routes and listeners that must be in place before the page asks for anything.
  if (beforeLoad) await beforeLoad(page);
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(url);
  await ready(page);
  return { page, context, problems };
}

/** The message the invalid control `locator` points at, or null when it is valid. */
export async function messageOf(locator) {
  return locator.evaluate((el) => {
    if (el.getAttribute("aria-invalid") !== "true") return null;
    const id = el.getAttribute("aria-describedby");
    // Inside a shadow root the message is found in that root, not in the document.
    return id ? el.getRootNode().getElementById(id)?.textContent ?? "" : "";
  });
}

/** The message the invalid control `name` points at, or null when it is valid. */
export const messageFor = (scope, name) => messageOf(field(scope, name));

/** Presses the form's submit button. */
export async function submit(scope) {
  await scope.locator("form button[type=submit]").click();
}

/** Submits and waits for the confirmation; resolves with the bulk id it shows. */
export async function submitAndWait(scope, { timeout = 15000 } = {}) {
  await submit(scope);
  const reference = scope.locator("[role=status] .dlf-reference");
  await reference.waitFor({ timeout });
  return Number(await reference.textContent());
}

/**
 * Fills what a visitor types for an individual lead (in the short form, the name goes into its one
 * "Full name" box). Selects not named in `choices` are left as they are; `choices` maps a select to a label (string) or a position (number) and is chosen in
 * order, each once its choices are offered; a select the form does not show (a preset) is skipped.
 */
export async function fillIndividual(scope, {
  firstName, lastName, phone = "0551234567", email, choices = {}, consent = true,
} = {}) {
  if (firstName !== undefined) await field(scope, "firstName").fill(firstName);
  // The short form asks one "Full name" (named firstName): the last name goes into it.
  if (lastName !== undefined && !(await field(scope, "lastName").count())) {
    await field(scope, "firstName").fill(`${firstName ?? ""} ${lastName}`.trim());
  } else if (lastName !== undefined) await field(scope, "lastName").fill(lastName);
  if (phone !== undefined) await field(scope, "phoneNumber").fill(phone);
  if (email !== undefined) await field(scope, "email").fill(email);
  for (const [name, choice] of Object.entries(choices)) {
    if (!(await field(scope, name).count())) continue;
    await choicesOffered(scope, name);
    await field(scope, name).selectOption(typeof choice === "number" ? { index: choice } : { label: choice });
  }
  if (consent) await field(scope, "acceptPrivatePolicy").check();
}
