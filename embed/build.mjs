// After `trunk build --release`: writes dist/embed/ for the script embed —
//   dlf-<hash>.js / .wasm          the public bundle under content-hashed names (cache forever),
//   embed.js                       the stable-named loader, with those names and their integrity hashes,
//                                  the form's first lines and its stylesheet written in,
//   integrity.json                 every file's SRI hash, embed.js's included, for hosts that pin it,
// (scripts/build.sh then writes precompressed .br and .gz copies, which serve-static sends.)
//   node embed/build.mjs
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const out = path.join(dist, "embed");
const sources = {
  js: path.join(dist, "dms-lead-widget.js"),
  wasm: path.join(dist, "dms-lead-widget_bg.wasm"),
};
// The stylesheet goes into embed.js itself: the first lines need it before anything else arrives.
const css = readFileSync(path.join(dist, "widget.css"), "utf8");
const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

// Compressed copies are made with the rest of dist/ (scripts/precompress.mjs, called by build.sh).
function write(name, bytes) {
  writeFileSync(path.join(out, name), bytes);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const contents = Object.fromEntries(Object.entries(sources).map(([kind, file]) => [kind, readFileSync(file)]));
// One hash for the pair: the two files only work together.
const version = createHash("sha256").update(contents.js).update(contents.wasm).digest("hex").slice(0, 12);
const assets = {};
for (const [kind, bytes] of Object.entries(contents)) {
  const name = `dlf-${version}.${kind}`;
  write(name, bytes);
  assets[kind] = { name, integrity: sri(bytes) };
}
// The texts of the form's first lines, from the file the form's own texts are built from too
// (src/i18n/first-lines.json, read by build.rs), so the loader can paint them before the wasm
// arrives: [English, Arabic] by name.
const texts = JSON.parse(readFileSync(path.join(root, "src", "i18n", "first-lines.json"), "utf8"));
for (const name of ["TITLE", "INTRO", "REQUIRED_NOTE", "FORM_LOAD_FAILED"]) {
  if (!Array.isArray(texts[name]) || texts[name].length !== 2) throw new Error(`src/i18n/first-lines.json has no [English, Arabic] for ${name}`);
}
const template = readFileSync(path.join(root, "embed", "embed.js"), "utf8");
const fills = { "/*ASSETS*/ null": assets, "/*TEXTS*/ null": texts, "/*CSS*/ null": css };
let loaderText = template;
for (const [placeholder, value] of Object.entries(fills)) {
  if (!template.includes(placeholder)) throw new Error(`embed/embed.js has no ${placeholder} placeholder`);
  // A function replacement: `$` in the JSON (a CSS selector, say) must stay as it is.
  loaderText = loaderText.replace(placeholder, () => JSON.stringify(value));
}
const loader = Buffer.from(loaderText);
write("embed.js", loader);
const integrity = { "embed.js": sri(loader), ...Object.fromEntries(Object.values(assets).map((a) => [a.name, a.integrity])) };
writeFileSync(path.join(out, "integrity.json"), JSON.stringify(integrity, null, 2) + "\n");
console.log(`embed: dist/embed/embed.js (${integrity["embed.js"]}) → dlf-${version}.{js,wasm}`);
