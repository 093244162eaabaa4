// Single photos full of repeated objects (shelves of pots, tiled walls, products laid out in
// rows, brick walls, pegboards, cube shelving, window panes) and real collages of different
// photos, for measuring the collage check. These are the photos sellers really take: a shelf
// of mugs looks like a grid, and a collage check that cries wolf on it teaches sellers to
// ignore it.
//
// Each scene is drawn as SVG, then "photographed": a slight camera tilt (often none: level
// shots are the hard case), a lighting falloff, sensor noise, a little softness and JPEG.
// Deterministic: the same family and seed give the same bytes.
import sharp from 'sharp';
import { rng } from '../../scripts/lib/random.js';

const clamp = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);
const pick = (random, list) => list[Math.floor(random() * list.length)];
const between = (random, a, b) => a + random() * (b - a);
const hsl = (h, s, l) => `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`;

/** Families whose look the collage check was tuned against, and families kept for checking only. */
export const TUNING_FAMILIES = ['shelf', 'tiles', 'grid'];
export const HELDOUT_FAMILIES = ['bricks', 'pegboard', 'cubbies', 'window'];

// ---------------------------------------------------------------- scenes (SVG)

function woodGradient(id, random, vertical = false) {
  const h = between(random, 20, 40);
  const stops = [];
  for (let i = 0; i <= 6; i++) stops.push(`<stop offset="${i / 6}" stop-color="${hsl(h, between(random, 30, 50), between(random, 30, 55))}"/>`);
  return `<linearGradient id="${id}" x1="0" y1="0" x2="${vertical ? 0 : 1}" y2="${vertical ? 1 : 0}">${stops.join('')}</linearGradient>`;
}

function pot(random, x, baseY, w, h, colour) {
  const rim = Math.max(3, w * 0.12);
  const id = `p${Math.floor(random() * 1e9)}`;
  const body = random() < 0.5
    ? `<path d="M${x} ${baseY - h} Q${x - w * 0.15} ${baseY - h * 0.4} ${x + w * 0.12} ${baseY} L${x + w * 0.88} ${baseY} Q${x + w * 1.15} ${baseY - h * 0.4} ${x + w} ${baseY - h} Z" fill="url(#${id})"/>`
    : `<rect x="${x}" y="${baseY - h}" width="${w}" height="${h}" rx="${w * 0.18}" fill="url(#${id})"/>`;
  const handle = random() < 0.4 ? `<path d="M${x + w} ${baseY - h * 0.75} q${w * 0.3} ${h * 0.25} 0 ${h * 0.5}" stroke="${colour}" stroke-width="${w * 0.08}" fill="none"/>` : '';
  return (
    `<defs><linearGradient id="${id}" x1="0" x2="1"><stop offset="0" stop-color="${colour}" stop-opacity="0.75"/>` +
    `<stop offset="0.35" stop-color="${colour}"/><stop offset="1" stop-color="black" stop-opacity="0.55"/></linearGradient></defs>` +
    `<ellipse cx="${x + w / 2 + w * 0.1}" cy="${baseY}" rx="${w * 0.55}" ry="${rim * 0.6}" fill="black" opacity="0.25"/>` +
    body +
    handle +
    `<ellipse cx="${x + w / 2}" cy="${baseY - h}" rx="${w / 2}" ry="${rim}" fill="${colour}" stroke="black" stroke-opacity="0.3"/>`
  );
}

