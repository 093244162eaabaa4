// The second labelled set: which photos to make and what a person would say about each.
//
// Kinds:
//   positive  the name is printed on something in the photo and a person reads it
//             (capital height >= 1.2% of the short side and >= 16 px; focus blur sigma <=
//             0.15 x cap; motion <= 0.6 x cap; at most the first letter hidden);
//   marginal  printed but between readable and lost (reported apart, counted nowhere);
//   negative  no name: another shop's name (near misses: a word swapped or two letters
//             changed, so beyond what a reader forgives OCR), generic craft words, or no sign;
//   overlay   the name only as text added to the finished photo (must be flagged, not found).
// Parts: 'dev' (looked at while fixing causes) and 'untouched' (never looked at while tuning);
// they share no names, seeds or texts. 'study' (overlays only) and 'near' (negatives only: names
// a first letter away) have names and seeds of their own and are read like dev: more cases of
// one kind than dev holds, for finding why an overlay passes for print or a near miss for the name.
import { random32 } from './scene.js';

const FONTS = [
  'Nimbus Roman', 'Nimbus Roman Bold', 'Nimbus Sans', 'Nimbus Sans Bold', 'Nimbus Sans Narrow Bold', 'C059', 'P052 Bold',
  'URW Bookman Light', 'URW Gothic Demi', 'Cantarell Bold', 'Caladea', 'Liberation Serif', 'Liberation Sans Bold',
  'FreeSerif', 'Comic Neue Bold', 'Humor Sans', 'Dancing Script Bold', 'Kaushan Script', 'Lobster Two', 'Z003',
];
const CARRIERS = ['card', 'card', 'sheet', 'envelope', 'label', 'tag', 'slate'];
const BACKGROUNDS = ['planks', 'fabric', 'mat', 'plain'];
const SIZES = [[4032, 3024], [3024, 4032], [4000, 2250], [2448, 3264], [1600, 1200]];

/** The shops of the study and near parts (their own, shared by the two: near's misses are of these names). */
const STUDY_SHOPS = {
  names: ['Harbor Light Ceramics', 'Juniper Row', 'Marigold & Mint', 'Stoneleaf Woodshop', "Ada's Aprons", 'Quill Street Paper', 'Otter Creek Toys', 'Blue Heron Looms'],
  extra: [['made in small batches'], ['since 2019'], []],
  address: ['Ruth Okafor', '9 Ferry Road', 'Duluth MN 55802'],
};

const PARTS = {
  dev: {
    seed: 31337,
    names: ['Clay Fox Studio', 'Fern & Feather Co.', "O'Leary Knits", 'Bluebird Bindery', 'Hearth+Home', 'Tin Roof Pottery', 'Little Bear Candles', 'Cactus Hands'],
    nearMiss: {
      'Clay Fox Studio': ['Clay Box Studios', 'Grey Fox Studio'],
      'Fern & Feather Co.': ['Fern & Flower Co.', 'Fir & Feather'],
      "O'Leary Knits": ["O'Brien Knits", 'Leary Knots'],
      'Bluebird Bindery': ['Bluebell Bindery', 'Redbird Bindery'],
      'Hearth+Home': ['Heart+Hope', 'Earth & Home'],
      'Tin Roof Pottery': ['Tin Cup Pottery', 'Red Roof Pottery'],
      'Little Bear Candles': ['Little Deer Candies', 'Big Bear Candles'],
      'Cactus Hands': ['Cactus Flowers', 'Lotus Hands'],
    },
    extra: [['handmade with care'], ['est. 2017', 'small batch'], ['thank you for your order'], []],
    address: ['Mara Quinn', '14 Orchard Row', 'Portland OR 97201'],
    generic: ['HANDMADE', 'Made by hand', 'Thank You!', 'FRAGILE'],
  },
  // Overlays only (secondCases(..., STUDY_COUNTS)): more added text to find why an overlay is
  // measured as print, without looking at the untouched part. Read like dev.
  study: {
    seed: 27182,
    ...STUDY_SHOPS,
    nearMiss: {},
    generic: [],
  },
  // Negatives only (STUDY_COUNTS.near): another shop's name one word's first letter away from
  // the study part's names, the risk of taking a letter read as another, or lost, for one a
  // thumb covers. Read like dev.
  near: {
    seed: 16180,
    ...STUDY_SHOPS,
    nearMiss: {
      'Harbor Light Ceramics': ['Arbor Light Ceramics', 'Harbor Night Ceramics'],
      'Juniper Row': ['Juniper Bow', 'Juniper Tow'],
      'Marigold & Mint': ['Marigold & Lint', 'Marigold & Hint'],
      'Stoneleaf Woodshop': ['Stoneleaf Goodshop', 'Stoneleaf Foodshop'],
      "Ada's Aprons": ["Ida's Aprons", "Ava's Aprons"],
      'Quill Street Paper': ['Quill Street Caper', 'Quill Street Taper'],
      'Otter Creek Toys': ['Otter Creek Boys', 'Otter Creek Joys'],
      'Blue Heron Looms': ['Clue Heron Looms', 'Blue Heron Rooms'],
    },
    generic: ['HANDMADE GOODS', 'Gift Shop', 'Open Daily'],
  },
  untouched: {
    seed: 80808,
    names: ['Saltmarsh Soap Co.', 'Wildwood Leather', 'Moth & Moon', 'Copper Kettle Crafts', "Nana's Quilts", 'Pine Needle Press', 'Ember Glassworks', 'Twig & Twine'],
    nearMiss: {
      'Saltmarsh Soap Co.': ['Saltwater Soap Co.', 'Marsh Soap Co.'],
      'Wildwood Leather': ['Wildwood Lumber', 'Oakwood Leather'],
      'Moth & Moon': ['Moth & Mint', 'Sun & Moon'],
      'Copper Kettle Crafts': ['Copper Kettle Cafe', 'Silver Kettle Crafts'],
      "Nana's Quilts": ["Nana's Quills", "Mimi's Quilts"],
      'Pine Needle Press': ['Pine Needle Prints', 'Pine Cone Press'],
      'Ember Glassworks': ['Amber Glassworks', 'Ember Ironworks'],
      'Twig & Twine': ['Twig & Vine', 'Twist & Twine'],
    },
    extra: [['hand poured'], ['since 2020', 'one of a kind'], ['with love from our studio'], []],
    address: ['Jon Abbott', '203 Mill Lane', 'Austin TX 78701'],
    generic: ['HANDCRAFTED', 'Open Studio', 'With Love', 'THIS SIDE UP'],
  },
};

