// Reads the sign photos of test/sign-ocr.test.ts (photos of `appeal sign`'s pages) with the name
// reader from dist/, the way `appeal check` does, and says which names it found. Make them once:
//   SIGN_OCR_KEEP=bench/.work/signs SIGN_OCR_CASTS=neutral,warm,cool npx vitest run test/sign-ocr.test.ts
// Env: SIGNS_ONLY=warm,1204 (ids containing any token), BENCH_OCR_WORDS=1 (every pass's words),
// BENCH_OCR_TUNING='{...}'.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
const { findBusinessNames } = await import(new URL('media/ocr.js', dist).href);
const dir = fileURLToPath(new URL('./.work/signs/', import.meta.url));
let cases = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8'));
const only = process.env.SIGNS_ONLY ? process.env.SIGNS_ONLY.split(',') : null;
if (only) cases = cases.filter((c) => only.some((t) => c.id.includes(t)));
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
let found = 0;
for (const c of cases) {
  const start = performance.now();
  const labels = [];
  const file = { file: c.id, absPath: c.file, kind: 'image', format: 'jpeg', bytes: statSync(c.file).size, width: 2400, height: 1800, durationSec: null };
  const map = await findBusinessNames([file], c.name, {
    cache: false,
    maxWorkers: 1,
    tuning: process.env.BENCH_OCR_TUNING ? JSON.parse(process.env.BENCH_OCR_TUNING) : undefined,
    onPass: (_f, view, ok, _t, read) => {
      labels.push(view.label);
      if (process.env.BENCH_OCR_WORDS === '1') console.log(`    ${view.label}: ${JSON.stringify(read)}`);
    },
  });
  const r = map.get(c.file);
  if (r.found) found++;
  console.log(`${r.found ? 'found ' : 'MISSED'} ${c.id.padEnd(14)} ${c.name.padEnd(32)} ${((performance.now() - start) / 1000).toFixed(1)} s ${labels.length} passes ${r.found ? `by ${labels.at(-1)} "${r.text}"` : r.reason ?? ''}`);
}
console.log(`${found}/${cases.length}`);
