// The second OCR generator: photographed printed matter, written apart from bench/ocr/ on
// different assumptions, so a reader tuned on one set is judged on the other.
//
// bench/ocr/ draws an SVG card (librsvg, DejaVu) and turns it in the image plane. Here:
// - text is set by Pango (sharp's text input) in Debian's fonts: serif, sans, script, brush,
//   hand-lettered, all capitals, letter-spaced;
// - the carrier is a card, a printed sheet, an envelope, a shipping label, a kraft tag or a
//   dark slate board (light on dark), with a logo beside or above the name and other print;
// - it is put into the scene by a 3D pose (out-of-plane tilt, perspective) through a
//   homography sampled here in plain JS, with a cast shadow;
// - the photo then suffers what phones do: occluding objects, glare, motion or focus blur,
//   sensor noise, low JPEG quality, EXIF orientation;
// - an "overlay" is text added flat onto the finished photo, as an editing app does.
// Every photo carries its truth: the name's box in displayed pixels and how readable it is.
import sharp from 'sharp';

/** sfc32: this generator's own seeded random source (independent of scripts/lib/random.js). */
export function random32(seed0) {
  const seed = Math.imul(seed0 | 0, 0x9e3779b1) ^ (seed0 >>> 7);
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 7;
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

const lerp = (a, b, t) => a + (b - a) * t;
const clamp8 = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);
const hex = (s) => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
const escapeMarkup = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RGB float canvas. */
class Canvas {
  constructor(w, h, fill = [0, 0, 0]) {
    this.w = w;
    this.h = h;
    this.px = new Float32Array(w * h * 3);
    for (let i = 0; i < w * h; i++) this.px.set(fill, i * 3);
  }
  /** Paints colour `rgb` where `mask` (0..1 per pixel, mw x mh) is set, at (x, y). */
  paint(mask, mw, mh, x, y, rgb, opacity = 1) {
    for (let j = 0; j < mh; j++) {
      const yy = y + j;
      if (yy < 0 || yy >= this.h) continue;
      for (let i = 0; i < mw; i++) {
        const xx = x + i;
        if (xx < 0 || xx >= this.w) continue;
        const a = mask[j * mw + i] * opacity;
        if (a <= 0) continue;
        const p = (yy * this.w + xx) * 3;
        for (let k = 0; k < 3; k++) this.px[p + k] = lerp(this.px[p + k], rgb[k], a);
      }
    }
  }
  /** Filled disc or ring (anti-aliased by distance). */
  disc(cx, cy, r, rgb, inner = 0) {
    const x0 = Math.max(0, Math.floor(cx - r - 1)), x1 = Math.min(this.w, Math.ceil(cx + r + 1));
    const y0 = Math.max(0, Math.floor(cy - r - 1)), y1 = Math.min(this.h, Math.ceil(cy + r + 1));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        let a = Math.min(1, Math.max(0, r - d + 0.5));
        if (inner > 0) a = Math.min(a, Math.min(1, Math.max(0, d - inner + 0.5)));
        if (a <= 0) continue;
        const p = (y * this.w + x) * 3;
        for (let k = 0; k < 3; k++) this.px[p + k] = lerp(this.px[p + k], rgb[k], a);
      }
    }
  }
  rect(x, y, w, h, rgb, opacity = 1) {
    for (let yy = Math.max(0, Math.floor(y)); yy < Math.min(this.h, Math.ceil(y + h)); yy++) {
      for (let xx = Math.max(0, Math.floor(x)); xx < Math.min(this.w, Math.ceil(x + w)); xx++) {
        const p = (yy * this.w + xx) * 3;
        for (let k = 0; k < 3; k++) this.px[p + k] = lerp(this.px[p + k], rgb[k], opacity);
      }
    }
  }
  toBytes() {
    const out = Buffer.alloc(this.w * this.h * 3);
    for (let i = 0; i < out.length; i++) out[i] = clamp8(Math.round(this.px[i]));
    return out;
  }
  static fromBytes(buf, w, h) {
    const c = new Canvas(w, h);
    for (let i = 0; i < buf.length; i++) c.px[i] = buf[i];
    return c;
  }
}

