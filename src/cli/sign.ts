import { join, relative } from 'node:path';
import { AppealError } from '../appeal/errors.js';
import { readAppeal } from '../appeal/store.js';
import type { SignOptions } from './main.js';
import { colors, say, type Globals } from './output.js';

/**
 * `appeal sign [dir]`: a printable business-name sign, dir/sign.pdf and the same sign as
 * dir/sign.png. The name comes from --name or appeal.json; the paper from --paper or the
 * locale. Exit 0 written, 2 no name / a character the font cannot draw / an unreadable logo.
 */

/** Below this cap height (mm) a sign is hard to read across a workbench. */
const SMALL_LETTERS_MM = 15;

export async function runSign(dir: string, options: SignOptions, globals: Globals): Promise<number> {
  let name = options.name?.trim();
  if (!name) {
    const appeal = await readAppeal(dir);
    name = appeal?.business.name?.trim();
    if (!name) {
      throw new AppealError(
        appeal
          ? `${join(dir, 'appeal.json')} has no business name, so the sign has nothing to show.`
          : `no business name to print (there is no appeal.json in "${dir}").`,
        { hint: 'Pass it with --name "Your Shop", or run `appeal init` first.' },
      );
    }
  }
  const [{ makeSign }, { defaultPaper, PAPERS }] = await Promise.all([import('../sign/make.js'), import('../sign/paper.js')]);
  const paper = options.paper ?? defaultPaper();
  const made = await makeSign({
    name,
    pdf: options.out ?? join(dir, 'sign.pdf'),
    paper,
    size: options.size,
    ...(options.logo ? { logo: options.logo } : {}),
  });
  const c = colors(globals);
  const shown = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file) || file);
  const what = options.size === 'card' ? `four cards on a ${PAPERS[paper].label} page` : `${PAPERS[paper].label}, landscape`;
  const lines = made.lines.length === 1 ? 'on one line' : `on ${made.lines.length} lines`;
  // The result is what the seller asked for: printed even with --quiet.
  process.stdout.write(`${shown(made.pdf)} and ${shown(made.png)}: "${made.name}" ${lines}, ${what}.\n`);
  say(
    globals,
    `Capital letters are ${Math.round(made.capHeightMm)} mm tall on paper. Print at 100% (actual size), then put the ` +
      `${options.size === 'card' ? 'card' : 'sheet'} in every photo and video, flat, well lit and facing the camera. ` +
      `${shown(made.png)} shows the same sign on a phone or tablet screen.`,
  );
  if (made.capHeightMm < SMALL_LETTERS_MM) {
    process.stderr.write(
      c.yellow(
        `appeal: the name is long, so its letters are only ${Math.round(made.capHeightMm)} mm tall; ` +
          'place the sign close to the camera, or print a shorter form of the name with --name.\n',
      ),
    );
  }
  return 0;
}
