import { capacityConflict, capacityProblem, capacityValue, describeConflict } from '../appeal/capacity.js';
import { finishedOrWhy } from '../appeal/finished.js';
import { answerSlots, questionHelp, questionsOf } from '../appeal/questions.js';
import { hasPlaceholder, isAnswered, OPTIONAL_ANSWERS } from '../appeal/progress.js';
import { listOutlines, loadOutline, type Outline } from './outlines.js';
import { preview, widthOf, wrap, type Session } from './session.js';

/** One question that needs a written (or number) answer. */
export interface Slot {
  id: string;
  text: string;
  kind?: string;
}

/** Answers that usually run to a paragraph or more; the rest are a line or two. */
const LONG_ANSWERS = new Set(['process', 'design', 'team', 'additional']);

const KNOWN_SHORT = new Set(['location', 'timePerItem', 'finalProduct', 'employees', 'weeklyCapacity']);

/** Questions we do not know (q1, q2...) may need a paragraph, so they count as long. */
export function isLong(slot: Slot): boolean {
  return LONG_ANSWERS.has(slot.id) || !KNOWN_SHORT.has(slot.id);
}

export function slotsOf(session: Session): Slot[] {
  return answerSlots(questionsOf(session.appeal));
}

export function answerOf(session: Session, id: string): unknown {
  return (session.appeal.answers as Record<string, unknown>)[id];
}

/** Already answered (an optional question counts once it has been asked, even if left empty). */
export function slotDone(session: Session, slot: Slot): boolean {
  const value = answerOf(session, slot.id);
  if (OPTIONAL_ANSWERS.has(slot.id)) return slot.id in session.appeal.answers && !hasPlaceholderValue(value);
  return isAnswered(value) && !hasPlaceholderValue(value);
}

function hasPlaceholderValue(value: unknown): boolean {
  return typeof value === 'string' && hasPlaceholder(value);
}

/** The name of the editor inquirer will open, so the choice says what will happen. */
export function editorName(): string {
  const command = process.env.VISUAL || process.env.EDITOR || (process.platform === 'win32' ? 'notepad' : 'vim');
  return command.split(/[\\/]/).pop()?.split(' ')[0] ?? command;
}

/** Asks for the seller's craft once, to offer a starting outline for the long answers. */
export async function askCraft(session: Session): Promise<Outline | null> {
  const business = session.appeal.business;
  if (business.craft) return business.craft === 'other' ? null : loadOutline(business.craft);
  const outlines = await listOutlines();
  if (outlines.length === 0) return null;
  const craft = await session.prompts.select<string>({
    message: 'What do you make? (we can start your longer answers from an outline for your craft)',
    choices: [
      ...outlines.map((outline) => ({ value: outline.craft, name: outline.title })),
      { value: 'other', name: 'Something else: I will write from scratch' },
    ],
    pageSize: 10,
  });
  business.craft = craft;
  await session.save();
  return craft === 'other' ? null : loadOutline(craft);
}

async function askWriteIn(session: Session): Promise<void> {
  if (session.writeIn) return;
  session.writeIn = await session.prompts.select<'terminal' | 'editor'>({
    message: 'Where would you like to write the longer answers?',
    choices: [
      {
        value: 'terminal',
        name: 'Here, one paragraph each (Enter finishes the answer)',
      },
      {
        value: 'editor',
        name: `In a text editor (${editorName()}): for several paragraphs`,
        description: 'Save and close the editor to go on. Set the EDITOR variable to use another one.',
      },
    ],
  });
}

function validateText(slot: Slot) {
  return (value: string): true | string => {
    const text = value.trim();
    if (!text && !OPTIONAL_ANSWERS.has(slot.id)) return 'Please write an answer: the reviewer checks every question.';
    return finishedOrWhy(text);
  };
}