/** Smooth value noise in [0, 1] at a cell size of `cell` px (own bilinear lattice, smoothstep). */
function valueNoise(w, h, cell, rand) {
  const gw = Math.ceil(w / cell) + 2;
  const gh = Math.ceil(h / cell) + 2;
  const grid = new Float32Array(gw * gh).map(() => rand());
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const gy = y / cell;
    const iy = Math.floor(gy);
    let ty = gy - iy;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < w; x++) {
      const gx = x / cell;
      const ix = Math.floor(gx);
      let tx = gx - ix;
      tx = tx * tx * (3 - 2 * tx);
      const a = grid[iy * gw + ix], b = grid[iy * gw + ix + 1];
      const c = grid[(iy + 1) * gw + ix], d = grid[(iy + 1) * gw + ix + 1];
      out[y * w + x] = lerp(lerp(a, b, tx), lerp(c, d, tx), ty);
    }
  }
  return out;
}

/** Text as a coverage mask (0..1) set by Pango; `cap` is the wanted capital height in px. */
const capRatios = new Map();
async function capRatio(font) {
  if (capRatios.has(font)) return capRatios.get(font);
  const m = await textMask('H', font, 200, 0, true);
  const ratio = m.inkH / 200;
  capRatios.set(font, ratio);
  return ratio;
}

async function textMask(text, font, sizePx, spacing = 0, raw = false) {
  const size = raw ? sizePx : sizePx;
  const markup = `<span foreground="white" letter_spacing="${Math.round(spacing * 1024)}">${escapeMarkup(text)}</span>`;
  const { data, info } = await sharp({ text: { text: markup, font: `${font} ${Math.max(4, Math.round(size))}`, rgba: true, dpi: 72 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mask = new Float32Array(info.width * info.height);
  let top = info.height, bottom = -1, left = info.width, right = -1;
  for (let i = 0; i < mask.length; i++) {
    const a = data[i * 4 + 3] / 255;
    mask[i] = a;
    if (a > 0.3) {
      const x = i % info.width, y = (i - x) / info.width;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      if (x < left) left = x;
      if (x > right) right = x;
    }
  }
  return { mask, w: info.width, h: info.height, inkH: bottom - top + 1, ink: [left, top, right + 1, bottom + 1] };
}

async function textAtCap(text, font, cap, spacingEm = 0) {
  const ratio = await capRatio(font);
  const size = cap / ratio;
  return textMask(text, font, size, spacingEm * size * 0.75);
}

/** Solves the homography mapping src[i] -> dst[i] (4 point pairs). Returns a 3x3 row-major array. */
export function homography(src, dst) {
  const A = [];
  const b = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 8; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const h = b.map((v, i) => v / A[i][i]);
  return [...h, 1];
}

export function applyH(H, x, y) {
  const w = H[6] * x + H[7] * y + H[8];
  return [(H[0] * x + H[1] * y + H[2]) / w, (H[3] * x + H[4] * y + H[5]) / w];
}

function invert3(m) {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/**
 * The carrier's corners in the photo for a pose: a w x h plane turned by `yaw`/`pitch` out of
 * the image plane, `roll` in it, seen by a pinhole camera, scaled so its width is `span` px.
 */
export function poseQuad(w, h, { yaw, pitch, roll, span, cx, cy }) {
  const rad = Math.PI / 180;
  const corners = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]];
  const f = Math.max(w, h) * 2.2;
  const projected = corners.map(([x, y]) => {
    // yaw about the vertical axis, pitch about the horizontal, then project.
    let X = x * Math.cos(yaw * rad);
    let Z = x * Math.sin(yaw * rad);
    const Y = y * Math.cos(pitch * rad);
    Z += y * Math.sin(pitch * rad);
    const k = f / (f + Z);
    X *= k;
    const y2 = Y * k;
    const r = roll * rad;
    return [X * Math.cos(r) - y2 * Math.sin(r), X * Math.sin(r) + y2 * Math.cos(r)];
  });
  const xs = projected.map((p) => p[0]);
  const width = Math.max(...xs) - Math.min(...xs);
  const s = span / Math.max(1, width);
  return projected.map(([x, y]) => [cx + x * s, cy + y * s]);
}

/** Warps carrier pixels (Canvas) into the scene through the quad; returns the homography used. */
function warpInto(scene, carrier, quad, shadow) {
  const src = [[0, 0], [carrier.w, 0], [carrier.w, carrier.h], [0, carrier.h]];
  const H = homography(src, quad);
  const Hi = invert3(H);
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 2), x1 = Math.min(scene.w, Math.ceil(Math.max(...xs)) + 2);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 2), y1 = Math.min(scene.h, Math.ceil(Math.max(...ys)) + 2);
  if (shadow) {
    // A soft cast shadow: the same quad shifted, darkening what lies under it.
    const [dx, dy, depth] = shadow;
    for (let y = Math.max(0, y0 + dy); y < Math.min(scene.h, y1 + dy); y++) {
      for (let x = Math.max(0, x0 + dx); x < Math.min(scene.w, x1 + dx); x++) {
        const [u, v] = applyH(Hi, x - dx + 0.5, y - dy + 0.5);
        const edge = Math.min(u, v, carrier.w - u, carrier.h - v);
        if (edge <= -6) continue;
        const a = depth * Math.min(1, (edge + 6) / 12);
        const p = (y * scene.w + x) * 3;
        for (let k = 0; k < 3; k++) scene.px[p + k] *= 1 - a;
      }
    }
  }
  const cw = carrier.w, ch = carrier.h, cp = carrier.px;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [u, v] = applyH(Hi, x + 0.5, y + 0.5);
      const edge = Math.min(u, v, cw - u, ch - v);
      if (edge <= -0.5) continue;
      const cover = Math.min(1, edge + 0.5);
      const fu = Math.min(cw - 1.001, Math.max(0, u - 0.5)), fv = Math.min(ch - 1.001, Math.max(0, v - 0.5));
      const iu = Math.floor(fu), iv = Math.floor(fv), tu = fu - iu, tv = fv - iv;
      const p00 = (iv * cw + iu) * 3, p10 = p00 + 3, p01 = p00 + cw * 3, p11 = p01 + 3;
      const p = (y * scene.w + x) * 3;
      for (let k = 0; k < 3; k++) {
        const val = lerp(lerp(cp[p00 + k], cp[p10 + k], tu), lerp(cp[p01 + k], cp[p11 + k], tu), tv);
        scene.px[p + k] = lerp(scene.px[p + k], val, cover);
      }
    }
  }
  return H;
}

