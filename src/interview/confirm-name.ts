import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mediaKindOf } from './media.js';
import { widthOf, wrap, type Session } from './session.js';

/**
 * The seller's word on a photo the text reader could not read the name in. The reader misses
 * some names a person reads at once (script lettering, a finger over a letter); rather than
 * blocking the appeal on a doubtful miss, the seller is shown which photo and asked to look.
 * A "yes" is kept as media[].nameConfirmed in appeal.json; `appeal check` then notes it instead
 * of reporting an error. The reading itself is done by the caller (the CLI runs the check).
 */

export interface UnreadName {
  /** The media entry's file, as in appeal.json. */
  file: string;
  /** Why the reader did not find it, in the seller's words. */
  reason: string;
}

export async function askNameConfirmations(session: Session, unread: readonly UnreadName[]): Promise<void> {
  const { appeal, c } = session;
  const name = appeal.business.name?.trim();
  if (!name) return;
  const open = unread.filter((u) => appeal.media.some((m) => m.file === u.file && m.nameConfirmed !== true));
  if (open.length === 0) return;
  session.print(
    `\n${c.bold('Your business name in the photos')}\n` +
      c.dim(
        wrap(
          `The text reader could not read "${name}" in ${open.length === 1 ? 'one of them' : `${open.length} of them`}. ` +
            'It misses some names a person reads easily. Open each one and look: Amazon needs your name, printed on paper or a card, readable in every photo and video.',
          widthOf(session),
          '  ',
        ),
      ),
  );
  for (const item of open) {
    const media = appeal.media.find((m) => m.file === item.file && m.nameConfirmed !== true);
    if (!media) continue;
    const kind = mediaKindOf(media.file) === 'video' ? 'video' : 'photo';
    const where = resolve(session.dir, media.file);
    session.print(
      `\n${c.bold(`${kind === 'video' ? 'Video' : 'Photo'}:`)} ${media.file}\n` +
        `  ${c.dim(pathToFileURL(where).href)}\n` +
        c.dim(wrap(`The reader: ${item.reason}.`, widthOf(session), '  ')),
    );
    const readable = await session.prompts.select<boolean>({
      message: `Can a person read "${name}" in this ${kind}, printed on paper or a card?`,
      choices: [
        { value: false, name: `No, or not sure: I will take it again` },
        { value: true, name: 'Yes, it is clearly readable' },
      ],
      default: false,
    });
    if (readable) {
      media.nameConfirmed = true;
      await session.save();
    }
  }
}
