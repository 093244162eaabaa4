/**
 * The question sets: defaults in our own words when there is no notice, the notice's own
 * questions when there is, the answer slots the interview and the rules walk through,
 * and the one-line help.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readNoticeFile } from '../src/appeal/notice.js';
import { answerSlots, defaultQuestions, mediaQuestionWithoutVideo, questionHelp, questionsOf } from '../src/appeal/questions.js';
import { receiveNotice } from '../src/appeal/rounds.js';
import { emptyAppeal, NoticeSchema, QuestionSchema, type Question } from '../src/appeal/schema.js';
import { noticeFromReading } from '../src/appeal/notice.js';
import { SEEDS_SKIPPED, seedsAvailable, seedWordings } from './helpers/notices.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/notices/${name}`, import.meta.url));

function allIds(questions: Question[]): string[] {
  return questions.flatMap((q) => [q.id, ...(q.sub ?? []).map((s) => s.id)]);
}

describe('the default questions', () => {
  test('asks what every first notice asks, under the canonical ids', () => {
    const questions = defaultQuestions();
    expect(questions.map((q) => [q.id, q.kind, q.sub?.map((s) => s.id) ?? []])).toEqual([
      ['process', 'text', []],
      ['methods', 'text', ['design', 'location', 'team', 'timePerItem', 'finalProduct', 'employees']],
      ['weeklyCapacity', 'number', []],
      ['media', 'media', ['media-1', 'media-2']],
      ['additional', 'text', []],
    ]);
    for (const question of questions) expect(QuestionSchema.parse(question)).toEqual(question);
  });

  test('asks only for photos and further details after a rejection, and nothing after an acceptance', () => {
    expect(defaultQuestions('follow-up').map((q) => q.id)).toEqual(['media', 'additional']);
    expect(defaultQuestions('acceptance')).toEqual([]);
  });

  test.skipIf(!seedsAvailable())(`are written in our own words, not copied from Amazon${seedsAvailable() ? '' : ` (skipped: ${SEEDS_SKIPPED})`}`, () => {
    const seeds = Object.values(seedWordings()).join('\n').toLowerCase();
    for (const kind of ['initial', 'follow-up'] as const) {
      for (const question of defaultQuestions(kind)) {
        for (const text of [question.text, ...(question.sub ?? []).map((s) => s.text)]) {
          expect(seeds, text).not.toContain(text.toLowerCase());
          // Not even the first half of a sentence.
          expect(seeds, text).not.toContain(text.toLowerCase().slice(0, Math.ceil(text.length / 2)));
        }
      }
    }
  });

  test('read as the questions Amazon asks, never as instructions to the seller', () => {
    // They become the headings of the Word file the reviewer reads.
    for (const kind of ['initial', 'follow-up'] as const) {
      for (const question of defaultQuestions(kind)) {
        for (const text of [question.text, ...(question.sub ?? []).map((s) => s.text)]) {
          expect(text, text).not.toMatch(/^(?:Attach|Answer|Write|Add|Pick|Run|Put)\b|each point below|right above its photo|\bappeal\b|`|\[/i);
        }
      }
    }
  });

  test('ask for photos without a word of video when the package has none', () => {
    const question = mediaQuestionWithoutVideo();
    expect(question.id).toBe('media');
    const words = [question.text, ...(question.sub ?? []).map((s) => s.text)].join(' ');
    expect(words).toMatch(/photo/i);
    expect(words).not.toMatch(/video|mp4|clip/i);
  });

  test('hand out fresh copies, so changing one never changes the template', () => {
    const first = defaultQuestions();
    first[0]!.text = 'changed';
    first[1]!.sub!.pop();
    const second = defaultQuestions();
    expect(second[0]?.text).not.toBe('changed');
    expect(second[1]?.sub).toHaveLength(6);
  });

  test('carry no help text inside the question objects stored in appeal.json', () => {
    expect(JSON.stringify(defaultQuestions())).not.toContain('"help"');
  });

  test('resolve their template from the package root', () => {
    const template = JSON.parse(readFileSync(fileURLToPath(new URL('../templates/questions.json', import.meta.url)), 'utf8')) as {
      initial: Array<{ text: string }>;
    };
    expect(defaultQuestions().map((q) => q.text)).toEqual(template.initial.map((q) => q.text));
  });
});

describe('question help', () => {
  test('has one line for every default question on what the reviewer looks for', () => {
    for (const id of new Set([...allIds(defaultQuestions()), ...allIds(defaultQuestions('follow-up'))])) {
      const help = questionHelp(id);
      expect(help, id).toBeTruthy();
      expect(help, id).not.toContain('\n');
      expect(help!.length, id).toBeLessThan(160);
    }
  });

  test('says what Handmade policy expects: own design, own workspace, small team, no outsourcing', () => {
    expect(questionHelp('design')).toMatch(/yours|own/i);
    expect(questionHelp('location')).toMatch(/own|workshop|studio/i);
    expect(questionHelp('team')).toMatch(/20/);
    expect(questionHelp('team')).toMatch(/outsourc/i);
    expect(questionHelp('media-1')).toMatch(/watermark|added afterwards/i);
  });

  test('has none for questions it does not know', () => {
    expect(questionHelp('q1')).toBeUndefined();
    expect(questionHelp('no-such-question')).toBeUndefined();
  });
});

describe('questionsOf', () => {
  test('uses the defaults when the seller gave no notice', () => {
    expect(questionsOf(emptyAppeal())).toEqual(defaultQuestions());
  });

  test("uses the notice's own questions when it has them", async () => {
    const reading = await readNoticeFile(fixture('initial-2022.txt'));
    const appeal = { ...emptyAppeal(), notice: NoticeSchema.parse({ kind: 'initial', questions: reading.questions }) };
    expect(questionsOf(appeal)).toEqual(reading.questions);
  });

  test('falls back to the defaults of the notice kind when the notice listed no questions', () => {
    const appeal = { ...emptyAppeal(), notice: NoticeSchema.parse({ kind: 'initial', asins: ['B0CACTUS01'] }) };
    expect(questionsOf(appeal)).toEqual(defaultQuestions('initial'));
  });

  test('answers every question of the first request again after a follow-up, in the follow-up wording where it asks the same', async () => {
    const first = noticeFromReading(await readNoticeFile(fixture('initial.eml')));
    const followUp = noticeFromReading(await readNoticeFile(fixture('follow-up.eml')));
    const round1 = receiveNotice(emptyAppeal(), first).appeal;
    const round2 = receiveNotice(round1, followUp).appeal;
    const questions = questionsOf(round2);
    expect(questions.map((q) => q.id)).toEqual(['process', 'methods', 'weeklyCapacity', 'media', 'additional']);
    expect(questions[0]).toEqual(first.questions[0]);
    expect(questions[3]).toEqual(followUp.questions[0]);
    expect(answerSlots(questions).map((s) => s.id)).toContain('design');
  });

  test('uses the default first request when the follow-up is the first notice appeal sees', () => {
    const followUp = NoticeSchema.parse({ kind: 'follow-up', asins: ['B0CACTUS01'] });
    const appeal = receiveNotice(emptyAppeal(), followUp).appeal;
    expect(questionsOf(appeal).map((q) => q.id)).toEqual(['process', 'methods', 'weeklyCapacity', 'media', 'additional']);
  });

  test('puts a question only the follow-up asks before the closing "anything else"', () => {
    const first = NoticeSchema.parse({ kind: 'initial', questions: defaultQuestions('initial') });
    const followUp = NoticeSchema.parse({
      kind: 'follow-up',
      questions: [...defaultQuestions('follow-up'), { id: 'q1', text: 'Where do you buy your leather?', kind: 'text' }],
    });
    const appeal = receiveNotice(receiveNotice(emptyAppeal(), first).appeal, followUp).appeal;
    expect(questionsOf(appeal).map((q) => q.id)).toEqual(['process', 'methods', 'weeklyCapacity', 'media', 'q1', 'additional']);
  });
});

describe('answerSlots', () => {
  test('lists the typed answers of the default set in order, without the photos', () => {
    expect(answerSlots(defaultQuestions()).map((s) => [s.id, s.kind])).toEqual([
      ['process', 'text'],
      ['design', 'text'],
      ['location', 'text'],
      ['team', 'text'],
      ['timePerItem', 'text'],
      ['finalProduct', 'text'],
      ['employees', 'text'],
      ['weeklyCapacity', 'number'],
      ['additional', 'text'],
    ]);
  });

  test('asks only for further details after a rejection', () => {
    expect(answerSlots(defaultQuestions('follow-up')).map((s) => s.id)).toEqual(['additional']);
  });

  test("keeps the notice's wording in the slots, and skips the employees question the 2022 notice did not ask", async () => {
    const reading = await readNoticeFile(fixture('initial-2022.txt'));
    const slots = answerSlots(reading.questions);
    expect(slots.map((s) => s.id)).toEqual([
      'process', 'design', 'location', 'team', 'timePerItem', 'finalProduct', 'weeklyCapacity', 'additional',
    ]);
    expect(slots[1]?.text).toBe('Who designs the items, and how?');
  });

  test('gives unknown questions a text slot under their q id', () => {
    const slots = answerSlots([
      { id: 'process', text: 'How is it made?', kind: 'text' },
      { id: 'q1', text: 'Do you sell at fairs?' },
      { id: 'media', text: 'Photos', kind: 'media', sub: [{ id: 'media-1', text: 'Show the name', kind: 'media' }] },
    ]);
    expect(slots).toEqual([
      { id: 'process', text: 'How is it made?', kind: 'text' },
      { id: 'q1', text: 'Do you sell at fairs?', kind: 'text' },
    ]);
  });
});
