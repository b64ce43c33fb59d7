// CSV import throughput in the release wasm: parse + map + check (DMS rules, Arabic texts made
// English) of ROWS rows, as the import page measures it on itself (`data-check-ms`, list loading
// excluded: that is network time). Prints rows per second, median of RUNS uploads.
//   node bench/csv.mjs [rows] [runs]

import { startStack } from "../lib/stack.mjs";

const ROWS = Number(process.argv[2] || 5000);
const RUNS = Number(process.argv[3] || 5);
const YEAR = String(new Date().getFullYear());
const header = ["leadType", "firstName", "lastName", "phoneNumber", "email", "phoneCode", "preferredLanguage",
  "customerCountry", "customerRegion", "customerCity", "brand", "businessArea", "branch", "interest",
  "modelFamily", "modelYear", "source", "subSource", "priority", "leadNote"];
const english = ["Individual", "Omar", "Al-Harbi", "0507654321", "omar@example.com", "00966", "English", "Saudi Arabia",
  "Riyadh", "Riyadh", "KIA", "Sales", "KIA Riyadh Showroom", "Test Drive", "Sorento", YEAR, "Showroom", "Walk-in", "Warm", "Call after 5"];
const arabic = ["فرد", "سارة", "القحطاني", "٠٥٥١٢٣٤٥٦٧", "sara@example.com", "00966", "العربية", "المملكة العربية السعودية",
  "الرياض", "الرياض", "كيا", "المبيعات", "صالة عرض كيا - الرياض", "استفسار عن سيارة", "سبورتاج", YEAR, "صالة العرض", "زيارة مباشرة", "ساخن", "\"قالت: \"\"مساءً\"\"\""];
const lines = [header.join(";")];
for (let i = 0; i < ROWS; i++) lines.push((i % 2 ? english : arabic).map((c, k) => (k === 2 ? `${c} ${i}` : c)).join(";"));
const csv = Buffer.from("\uFEFF" + lines.join("\r\n") + "\r\n", "utf8");

const stack = await startStack();
try {
  const page = await (await stack.browser.newContext()).newPage();
  await page.goto(`${stack.portal}/index.html#import`);
  await page.waitForSelector("#csv-file");
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    if (run > 0) {
      await page.reload();
      await page.waitForSelector("#csv-file");
    }
    await page.setInputFiles("#csv-file", { name: `bench-${run}.csv`, mimeType: "text/csv", buffer: csv });
    await page.waitForFunction((rows) => {
      const counts = document.querySelector(".dlf-counts");
      return counts && counts.dataset.rows === String(rows) && new RegExp(`${rows} rows: ${rows} valid`).test(counts.textContent);
    }, ROWS, { timeout: 120000 });
    samples.push(Number(await page.getAttribute(".dlf-counts", "data-check-ms")));
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`csv import: ${ROWS} rows (half Arabic), ${csv.length} bytes; parse + check ms per run: ${samples.map((s) => s.toFixed(0)).join(", ")}`);
  console.log(`csv import: median ${median.toFixed(1)} ms = ${Math.round(ROWS / (median / 1000))} rows/s (goal 100000)`);
} finally {
  await stack.stop();
}
