#!/usr/bin/env node
// The initial JavaScript of the dashboard: every script index.html loads
// (its module entry and the chunks it preloads), gzipped and summed. Lazy
// route chunks are not counted; they load when a view opens.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const base = '/dashboard/';
const srcs = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((m) => m[1]);
const files = [...new Set(srcs)].map((src) =>
  src.startsWith(base) ? src.slice(base.length) : src,
);

let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(dist, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ files, rawBytes: raw, gzipBytes: gzip }));
} else {
  for (const file of files) console.log(`  ${file}`);
  console.log(`initial JS: ${files.length} files, ${kb(raw)} KB raw, ${kb(gzip)} KB gzip`);
}
