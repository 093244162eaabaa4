import {
  createPrompt,
  isBackspaceKey,
  isEnterKey,
  isTabKey,
  makeTheme,
  useEffect,
  useKeypress,
  usePrefix,
  useRef,
  useState,
} from '@inquirer/core';
import type { InputConfig } from './prompts.js';

/**
 * A one-line text prompt that survives a paste. inquirer's own input takes the first Enter as
 * the end of the answer: a pasted paragraph kept its first line, and the rest was dropped (or
 * typed into the next question). Here an Enter that arrives inside a burst of keys (a paste: the
 * terminal delivers it all at once, far faster than anyone types) is a line break; only an
 * Enter on its own finishes the answer. Every pasted line is kept: as lines of the answer where
 * the answer may have several (`multiline`), joined with spaces where it is one line (a name,
 * a caption, a list of ASINs), and the prompt says how many lines it took in.
 */

/** Keys closer together than this came from one paste (typing is ~50-200 ms per key). */
const BURST_MS = 8;
/** After a lone Enter, wait this long for the rest of a paste before taking the answer. */
const SETTLE_MS = 60;

export interface TextConfig extends InputConfig {
  /** Keep pasted line breaks in the answer (long answers); otherwise lines are joined with a space. */
  multiline?: boolean;
}

type Status = 'idle' | 'loading' | 'done';

export function joinLines(lines: readonly string[], multiline: boolean): string {
  const kept = [...lines];
  while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
  while (kept.length > 0 && kept[0]!.trim() === '') kept.shift();
  if (multiline) return kept.map((line) => line.trimEnd()).join('\n');
  return kept
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

export const textPrompt = createPrompt<string, TextConfig>((config, done) => {
  const { prefill = 'tab', multiline = false } = config;
  const theme = makeTheme({}, undefined);
  const [status, setStatus] = useState<Status>('idle');
  const [defaultValue = '', setDefaultValue] = useState<string | undefined>(config.default);
  const [errorMsg, setError] = useState<string | undefined>();
  const [value, setValue] = useState('');
  /** Lines already ended by a pasted line break. */
  const [lines, setLines] = useState<string[]>([]);
  const lastKeyAt = useRef(0);
  const pending = useRef<NodeJS.Timeout | null>(null);
  /** The line an Enter ended, while we wait to see whether a paste goes on. */
  const enteredLine = useRef('');
  // Read by the Enter timer, which runs after this render's closures were made.
  const current = useRef({ lines, defaultValue });
  current.current = { lines, defaultValue };
  const prefix = usePrefix({ status, theme });

  async function validate(answer: string): Promise<true | string> {
    if (config.required && !answer) return 'You must provide a value';
    if (typeof config.validate === 'function') {
      const verdict = await config.validate(answer);
      return verdict === true ? true : verdict || 'You must provide a valid value';
    }
    return true;
  }

  async function submit(rl: { write(text: string): void }): Promise<void> {
    const { lines: earlier, defaultValue: fallback } = current.current;
    const typed = enteredLine.current;
    const text = joinLines([...earlier, typed], multiline);
    const answer = text || fallback || '';
    setStatus('loading');
    const verdict = await validate(answer);
    if (verdict === true) {
      setValue(answer);
      setLines([]);
      setStatus('done');
      done(answer);
      return;
    }
    // Keep what was typed on the line, so it can be fixed rather than typed again.
    rl.write(typed);
    setError(verdict);
    setStatus('idle');
  }

  /** Puts a text on the line; the lines of a several-line text go above it, never through Enter. */
  function putOnLine(rl: { write(text: string): void }, text: string, above: readonly string[] = []): void {
    const parts = text.split(/\r?\n/);
    const last = parts.pop() ?? '';
    setLines([...above, ...parts]);
    rl.write(last);
    setValue(last);
  }

  useEffect((rl) => {
    if (prefill === 'editable' && defaultValue) putOnLine(rl, defaultValue);
    return () => {
      if (pending.current) clearTimeout(pending.current);
    };
  }, []);

  useKeypress((key, rl) => {
    const now = performance.now();
    const sincePrevious = now - lastKeyAt.current;
    lastKeyAt.current = now;
    let earlier = lines;
    let line = value;
    if (pending.current) {
      // More keys right after an Enter: that Enter was a line break inside a paste.
      clearTimeout(pending.current);
      pending.current = null;
      earlier = [...earlier, enteredLine.current];
      line = '';
      setLines(earlier);
      setValue('');
    }
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      if (sincePrevious < BURST_MS) {
        // Inside a paste: a line break. The answer waits for an Enter of the seller's own.
        setLines([...earlier, line]);
        setValue('');
        return;
      }
      // On its own: the end of the answer, unless the rest of a paste follows at once.
      enteredLine.current = line;
      pending.current = setTimeout(() => {
        pending.current = null;
        void submit(rl);
      }, SETTLE_MS);
      return;
    }
    if (isBackspaceKey(key) && !line) {
      if (earlier.length > 0) {
        // Backspace at the start of a line goes back into the line above.
        putOnLine(rl, earlier.at(-1)!, earlier.slice(0, -1));
      } else setDefaultValue(undefined);
      return;
    }
    if (isTabKey(key) && !line && earlier.length === 0 && defaultValue) {
      setDefaultValue(undefined);
      rl.clearLine(0); // the tab character
      putOnLine(rl, defaultValue);
      return;
    }
    setValue(rl.line);
    setError(undefined);
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(previewOf(value))}`;
  const defaultStr = defaultValue && !value && lines.length === 0 ? theme.style.defaultAnswer(defaultValue) : undefined;
  const head = [prefix, message, defaultStr].filter((part) => part !== undefined).join(' ');
  let content: string;
  if (lines.length === 0) content = `${head} ${value}`;
  else if (multiline) content = [head, ...lines.map((line) => `  ${line}`), `  ${value}`].join('\n');
  else content = `${head} ${[...lines.map((line) => line.trim()), value].filter(Boolean).join(' ')}`;
  const bottom: string[] = [];
  if (lines.length > 0) {
    const count = lines.length + (value ? 1 : 0);
    const kept = multiline ? `${count} pasted line${count === 1 ? '' : 's'} kept` : count > 1 ? `${count} pasted lines kept, joined into one` : 'Pasted text kept';
    bottom.push(theme.style.help(`${kept}: press Enter to finish, or go on typing.`));
  }
  if (errorMsg) bottom.push(theme.style.error(errorMsg));
  return [content, bottom.join('\n')];
});

/** The answer as shown once given: one line, shortened. */
function previewOf(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