const PAPERS = {
  card: { paper: ['#fbfbf7', '#f3ead8', '#eef3f6', '#fff8e8'], ink: ['#111111', '#1a2a4a', '#5a1a1a', '#1f3b2a'] },
  sheet: { paper: ['#fdfdfd', '#f6f6f2'], ink: ['#111111', '#202020', '#23305e'] },
  envelope: { paper: ['#f4ede0', '#fafafa', '#efe4cf'], ink: ['#1b1b1b', '#22324f'] },
  label: { paper: ['#ffffff', '#f7f7f7'], ink: ['#000000', '#151515'] },
  tag: { paper: ['#c49a6c', '#b8895a', '#d2b48c'], ink: ['#1a120a', '#2a1a0a', '#ffffff'] },
  slate: { paper: ['#2b2f33', '#1f2a24', '#30302e'], ink: ['#f1f1ee', '#e8e0c8', '#ffffff'] },
};

/**
 * Draws the carrier (flat, in its own pixels) with the name, its logo and other print.
 * Returns the canvas and the name's ink boxes in carrier pixels, one per name line.
 */
async function drawCarrier(spec, rand) {
  const kind = spec.carrier;
  const colours = PAPERS[kind];
  const paper = hex(spec.paper ?? colours.paper[Math.floor(rand() * colours.paper.length)]);
  const ink = hex(spec.ink ?? colours.ink[Math.floor(rand() * colours.ink.length)]);
  const cap = spec.carrierCap;
  const nameLines = spec.nameLines;
  const masks = [];
  for (const line of nameLines) masks.push(await textAtCap(line, spec.font, cap, spec.spacing ?? 0));
  const textW = Math.max(...masks.map((m) => m.ink[2] - m.ink[0]));
  const lineStep = cap * 1.75;
  const nameH = cap + (nameLines.length - 1) * lineStep;
  // Carrier size from its kind: the name takes a kind-typical share of the width.
  const logo = spec.logo; // 'beside' | 'above' | null
  const logoR = cap * (logo ? 1.1 : 0);
  const share = { card: 0.78, sheet: 0.7, envelope: 0.5, label: 0.7, tag: 0.8, slate: 0.75 }[kind];
  let W = Math.round((textW + (logo === 'beside' ? logoR * 3 : 0)) / share);
  let H = Math.round(W / ({ card: 1.75, sheet: 1.414, envelope: 1.6, label: 0.66, tag: 1.9, slate: 1.4 }[kind]));
  const minH = nameH + (logo === 'above' ? logoR * 3 : 0) + cap * 3.5;
  if (H < minH) H = Math.round(minH);
  if (spec.portraitSheet && kind === 'sheet') H = Math.max(H, Math.round(W * 1.414));
  const c = new Canvas(W, H, paper);
  // Paper texture: faint value noise (card stock, kraft fibres).
  const tex = valueNoise(W, H, Math.max(4, cap / 3), rand);
  const grain = kind === 'tag' ? 26 : kind === 'slate' ? 18 : 8;
  for (let i = 0; i < W * H; i++) for (let k = 0; k < 3; k++) c.px[i * 3 + k] += (tex[i] - 0.5) * grain;
  if (kind === 'slate') {
    // Chalk dust smears.
    const smear = valueNoise(W, H, Math.max(8, W / 9), rand);
    for (let i = 0; i < W * H; i++) for (let k = 0; k < 3; k++) c.px[i * 3 + k] += Math.max(0, smear[i] - 0.6) * 60;
  }
  if (kind === 'sheet' || kind === 'label') c.rect(0, 0, W, H, paper, 0); // nothing: flat print
  if (kind === 'card' && rand() < 0.5) {
    const border = Math.max(2, cap * 0.08);
    c.rect(border * 2, border * 2, W - border * 4, border, ink, 0.8);
    c.rect(border * 2, H - border * 3, W - border * 4, border, ink, 0.8);
  }
  // Layout: the name block in the middle (lower when the logo sits above).
  let blockTop = (H - nameH) / 2 - cap * 0.3;
  if (logo === 'above') blockTop += logoR * 1.3;
  if (kind === 'envelope') blockTop = H * 0.12; // return address corner
  if (kind === 'label') blockTop = H * 0.08;
  const boxes = [];
  const left = kind === 'envelope' || kind === 'label' ? cap * (logo === 'beside' ? 4.2 : 1.2) : (W - textW + (logo === 'beside' ? logoR * 3 : 0)) / 2;
  masks.forEach((m, i) => {
    const lineW = m.ink[2] - m.ink[0];
    const x = Math.round((kind === 'envelope' || kind === 'label' ? left : left + (textW - lineW) / 2) - m.ink[0]);
    const y = Math.round(blockTop + i * lineStep - m.ink[1] + (cap - m.inkH) * 0);
    c.paint(m.mask, m.w, m.h, x, y, ink);
    boxes.push([x + m.ink[0], y + m.ink[1], x + m.ink[2], y + m.ink[3]]);
  });
  const nameBox = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  if (logo === 'beside') {
    const cx = nameBox[0] - logoR * 1.6;
    const cy = (nameBox[1] + nameBox[3]) / 2;
    c.disc(cx, cy, logoR, ink);
    c.disc(cx, cy, logoR * 0.55, paper);
    c.disc(cx + logoR * 0.25, cy - logoR * 0.2, logoR * 0.22, ink);
  } else if (logo === 'above') {
    const cx = (nameBox[0] + nameBox[2]) / 2;
    const cy = nameBox[1] - logoR * 1.5;
    c.disc(cx, cy, logoR, ink, logoR * 0.8);
    // A leaf: two overlapping discs.
    c.disc(cx - logoR * 0.2, cy, logoR * 0.45, ink);
    c.disc(cx + logoR * 0.2, cy, logoR * 0.45, paper);
  }
  // Other print: a tagline, an address block, a barcode: real text that is not the name.
  const small = cap * 0.42;
  const extra = spec.extra ?? [];
  let y = nameBox[3] + cap * 0.9;
  for (const line of extra) {
    const m = await textAtCap(line, spec.extraFont ?? 'Nimbus Sans', small);
    const x = kind === 'envelope' || kind === 'label' ? Math.round(left - m.ink[0]) : Math.round((W - (m.ink[2] - m.ink[0])) / 2 - m.ink[0]);
    if (y + small * 1.6 > H) break;
    c.paint(m.mask, m.w, m.h, x, Math.round(y - m.ink[1]), ink, 0.9);
    y += small * 1.7;
  }
  if (kind === 'envelope') {
    // Stamp and the recipient's address.
    c.rect(W - cap * 3.2, cap * 0.6, cap * 2.4, cap * 2.9, hex('#b8463a'));
    c.rect(W - cap * 2.9, cap * 0.9, cap * 1.8, cap * 2.3, hex('#e9d7b0'));
    let ay = H * 0.55;
    for (const line of spec.address ?? []) {
      const m = await textAtCap(line, 'Nimbus Roman', cap * 0.5);
      c.paint(m.mask, m.w, m.h, Math.round(W * 0.4 - m.ink[0]), Math.round(ay - m.ink[1]), ink);
      ay += cap * 0.95;
    }
  }
  if (kind === 'label') {
    // Barcode and the recipient block.
    let bx = cap;
    const by = H * 0.68;
    while (bx < W - cap) {
      const bw = Math.max(1, Math.round((1 + Math.floor(rand() * 3)) * cap * 0.06));
      if (rand() < 0.55) c.rect(bx, by, bw, H * 0.14, ink);
      bx += bw;
    }
    c.rect(0, H * 0.6, W, Math.max(2, cap * 0.06), ink);
    let ay = H * 0.38;
    for (const line of spec.address ?? []) {
      const m = await textAtCap(line, 'Nimbus Mono PS', cap * 0.45);
      c.paint(m.mask, m.w, m.h, Math.round(cap * 1.2 - m.ink[0]), Math.round(ay - m.ink[1]), ink);
      ay += cap * 0.85;
    }
  }
  return { canvas: c, nameBoxes: boxes, nameBox, paper, ink };
}

