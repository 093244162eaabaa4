/**
 * What Amazon reads. Real packages are built with `node bin/appeal.js build` (with and without
 * a notice, --no-video, --force, round 2 after a follow-up), then the Word file and the email are
 * rendered back to text the way a reviewer's software would see them (the document's XML and
 * its properties; LibreOffice; the email through mailparser and Python's email module). No word
 * of the tool may be there: no command, no file name of ours, no brackets or backticks, no
 * "missing" or "not given". Round 2 answers every round-1 question again, and rounds/1/ is left
 * byte for byte as it was.
 */
import { NAME_RULES_OFF } from './helpers/rules.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { simpleParser } from 'mailparser';
import { appeal as cli } from './helpers/cli.js';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/notices/${name}`, import.meta.url));

/** Words and marks that belong to the tool, never to a seller's letter to Amazon. */
const TOOL_WORDS: Array<[string, RegExp]> = [
  ['a command', /\bappeal (?:init|check|build|status|sign|draft)\b|\bnpx\b|\bnode bin\b/i],
  ['a command-line flag', /(?:^|\s)--[a-z][a-z-]+/m],
  ['a file name of the tool', /appeal\.(?:json|docx|eml)|report\.json|cover-note|templates\/|\bout\/|\brounds\//i],
  ['a bracket or backtick', /[[\]{}`]/],
  ['"missing"', /\bmissing\b/i],
  ['"not given"', /\bnot given\b/i],
  ['a note to self', /\bTODO\b|\bTBD\b|\bplaceholder/i],
  ['a programming word', /\bundefined\b|\bnull\b|\bNaN\b|\[object/],
  ['an example ASIN', /B0EXAMPLE\d|B0X{8}/i],
];

function toolWordsIn(text: string): string[] {
  return TOOL_WORDS.filter(([, re]) => re.test(text)).map(([what, re]) => `${what}: "${re.exec(text)![0]}"`);
}

const ANSWERS = {
  process: 'I cut each wallet from a whole vegetable-tanned hide, punch the seams and stitch them by hand with waxed thread.',
  design: 'I draw every pattern on paper and test it in scrap leather before it becomes a listing.',
  location: 'In my garage workshop at home, at two benches I built myself.',
  team: 'Only me. My partner sometimes packs parcels, unpaid; nobody else makes anything.',
  timePerItem: 'About three hours for a wallet, most of it hand stitching.',
  finalProduct: 'Hand-stitched leather wallets and card holders.',
  employees: 'None: I work alone.',
  weeklyCapacity: 12,
  additional: 'I have sold at the Saturday craft market since 2019.',
};

interface Rendered {
  /** The document's text: paragraphs, then its properties (author, title, description). */
  docx: string;
  /** The email as mailparser reads it: subject, body, attachment names. */
  mail: string;
  /** The email as Python's email module reads it. */
  python: string;
  attachments: string[];
  to: string;
}

async function render(out: string): Promise<Rendered> {
  const eml = await readFile(join(out, 'appeal.eml'));
  const parsed = await simpleParser(eml);
  const docxPart = parsed.attachments.find((a) => a.filename?.endsWith('.docx'));
  expect(docxPart, 'the email carries the Word file').toBeDefined();
  const zip = await JSZip.loadAsync(docxPart!.content);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
  const properties = await Promise.all(
    ['docProps/core.xml', 'docProps/app.xml'].map(async (name) => (await zip.file(name)?.async('string'))?.replace(/<[^>]+>/g, ' ') ?? ''),
  );
  const script = [
    'import email, sys',
    'from email import policy',
    "msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)",
    'print(msg["Subject"])',
    "print(msg.get_body(preferencelist=('plain',)).get_content())",
    'for part in msg.iter_attachments(): print(part.get_filename())',
  ].join('\n');
  const python = spawnSync('python3', ['-c', script, join(out, 'appeal.eml')], { encoding: 'utf8' });
  expect(python.status, python.stderr).toBe(0);
  const attachments = parsed.attachments.map((a) => a.filename ?? '');
  return {
    docx: [...paragraphs, ...properties].join('\n').replace(/&amp;/g, '&').replace(/&apos;/g, "'").replace(/&quot;/g, '"'),
    mail: [parsed.subject ?? '', parsed.text ?? '', ...attachments].join('\n'),
    python: python.stdout,
    attachments,
    to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '',
  };
}

function expectNoToolWords(rendered: Rendered): void {
  expect(toolWordsIn(rendered.docx), 'the Word file').toEqual([]);
  expect(toolWordsIn(rendered.mail), 'the email (mailparser)').toEqual([]);
  expect(toolWordsIn(rendered.python), "the email (Python's email module)").toEqual([]);
}