function shelf(random, W, H) {
  const wall = hsl(between(random, 0, 360), between(random, 5, 25), between(random, 60, 88));
  const shelves = 2 + Math.floor(random() * 4);
  const thick = between(random, 0.004, 0.03) * H;
  const gap = H / (shelves + (random() < 0.5 ? 0 : 0.5));
  const hue = between(random, 0, 360);
  const parts = [`<defs>${woodGradient('wood', random)}</defs>`, `<rect width="${W}" height="${H}" fill="${wall}"/>`];
  for (let s = 0; s < shelves; s++) {
    const y = gap * (s + 1) - between(random, 0, gap * 0.1);
    if (y > H - thick) break;
    let x = between(random, -20, 30);
    while (x < W) {
      const w = between(random, 0.05, 0.12) * W;
      const h = Math.min(gap * 0.8, w * between(random, 0.8, 1.6));
      const colour = hsl(hue + between(random, -40, 40), between(random, 20, 70), between(random, 25, 70));
      if (random() < 0.9) parts.push(pot(random, x, y, w, h, colour));
      x += w + between(random, 0.01, 0.05) * W;
    }
    parts.push(`<rect x="0" y="${y}" width="${W}" height="${thick}" fill="url(#wood)"/>`);
    parts.push(`<rect x="0" y="${y + thick}" width="${W}" height="${thick * 0.8 + 2}" fill="black" opacity="0.18"/>`);
  }
  return parts.join('');
}

function tiles(random, W, H) {
  const size = between(random, 0.05, 0.16) * W;
  const tall = random() < 0.3 ? 2 : 1;
  const grout = between(random, 1.5, 6);
  const groutColour = hsl(between(random, 0, 60), 5, between(random, 55, 90));
  const hue = between(random, 0, 360);
  const sat = between(random, 10, 60);
  const light = between(random, 35, 80);
  const parts = [`<rect width="${W}" height="${H}" fill="${groutColour}"/>`, '<defs>'];
  parts.push(`<linearGradient id="glaze" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="white" stop-opacity="0.25"/><stop offset="1" stop-color="black" stop-opacity="0.15"/></linearGradient></defs>`);
  const ox = -between(random, 0, size);
  const oy = -between(random, 0, size);
  for (let y = oy; y < H; y += size * tall + grout) {
    for (let x = ox; x < W; x += size + grout) {
      const c = hsl(hue + between(random, -6, 6), sat + between(random, -5, 5), light + between(random, -6, 6));
      parts.push(`<rect x="${x}" y="${y}" width="${size}" height="${size * tall}" fill="${c}"/>`);
      parts.push(`<rect x="${x}" y="${y}" width="${size}" height="${size * tall}" fill="url(#glaze)"/>`);
    }
  }
  // Often something stands in front of the wall: the mug being photographed.
  if (random() < 0.6) {
    const w = between(random, 0.15, 0.3) * W;
    parts.push(pot(random, between(random, 0.1, 0.6) * W, H * between(random, 0.75, 0.98), w, w * 1.1, hsl(between(random, 0, 360), 50, 45)));
  }
  return parts.join('');
}

function grid(random, W, H) {
  const table = random() < 0.5 ? `url(#wood)` : hsl(between(random, 0, 360), between(random, 5, 30), between(random, 20, 85));
  const rows = 2 + Math.floor(random() * 4);
  const cols = 2 + Math.floor(random() * 5);
  const margin = between(random, 0.02, 0.08);
  const cellW = (W * (1 - 2 * margin)) / cols;
  const cellH = (H * (1 - 2 * margin)) / rows;
  const fill = between(random, 0.7, 0.92);
  const hue = between(random, 0, 360);
  const round = random() < 0.5;
  const parts = [`<defs>${woodGradient('wood', random, true)}</defs>`, `<rect width="${W}" height="${H}" fill="${table}"/>`];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cx = W * margin + (c + 0.5) * cellW + between(random, -0.03, 0.03) * cellW;
      const cy = H * margin + (r + 0.5) * cellH + between(random, -0.03, 0.03) * cellH;
      const w = cellW * fill;
      const h = cellH * fill;
      const colour = hsl(hue + between(random, -50, 50), between(random, 20, 70), between(random, 30, 80));
      parts.push(`<rect x="${cx - w / 2 + 4}" y="${cy - h / 2 + 5}" width="${w}" height="${h}" rx="${round ? Math.min(w, h) / 2 : w * 0.1}" fill="black" opacity="0.25"/>`);
      parts.push(`<rect x="${cx - w / 2}" y="${cy - h / 2}" width="${w}" height="${h}" rx="${round ? Math.min(w, h) / 2 : w * 0.1}" fill="${colour}"/>`);
      if (random() < 0.5) parts.push(`<circle cx="${cx}" cy="${cy}" r="${Math.min(w, h) * 0.2}" fill="white" opacity="0.35"/>`);
    }
  }
  return parts.join('');
}

