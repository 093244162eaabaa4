/**
 * Well-known mail providers: which IMAP server takes a seller's address, what the seller must
 * switch on first (an app password, IMAP access), and which providers cannot take a plain
 * login at all. Looked up by the address's domain, or for a business domain by its MX hosts
 * (a shop's own domain hosted by Google, Microsoft, Zoho...). Pure: no network here.
 *
 * Host names and ports come from each provider's published settings; see the README for the
 * ones that could not be tried against the real service.
 */

export interface ImapProvider {
  kind: 'imap';
  name: string;
  host: string;
  port: number;
  /** What to do when the login is refused, in the seller's words. */
  loginHint: string;
}

/** A provider whose IMAP needs something appeal does not do (OAuth sign-in, a local bridge, no IMAP at all). */
export interface ManualProvider {
  kind: 'manual';
  name: string;
  /** One line: why appeal cannot put the draft there. */
  reason: string;
}

export type Provider = ImapProvider | ManualProvider;

const APP_PASSWORD = 'use an app password, not your normal password';

/** Every provider in the table takes IMAP over TLS on port 993. */
function imap(name: string, host: string, loginHint: string): ImapProvider {
  return { kind: 'imap', name, host, port: 993, loginHint };
}
/** A provider whose account security page makes app passwords. */
function withAppPassword(name: string, host: string, where: string): ImapProvider {
  return imap(name, host, `${name.split(' ')[0]} needs an app password (${where}); ${APP_PASSWORD}.`);
}
function mailboxPassword(name: string, host: string, account: string): ImapProvider {
  return imap(name, host, `Use the password of the mailbox itself (not your ${account} account).`);
}

const GMAIL = imap(
  'Gmail',
  'imap.gmail.com',
  `Gmail needs 2-Step Verification turned on and an app password (Google Account > Security > App passwords); ${APP_PASSWORD}.`,
);
const GOOGLE_WORKSPACE: ImapProvider = {
  ...GMAIL,
  name: 'Google Workspace',
  loginHint: `${GMAIL.loginHint} If App passwords is missing, your Workspace administrator has turned it off.`,
};
const ICLOUD = imap('iCloud Mail', 'imap.mail.me.com', 'iCloud needs an app-specific password (account.apple.com > Sign-In and Security > App-Specific Passwords); if your full address is refused as login, try --user with only the part before the @.');
const YAHOO = withAppPassword('Yahoo Mail', 'imap.mail.yahoo.com', 'Account Info > Account Security > Generate app password');
const AOL = withAppPassword('AOL Mail', 'imap.aol.com', 'Account Info > Account Security > Generate app password');
const ATT = imap('AT&T Mail', 'imap.mail.att.net', 'AT&T needs a secure mail key (myAT&T > Profile > Sign-in info > Secure mail key) instead of your password.');
const FASTMAIL = withAppPassword('Fastmail', 'imap.fastmail.com', 'Settings > Privacy & Security > App passwords, with IMAP access');
const TURN_ON_IMAP = 'first; with two-factor authentication use an app password.';
const GMX_COM = imap('GMX', 'imap.gmx.com', `Turn on IMAP access in the GMX settings (POP3 & IMAP) ${TURN_ON_IMAP}`);
const GMX_NET: ImapProvider = { ...GMX_COM, host: 'imap.gmx.net' };
const WEB_DE = imap('WEB.DE', 'imap.web.de', `Turn on IMAP access in the WEB.DE settings (POP3/IMAP) ${TURN_ON_IMAP}`);
const MAIL_COM = imap('mail.com', 'imap.mail.com', `Turn on IMAP access in the mail.com settings (POP3 & IMAP) ${TURN_ON_IMAP}`);
const zoho = (host: string) =>
  imap('Zoho Mail', host, 'Turn on IMAP access in Zoho Mail (Settings > Mail Accounts > IMAP); with two-factor authentication use an app-specific password.');
const YANDEX = withAppPassword('Yandex Mail', 'imap.yandex.com', 'Yandex ID > Security > App passwords');
const COMCAST = imap('Xfinity (Comcast)', 'imap.comcast.net', 'Allow third-party access in your Xfinity email security settings first.');
const PRIVATE_EMAIL = mailboxPassword('Namecheap Private Email', 'mail.privateemail.com', 'Namecheap');
const GODADDY = mailboxPassword('GoDaddy Workspace Email', 'imap.secureserver.net', 'GoDaddy');
const HOSTINGER = mailboxPassword('Hostinger Email', 'imap.hostinger.com', 'Hostinger');

const MICROSOFT: ManualProvider = {
  kind: 'manual',
  name: 'Microsoft (Outlook.com / Microsoft 365)',
  reason:
    'Microsoft mail (Outlook.com, Hotmail, Live, Microsoft 365) accepts IMAP only with an OAuth sign-in in the browser, which appeal does not do, and no password works there.',
};
const PROTON: ManualProvider = {
  kind: 'manual',
  name: 'Proton Mail',
  reason:
    'Proton Mail has no IMAP server of its own; it needs the Proton Mail Bridge app (paid plans), whose own certificate appeal does not trust.',
};
const TUTA: ManualProvider = {
  kind: 'manual',
  name: 'Tuta',
  reason: 'Tuta (Tutanota) mail offers no IMAP access at all.',
};

