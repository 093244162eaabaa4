// Synthetic "phone photos" of a workbench with a hand-held sign, for the OCR bench and tests.
// Every photo comes with its truth: the text on the sign and where the name sits in the
// DISPLAYED image (after EXIF orientation), so the bench can score both finding and boxing.
// Deterministic: the same options + seed give the same bytes.
import sharp from 'sharp';
import { rng } from '../../scripts/lib/random.js';

const escapeXml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Cap height as a fraction of the font size, DejaVu family (close enough for layout).
const CAP = 0.73;

/**
 * A cluttered, textured background (wood-ish bench, a few objects), width x height RGB raw.
 * Built at quarter size and upscaled (soft texture), plus fine noise at full size.
 */
async function background(width, height, random) {
  const w = Math.max(8, Math.round(width / 4));
  const h = Math.max(8, Math.round(height / 4));
  const base = [90 + random() * 90, 70 + random() * 70, 40 + random() * 60];
  const small = Buffer.alloc(w * h * 3);
  const stripes = 6 + random() * 20;
  const phase = random() * 10;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const grain = Math.sin((y / h) * stripes * Math.PI + Math.sin((x / w) * 3 + phase) * 2) * 18;
      const n = (random() - 0.5) * 30;
      const i = (y * w + x) * 3;
      small[i] = clamp(base[0] + grain + n);
      small[i + 1] = clamp(base[1] + grain * 0.8 + n);
      small[i + 2] = clamp(base[2] + grain * 0.5 + n);
    }
  }
  // A few objects on the bench: tools, fabric, a mug (ellipses and rectangles).
  const shapes = [];
  for (let k = 0; k < 7; k++) {
    const cx = random() * w;
    const cy = random() * h;
    const color = `rgb(${Math.round(random() * 255)},${Math.round(random() * 255)},${Math.round(random() * 255)})`;
    if (random() < 0.5) {
      shapes.push(`<ellipse cx="${cx}" cy="${cy}" rx="${10 + random() * w * 0.12}" ry="${10 + random() * h * 0.12}" fill="${color}" opacity="0.85"/>`);
    } else {
      shapes.push(`<rect x="${cx}" y="${cy}" width="${10 + random() * w * 0.2}" height="${5 + random() * h * 0.05}" fill="${color}" transform="rotate(${random() * 180} ${cx} ${cy})" opacity="0.9"/>`);
    }
  }
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${shapes.join('')}</svg>`);
  const composed = await sharp(small, { raw: { width: w, height: h, channels: 3 } })
    .composite([{ input: svg }])
    .resize(width, height, { kernel: 'cubic' })
    .removeAlpha()
    .raw()
    .toBuffer();
  for (let i = 0; i < composed.length; i += 3) {
    const n = (random() - 0.5) * 24;
    composed[i] = clamp(composed[i] + n);
    composed[i + 1] = clamp(composed[i + 1] + n);
    composed[i + 2] = clamp(composed[i + 2] + n);
  }
  return composed;
}

function clamp(v) {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/**
 * Renders the sign: a light card with one or more lines of text. Returns the RGBA PNG and the
 * box of the first line (the name line) inside it, measured from its own rendering.
 */
async function renderSign({ lines, font, bold, capPx, paper, ink }) {
  const fontSize = capPx / CAP;
  const lineGap = fontSize * 1.35;
  const longest = Math.max(...lines.map((l) => l.length));
  const charW = fontSize * (font.includes('Mono') ? 0.62 : 0.68);
  const width = Math.round(longest * charW + fontSize * 1.6);
  const height = Math.round(lines.length * lineGap + fontSize * 1.0);
  const weight = bold ? 'bold' : 'normal';
  const text = (only) =>
    lines
      .map((line, i) =>
        only !== undefined && only !== i
          ? ''
          : `<text x="${width / 2}" y="${fontSize * 0.5 + (i + 1) * lineGap - fontSize * 0.3}" font-family="${font}" font-weight="${i === 0 ? weight : 'normal'}" font-size="${i === 0 ? fontSize : fontSize * 0.6}" text-anchor="middle" fill="${ink}">${escapeXml(line)}</text>`,
      )
      .join('');
  const card = `<rect x="0" y="0" width="${width}" height="${height}" rx="${fontSize * 0.2}" fill="${paper}"/>`;
  const svg = (body) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
  const png = await sharp(svg(card + text())).png().toBuffer();
  // The name line alone on a transparent canvas: its ink bbox is the truth box.
  const { data, info } = await sharp(svg(text(0))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let left = info.width, top = info.height, right = -1, bottom = -1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[(y * info.width + x) * 4 + 3] > 60) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  return { png, width, height, nameBox: right < 0 ? null : [left, top, right + 1, bottom + 1] };
}

/** Where point (x, y) of a w x h image lands after sharp.rotate(angle) (clockwise, canvas expanded). */
export function rotatePoint(x, y, w, h, angleDeg) {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const W = Math.abs(w * cos) + Math.abs(h * sin);
  const H = Math.abs(w * sin) + Math.abs(h * cos);
  const dx = x - w / 2;
  const dy = y - h / 2;
  return [W / 2 + dx * cos - dy * sin, H / 2 + dx * sin + dy * cos];
}

/**
 * Makes one photo. Options:
 * - width, height: DISPLAYED size (default 4000 x 3000)
 * - lines: sign text, first line is the name line; omit/empty for a photo without a sign
 * - font ('DejaVu Sans' | 'DejaVu Serif' | 'DejaVu Sans Mono'), bold
 * - capPx: cap height of the name line in displayed pixels
 * - tiltDeg: sign rotation (clockwise positive)
 * - cx, cy: sign centre as a fraction of the displayed size
 * - light: 'even' | 'uneven' (a strong gradient and a shadow band across the photo)
 * - orientation: EXIF orientation to store (1, 3, 6 or 8); pixels are stored so that the
 *   displayed image is the one described here
 * - grain: sensor noise added over the whole photo, sign included (default 10)
 * - overlay: { text, capPx, cx, cy, color?, opacity? }: text added afterwards, flat and level
 * - seed, quality
 * Returns { buffer (JPEG), width, height (displayed), nameBox ([l,t,r,b] displayed) | null }.
 */
export async function makeSignPhoto(options = {}) {
  const {
    width = 4000,
    height = 3000,
    lines = [],
    font = 'DejaVu Sans',
    bold = false,
    capPx = 120,
    tiltDeg = 0,
    cx = 0.5,
    cy = 0.5,
    light = 'even',
    orientation = 1,
    seed = 1,
    quality = 88,
    paper = '#f4f1e8',
    ink = '#1d1d1f',
    grain = 10,
    overlay = null,
  } = options;
  const random = rng(seed);
  const bg = await background(width, height, random);
  const layers = [];
  let nameBox = null;
  if (lines.length > 0) {
    const sign = await renderSign({ lines, font, bold, capPx, paper, ink });
    const rotated = await sharp(sign.png)
      .rotate(tiltDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer({ resolveWithObject: true });
    const rw = rotated.info.width;
    const rh = rotated.info.height;
    const left = Math.round(Math.min(Math.max(cx * width - rw / 2, 0), Math.max(0, width - rw)));
    const top = Math.round(Math.min(Math.max(cy * height - rh / 2, 0), Math.max(0, height - rh)));
    layers.push({ input: rotated.data, left, top });
    if (sign.nameBox) {
      const [l, t, r, b] = sign.nameBox;
      const corners = [[l, t], [r, t], [l, b], [r, b]].map(([x, y]) => rotatePoint(x, y, sign.width, sign.height, tiltDeg));
      const xs = corners.map((c) => c[0] + left);
      const ys = corners.map((c) => c[1] + top);
      nameBox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map((v) => Math.round(v));
    }
  }
  if (light === 'uneven') {
    const angle = Math.round(random() * 360);
    const shade = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)">
        <stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#505050"/></linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <rect x="0" y="${height * (0.2 + random() * 0.5)}" width="100%" height="${height * 0.18}" fill="#000" opacity="0.3" transform="rotate(${-20 + random() * 40} ${width / 2} ${height / 2})"/>
    </svg>`;
    layers.push({ input: Buffer.from(shade), blend: 'multiply' });
  }
  let image = sharp(bg, { raw: { width, height, channels: 3 } });
  // composite() runs last in a sharp pipeline: flatten to raw pixels between stages.
  const flat = async (img) => {
    const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  };
  if (layers.length > 0) image = await flat(image.composite(layers));
  // Sensor grain over everything, sign included: the camera sees the card too.
  {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = clamp(data[i] + (random() - 0.5) * grain);
    image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  // Text added in an editing app after the photo was taken: flat, level, no grain.
  if (overlay) {
    const size = overlay.capPx / CAP;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="${overlay.cx * width}" y="${overlay.cy * height}" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" text-anchor="middle" fill="${overlay.color ?? '#ffffff'}" fill-opacity="${overlay.opacity ?? 1}">${escapeXml(overlay.text)}</text></svg>`;
    image = await flat(image.composite([{ input: Buffer.from(svg) }]));
  }
  // Store the pixels so that applying `orientation` shows the displayed image.
  const undo = { 1: 0, 3: 180, 6: 270, 8: 90 }[orientation];
  if (undo === undefined) throw new Error(`unsupported orientation ${orientation}`);
  if (undo !== 0) image = await flat(image.rotate(undo));
  const buffer = await image.jpeg({ quality }).withMetadata({ orientation }).toBuffer();
  return { buffer, width, height, nameBox, orientation };
}