function bricks(random, W, H) {
  const bw = between(random, 0.08, 0.2) * W;
  const bh = bw * between(random, 0.3, 0.45);
  const mortar = between(random, 2, 7);
  const hue = between(random, 5, 30);
  const parts = [`<rect width="${W}" height="${H}" fill="${hsl(30, 8, between(random, 55, 80))}"/>`];
  let row = 0;
  for (let y = -between(random, 0, bh); y < H; y += bh + mortar, row++) {
    for (let x = -((row % 2) * bw) / 2 - between(random, 0, 2); x < W; x += bw + mortar) {
      parts.push(`<rect x="${x}" y="${y}" width="${bw}" height="${bh}" fill="${hsl(hue + between(random, -8, 8), between(random, 30, 60), between(random, 25, 50))}"/>`);
    }
  }
  if (random() < 0.5) parts.push(`<rect x="${W * 0.3}" y="${H * 0.35}" width="${W * 0.3}" height="${H * 0.2}" fill="white" transform="rotate(${between(random, -6, 6)} ${W * 0.45} ${H * 0.45})"/>`);
  return parts.join('');
}

function pegboard(random, W, H) {
  const step = between(random, 0.025, 0.05) * W;
  const board = hsl(between(random, 20, 40), between(random, 20, 50), between(random, 45, 75));
  const parts = [`<rect width="${W}" height="${H}" fill="${board}"/>`];
  for (let y = step / 2; y < H; y += step) for (let x = step / 2; x < W; x += step) parts.push(`<circle cx="${x}" cy="${y}" r="${step * 0.12}" fill="#2a2018"/>`);
  for (let k = 0; k < 6 + random() * 8; k++) {
    const x = between(random, 0.05, 0.9) * W;
    const y = between(random, 0.05, 0.6) * H;
    const len = between(random, 0.15, 0.4) * H;
    const c = hsl(between(random, 0, 360), between(random, 20, 70), between(random, 20, 60));
    parts.push(`<rect x="${x}" y="${y}" width="${between(random, 0.01, 0.04) * W}" height="${len}" fill="${c}"/>`);
    if (random() < 0.5) parts.push(`<circle cx="${x}" cy="${y + len}" r="${between(random, 0.02, 0.05) * W}" fill="${c}"/>`);
  }
  return parts.join('');
}

function cubbies(random, W, H) {
  const cols = 2 + Math.floor(random() * 3);
  const rows = 2 + Math.floor(random() * 3);
  const board = between(random, 0.015, 0.04) * W;
  const parts = [`<defs>${woodGradient('wood', random)}${woodGradient('woodv', random, true)}</defs>`];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#woodv)"/>`);
  const cw = (W - board * (cols + 1)) / cols;
  const ch = (H - board * (rows + 1)) / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = board + c * (cw + board);
      const y = board + r * (ch + board);
      parts.push(`<rect x="${x}" y="${y}" width="${cw}" height="${ch}" fill="${hsl(30, 10, between(random, 15, 35))}"/>`);
      // Each cube holds its own things: yarn balls, folded fabric, jars.
      const items = 1 + Math.floor(random() * 4);
      for (let i = 0; i < items; i++) {
        const iw = cw / items;
        const colour = hsl(between(random, 0, 360), between(random, 30, 80), between(random, 30, 70));
        if (random() < 0.5) parts.push(`<circle cx="${x + iw * (i + 0.5)}" cy="${y + ch - iw * 0.4}" r="${Math.min(iw, ch) * 0.4}" fill="${colour}"/>`);
        else parts.push(pot(random, x + iw * i + iw * 0.1, y + ch, iw * 0.8, Math.min(ch * 0.8, iw), colour));
      }
      parts.push(`<rect x="${x}" y="${y}" width="${cw}" height="${ch * 0.12}" fill="black" opacity="0.3"/>`);
    }
  }
  return parts.join('');
}

