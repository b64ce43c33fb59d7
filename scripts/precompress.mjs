// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every text and wasm file
// under the given folder, for servers that send precompressed files with Content-Encoding
// (serve-static does): every way of loading the form (the script embed, the module embed and
// boot.js, the iframe page) and the dealer pages then travel compressed, at no cost per request.
//   node scripts/precompress.mjs dist
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import path from "node:path";

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|svg)$/;
let files = 0, raw = 0, brotli = 0;
function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (COMPRESSIBLE.test(entry.name)) {
      const bytes = readFileSync(file);
      const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
      writeFileSync(`${file}.br`, br);
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      files++; raw += bytes.length; brotli += br.length;
    }
  }
}
const folder = process.argv[2];
if (!folder) throw new Error("usage: node scripts/precompress.mjs <folder>");
walk(folder);
console.log(`precompress: ${files} files under ${folder}, ${raw} -> ${brotli} bytes brotli`);