let work: WorkDir;
/** An appeal folder with four labelled photos and a short clip; appeal.json written per case. */
let base: string;

async function folder(name: string, appeal: Record<string, unknown>): Promise<string> {
  const dir = work.path(name);
  await cp(base, dir, { recursive: true });
  await writeFile(join(dir, 'appeal.json'), JSON.stringify(appeal, null, 2));
  return dir;
}

function appealJson(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    business: { name: 'Cactus Hands', email: 'me@cactushands.example', person: 'Rosa Delgado' },
    // Reading the name is tested where it lives; here the seller confirms it in every photo.
    rules: { ...NAME_RULES_OFF },
    answers: { ...ANSWERS },
    media: [
      ...[1, 2, 3, 4].map((i) => ({
        file: `photos/step-${i}.jpg`,
        asins: [i % 2 ? 'B0CACTUS01' : 'B0CACTUS02'],
        caption: `Step ${i}: working on a wallet by hand at my bench.`,
        nameConfirmed: true,
      })),
      { file: 'clip.mp4', asins: ['B0CACTUS01'], caption: 'Stitching a wallet at my bench from start to end.' },
    ],
    ...over,
  };
}

function build(dir: string, ...args: string[]) {
  return cli(['build', dir, ...args], { timeout: 300_000 });
}