function windowPanes(random, W, H) {
  const cols = 2 + Math.floor(random() * 3);
  const rows = 2 + Math.floor(random() * 3);
  const bar = between(random, 0.008, 0.025) * W;
  const frame = hsl(between(random, 0, 360), between(random, 0, 20), between(random, 20, 95));
  const sky = hsl(between(random, 190, 220), between(random, 30, 70), between(random, 60, 85));
  const parts = [`<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="${hsl(100, 30, 40)}"/></linearGradient></defs>`];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  // The garden outside runs continuously behind the bars.
  for (let k = 0; k < 12; k++) parts.push(`<ellipse cx="${random() * W}" cy="${H * between(random, 0.5, 1)}" rx="${between(random, 0.05, 0.2) * W}" ry="${between(random, 0.05, 0.2) * H}" fill="${hsl(between(random, 80, 140), 40, between(random, 20, 45))}"/>`);
  for (let c = 0; c <= cols; c++) parts.push(`<rect x="${(c * W) / cols - bar / 2}" y="0" width="${bar}" height="${H}" fill="${frame}"/>`);
  for (let r = 0; r <= rows; r++) parts.push(`<rect x="0" y="${(r * H) / rows - bar / 2}" width="${W}" height="${bar}" fill="${frame}"/>`);
  // Something on the sill: the seller's work in the window light.
  if (random() < 0.7) {
    let x = between(random, 0, 0.2) * W;
    while (x < W * 0.9) {
      const w = between(random, 0.06, 0.14) * W;
      parts.push(pot(random, x, H * 0.97, w, w * between(random, 0.9, 1.5), hsl(between(random, 0, 360), 45, 45)));
      x += w + between(random, 0.02, 0.1) * W;
    }
  }
  return parts.join('');
}

const SCENES = { shelf, tiles, grid, bricks, pegboard, cubbies, window: windowPanes };

// ---------------------------------------------------------------- the camera

/**
 * Renders a scene and photographs it: tilt, light falloff, noise, softness, JPEG.
 * About 40% of shots are level to a fraction of a degree, as on a tripod or a phone's grid.
 */
export async function makeScenePhoto(family, seed, options = {}) {
  const random = rng(seed * 7919 + family.length * 104729 + family.charCodeAt(0));
  const landscape = random() < 0.7;
  const W = options.width ?? (landscape ? 1200 : 900);
  const H = options.height ?? (landscape ? 900 : 1200);
  // Drawn 10% larger so a tilted shot can be cropped back without empty corners.
  const pad = 1.1;
  const DW = Math.round(W * pad);
  const DH = Math.round(H * pad);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${DW}" height="${DH}">${SCENES[family](random, DW, DH)}</svg>`;
  const level = random() < 0.4;
  const tilt = level ? between(random, -0.2, 0.2) : between(random, -3, 3);
  const rotated = await sharp(Buffer.from(svg)).rotate(tilt, { background: '#808080' }).removeAlpha().toBuffer({ resolveWithObject: true });
  const left = Math.round((rotated.info.width - W) / 2);
  const top = Math.round((rotated.info.height - H) / 2);
  const raw = await sharp(rotated.data)
    .extract({ left, top, width: W, height: H })
    .blur(between(random, 0.3, 1.2))
    .raw()
    .toBuffer();
  // Light falls off from a window on one side and towards the corners; the sensor adds noise.
  const lx = between(random, -0.5, 1.5);
  const ly = between(random, -0.5, 1.5);
  const strength = between(random, 0.1, 0.35);
  const noise = between(random, 2, 7);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x / W - lx;
      const dy = y / H - ly;
      const vx = x / W - 0.5;
      const vy = y / H - 0.5;
      const gain = 1 - strength * Math.min(1, Math.sqrt(dx * dx + dy * dy) / 1.5) - 0.25 * (vx * vx + vy * vy);
      const i = (y * W + x) * 3;
      const n = (random() + random() + random() - 1.5) * noise;
      raw[i] = clamp(raw[i] * gain + n);
      raw[i + 1] = clamp(raw[i + 1] * gain + n);
      raw[i + 2] = clamp(raw[i + 2] * gain + n);
    }
  }
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: Math.round(between(random, 72, 92)) })
    .toBuffer();
}