/** Intersection over union of two [l,t,r,b] boxes. */
export function iou(a, b) {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (box) => (box[2] - box[0]) * (box[3] - box[1]);
  return inter / (area(a) + area(b) - inter);
}

const FONTS = [
  ['DejaVu Sans', false],
  ['DejaVu Sans', true],
  ['DejaVu Serif', false],
  ['DejaVu Serif', true],
  ['DejaVu Sans Mono', false],
  ['DejaVu Sans Mono', true],
];

// Names and second lines per split, so the held-out part shares no text with the tuning part.
const SPLITS = {
  tuning: {
    seedBase: 1000,
    names: ['Cactus Hands', 'Salt & Pine', 'Birch Lane Studio', 'Mossy Kiln', 'Little Loom Co'],
    // Other shops' names and generic words that must NOT count as the name.
    decoys: {
      'Cactus Hands': ['Cactus Flowers', 'HANDMADE', 'Contact Us'],
      'Salt & Pine': ['Sea Salt Soap', 'Pine Street'],
      'Birch Lane Studio': ['Birch Studio Supply', 'Maple Lane'],
      'Mossy Kiln': ['Kiln Works', 'Mossy Oak'],
      'Little Loom Co': ['Little Lamb Co', 'Loom & Yarn'],
    },
    second: ['handmade in my studio', 'order B0CACTUS01', 'est. 2019'],
  },
  heldout: {
    seedBase: 9000,
    names: ['Juniper Forge', 'Otter & Oak', 'Quiet Needle', 'Red Barn Candles', 'Wren Pottery'],
    decoys: {
      'Juniper Forge': ['Juniper Farms', 'FORGED'],
      'Otter & Oak': ['Oak & Ash', 'Otter Creek'],
      'Quiet Needle': ['Quick Needles', 'Quilt Shop'],
      'Red Barn Candles': ['Red Barn Soap', 'Candles'],
      'Wren Pottery': ['Wren Weaving', 'POTTERY'],
    },
    second: ['made by hand', 'thank you', 'since 2021'],
  },
};

