import { widthOf, wrap, type Session } from './session.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function askBusinessName(session: Session): Promise<void> {
  const business = session.appeal.business;
  const current = business.name ?? session.noticeName ?? undefined;
  session.print(
    `\n${session.c.dim(wrap('The business name must be readable in every photo, so use the name printed on your sign or card.', widthOf(session)))}`,
  );
  const name = await session.prompts.input({
    message: 'Business name:',
    default: current,
    prefill: business.name ? 'editable' : 'tab',
    validate: (value) => (value.trim() ? true : 'Please type the name of your shop or brand.'),
  });
  business.name = name.trim();
  await session.save();
}

export async function askBusinessEmail(session: Session): Promise<void> {
  const business = session.appeal.business;
  const email = await session.prompts.input({
    message: 'Your email address (optional, for the cover note):',
    default: business.email,
    prefill: business.email ? 'editable' : 'tab',
    validate: (value) =>
      !value.trim() || EMAIL.test(value.trim()) ? true : 'That does not look like an email address (name@example.com).',
  });
  if (email.trim()) business.email = email.trim();
  else delete business.email;
  await session.save();
}

/** Name and email are asked together; a resumed interview asks again only if the name is missing. */
export async function askBusiness(session: Session): Promise<void> {
  if (session.appeal.business.name?.trim()) return;
  await askBusinessName(session);
  await askBusinessEmail(session);
}