/** Prints the question with its help line, then asks it; saves the answer. */
export async function askSlot(
  session: Session,
  slot: Slot,
  options: { position?: string; outline?: Outline | null } = {},
): Promise<void> {
  const { c, prompts } = session;
  const current = answerOf(session, slot.id);
  const help = questionHelp(slot.id);
  const width = widthOf(session);
  const optional = OPTIONAL_ANSWERS.has(slot.id);
  const lines = [''];
  lines.push(c.bold(wrap(`${options.position ? `${options.position}  ` : ''}${slot.text}`, width)));
  if (help) lines.push(c.dim(wrap(help, width, '  ')));
  session.print(lines.join('\n'));

  const answers = session.appeal.answers as Record<string, unknown>;
  if (slot.kind === 'number') {
    // Kept as typed ("20-30 mugs", "about 5 a day"); only the number in it is checked.
    const typed = await prompts.input({
      message: slot.id === 'weeklyCapacity' ? 'Items per week (a number or a range, e.g. 12 or 20-30 mugs):' : 'Number:',
      default: typeof current === 'string' || typeof current === 'number' ? String(current) : undefined,
      prefill: current === undefined ? 'tab' : 'editable',
      validate: (value) => capacityProblem(value),
    });
    answers[slot.id] = capacityValue(typed);
    await session.save();
    const conflict = capacityConflict(answers);
    if (conflict) {
      session.print(
        c.yellow(wrap(`Note: ${describeConflict(conflict)}. A reviewer compares these answers: make sure they agree.`, width, '  ')),
      );
    }
    return;
  }

  const existing = typeof current === 'string' || typeof current === 'number' ? String(current) : '';
  const outlineText = options.outline?.sections.get(slot.id) ?? '';
  // An optional answer must stay skippable with Enter, so its outline is shown as an example instead.
  const start = existing || (optional ? '' : outlineText);
  const message = optional ? 'Your answer (Enter skips it):' : 'Your answer:';
  let value: string;
  if (isLong(slot) && session.writeIn === 'editor') {
    value = await prompts.editor({
      message: optional ? 'Your answer (save an empty file to skip it):' : 'Your answer:',
      default: start,
      postfix: '.txt',
      waitForUserInput: true,
      validate: validateText(slot),
    });
    // The editor prompt shows nothing once done: echo the answer so the seller sees what was kept.
    session.print(c.dim(wrap(value.trim() ? `Saved: ${preview(value, 70)}` : 'Left empty.', width, '  ')));
  } else {
    if (!existing && start) {
      const tip = start.includes('[')
        ? session.tipShown
          ? 'Tab copies the outline onto the line; replace each [bracketed] part.'
          : "The outline's starting text is shown after the prompt: press Tab to copy it onto the line, then replace each [bracketed] part with your own words (Ctrl-U clears the line)."
        : 'Tab copies this starting text onto the line: change it so it says how you really work (it is not accepted word for word).';
      session.tipShown = true;
      session.print(c.dim(wrap(tip, width, '  ')));
    } else if (!existing && optional && outlineText) {
      session.print(c.dim(wrap(`For example: ${outlineText}`, width, '  ')));
    }
    value = await prompts.input({
      message,
      default: start || undefined,
      // Revising puts the old answer on the line, ready to edit; an outline waits for Tab.
      prefill: existing ? 'editable' : 'tab',
      validate: validateText(slot),
      // A pasted answer of several paragraphs keeps its line breaks.
      multiline: isLong(slot),
    });
  }
  answers[slot.id] = value.trim();
  await session.save();
}

/** Asks every question not answered yet, in the notice's order. */
export async function askMissingAnswers(session: Session): Promise<void> {
  const slots = slotsOf(session);
  const todo = slots.filter((slot) => !slotDone(session, slot));
  if (todo.length === 0) return;

  // A follow-up notice asks only "anything else?": no need to ask for a craft or an editor then.
  const longTodo = todo.some((slot) => slot.kind !== 'number' && isLong(slot) && !OPTIONAL_ANSWERS.has(slot.id));
  // A craft chosen in an earlier run keeps its outline for the short answers left too.
  const outline = longTodo || session.appeal.business.craft ? await askCraft(session) : null;
  if (longTodo) await askWriteIn(session);

  // Sub-questions ("--> What is your design process?") are introduced by their parent once.
  const parents = new Map<string, string>();
  for (const question of questionsOf(session.appeal)) {
    for (const sub of question.sub ?? []) parents.set(sub.id, question.text);
  }
  const introduced = new Set<string>();
  for (const slot of todo) {
    const parent = parents.get(slot.id);
    if (parent && !introduced.has(parent)) {
      introduced.add(parent);
      session.print(`\n${session.c.cyan(parent)}`);
    }
    const position = `[${slots.indexOf(slot) + 1}/${slots.length}]`;
    await askSlot(session, slot, { position, outline });
  }
}

/** Label of an answered slot in the "revise" menu. */
export function slotLabel(session: Session, slot: Slot): string {
  return `${preview(slot.text, 48).padEnd(48)}  ${session.c.dim(preview(answerOf(session, slot.id), 40))}`;
}
