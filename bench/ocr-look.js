// Contact sheets of the OCR bench's photos, to LOOK at what a set calls readable.
//
// For each chosen case: the name's neighbourhood as a person sees it on screen (the whole photo
// fitted to a 1600 px screen, then the part around the name), beside the same part at the
// photo's own pixels. Written to bench/.work/ocr-look/<set>-<n>.png, six cases a sheet, each
// captioned with its id, kind, capital height and degradations.
//
//   node bench/ocr-look.js second-dev [filter]
//   filter: blur (focus or motion), occl, a font name, or ids (comma-separated tokens)
// Run bench/ocr.js (or BENCH_OCR_GENERATE_ONLY=1) first: it makes the photos and the manifest.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const [set = 'second-dev', filter = 'blur'] = process.argv.slice(2);
const [generator, part] = set.split('-');
if (generator !== 'second') throw new Error('only the second set carries blur and capital heights');
const dir = fileURLToPath(new URL(`./.work/ocr/${set}/`, import.meta.url));
const out = fileURLToPath(new URL('./.work/ocr-look/', import.meta.url));
mkdirSync(out, { recursive: true });
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const { secondCases } = await import('./ocr-second/cases.js');

const tokens = filter.split(',');
const chosen = secondCases(part).filter((c) => {
  if (!c.spec.nameLines || !existsSync(join(dir, `${c.id}.jpg`))) return false;
  const s = c.spec;
  return tokens.some(
    (t) =>
      (t === 'blur' && (s.focus || s.motion)) ||
      (t === 'occl' && s.occlude) ||
      (t === 'all') ||
      c.id.includes(t) ||
      (s.font ?? '').toLowerCase().includes(t.toLowerCase()),
  );
});

const CELL = 360;

/** `box` scaled by k, kept inside a w x h image. */
function inside(box, k, w, h) {
  const left = Math.min(w - 1, Math.max(0, Math.floor(box.left * k)));
  const top = Math.min(h - 1, Math.max(0, Math.floor(box.top * k)));
  return { left, top, width: Math.max(1, Math.min(w - left, Math.floor(box.width * k))), height: Math.max(1, Math.min(h - top, Math.floor(box.height * k))) };
}
const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

async function cell(c) {
  try {
    return await cellOf(c);
  } catch (e) {
    console.error(c.id, manifest[c.id], e.message);
    throw e;
  }
}
async function cellOf(c) {
  const truth = manifest[c.id];
  const file = join(dir, `${c.id}.jpg`);
  const upright = await sharp(file).rotate().toBuffer();
  const meta = await sharp(upright).metadata();
  const [l, t, r, b] = truth.nameBox;
  const pad = Math.max(r - l, b - t) * 0.25;
  const box = {
    left: Math.max(0, Math.floor(l - pad)),
    top: Math.max(0, Math.floor(t - pad)),
    width: 0,
    height: 0,
  };
  box.width = Math.ceil(r - l + 2 * pad);
  box.height = Math.ceil(b - t + 2 * pad);
  // On screen: the whole photo fitted to 1600 px, the name's part of that.
  const k = Math.min(1, 1600 / Math.max(meta.width, meta.height));
  const fitted = await sharp(upright).resize(Math.round(meta.width * k)).toBuffer();
  const screen = await sharp(fitted)
    .extract(inside(box, k, Math.round(meta.width * k), Math.round(meta.height * k)))
    .toBuffer()
    .then((part) => sharp(part).resize(CELL, CELL, { fit: 'contain', background: '#808080', kernel: 'nearest' }).toBuffer());
  const part = await sharp(upright).extract(inside(box, 1, meta.width, meta.height)).toBuffer();
  const own = await sharp(part).resize(CELL, CELL, { fit: 'contain', background: '#808080' }).toBuffer();
  const s = c.spec;
  const caption =
    `${c.id} ${c.kind} cap ${Math.round(truth.capPx)}px ${s.font}` +
    `${s.focus ? ` focus σ ${s.focus.toFixed(1)}` : ''}${s.motion ? ` motion ${s.motion.len.toFixed(0)}px` : ''}${s.occlude ? ' occluded' : ''}`;
  const label = await sharp({ text: { text: `<span foreground="white">${esc(caption)}</span>`, font: 'DejaVu Sans 11', rgba: true, width: CELL * 2, dpi: 72 } }).png().toBuffer();
  return sharp({ create: { width: CELL * 2 + 10, height: CELL + 24, channels: 3, background: '#202020' } })
    .composite([
      { input: screen, left: 0, top: 24 },
      { input: own, left: CELL + 10, top: 24 },
      { input: label, left: 2, top: 4 },
    ])
    .png()
    .toBuffer();
}

const PER = 6;
for (let s = 0; s * PER < chosen.length; s++) {
  const group = chosen.slice(s * PER, s * PER + PER);
  const cells = await Promise.all(group.map(cell));
  const W = CELL * 2 + 10;
  const H = group.length * (CELL + 34);
  const file = join(out, `${set}-${filter.replace(/[^a-z0-9]+/gi, '_')}-${s + 1}.png`);
  await sharp({ create: { width: W, height: H, channels: 3, background: '#000000' } })
    .composite(cells.map((input, i) => ({ input, left: 0, top: i * (CELL + 34) })))
    .png()
    .toFile(file);
  console.log(`${file}: ${group.map((c) => c.id).join(' ')}`);
}
