// Diagnosis (not a test): what grows on the JS heap over kiosk cycles. Two heap snapshots, after a
// warm-up and after CYCLES more people, diffed by object kind (growth in bytes, count, kind), plus
// the largest arrays and what holds them. Separates the widget's objects from the browser's own
// bounded buffers (the editing undo stack keeps at most 1,000 steps; performance timeline entries)
// and from what the test driver's DevTools session keeps (NetworkResourcesData).
//   node bench/heap-diff.mjs [cycles]
import { startStack } from "../lib/stack.mjs";
import { KIOSK_PRESETS, formReady, servePerson } from "../lib/person.mjs";

const CYCLES = Number(process.argv[2] || 300);
const stack = await startStack({ processingMs: 50 });
try {
  const context = await stack.browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  await page.goto(stack.page("bench.html", { lang: "en", attrs: KIOSK_PRESETS, wasmHandle: true }));
  await formReady(page);
  const client = await context.newCDPSession(page);
  async function snapshot() {
    await client.send("HeapProfiler.collectGarbage");
    const chunks = [];
    const onChunk = (e) => chunks.push(e.chunk);
    client.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
    await client.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    client.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
    const snap = JSON.parse(chunks.join(""));
    const f = snap.snapshot.meta.node_fields, types = snap.snapshot.meta.node_types[0];
    const w = f.length, ti = f.indexOf("type"), ni = f.indexOf("name"), si = f.indexOf("self_size");
    const agg = new Map();
    for (let i = 0; i < snap.nodes.length; i += w) {
      const key = `${types[snap.nodes[i + ti]]}:${snap.strings[snap.nodes[i + ni]].slice(0, 80)}`;
      const a = agg.get(key) || { n: 0, size: 0 };
      a.n++; a.size += snap.nodes[i + si];
      agg.set(key, a);
    }
    // The largest arrays and who holds them (edge name and holder's name).
    const ei = snap.snapshot.meta.edge_fields, ew = ei.length, ec = f.indexOf("edge_count");
    const etypes = snap.snapshot.meta.edge_types[0];
    const big = [];
    for (let i = 0; i < snap.nodes.length; i += w) {
      if (types[snap.nodes[i + ti]] === "array" && snap.nodes[i + si] > 2000) big.push(i);
    }
    const holders = new Map(big.map((i) => [i, []]));
    let e = 0;
    for (let i = 0; i < snap.nodes.length; i += w) {
      for (let k = 0; k < snap.nodes[i + ec]; k++, e += ew) {
        const to = snap.edges[e + ei.indexOf("to_node")];
        if (holders.has(to)) {
          const et = etypes[snap.edges[e + ei.indexOf("type")]];
          const en = snap.edges[e + ei.indexOf("name_or_index")];
          holders.get(to).push(`${snap.strings[snap.nodes[i + ni]].slice(0, 40)}.${et === "element" || et === "hidden" ? en : snap.strings[en]}`);
        }
      }
    }
    const arrays = big.map((i) => ({ size: snap.nodes[i + si], held: holders.get(i).slice(0, 3).join(" | ") }))
      .sort((x, y) => y.size - x.size).slice(0, 12);
    const { usedSize } = await client.send("Runtime.getHeapUsage");
    return { agg, usedSize, arrays };
  }
  for (let n = 0; n < 20; n++) await servePerson(page, n, { firstName: "Kiosk", vehicle: true });
  const a = await snapshot();
  for (let n = 20; n < 20 + CYCLES; n++) await servePerson(page, n, { firstName: "Kiosk", vehicle: true });
  const b = await snapshot();
  console.log(`used ${a.usedSize} -> ${b.usedSize}`);
  const rows = [];
  for (const [k, v] of b.agg) {
    const o = a.agg.get(k) || { n: 0, size: 0 };
    if (v.size !== o.size || v.n !== o.n) rows.push([k, v.n - o.n, v.size - o.size]);
  }
  for (const [k, v] of a.agg) if (!b.agg.has(k)) rows.push([k, -v.n, -v.size]);
  rows.sort((x, y) => y[2] - x[2]);
  console.log("largest arrays before:", a.arrays);
  console.log("largest arrays after:", b.arrays);
  for (const r of rows.slice(0, 40)) console.log(`${String(r[2]).padStart(9)} ${String(r[1]).padStart(6)} ${r[0]}`);
} finally {
  await stack.stop();
}