/** Exact domains (lower case) of consumer addresses. */
const BY_DOMAIN: ReadonlyMap<string, Provider> = new Map<string, Provider>([
  ...['gmail.com', 'googlemail.com'].map((d) => [d, GMAIL] as const),
  ...['icloud.com', 'me.com', 'mac.com'].map((d) => [d, ICLOUD] as const),
  ...['yahoo.com', 'ymail.com', 'rocketmail.com'].map((d) => [d, YAHOO] as const),
  ...['aol.com', 'aim.com', 'love.com', 'ygm.com', 'games.com', 'wow.com'].map((d) => [d, AOL] as const),
  ...['att.net', 'sbcglobal.net', 'bellsouth.net', 'pacbell.net', 'swbell.net', 'flash.net', 'prodigy.net', 'ameritech.net', 'snet.net', 'wans.net', 'nvbell.net'].map(
    (d) => [d, ATT] as const,
  ),
  ...['fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org', 'fastmail.us', 'fastmail.co.uk', 'fastmail.de', 'fastmail.in', 'sent.com', 'messagingengine.com'].map(
    (d) => [d, FASTMAIL] as const,
  ),
  ['gmx.com', GMX_COM],
  ['gmx.us', GMX_COM],
  ['gmx.co.uk', GMX_COM],
  ['gmx.fr', GMX_COM],
  ['gmx.es', GMX_COM],
  ...['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'].map((d) => [d, GMX_NET] as const),
  ['web.de', WEB_DE],
  ...['mail.com', 'email.com', 'usa.com', 'post.com', 'myself.com', 'consultant.com', 'dr.com', 'engineer.com', 'writeme.com'].map(
    (d) => [d, MAIL_COM] as const,
  ),
  ...['zoho.com', 'zohomail.com'].map((d) => [d, zoho('imap.zoho.com')] as const),
  ['zohomail.eu', zoho('imap.zoho.eu')],
  ['zohomail.in', zoho('imap.zoho.in')],
  ...['yandex.com', 'yandex.ru', 'ya.ru'].map((d) => [d, YANDEX] as const),
  ['comcast.net', COMCAST],
  ...['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'].map((d) => [d, PROTON] as const),
  ...['tuta.com', 'tutanota.com', 'tutanota.de', 'tutamail.com', 'tuta.io', 'keemail.me'].map((d) => [d, TUTA] as const),
]);

/** Microsoft's consumer domains exist under many country endings: outlook.fr, hotmail.co.uk, live.com.au... */
const MICROSOFT_CONSUMER = /^(outlook|hotmail|live|msn|windowslive|passport)\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;
/** Yahoo's country domains: yahoo.co.uk, yahoo.fr, yahoo.com.au, ... */
const YAHOO_COUNTRY = /^yahoo\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** MX host name endings (lower case, no trailing dot) of providers that host business domains. */
const BY_MX: readonly (readonly [string, Provider])[] = [
  ['google.com', GOOGLE_WORKSPACE],
  ['googlemail.com', GOOGLE_WORKSPACE],
  ['mail.protection.outlook.com', MICROSOFT],
  ['mx.microsoft', MICROSOFT],
  // Zoho's organisation (own domain) accounts use the "pro" servers.
  ['zoho.com', zoho('imappro.zoho.com')],
  ['zoho.eu', zoho('imappro.zoho.eu')],
  ['zoho.in', zoho('imappro.zoho.in')],
  ['zoho.com.au', zoho('imappro.zoho.com.au')],
  ['zohocloud.ca', zoho('imappro.zohocloud.ca')],
  ['zoho.jp', zoho('imappro.zoho.jp')],
  ['messagingengine.com', FASTMAIL],
  ['mail.icloud.com', ICLOUD],
  ['protonmail.ch', PROTON],
  ['privateemail.com', PRIVATE_EMAIL],
  ['secureserver.net', GODADDY],
  ['hostinger.com', HOSTINGER],
];

export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return null;
  return address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
}

/** The provider of a consumer address by its domain alone, or null for a domain of the seller's own. */
export function providerOfDomain(domain: string): Provider | null {
  const d = domain.toLowerCase();
  const known = BY_DOMAIN.get(d);
  if (known) return known;
  if (MICROSOFT_CONSUMER.test(d)) return MICROSOFT;
  if (YAHOO_COUNTRY.test(d)) return YAHOO;
  return null;
}

/** The provider hosting a business domain, from its MX host names; null when none is known. */
export function providerOfMx(mxHosts: readonly string[]): Provider | null {
  for (const raw of mxHosts) {
    const host = raw.toLowerCase().replace(/\.$/, '');
    for (const [suffix, provider] of BY_MX) {
      if (host === suffix || host.endsWith(`.${suffix}`)) return provider;
    }
  }
  return null;
}

/** A provider by host name, so a seller passing --imap imap.gmail.com still gets Gmail's hints. */
export function providerOfHost(host: string): ImapProvider | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const provider of [...BY_DOMAIN.values(), ...BY_MX.map(([, p]) => p)]) {
    if (provider.kind === 'imap' && provider.host === h) return provider;
  }
  return null;
}

/** Microsoft's own IMAP host names: a seller typing them in gets the OAuth explanation too. */
export function isMicrosoftHost(host: string): boolean {
  return /(^|\.)(outlook\.office365\.com|office365\.com|outlook\.com|hotmail\.com|live\.com)$/i.test(host.replace(/\.$/, ''));
}

export const MICROSOFT_PROVIDER = MICROSOFT;
