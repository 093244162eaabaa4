import type { Appeal } from './schema.js';

/**
 * Where Handmade appeals are read: the address both known versions of the notice give. Used
 * whenever the notice's own text names no address; never the From or Reply-To of Amazon's
 * email, which may be an inbox that does not review appeals.
 */
export const HANDMADE_APPEAL_ADDRESS = 'handmade-store-appeal-review@amazon.com';

/** The address this appeal must be sent to. */
export function replyAddressOf(appeal: Pick<Appeal, 'notice'> | null | undefined): string {
  return appeal?.notice?.replyTo?.trim().toLowerCase() || HANDMADE_APPEAL_ADDRESS;
}
