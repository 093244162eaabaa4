// Collage bench: how often does the collage check call a single photo a collage (false alarms),
// and how many real collages does it still find (recall)?
//
// Single photos are the ones that look most like grids: shelves of pots, tiled walls, products
// laid out in rows (the TUNING families, the only ones the check was adjusted against), and,
// held out, other seeds of those plus brick walls, pegboards, cube shelving and window panes.
// Collages are 2x2, 1x2, 2x1, 3x3, 1x3, 3x1 and one-over-two layouts of different photos, with
// and without gutters and borders. Target: false alarms under 2% on the held-out singles.
//
// Env: BENCH_COLLAGE_PER_FAMILY=30 (singles per family and split)  BENCH_COLLAGE_COLLAGES=60
//      BENCH_COLLAGE_SPLITS=tuning,heldout  BENCH_COLLAGE_VERBOSE=1 (one line per photo)
// Imports from dist/: run `npx tsc -p tsconfig.json` first (npm run bench does).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSignPhoto } from './ocr/generate.js';
import { HELDOUT_FAMILIES, makeCollagePhoto, makeScenePhoto, sceneCases, TUNING_FAMILIES } from './collage/generate.js';
import { rng } from '../scripts/lib/random.js';

const dist = new URL('../dist/', import.meta.url);
const { pixelStats } = await import(new URL('media/pixels.js', dist).href);
const { COLLAGE_MIN_SCORE } = await import(new URL('rules/collage.js', dist).href);

const workDir = fileURLToPath(new URL('./.work/collage/', import.meta.url));
const perFamily = Number(process.env.BENCH_COLLAGE_PER_FAMILY ?? 30);
const collageCount = Number(process.env.BENCH_COLLAGE_COLLAGES ?? 60);
const splits = (process.env.BENCH_COLLAGE_SPLITS ?? 'tuning,heldout').split(',');
const verbose = process.env.BENCH_COLLAGE_VERBOSE === '1';

async function cached(file, make) {
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, await make());
  }
  return file;
}

const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

let heldoutFalse = null;
for (const split of splits) {
  const cases = sceneCases(split, perFamily);
  const byFamily = new Map();
  let alarms = 0;
  const started = Date.now();
  for (const c of cases) {
    const file = await cached(join(workDir, split, `${c.family}-${c.seed}.jpg`), () => makeScenePhoto(c.family, c.seed));
    const score = (await pixelStats(file)).collage;
    const alarm = score >= COLLAGE_MIN_SCORE;
    if (alarm) alarms++;
    const f = byFamily.get(c.family) ?? { n: 0, alarms: 0 };
    f.n++;
    if (alarm) f.alarms++;
    byFamily.set(c.family, f);
    if (verbose || alarm) console.log(`  ${alarm ? 'ALARM' : 'ok   '} ${split}/${c.family}-${c.seed}.jpg collage=${score}`);
  }
  const families = [...byFamily.entries()].map(([family, f]) => `${family} ${f.alarms}/${f.n}${HELDOUT_FAMILIES.includes(family) ? '*' : ''}`).join(', ');
  console.log(`singles ${split}: false alarms ${alarms}/${cases.length} = ${pct(alarms, cases.length)}  (${families}; * never tuned on)  ${((Date.now() - started) / cases.length).toFixed(0)} ms/photo`);
  if (split === 'heldout') heldoutFalse = alarms / cases.length;
}

// Collages of different photos, drawn from a pool of scenes of every family (seeds never used
// above) and ordinary workbench photos with or without a sign.
const random = rng(4242);
const families = [...TUNING_FAMILIES, ...HELDOUT_FAMILIES];
const pool = [];
for (let i = 0; i < 48; i++) {
  const seed = 20_000 + i;
  if (i % 2 === 0) {
    const sign = i % 4 === 0;
    pool.push(await cached(join(workDir, 'cells', `bench-${seed}.jpg`), async () => (await makeSignPhoto({ width: 1000, height: 750, seed, lines: sign ? ['CACTUS HANDS'] : [], capPx: 60 })).buffer));
  } else {
    const family = families[i % families.length];
    pool.push(await cached(join(workDir, 'cells', `${family}-${seed}.jpg`), () => makeScenePhoto(family, seed)));
  }
}
let found = 0;
const byLayout = new Map();
for (let k = 0; k < collageCount; k++) {
  // Nine different photos in a random order: a collage never repeats a photo.
  const order = pool.map((file) => ({ file, key: random() })).sort((a, b) => a.key - b.key);
  const cells = order.slice(0, 9).map((c) => c.file);
  let info;
  const file = await cached(join(workDir, 'collages', `collage-${k}.jpg`), async () => {
    const made = await makeCollagePhoto(cells, k);
    info = made;
    return made.buffer;
  });
  if (!info) {
    const made = await makeCollagePhoto(cells, k);
    info = made;
  }
  const score = (await pixelStats(file)).collage;
  const hit = score >= COLLAGE_MIN_SCORE;
  if (hit) found++;
  const key = `${info.layout}${info.gutter > 0 ? ' gutter' : ' tight'}`;
  const l = byLayout.get(key) ?? { n: 0, found: 0 };
  l.n++;
  if (hit) l.found++;
  byLayout.set(key, l);
  if (verbose || !hit) console.log(`  ${hit ? 'found ' : 'MISSED'} collage-${k}.jpg ${key}${info.border ? ' border' : ''} collage=${score}`);
}
const layouts = [...byLayout.entries()].sort().map(([key, l]) => `${key} ${l.found}/${l.n}`).join(', ');
console.log(`collages: found ${found}/${collageCount} = ${pct(found, collageCount)}  (${layouts})`);
if (heldoutFalse !== null) {
  console.log(`target: held-out false alarms < 2%: ${heldoutFalse < 0.02 ? 'met' : 'NOT met'} (${(heldoutFalse * 100).toFixed(1)}%)`);
}