/** Two-line layout of a name: split at the word boundary nearest the middle. */
function twoLines(name) {
  const words = name.split(' ');
  if (words.length < 2) return [name];
  let best = 1;
  for (let i = 1; i < words.length; i++) {
    const a = words.slice(0, i).join(' ').length;
    const b = words.slice(i).join(' ').length;
    const bb = words.slice(0, best).join(' ').length;
    if (Math.abs(a - b) < Math.abs(bb - words.slice(best).join(' ').length)) best = i;
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}

/** What the parts read like dev but outside it hold: study overlays only, near negatives only. */
export const STUDY_COUNTS = {
  study: { positives: 0, negatives: 0, overlays: 24, marginal: 0 },
  near: { positives: 0, negatives: 24, overlays: 0, marginal: 0 },
};

/** The cases of one part, deterministic. */
export function secondCases(part, { positives = 48, negatives = 20, overlays = 8, marginal = 4 } = {}) {
  const spec = PARTS[part];
  if (!spec) throw new Error(`unknown part ${part}`);
  const rand = random32(spec.seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const cases = [];
  const photo = () => {
    const [w, h] = SIZES[Math.floor(rand() * SIZES.length)];
    return { width: w, height: h, short: Math.min(w, h) };
  };
  const clutterWords = ['SALE', 'Tuesday', 'market', 'Recipe', 'garden', 'Notes', 'WEEKLY', 'the', 'News', 'coffee'];
  for (let i = 0; i < positives + marginal; i++) {
    const isMarginal = i >= positives;
    const name = spec.names[i % spec.names.length];
    const p = photo(i);
    const font = FONTS[Math.floor(rand() * FONTS.length)];
    const carrier = CARRIERS[Math.floor(rand() * CARRIERS.length)];
    const caps = rand() < 0.3;
    const two = rand() < 0.22 && name.includes(' ');
    const text = caps ? name.toUpperCase() : name;
    // Readable: cap 1.2% .. 7% of the short side (at least 16 px); marginal: 0.7% .. 1.0%.
    const capFrac = isMarginal ? 0.007 + rand() * 0.003 : 0.012 + rand() * rand() * 0.058;
    const capPx = Math.max(isMarginal ? 10 : 16, Math.round(p.short * capFrac));
    const degrade = rand();
    const motion = degrade < 0.12 ? { len: Math.max(3, capPx * (0.2 + rand() * 0.4)), angle: rand() * 180 } : null;
    const focus = degrade >= 0.12 && degrade < 0.24 ? Math.max(0.6, capPx * (0.05 + rand() * 0.1)) : null;
    const occlude = rand() < 0.1 ? 'first-letter' : rand() < 0.08 ? 'corner' : null;
    cases.push({
      id: `${part}-${isMarginal ? 'marg' : 'pos'}-${String(i).padStart(2, '0')}`,
      kind: isMarginal ? 'marginal' : 'positive',
      name,
      spec: {
        width: p.width,
        height: p.height,
        carrier,
        font,
        nameLines: two ? twoLines(text) : [text],
        spacing: caps && rand() < 0.4 ? 0.12 : 0,
        capPx,
        pose: { yaw: (rand() * 2 - 1) * 35, pitch: (rand() * 2 - 1) * 30, roll: (rand() * 2 - 1) * 25 },
        cx: 0.3 + rand() * 0.4,
        cy: 0.3 + rand() * 0.4,
        logo: rand() < 0.45 ? (rand() < 0.5 ? 'beside' : 'above') : null,
        extra: pick(spec.extra),
        address: spec.address,
        background: pick(BACKGROUNDS),
        clutter: rand() < 0.3 ? clutterWords : null,
        occlude: occlude === 'corner' ? null : occlude,
        glare: rand() < 0.15 ? 0.35 + rand() * 0.3 : 0,
        motion,
        focus,
        noise: 2 + rand() * 8,
        quality: rand() < 0.2 ? 30 + Math.round(rand() * 20) : 70 + Math.round(rand() * 25),
        orientation: [1, 1, 1, 6, 6, 8, 3][Math.floor(rand() * 7)],
        seed: spec.seed + 1000 + i,
      },
    });
  }
  for (let i = 0; i < negatives; i++) {
    const name = spec.names[i % spec.names.length];
    const p = photo(i);
    const what = i % 5; // 0-2 near miss, 3 generic, 4 no sign (print clutter only)
    const text = what <= 2 ? spec.nearMiss[name][i % 2] : what === 3 ? pick(spec.generic) : null;
    const capPx = Math.max(18, Math.round(p.short * (0.015 + rand() * 0.04)));
    cases.push({
      id: `${part}-neg-${String(i).padStart(2, '0')}`,
      kind: 'negative',
      name,
      decoy: text,
      spec: {
        width: p.width,
        height: p.height,
        carrier: CARRIERS[Math.floor(rand() * CARRIERS.length)],
        font: FONTS[Math.floor(rand() * FONTS.length)],
        nameLines: text ? [rand() < 0.3 ? text.toUpperCase() : text] : null,
        capPx,
        pose: { yaw: (rand() * 2 - 1) * 30, pitch: (rand() * 2 - 1) * 25, roll: (rand() * 2 - 1) * 20 },
        cx: 0.3 + rand() * 0.4,
        cy: 0.3 + rand() * 0.4,
        logo: rand() < 0.4 ? 'beside' : null,
        extra: pick(spec.extra),
        address: spec.address,
        background: pick(BACKGROUNDS),
        clutter: what === 4 || rand() < 0.3 ? clutterWords : null,
        noise: 2 + rand() * 6,
        quality: 60 + Math.round(rand() * 30),
        orientation: [1, 1, 6, 8][Math.floor(rand() * 4)],
        seed: spec.seed + 3000 + i,
      },
    });
  }
  for (let i = 0; i < overlays; i++) {
    const name = spec.names[(i + 3) % spec.names.length];
    const p = photo(i);
    const capPx = Math.max(20, Math.round(p.short * (0.025 + rand() * 0.04)));
    cases.push({
      id: `${part}-overlay-${i}`,
      kind: 'overlay',
      name,
      spec: {
        width: p.width,
        height: p.height,
        nameLines: null,
        background: pick(BACKGROUNDS),
        clutter: rand() < 0.3 ? clutterWords : null,
        noise: 2 + rand() * 6,
        quality: 70 + Math.round(rand() * 20),
        orientation: 1,
        overlay: {
          text: rand() < 0.4 ? name.toUpperCase() : name,
          font: pick(['Nimbus Sans Bold', 'Liberation Sans Bold', 'Dancing Script Bold', 'Nimbus Roman Bold', 'Cantarell Bold']),
          capPx,
          cx: 0.25 + rand() * 0.5,
          cy: rand() < 0.5 ? 0.85 + rand() * 0.08 : 0.1 + rand() * 0.7,
          color: pick(['#ffffff', '#ffffff', '#f5d142', '#111111']),
          opacity: rand() < 0.35 ? 0.5 + rand() * 0.3 : 1,
          shadow: rand() < 0.5,
          band: rand() < 0.3,
        },
        seed: spec.seed + 5000 + i,
      },
    });
  }
  return cases;
}