/**
 * The labelled bench set for one split: readable positives (several sizes, fonts, tilts up to
 * 25 degrees, EXIF-rotated, off-centre, uneven light), "too small" positives (reported apart:
 * a card that small is what Amazon rejects), and negatives (decoy text or no sign at all).
 * `scale` shrinks everything (tests use a tiny version); `count` caps the positives.
 */
export function benchCases(split, { scale = 1, positives = 30, negatives = 12, tooSmall = 4, overlays = 4 } = {}) {
  const spec = SPLITS[split];
  if (!spec) throw new Error(`unknown split ${split}`);
  const random = rng(spec.seedBase);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const cases = [];
  const W = Math.round(4000 * scale);
  const H = Math.round(3000 * scale);
  for (let i = 0; i < positives; i++) {
    const name = spec.names[i % spec.names.length];
    const [font, bold] = FONTS[i % FONTS.length];
    const portrait = i % 5 === 3;
    const orientation = i % 5 === 3 ? 6 : i % 7 === 5 ? 8 : i % 11 === 9 ? 3 : 1;
    const tiltDeg = Math.round((random() * 2 - 1) * 25);
    // Readable: name cap height from 1.1% to 6% of the displayed short side.
    const short = Math.min(W, H);
    const capPx = Math.round(short * (0.011 + random() * random() * 0.05));
    cases.push({
      id: `${split}-pos-${String(i).padStart(2, '0')}`,
      kind: 'positive',
      name,
      options: {
        width: portrait ? H : W,
        height: portrait ? W : H,
        lines: random() < 0.7 ? [name, pick(spec.second)] : [name],
        font,
        bold,
        capPx,
        tiltDeg,
        cx: 0.15 + random() * 0.7,
        cy: 0.15 + random() * 0.7,
        light: random() < 0.35 ? 'uneven' : 'even',
        orientation,
        seed: spec.seedBase + i,
      },
    });
  }
  for (let i = 0; i < tooSmall; i++) {
    const name = spec.names[(i + 2) % spec.names.length];
    cases.push({
      id: `${split}-small-${i}`,
      kind: 'tooSmall',
      name,
      options: {
        width: W,
        height: H,
        lines: [name],
        font: 'DejaVu Sans',
        capPx: Math.max(4, Math.round(Math.min(W, H) * 0.004)),
        tiltDeg: Math.round((random() * 2 - 1) * 10),
        cx: 0.2 + random() * 0.6,
        cy: 0.2 + random() * 0.6,
        seed: spec.seedBase + 500 + i,
      },
    });
  }
  for (let i = 0; i < overlays; i++) {
    const name = spec.names[(i + 1) % spec.names.length];
    cases.push({
      id: `${split}-overlay-${i}`,
      kind: 'overlay',
      name,
      options: {
        width: W,
        height: H,
        lines: [],
        overlay: {
          text: i % 2 ? name.toUpperCase() : name,
          capPx: Math.round(Math.min(W, H) * (0.02 + random() * 0.03)),
          cx: 0.3 + random() * 0.4,
          cy: i % 2 ? 0.9 : 0.15 + random() * 0.6,
          color: i % 3 === 2 ? '#202020' : '#ffffff',
          opacity: i % 4 === 3 ? 0.6 : 1,
        },
        seed: spec.seedBase + 900 + i,
      },
    });
  }
  for (let i = 0; i < negatives; i++) {
    const name = spec.names[i % spec.names.length];
    const decoys = spec.decoys[name];
    const none = i % 4 === 3;
    const [font, bold] = FONTS[(i + 1) % FONTS.length];
    cases.push({
      id: `${split}-neg-${String(i).padStart(2, '0')}`,
      kind: 'negative',
      name,
      options: {
        width: W,
        height: H,
        lines: none ? [] : [decoys[i % decoys.length], pick(spec.second)],
        font,
        bold,
        capPx: Math.round(Math.min(W, H) * (0.015 + random() * 0.03)),
        tiltDeg: Math.round((random() * 2 - 1) * 20),
        cx: 0.2 + random() * 0.6,
        cy: 0.2 + random() * 0.6,
        light: random() < 0.3 ? 'uneven' : 'even',
        seed: spec.seedBase + 800 + i,
      },
    });
  }
  return cases;
}
