import { AppealError } from '../appeal/errors.js';

/**
 * Which folder is the seller's Drafts: the one the server marks \Drafts (RFC 6154), else one
 * with a usual Drafts name in any of the languages mail programs use. imapflow's LIST does
 * both (server flags win over names, shallow folders over deep ones) and reports which one
 * it used. There may be none: appeal never creates a folder, because a new "Drafts" beside
 * the real one would hide the email where nobody looks. `--mailbox` names it outright, and
 * must exist.
 */

export interface FolderInfo {
  /** Full path as the server knows it, e.g. "[Gmail]/Drafts" or "INBOX.Drafts". */
  path: string;
  /** Last segment of the path, decoded. */
  name: string;
  /** Set by the LIST when the server flags the folder, or its name is a known one. */
  specialUse?: string | undefined;
  flags: ReadonlySet<string>;
}

function selectable(folder: FolderInfo): boolean {
  return ![...folder.flags].some((flag) => /^\\(noselect|nonexistent)$/i.test(flag));
}

/** The Drafts folder, or null when there is none. */
export function findDraftsFolder(folders: readonly FolderInfo[]): FolderInfo | null {
  return folders.find((f) => selectable(f) && f.specialUse === '\\Drafts') ?? null;
}

function folderList(folders: readonly FolderInfo[]): string {
  const names = folders.filter(selectable).map((f) => f.path);
  const shown = names.slice(0, 12).join(', ');
  return names.length > 12 ? `${shown}, ...` : shown;
}

/** --mailbox, or the Drafts folder found; an AppealError (nothing created) when neither exists. */
export function chooseMailbox(folders: readonly FolderInfo[], wanted: string | undefined, server: string): FolderInfo {
  if (wanted !== undefined) {
    const exact = folders.find((f) => f.path === wanted && selectable(f));
    const loose = exact ?? folders.find((f) => selectable(f) && (f.path.toLowerCase() === wanted.toLowerCase() || f.name === wanted));
    if (loose) return loose;
    throw new AppealError(`--mailbox "${wanted}": no such folder on ${server}; appeal creates no folder.`, {
      hint: `Folders there: ${folderList(folders)}.`,
    });
  }
  const drafts = findDraftsFolder(folders);
  if (drafts) return drafts;
  throw new AppealError(`found no Drafts folder on ${server}; appeal creates no folder.`, {
    hint: `Name the one to use with --mailbox <folder> (folders there: ${folderList(folders)}).`,
  });
}