// ---------------------------------------------------------------- collages

export const LAYOUTS = ['2x2', '1x2', '2x1', '3x3', '1x3', '3x1', '1+2'];

/**
 * A collage of different photos as collage apps make them: a grid (or one wide photo over two),
 * cells filled edge to edge or separated by a gutter of one flat colour, with or without a border.
 */
export async function makeCollagePhoto(cells, seed, options = {}) {
  const random = rng(seed * 6151 + 17);
  const layout = options.layout ?? pick(random, LAYOUTS);
  const W = options.width ?? pick(random, [1200, 1500, 1080]);
  const H = options.height ?? Math.round(W * pick(random, [0.75, 1, 1.333]));
  const gutter = options.gutter ?? (random() < 0.4 ? 0 : Math.round(between(random, 3, 20)));
  const border = options.border ?? (gutter > 0 && random() < 0.5);
  const colour = options.gutterColor ?? pick(random, ['#ffffff', '#000000', '#f4efe6', '#d9d9d9', '#2b2b2b', '#f7d7e0']);
  const boxes = [];
  const o = border ? gutter : 0;
  const innerW = W - 2 * o;
  const innerH = H - 2 * o;
  const gridBoxes = (rows, cols) => {
    const cw = (innerW - gutter * (cols - 1)) / cols;
    const ch = (innerH - gutter * (rows - 1)) / rows;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) boxes.push([o + c * (cw + gutter), o + r * (ch + gutter), cw, ch]);
  };
  if (layout === '1+2') {
    const topH = (innerH - gutter) / 2;
    boxes.push([o, o, innerW, topH]);
    const cw = (innerW - gutter) / 2;
    boxes.push([o, o + topH + gutter, cw, topH], [o + cw + gutter, o + topH + gutter, cw, topH]);
  } else {
    const [rows, cols] = layout.split('x').map(Number);
    gridBoxes(rows, cols);
  }
  const composites = [];
  for (const [i, [x, y, w, h]] of boxes.entries()) {
    const left = Math.round(x);
    const top = Math.round(y);
    const width = Math.round(x + w) - left;
    const height = Math.round(y + h) - top;
    const input = await sharp(cells[i % cells.length]).resize(width, height, { fit: 'cover' }).toBuffer();
    composites.push({ input, left, top });
  }
  const buffer = await sharp({ create: { width: W, height: H, channels: 3, background: colour } })
    .composite(composites)
    .jpeg({ quality: Math.round(between(random, 75, 92)) })
    .toBuffer();
  return { buffer, layout, gutter, border };
}

/**
 * The measured sets. Tuning: seeds 1..n of the tuning families. Held out: other seeds of every
 * family, most of them families the check was never looked at against.
 */
export function sceneCases(split, perFamily) {
  const families = split === 'tuning' ? TUNING_FAMILIES : [...TUNING_FAMILIES, ...HELDOUT_FAMILIES];
  const base = split === 'tuning' ? 1 : 1000;
  const cases = [];
  for (const family of families) for (let k = 0; k < perFamily; k++) cases.push({ family, seed: base + k });
  return cases;
}
