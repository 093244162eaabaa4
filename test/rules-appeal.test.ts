import { describe, expect, it } from 'vitest';
import { AppealSchema } from '../src/appeal/schema.js';
import { ASIN, OTHER_ASIN, makeAppeal, makeContext, messagesOf, photo, video } from './helpers/context.js';

const four = () => [photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];

function withAnswers(answers: Record<string, string | number>) {
  const appeal = makeAppeal();
  return makeContext({ appeal: { ...appeal, answers: { ...appeal.answers, ...answers } } });
}

describe('cloud-link', () => {
  it.each([
    ['https://www.dropbox.com/s/abc123/video.mp4?dl=0', 'Dropbox'],
    ['drive.google.com/file/d/1AbC/view', 'Google Drive'],
    ['https://docs.google.com/document/d/xyz', 'Google Drive'],
    ['https://1drv.ms/v/s!AbCdEf', 'OneDrive'],
    ['https://onedrive.live.com/?id=123', 'OneDrive'],
    ['https://www.icloud.com/photos/#0aBcD', 'iCloud'],
    ['https://we.tl/t-AbCdEf', 'WeTransfer'],
    ['https://app.box.com/s/abcdef', 'Box'],
  ])('rejects a link to %s in an answer', (link, service) => {
    const [m] = messagesOf('cloud-link', withAnswers({ additional: `My full video is here: ${link} if needed.` }));
    expect(m?.severity).toBe('error');
    expect(m?.message).toContain(service);
    expect(m?.message).toContain('(additional)');
  });

  it('reports a Dropbox link once (not also as Box)', () => {
    expect(messagesOf('cloud-link', withAnswers({ additional: 'https://www.dropbox.com/s/abc/v.mp4' }))).toHaveLength(1);
  });

  it('warns (not errors) about a YouTube link instead of an attached video, under video-link', () => {
    const context = withAnswers({ additional: 'Watch me work: https://youtu.be/dQw4w9WgXcQ' });
    expect(messagesOf('cloud-link', context)).toEqual([]);
    const [m] = messagesOf('video-link', context);
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('YouTube');
  });

  it('rejects a link in a photo caption, naming the photo', () => {
    const files = [photo('a.jpg', { caption: 'More photos at dropbox.com/sh/abc' }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    const [m] = messagesOf('cloud-link', makeContext({ files }));
    expect(m).toMatchObject({ severity: 'error', file: 'photos/a.jpg' });
  });

  it('rejects a link in the text of a built email', () => {
    const context = makeContext({
      target: 'eml',
      path: 'out/appeal.eml',
      eml: { to: ['handmade-store-appeal-review@amazon.com'], from: null, subject: null, bytes: 1, attachments: [], docxPhotos: [], text: 'Video: https://drive.google.com/x' },
    });
    expect(messagesOf('cloud-link', context)).toHaveLength(1);
  });

  it('does not flag the service names, email addresses or other sites', () => {
    const context = withAnswers({
      additional: 'I attached everything instead of using Dropbox or Google Drive. Write to me@icloud.com. My shop: https://cactushands.com, tool box.company.org.',
    });
    expect(messagesOf('cloud-link', context)).toEqual([]);
  });
});

describe('asin-label', () => {
  it('rejects a photo without an ASIN', () => {
    const files = [photo('a.jpg', { asins: [] }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    const [m, ...rest] = messagesOf('asin-label', makeContext({ files }));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ severity: 'error', file: 'photos/a.jpg' });
    expect(m?.hint).toContain('appeal.json');
  });

  it('rejects a video without an ASIN', () => {
    const [m] = messagesOf('asin-label', makeContext({ files: [...four(), video('v.mp4', { asins: [] })] }));
    expect(m?.message).toContain('each video shows');
  });

  it('tells a plain folder to put the ASIN in the file name', () => {
    const files = [photo('sanding.jpg', { asins: [], caption: null }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    const [m] = messagesOf('asin-label', makeContext({ target: 'folder', appeal: null, files }));
    expect(m?.hint).toContain('B0EXAMPLE1-sanding.jpg');
  });

  it('accepts photos that all name an ASIN', () => {
    expect(messagesOf('asin-label', makeContext())).toEqual([]);
  });
});

describe('asin-format', () => {
  it('rejects a B0 token of the wrong length in an answer', () => {
    const [m] = messagesOf('asin-format', withAnswers({ finalProduct: 'Wallets like B0CACTUS0 and belts.' }));
    expect(m?.severity).toBe('error');
    expect(m?.message).toContain('"B0CACTUS0"');
    expect(m?.message).toContain('this has 7');
  });

  it('rejects an ASIN typed with the letter O', () => {
    const [m] = messagesOf('asin-format', withAnswers({ additional: 'The photo shows BOCACTUS01.' }));
    expect(m?.message).toContain('letter O');
  });

  it('rejects a mistyped ASIN in a file name of a plain folder', () => {
    const files = [photo('B0CACTUS01X-sanding.jpg', { asins: [] }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    const [m] = messagesOf('asin-format', makeContext({ target: 'folder', appeal: null, files }));
    expect(m).toMatchObject({ file: 'photos/B0CACTUS01X-sanding.jpg' });
  });

  it('rejects a malformed ASIN given as the notice ASINs', () => {
    const [m] = messagesOf('asin-format', makeContext({ notifiedAsins: ['B012'] }));
    expect(m?.message).toContain('"B012"');
  });

  it('accepts correct ASINs in any case and ordinary words', () => {
    const context = withAnswers({ additional: `Items ${ASIN}, b0cactus02, BOOKMARKS and BOLDLY, model B0.` });
    expect(messagesOf('asin-format', context)).toEqual([]);
  });
});

describe('asin-notified', () => {
  it('warns when no photo shows an ASIN the notice named', () => {
    const files = four().map((f) => ({ ...f, asins: [OTHER_ASIN] }));
    const [m] = messagesOf('asin-notified', makeContext({ files }));
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain(ASIN);
  });

  it('accepts one photo with a named ASIN', () => {
    const files = [photo('a.jpg'), ...[photo('b.jpg'), photo('c.jpg'), photo('d.jpg')].map((f) => ({ ...f, asins: [OTHER_ASIN] }))];
    expect(messagesOf('asin-notified', makeContext({ files }))).toEqual([]);
  });

  it('says nothing when the notice named no ASIN', () => {
    const files = four().map((f) => ({ ...f, asins: [OTHER_ASIN] }));
    expect(messagesOf('asin-notified', makeContext({ files, notifiedAsins: [] }))).toEqual([]);
  });
});

describe('caption', () => {
  it('warns about a photo without its sentence', () => {
    const files = [photo('a.jpg', { caption: null }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    const [m] = messagesOf('caption', makeContext({ files }));
    expect(m).toMatchObject({ severity: 'warning', file: 'photos/a.jpg' });
    expect(m?.message).toContain('no sentence');
  });

  it('warns about a long multi-sentence caption: keep it to one sentence', () => {
    const long =
      'Here I am cutting the leather with my round knife at the bench in my garage. After that I skive the edges so they fold well. Then I punch the stitching holes and saddle stitch the wallet, which takes most of the afternoon.';
    const files = [photo('a.jpg', { caption: long }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    const [m] = messagesOf('caption', makeContext({ files }));
    expect(m?.message).toContain('keep it to one sentence');
    expect(m?.message).toContain('3 sentences');
  });

  it('accepts one sentence, and two short ones', () => {
    const files = [photo('a.jpg', { caption: 'Sanding the 2.5 cm edge. It takes ten minutes.' }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    expect(messagesOf('caption', makeContext({ files }))).toEqual([]);
  });
});

describe('answers-complete', () => {
  it('rejects each missing answer, naming the question', () => {
    const appeal = makeAppeal();
    const { team: _team, weeklyCapacity: _weekly, ...rest } = appeal.answers;
    const messages = messagesOf('answers-complete', makeContext({ appeal: { ...appeal, answers: rest } }));
    expect(messages.map((m) => m.severity)).toEqual(['error', 'error']);
    expect(messages[0]?.message).toBe('No answer yet for who makes the items (team).');
    expect(messages[1]?.message).toBe('No answer yet for items made per week (weeklyCapacity).');
  });

  it('rejects a blank answer', () => {
    expect(messagesOf('answers-complete', withAnswers({ design: '   ' }))).toHaveLength(1);
  });

  it('leaves an answer holding [placeholders] to unfinished-text', () => {
    const context = withAnswers({ process: 'I cut [your material] by hand.' });
    expect(messagesOf('answers-complete', context)).toEqual([]);
    expect(messagesOf('unfinished-text', context)).toHaveLength(1);
  });

  it('lets "anything else" stay empty', () => {
    const appeal = makeAppeal();
    const { additional: _a, ...rest } = appeal.answers;
    expect(messagesOf('answers-complete', makeContext({ appeal: { ...appeal, answers: rest } }))).toEqual([]);
  });

  it("uses the notice's own questions", () => {
    const appeal = AppealSchema.parse({
      version: 1,
      notice: {
        kind: 'initial',
        questions: [
          { id: 'media', text: 'Photos please', kind: 'media' },
          { id: 'q1', text: 'Which tools do you use to shape the clay?' },
        ],
      },
    });
    const [m, ...rest] = messagesOf('answers-complete', makeContext({ appeal }));
    expect(rest).toEqual([]);
    expect(m?.message).toContain('Which tools do you use to shape the clay?');
  });

  it('accepts a complete appeal', () => {
    expect(messagesOf('answers-complete', makeContext())).toEqual([]);
  });
});

describe('deadline-passed and deadline-soon', () => {
  const at = (iso: string) => makeContext({ now: new Date(iso) });

  it('warns past the deadline, saying by how much and to send it anyway', () => {
    const [m, ...rest] = messagesOf('deadline-passed', at('2026-11-26T17:03:00Z'));
    expect(rest).toEqual([]);
    // Amazon still reads late appeals, even after the listings went inactive: a warning, the build goes on.
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('passed 1 day 3 hours ago');
    expect(m?.hint).toMatch(/Send it anyway/);
    expect(m?.hint).toMatch(/inactive/);
    expect(messagesOf('deadline-soon', at('2026-11-26T17:03:00Z'))).toEqual([]);
  });

  it('warns with less than 24 hours left, under its own id', () => {
    const [m] = messagesOf('deadline-soon', at('2026-11-25T04:03:00Z'));
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('Only 10 hours left');
    expect(messagesOf('deadline-passed', at('2026-11-25T04:03:00Z'))).toEqual([]);
  });

  it('says nothing with days to go', () => {
    expect(messagesOf('deadline-passed', at('2026-11-22T12:00:00Z'))).toEqual([]);
    expect(messagesOf('deadline-soon', at('2026-11-22T12:00:00Z'))).toEqual([]);
  });

  it('computes the deadline from the received date and the days given', () => {
    const appeal = makeAppeal({ notice: { kind: 'follow-up', receivedAt: '2026-11-20T10:00:00Z', days: 2, asins: [], questions: [] } });
    const [m] = messagesOf('deadline-passed', makeContext({ appeal, now: new Date('2026-11-22T11:00:00Z') }));
    expect(m?.message).toContain('passed 1 hour ago');
  });

  it('says nothing for an acceptance email', () => {
    const appeal = makeAppeal({ notice: { kind: 'acceptance', deadline: '2026-11-01T00:00:00Z', asins: [], questions: [] } });
    expect(messagesOf('deadline-passed', makeContext({ appeal }))).toEqual([]);
  });

  it('can be turned off one meaning at a time in appeal.json', () => {
    const appeal = makeAppeal({ rules: { 'deadline-soon': 'off' } });
    expect(messagesOf('deadline-soon', makeContext({ appeal, now: new Date('2026-11-25T04:03:00Z') }))).toEqual([]);
    expect(messagesOf('deadline-passed', makeContext({ appeal, now: new Date('2026-11-26T17:03:00Z') }))).toHaveLength(1);
  });
});