/** Busy backgrounds, each built at full size in JS (no upscaled quarter-size texture). */
export function drawBackground(W, H, kind, rand) {
  const base = [[120, 84, 52], [70, 90, 70], [150, 150, 155], [60, 62, 78], [180, 150, 120], [40, 80, 60]][Math.floor(rand() * 6)];
  const c = new Canvas(W, H, base);
  const n1 = valueNoise(W, H, Math.max(20, W / 40), rand);
  const n2 = valueNoise(W, H, Math.max(6, W / 300), rand);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      let v = (n1[i] - 0.5) * 60 + (n2[i] - 0.5) * 30;
      if (kind === 'planks') v += ((Math.floor((x + n1[i] * 40) / (W / 7)) % 2) * 2 - 1) * 14 + Math.sin(y / 9 + n1[i] * 12) * 10;
      if (kind === 'fabric') v += (((x >> 3) + (y >> 3)) % 2 ? 18 : -18) * (0.5 + n1[i]);
      if (kind === 'mat' && (x % Math.round(W / 30) < 3 || y % Math.round(W / 30) < 3)) v += 70;
      for (let k = 0; k < 3; k++) c.px[i * 3 + k] += v * (k === 0 ? 1 : k === 1 ? 0.9 : 0.8);
    }
  }
  return c;
}

