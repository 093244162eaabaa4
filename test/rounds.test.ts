/**
 * Appeal rounds in appeal.json: version 1 files are migrated on read, every notice is
 * recorded, a follow-up or acceptance starts the next round, and initial notices for other
 * ASINs join the open first round.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeFromReading, readNoticeFile } from '../src/appeal/notice.js';
import { acceptedAt, currentRound, mergeNotices, receiveNotice, roundNumber, startsNewRound } from '../src/appeal/rounds.js';
import { appealJsonSchema, AppealSchema, emptyAppeal, NoticeSchema, type Notice } from '../src/appeal/schema.js';
import { loadAppeal, saveAppeal } from '../src/appeal/store.js';

const fixture = (name: string) => new URL(`../fixtures/notices/${name}`, import.meta.url).pathname;
const notice = (over: Partial<Notice>): Notice => NoticeSchema.parse({ kind: 'initial', ...over });

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'appeal-rounds-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('version 1 files', () => {
  const v1 = {
    version: 1,
    business: { name: 'Cactus Hands' },
    notice: { kind: 'initial', receivedAt: '2026-11-20T14:03:00Z', deadline: '2026-11-25T14:03:00Z', asins: ['B0CACTUS01'] },
    answers: { process: 'By hand.' },
    rules: { deadline: 'off', 'image-blur': 'warn' },
  };

  it('are read as version 2, their notice becoming round 1', () => {
    const appeal = AppealSchema.parse(v1);
    expect(appeal.version).toBe(2);
    expect(appeal.notice?.asins).toEqual(['B0CACTUS01']);
    expect(appeal.rounds).toEqual([{ round: 1, notices: [expect.objectContaining({ kind: 'initial', asins: ['B0CACTUS01'] })] }]);
    expect(appeal.answers.process).toBe('By hand.');
  });

  it('carry the level of a rule that was split to each of its new ids', () => {
    expect(AppealSchema.parse(v1).rules).toEqual({ 'deadline-passed': 'off', 'deadline-soon': 'off', 'image-blur': 'warn' });
  });

  it('with a follow-up notice become round 2, the first round having gone unrecorded', () => {
    const appeal = AppealSchema.parse({ version: 1, notice: { kind: 'follow-up', asins: ['B0CACTUS01'] } });
    expect(roundNumber(appeal)).toBe(2);
  });

  it('without a notice have no rounds yet', () => {
    expect(AppealSchema.parse({ version: 1 }).rounds).toEqual([]);
  });

  it('are saved back as version 2, losing nothing', async () => {
    const dir = join(work, 'migrate');
    await saveAppeal(dir, AppealSchema.parse({ ...v1, myNotes: 'keep me' }));
    const saved = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.version).toBe(2);
    expect(saved.myNotes).toBe('keep me');
    expect((await loadAppeal(dir)).rounds).toHaveLength(1);
  });

  it('leave the JSON Schema describing the rounds', () => {
    const schema = appealJsonSchema() as { properties: Record<string, { items?: { properties?: Record<string, unknown> } }> };
    expect(schema.properties.version).toEqual(expect.objectContaining({ const: 2 }));
    expect(Object.keys(schema.properties.rounds?.items?.properties ?? {})).toEqual(expect.arrayContaining(['round', 'notices', 'sent']));
  });
});

describe('receiving notices', () => {
  it('starts round 1 with the first notice', async () => {
    const first = noticeFromReading(await readNoticeFile(fixture('initial.eml')), 'initial.eml');
    const { appeal, effect, round } = receiveNotice(emptyAppeal(), first, { now: new Date('2026-11-20T15:00:00Z') });
    expect([effect, round]).toEqual(['first', 1]);
    expect(appeal.notice).toEqual(first);
    expect(currentRound(appeal)).toEqual({ round: 1, notices: [first], startedAt: '2026-11-20T15:00:00Z' });
  });

  it('merges another initial notice for other ASINs into the open round: ASINs united, earliest deadline kept', () => {
    const a = notice({ receivedAt: '2026-11-20T14:03:00Z', deadline: '2026-11-25T14:03:00Z', asins: ['B0CACTUS01'] });
    const b = notice({ receivedAt: '2026-11-19T09:00:00Z', deadline: '2026-11-24T09:00:00Z', asins: ['B0CACTUS02', 'B0CACTUS01'] });
    const one = receiveNotice(emptyAppeal(), a).appeal;
    const { appeal, effect, round } = receiveNotice(one, b);
    expect([effect, round]).toEqual(['merged', 1]);
    expect(appeal.notice?.asins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
    expect(appeal.notice?.deadline).toBe('2026-11-24T09:00:00Z');
    expect(appeal.rounds).toHaveLength(1);
    expect(appeal.rounds[0]?.notices).toEqual([a, b]);
    expect(mergeNotices([a])).toEqual(a);
  });

  it('treats the same notice read twice as one', () => {
    const a = notice({ receivedAt: '2026-11-20T14:03:00Z', asins: ['B0CACTUS01'] });
    const one = receiveNotice(emptyAppeal(), a).appeal;
    expect(startsNewRound(one, a)).toBe(false);
    const { appeal, effect } = receiveNotice(one, { ...a, replyTo: 'handmade-store-appeal-review@amazon.com' });
    expect(effect).toBe('same');
    expect(appeal.rounds[0]?.notices).toHaveLength(1);
    expect(appeal.notice?.replyTo).toBe('handmade-store-appeal-review@amazon.com');
  });

  it('starts round 2 with a follow-up, keeping round 1, its sent package and the answers', async () => {
    const first = noticeFromReading(await readNoticeFile(fixture('initial.eml')));
    const followUp = noticeFromReading(await readNoticeFile(fixture('follow-up.eml')));
    const one = receiveNotice({ ...emptyAppeal(), answers: { process: 'By hand.' } }, first).appeal;
    expect(startsNewRound(one, followUp)).toBe(true);
    const sent = { folder: 'rounds/1', builtAt: '2026-11-21T10:00:00Z', video: true };
    const { appeal, effect, round, ended } = receiveNotice(one, followUp, { sentBefore: sent });
    expect([effect, round, ended]).toEqual(['next-round', 2, 1]);
    expect(appeal.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(appeal.rounds[0]).toMatchObject({ notices: [first], sent });
    expect(appeal.notice).toEqual(followUp);
    expect(appeal.notice?.deadline).toBe('2026-11-26T09:30:00Z');
    expect(appeal.answers.process).toBe('By hand.');
    // The earlier appeal object is left as it was.
    expect(one.rounds).toHaveLength(1);
  });

  it('does not merge an initial notice into a round whose package was sent', () => {
    const a = notice({ asins: ['B0CACTUS01'] });
    const one = receiveNotice(emptyAppeal(), a, { sentBefore: undefined }).appeal;
    one.rounds[0]!.sent = { folder: 'rounds/1' };
    expect(receiveNotice(one, notice({ asins: ['B0CACTUS02'] })).effect).toBe('next-round');
  });

  it('counts a notice written into appeal.json without rounds as round 1', () => {
    const first = notice({ asins: ['B0CACTUS01'], receivedAt: '2026-11-20T14:03:00Z' });
    const handWritten = { ...emptyAppeal(), notice: first };
    const followUp = notice({ kind: 'follow-up', asins: ['B0CACTUS01'] });
    expect(startsNewRound(handWritten, followUp)).toBe(true);
    const { appeal, round, ended } = receiveNotice(handWritten, followUp);
    expect([round, ended]).toEqual([2, 1]);
    expect(appeal.rounds.map((r) => r.notices[0]?.kind)).toEqual(['initial', 'follow-up']);
  });

  it('closes the appeal with an acceptance, keeping every round', async () => {
    const first = noticeFromReading(await readNoticeFile(fixture('initial.eml')));
    const followUp = noticeFromReading(await readNoticeFile(fixture('follow-up.eml')));
    const accepted = noticeFromReading(await readNoticeFile(fixture('acceptance.eml')));
    let appeal = receiveNotice(emptyAppeal(), first).appeal;
    appeal = receiveNotice(appeal, followUp).appeal;
    appeal = receiveNotice(appeal, accepted).appeal;
    expect(appeal.rounds.map((r) => [r.round, r.notices[0]?.kind])).toEqual([
      [1, 'initial'],
      [2, 'follow-up'],
      [3, 'acceptance'],
    ]);
    expect(acceptedAt(appeal)?.toISOString()).toBe('2026-11-25T08:15:00.000Z');
  });
});
