import { describe, expect, it } from 'vitest';
import { AppealError } from '../src/appeal/errors.js';
import { explainFailure, type FailureContext } from '../src/draft/failure.js';
import { chooseMailbox, findDraftsFolder, type FolderInfo } from '../src/draft/mailbox.js';
import { manualSteps } from '../src/draft/manual.js';
import { providerOfDomain, providerOfMx, type ManualProvider } from '../src/draft/providers.js';
import { chooseServer, ManualOnlyError, parseImapOption, tlsStartFor } from '../src/draft/server.js';

/**
 * The parts of `appeal draft` that need no server: which IMAP server an address belongs to,
 * how --imap is read, which folder is Drafts, and how a failure reads. The real server is in
 * draft.test.ts.
 */

const noMx = async () => [];

describe('the IMAP server from the seller\'s address', () => {
  it.each([
    ['shop@gmail.com', 'imap.gmail.com'],
    ['shop@googlemail.com', 'imap.gmail.com'],
    ['shop@icloud.com', 'imap.mail.me.com'],
    ['shop@me.com', 'imap.mail.me.com'],
    ['shop@yahoo.com', 'imap.mail.yahoo.com'],
    ['shop@yahoo.co.uk', 'imap.mail.yahoo.com'],
    ['shop@aol.com', 'imap.aol.com'],
    ['shop@fastmail.com', 'imap.fastmail.com'],
    ['shop@gmx.com', 'imap.gmx.com'],
    ['shop@gmx.de', 'imap.gmx.net'],
    ['shop@zoho.com', 'imap.zoho.com'],
    ['Shop@GMail.COM', 'imap.gmail.com'],
  ])('%s → %s:993 over TLS', async (address, host) => {
    const server = await chooseServer({ address, lookupMx: noMx });
    expect(server).toMatchObject({ host, port: 993, tls: 'implicit' });
    expect(server.provider?.loginHint).toBeTruthy();
  });

  it('says Gmail needs 2-Step Verification and an app password', () => {
    const gmail = providerOfDomain('gmail.com');
    expect(gmail?.kind === 'imap' && gmail.loginHint).toMatch(/2-Step Verification.*app password/);
  });

  it.each(['outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'live.com.au', 'msn.com', 'outlook.fr'])(
    'Microsoft consumer mail (%s) is explained, not tried',
    async (domain) => {
      const error = await chooseServer({ address: `shop@${domain}`, lookupMx: noMx }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ManualOnlyError);
      expect((error as ManualOnlyError).provider.reason).toMatch(/OAuth/);
    },
  );

  it('a shop\'s own domain is looked up by its MX hosts', async () => {
    const mx = (hosts: string[]) => async () => hosts;
    expect((await chooseServer({ address: 'me@fernhollow.example', lookupMx: mx(['aspmx.l.google.com.']) })).host).toBe('imap.gmail.com');
    expect((await chooseServer({ address: 'me@fernhollow.example', lookupMx: mx(['mx.zoho.eu']) })).host).toBe('imappro.zoho.eu');
    expect((await chooseServer({ address: 'me@fernhollow.example', lookupMx: mx(['in1-smtp.messagingengine.com']) })).host).toBe('imap.fastmail.com');
    const microsoft = await chooseServer({ address: 'me@fernhollow.example', lookupMx: mx(['fernhollow-example.mail.protection.outlook.com']) }).catch(
      (e: unknown) => e,
    );
    expect(microsoft).toBeInstanceOf(ManualOnlyError);
  });

  it('an unknown domain asks for --imap instead of guessing', async () => {
    const error = await chooseServer({ address: 'me@fernhollow.example', lookupMx: async () => ['mx.unheard-of.example'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/does not know the IMAP server for fernhollow\.example\. Pass --imap/);
  });

  it('no address and no --imap says what to pass', async () => {
    const error = await chooseServer({ address: null }).catch((e: unknown) => e);
    expect((error as AppealError).toLine()).toContain('--imap <server> and --user <login>');
  });

  it('MX matching is by whole labels, not by any ending', () => {
    expect(providerOfMx(['notgoogle.com'])).toBeNull();
    expect(providerOfMx(['alt1.aspmx.l.google.com'])?.name).toBe('Google Workspace');
  });
});

describe('--imap', () => {
  it('reads host, host:port and [IPv6]:port; TLS from the port', async () => {
    expect(parseImapOption('imap.example.com')).toEqual({ host: 'imap.example.com', port: 993 });
    expect(parseImapOption('imap.example.com:143')).toEqual({ host: 'imap.example.com', port: 143 });
    expect(parseImapOption('[::1]:1993')).toEqual({ host: '::1', port: 1993 });
    expect(tlsStartFor(993)).toBe('implicit');
    expect(tlsStartFor(143)).toBe('starttls');
    expect(tlsStartFor(1993)).toBe('either');
    const server = await chooseServer({ imap: 'imap.gmail.com', address: null });
    expect(server.provider?.name).toBe('Gmail');
  });

  it.each(['imap.example.com:0', 'imap.example.com:99999', 'imap example.com', '::1:993', 'host:port'])('refuses "%s" in one line', (value) => {
    expect(() => parseImapOption(value)).toThrow(AppealError);
  });

  it('Microsoft\'s own server names get the explanation too', async () => {
    await expect(chooseServer({ imap: 'outlook.office365.com', address: null })).rejects.toBeInstanceOf(ManualOnlyError);
  });
});

describe('the Drafts folder', () => {
  const folder = (path: string, specialUse?: string, flags: string[] = []): FolderInfo => ({
    path,
    name: path.split('/').pop()!,
    specialUse,
    flags: new Set(flags),
  });

  it('is the one marked \\Drafts', () => {
    expect(findDraftsFolder([folder('INBOX', '\\Inbox'), folder('[Gmail]/Drafts', '\\Drafts'), folder('Drafts')])?.path).toBe('[Gmail]/Drafts');
  });

  it('is never a folder that cannot hold mail', () => {
    expect(findDraftsFolder([folder('Drafts', '\\Drafts', ['\\Noselect'])])).toBeNull();
  });

  it('--mailbox must exist; the message lists what does', () => {
    const folders = [folder('INBOX'), folder('Notes')];
    expect(chooseMailbox(folders, 'notes', 'imap.example.com').path).toBe('Notes');
    expect(() => chooseMailbox(folders, 'Entwurf', 'imap.example.com')).toThrow(/no such folder on imap\.example\.com; appeal creates no folder/);
    expect(() => chooseMailbox(folders, undefined, 'imap.example.com')).toThrow(/found no Drafts folder/);
  });
});

describe('failures read as one line, without the password', () => {
  const context: FailureContext = {
    server: { host: 'imap.example.com', port: 993, tls: 'implicit', provider: null },
    user: 'me@example.com',
    secret: 'hunter2-secret',
    timeoutSec: 30,
    messageBytes: 2_400_000,
    uploading: true,
  };
  const imapError = (fields: Record<string, unknown>) => Object.assign(new Error('Command failed'), fields);

  it('quotes a refusal it has no line for, with the password scrubbed', () => {
    const line = explainFailure(imapError({ responseStatus: 'NO', responseText: 'Rejected hunter2-secret\r\nsecond line' }), context)!.toLine();
    expect(line).not.toContain('hunter2-secret');
    expect(line).not.toContain('\n');
    expect(line).toContain('refused the request: "Rejected *** second line"; nothing was saved.');
  });

  it('says a full mailbox and a too-large email apart', () => {
    expect(explainFailure(imapError({ serverResponseCode: 'OVERQUOTA', responseStatus: 'NO' }), context)!.toLine()).toMatch(/is full: no room for the 2\.40 MB email/);
    expect(explainFailure(imapError({ serverResponseCode: 'TOOBIG', responseStatus: 'NO' }), context)!.toLine()).toMatch(/does not accept an email of 2\.40 MB/);
  });

  it('leaves unknown errors to the bug path', () => {
    expect(explainFailure(new TypeError('x is undefined'), context)).toBeNull();
  });
});

describe('manual steps', () => {
  it('name the recipient, the subject and the files to attach', () => {
    const microsoft = { kind: 'manual', name: 'Microsoft (Outlook.com / Microsoft 365)', reason: 'OAuth only.' } as ManualProvider;
    const lines = manualSteps(
      microsoft,
      { bytes: Buffer.alloc(0), messageId: null, from: null, to: ['review@example.org'], subject: 'Handmade review', attachments: ['appeal.docx', 'belt.mp4'] },
      '/nowhere/out',
    ).join('\n');
    expect(lines).toContain('To:      review@example.org');
    expect(lines).toContain('Subject: Handmade review');
    expect(lines).toContain('Attach:  appeal.docx, belt.mp4');
    expect(lines).toContain('Classic Outlook for Windows');
  });
});