/** Objects on the bench: tools, yarn, mugs, fabric scraps (shapes with their own shading). */
function scatterObjects(c, count, rand, avoid) {
  for (let k = 0; k < count; k++) {
    const r = Math.min(c.w, c.h) * (0.03 + rand() * 0.09);
    const x = rand() * c.w;
    const y = rand() * c.h;
    if (avoid && x > avoid[0] - r && x < avoid[2] + r && y > avoid[1] - r && y < avoid[3] + r) continue;
    const col = [rand() * 255, rand() * 255, rand() * 255];
    if (rand() < 0.5) c.disc(x, y, r, col);
    else c.rect(x - r, y - r * 0.3, r * 2.5, r * 0.6, col);
  }
}

/** Print clutter: a newspaper or a pattern of words in the background (real text, not the name). */
async function printClutter(c, words, rand, avoid) {
  for (let k = 0; k < 14; k++) {
    const word = words[Math.floor(rand() * words.length)];
    const cap = Math.min(c.w, c.h) * (0.008 + rand() * 0.02);
    const m = await textAtCap(word, rand() < 0.5 ? 'Nimbus Roman' : 'Nimbus Sans', cap);
    const x = Math.round(rand() * (c.w - m.w));
    const y = Math.round(rand() * (c.h - m.h));
    if (avoid && x + m.w > avoid[0] && x < avoid[2] && y + m.h > avoid[1] && y < avoid[3]) continue;
    c.paint(m.mask, m.w, m.h, x, y, [25, 25, 25], 0.85);
  }
}