beforeAll(async () => {
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build`');
  work = await makeWorkDir('appeal-words-');
  base = work.path('base');
  for (const i of [1, 2, 3, 4]) {
    await makePhoto(join(base, 'photos', `step-${i}.jpg`), { width: 900, height: 675, sign: { text: 'CACTUS HANDS' }, seed: i });
  }
  await makeClip(join(base, 'clip.mp4'), { seconds: 3, width: 480, height: 270, audio: true, text: 'CACTUS HANDS' });
}, 120_000);

afterAll(async () => {
  await work?.cleanup();
});

describe('the package Amazon reads', () => {
  let withNotice: string;

  it('with a notice: every answer under its question, the claims it can make, no tool word', async () => {
    withNotice = await folder('with-notice', appealJson());
    const init = cli(['init', withNotice, '--yes', '--notice', fixture('initial.eml')]);
    expect(init.status, init.stderr).toBe(0);
    const run = build(withNotice);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const rendered = await render(join(withNotice, 'out'));
    expectNoToolWords(rendered);
    for (const answer of Object.values(ANSWERS)) expect(rendered.docx).toContain(String(answer));
    expect(rendered.docx).toContain('Tell us, step by step, how the items you list in Handmade get made.');
    expect(rendered.mail).toContain('You asked about ASINs B0CACTUS01 and B0CACTUS02');
    // Every photo was confirmed by the seller, so the cover note may say so.
    expect(rendered.mail).toContain('My business name can be read in every photo.');
    expect(rendered.attachments).toEqual(['Cactus Hands - Handmade review.docx', 'clip.mp4']);
    // The address the notice's text gives, not the Reply-To of Amazon's email (seller-notifications@...).
    expect(rendered.to).toBe('handmade-store-appeal-review@amazon.com');
  }, 300_000);

  it('refuses a size over 20MB with the reason, before building anything', () => {
    const run = build(withNotice, '--max-email-size', '25MB', '--out', work.path('too-big'));
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/over 20MB: an email that big bounces at Amazon/);
    expect(run.stdout).not.toMatch(/Ready/);
    expect(existsSync(work.path('too-big'))).toBe(false);
  });

  it('without a notice: the questions read as the questions Amazon asks', async () => {
    const media = (appealJson().media as Array<Record<string, unknown>>).map(({ nameConfirmed: _confirmed, ...m }) => m);
    const dir = await folder('no-notice', appealJson({ media }));
    const run = build(dir);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const rendered = await render(join(dir, 'out'));
    expectNoToolWords(rendered);
    for (const text of [rendered.docx, rendered.mail]) {
      expect(text).not.toMatch(/Answer each point below|^Attach |right above its photo|write the ASIN/im);
      expect(text).toContain('How many items can you make in one week?');
    }
    expect(rendered.mail).not.toContain('You asked about');
    // No notice, so no address from one: Amazon's Handmade appeal address.
    expect(rendered.to).toBe('handmade-store-appeal-review@amazon.com');
    // Nobody read or confirmed the name in the photos: no claim about it.
    expect(rendered.mail).not.toMatch(/business name/i);
  }, 300_000);

  it('with --no-video: no trace of a video in the headings, the body, the cover note or the attachments', async () => {
    const out = work.path('no-video-out');
    const run = build(withNotice, '--no-video', '--out', out);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const rendered = await render(out);
    expectNoToolWords(rendered);
    for (const text of [rendered.docx, rendered.mail, rendered.python]) expect(text).not.toMatch(/video|mp4|clip|footage/i);
    expect(rendered.attachments).toEqual(['Cactus Hands - Handmade review.docx']);
    expect(await readdir(join(out, 'media'))).not.toContain('clip.mp4');
  }, 300_000);

  it('with --force: what is missing or unfinished is left out and said on the terminal, never printed', async () => {
    const broken = appealJson();
    const answers = { ...ANSWERS, location: '', team: 'Only me. [Optional: who helps, with what.]', additional: '' };
    const media = (broken.media as Array<Record<string, unknown>>).map((m, i) =>
      i === 0 ? { ...m, asins: [] } : i === 1 ? { ...m, caption: 'Cutting [material] by hand.' } : m,
    );
    const dir = await folder('forced', { ...broken, answers, media });
    const refused = build(dir);
    expect(refused.status).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);

    const run = build(dir, '--force');
    // The package is written; its preflight still says what Amazon may not count (the photo without an ASIN).
    expect(run.status, run.stderr + run.stdout).toBe(1);
    expect(run.stderr).toMatch(/built email failed its preflight check/);
    expect(run.stderr).toMatch(/Left out: the answer to "In which place do you make them\?" has no answer/);
    expect(run.stderr).toMatch(/Left out: the answer to "Do you make your items alone[^"]*" still holds template text/);
    expect(run.stderr).toMatch(/photos\/step-1\.jpg has no ASIN/);
    expect(run.stderr).toMatch(/Left out: the caption of photos\/step-2\.jpg/);
    const rendered = await render(join(dir, 'out'));
    expectNoToolWords(rendered);
    expect(rendered.docx).not.toContain('In which place do you make them?');
    expect(rendered.docx).not.toContain('Optional');
    expect(rendered.docx).not.toContain('Is there anything else Amazon should know');
    expect(rendered.docx).not.toContain('Cutting');
    // The other answers are all there.
    expect(rendered.docx).toContain(ANSWERS.design);
    expect(rendered.docx).toContain(ANSWERS.process);
  }, 300_000);

  it('in round 2: every round-1 answer again in full, and rounds/1/ untouched byte for byte', async () => {
    const dir = withNotice;
    const round1 = await snapshot(join(dir, 'out'));
    const init = cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]);
    expect(init.status, init.stderr).toBe(0);
    expect(await snapshot(join(dir, 'rounds', '1'))).toMatchObject(round1);
    // The seller revises one answer; the rest carry over.
    const appeal = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8')) as { answers: Record<string, unknown> };
    appeal.answers.additional = 'Every photo now shows my printed shop sign next to the work.';
    await writeFile(join(dir, 'appeal.json'), JSON.stringify(appeal, null, 2));

    const run = build(dir, '--no-video');
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(await snapshot(join(dir, 'rounds', '1'))).toMatchObject(round1);
    const rendered = await render(join(dir, 'out'));
    expectNoToolWords(rendered);
    const { additional: _old, ...unchanged } = ANSWERS;
    for (const answer of Object.values(unchanged)) expect(rendered.docx).toContain(String(answer));
    expect(rendered.docx).toContain('Every photo now shows my printed shop sign next to the work.');
    expect(rendered.docx).not.toContain(ANSWERS.additional);
    // The follow-up's own wording for what it asked again; the first request's for the rest.
    expect(rendered.docx).toContain('Tell us, step by step, how the items you list in Handmade get made.');
    expect(rendered.mail).toMatch(/^Additional information for the Handmade review: Cactus Hands/);
    expect(rendered.mail).toContain('Here are my answers to all of your questions again, in full.');

    // LibreOffice reads the same words out of the Word file.
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.error) return;
    const docx = join(work.path('lo'), 'round2.docx');
    await cp(join(dir, 'out', 'appeal.docx'), docx);
    const converted = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${work.path('lo-profile')}`, '--headless', '--convert-to', 'txt:Text', '--outdir', work.path('lo'), docx],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(converted.status, converted.stderr).toBe(0);
    const text = await readFile(join(work.path('lo'), 'round2.txt'), 'utf8');
    expect(toolWordsIn(text), 'the Word file (LibreOffice)').toEqual([]);
    for (const answer of Object.values(unchanged)) expect(text).toContain(String(answer));
  }, 300_000);
});

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(folder.length + 1)] = (await readFile(path)).toString('base64');
  }
  return out;
}
