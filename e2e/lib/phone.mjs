// A phone as the benchmarks play it (not Lighthouse's simulation): Chromium emulating Slow 4G
// (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) and a 4x slower CPU.

/** A new page of `browser` in a phone-sized window, throttled like a phone on Slow 4G. */
export async function slowPhone(browser, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  return { context, page };
}