function glare(c, cx, cy, r, strength) {
  for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(c.h, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(c.w, Math.ceil(cx + r)); x++) {
      const d = Math.hypot(x - cx, y - cy) / r;
      if (d >= 1) continue;
      const a = strength * (1 - d * d) ** 2;
      const p = (y * c.w + x) * 3;
      for (let k = 0; k < 3; k++) c.px[p + k] = lerp(c.px[p + k], 255, a);
    }
  }
}

/**
 * One photo. `spec` (see cases.js): width, height (displayed), carrier, font, nameLines, capPx
 * (name capital height wanted in the photo, at the carrier's centre), pose {yaw, pitch, roll},
 * cx, cy, logo, extra, address, background, clutter, occlude ('first' | 'corner' | null), glare,
 * motion {len, angle}, focus (sigma px), noise, quality, orientation, overlay {text, ...}.
 * Returns { buffer, width, height, nameBox (displayed) | null, capPx (measured) | null }.
 */
export async function makeScene(spec) {
  const rand = random32(spec.seed);
  const { width: W, height: H } = spec;
  const scene = drawBackground(W, H, spec.background ?? 'planks', rand);
  let nameBox = null;
  let measuredCap = null;
  const avoidGuess = [W * (spec.cx - 0.25), H * (spec.cy - 0.25), W * (spec.cx + 0.25), H * (spec.cy + 0.25)];
  if (spec.clutter) await printClutter(scene, spec.clutter, rand, spec.nameLines ? avoidGuess : null);
  scatterObjects(scene, 5 + Math.floor(rand() * 5), rand, spec.nameLines ? avoidGuess : null);
  if (spec.nameLines && spec.nameLines.length > 0) {
    const carrierCap = Math.max(12, Math.min(160, spec.capPx * 1.3));
    const drawn = await drawCarrier({ ...spec, carrierCap }, rand);
    const k = spec.capPx / carrierCap;
    const span = drawn.canvas.w * k;
    const quad = poseQuad(drawn.canvas.w, drawn.canvas.h, { ...spec.pose, span, cx: spec.cx * W, cy: spec.cy * H });
    const Hm = warpInto(scene, drawn.canvas, quad, [Math.round(spec.capPx * 0.25), Math.round(spec.capPx * 0.35), 0.35]);
    const pts = [];
    for (const b of drawn.nameBoxes) for (const [x, y] of [[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]]) pts.push(applyH(Hm, x, y));
    nameBox = [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))].map(Math.round);
    // Capital height as seen: the first line's height through the pose, at its middle.
    const b = drawn.nameBoxes[0];
    const mid = (b[0] + b[2]) / 2;
    const top = applyH(Hm, mid, b[3] - carrierCap);
    const bottom = applyH(Hm, mid, b[3]);
    measuredCap = Math.hypot(top[0] - bottom[0], top[1] - bottom[1]);
    if (spec.occlude) {
      // A fingertip or a tool over the first letter of the name, reaching in from above (away
      // from the name's other letters and lines).
      const b0 = drawn.nameBoxes[0];
      const [ox, oy] = applyH(Hm, b0[0] + carrierCap * 0.35, b0[1] + carrierCap * 0.5);
      const r = measuredCap * 0.6;
      const skin = [[224, 172, 140], [150, 100, 70], [90, 90, 95]][Math.floor(rand() * 3)];
      scene.disc(ox, oy, r, skin);
      scene.rect(ox - r, oy - r * 5, r * 2, r * 5, skin);
    }
  }
  if (spec.glare) {
    const [gx, gy] = nameBox ? [(nameBox[0] + nameBox[2]) / 2 + (rand() - 0.5) * (nameBox[2] - nameBox[0]), (nameBox[1] + nameBox[3]) / 2] : [W * rand(), H * rand()];
    glare(scene, gx, gy, Math.min(W, H) * (0.08 + rand() * 0.12), spec.glare);
  }
  // Light falloff (vignette) and a colour cast from the room light.
  const cast = [1 + (rand() - 0.5) * 0.12, 1, 1 + (rand() - 0.5) * 0.16];
  const light = 0.75 + rand() * 0.35;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = Math.hypot((x - W / 2) / W, (y - H / 2) / H);
      const f = light * (1 - 0.45 * d * d);
      const p = (y * W + x) * 3;
      for (let k = 0; k < 3; k++) scene.px[p + k] *= f * cast[k];
    }
  }
  let img = sharp(scene.toBytes(), { raw: { width: W, height: H, channels: 3 } });
  const flat = async (s) => {
    const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
    return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
  };
  if (spec.focus) img = await flat(img.blur(spec.focus));
  if (spec.motion) {
    // A line kernel (camera shake) at an angle.
    const n = Math.max(3, Math.round(spec.motion.len) | 1);
    const kernel = new Array(n * n).fill(0);
    const a = (spec.motion.angle * Math.PI) / 180;
    for (let t = 0; t < n * 4; t++) {
      const s = t / (n * 4 - 1) - 0.5;
      const x = Math.round((n - 1) / 2 + s * (n - 1) * Math.cos(a));
      const y = Math.round((n - 1) / 2 + s * (n - 1) * Math.sin(a));
      kernel[y * n + x] = 1;
    }
    const sum = kernel.reduce((p, q) => p + q, 0);
    img = await flat(img.convolve({ width: n, height: n, kernel, scale: sum }));
  }
  let { data } = await img.raw().toBuffer({ resolveWithObject: true });
  // Sensor noise, stronger in the dark.
  const noise = spec.noise ?? 4;
  for (let i = 0; i < data.length; i++) {
    const g = (rand() + rand() + rand() - 1.5) * noise * (1.4 - data[i] / 255);
    data[i] = clamp8(data[i] + g);
  }
  if (spec.overlay) data = await drawOverlay(data, W, H, spec.overlay);
  img = sharp(data, { raw: { width: W, height: H, channels: 3 } });
  if (spec.overlay?.box) nameBox = spec.overlay.box;
  // Stored turned so that the EXIF orientation shows the scene upright.
  const undo = { 1: 0, 3: 180, 6: 270, 8: 90 }[spec.orientation ?? 1];
  if (undo) img = await flat(img.rotate(undo));
  const buffer = await img.jpeg({ quality: spec.quality ?? 85, chromaSubsampling: '4:2:0' }).withMetadata({ orientation: spec.orientation ?? 1 }).toBuffer();
  return { buffer, width: W, height: H, nameBox, capPx: measuredCap };
}

