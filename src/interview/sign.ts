import { join } from 'node:path';
import { exists } from '../appeal/store.js';
import { findMediaFiles } from './media.js';
import { widthOf, wrap, type Session } from './session.js';

/**
 * Before any photo is taken: every photo and video must show the business name on paper, and
 * a printed name is the step sellers most often get wrong. When the folder has no photos yet
 * and no sign was made, offer to make one (`appeal sign` with the saved name).
 */
export async function offerSign(session: Session): Promise<void> {
  const { appeal, c, dir } = session;
  const name = appeal.business.name?.trim();
  if (!name || appeal.media.length > 0) return;
  if ((await exists(join(dir, 'sign.pdf'))) || (await findMediaFiles(dir)).length > 0) return;
  session.print(
    `\n${c.bold('A sign with your business name')}\n` +
      c.dim(
        wrap(
          'Amazon checks that every photo and video shows your business name, printed on paper and easy to read. ' +
            'A printed page with the name in big letters, placed beside your work, does that.',
          widthOf(session),
          '  ',
        ),
      ),
  );
  const make = await session.prompts.confirm({ message: `Make a printable sign for ${name} now (sign.pdf and sign.png)?`, default: true });
  if (!make) return;
  const [{ makeSign }, { defaultPaper, PAPERS }] = await Promise.all([import('../sign/make.js'), import('../sign/paper.js')]);
  const paper = defaultPaper();
  const made = await makeSign({ name, pdf: join(dir, 'sign.pdf'), paper, size: 'page' });
  session.print(
    c.green(`Saved ${made.pdf} (${PAPERS[paper].label}) and ${made.png}.`) +
      '\n' +
      c.dim(
        wrap(
          'Print it at 100% (actual size) and keep it flat, well lit and facing the camera in every photo and video. ' +
            '`appeal sign --size card` makes small cards for small items; --paper and --logo change the paper and add your logo.',
          widthOf(session),
          '  ',
        ),
      ),
  );
}