/**
 * Text put on the finished photo by an editing app: flat, axis-aligned, one solid colour,
 * optionally semi-transparent or on a solid band. Sets overlay.box (displayed pixels).
 */
async function drawOverlay(data, W, H, overlay) {
  const c = Canvas.fromBytes(data, W, H);
  const m = await textAtCap(overlay.text, overlay.font ?? 'Nimbus Sans Bold', overlay.capPx);
  const x = Math.round(overlay.cx * W - (m.ink[0] + m.ink[2]) / 2);
  const y = Math.round(overlay.cy * H - (m.ink[1] + m.ink[3]) / 2);
  if (overlay.band) c.rect(x + m.ink[0] - overlay.capPx * 0.4, y + m.ink[1] - overlay.capPx * 0.4, m.ink[2] - m.ink[0] + overlay.capPx * 0.8, m.ink[3] - m.ink[1] + overlay.capPx * 0.8, [0, 0, 0], 0.55);
  if (overlay.shadow) c.paint(m.mask, m.w, m.h, x + 3, y + 3, [0, 0, 0], 0.6);
  c.paint(m.mask, m.w, m.h, x, y, hex(overlay.color ?? '#ffffff'), overlay.opacity ?? 1);
  overlay.box = [x + m.ink[0], y + m.ink[1], x + m.ink[2], y + m.ink[3]];
  return c.toBytes();
}
