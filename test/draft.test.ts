import { NAME_RULES_OFF } from './helpers/rules.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { appeal as runAppeal, bin, root } from './helpers/cli.js';
import { makeEml } from './helpers/check.js';
import { dovecotAvailable, freePort, startDovecot, type MailServer, type MailUser } from './helpers/dovecot.js';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';
import { slowLink } from './helpers/slow-link.js';

/**
 * `appeal draft` against a real IMAP server: Dovecot on loopback with its own certificate,
 * users and quotas, fed by a real `appeal build` of a small generated appeal. What lands in
 * the server is read back through a separate, trusted IMAP connection.
 */

const ASIN = 'B0DRAFT123';
const PASSWORD = 'Kx7-draft-pass-Q2';
const users = [
  'seller',
  'rerun',
  'rebuild',
  'starttls',
  'byname',
  'nodrafts',
  'pick',
  'full',
  'tight',
  'small',
  'wrongpass',
  'cancel',
  'killed',
  'tty',
  'prompt',
  'secret',
] as const;
type Who = (typeof users)[number];
const login = (who: Who) => `${who}@example.com`;

const WRONG_PASSWORD = 'Wr0ng-guess-71';
const available = dovecotAvailable();
/** Everything the command printed in this file, searched for the passwords at the end. */
const printed: string[] = [];

function appeal(...args: Parameters<typeof runAppeal>) {
  const run = runAppeal(...args);
  printed.push(run.stdout, run.stderr);
  return run;
}
let server: MailServer;
let work: WorkDir;
let built: string;
let emlBytes: Buffer;
let counter = 0;

function account(who: Who): MailUser {
  const base: MailUser = { user: login(who), password: PASSWORD, folders: ['Drafts', 'Sent'] };
  if (who === 'byname') return { ...base, folders: ['Brouillons', 'Sent'] };
  if (who === 'nodrafts') return { ...base, folders: ['Notes'] };
  if (who === 'pick') return { ...base, folders: ['Drafts', 'Notes'] };
  if (who === 'full') return { ...base, quota: '20K' };
  if (who === 'tight') return { ...base, appendLimit: 5000 };
  if (who === 'small') return { ...base, maxMailSize: '10k' };
  return base;
}

function appealJson(email: string) {
  return {
    version: 1,
    business: { name: 'Fernhollow Leather', email },
    notice: { kind: 'initial', asins: [ASIN], replyTo: 'handmade-store-appeal-review@amazon.com' },
    // Reading the name (OCR) is tested where it lives; here it would only slow every run.
    rules: { ...NAME_RULES_OFF },
    answers: {
      process: 'I cut each belt from a hide and stitch it by hand at my bench.',
      design: 'I draw every pattern on card first.',
      location: 'A workshop behind my house.',
      team: 'Only me.',
      timePerItem: 'About two hours.',
      finalProduct: 'Leather belts.',
      employees: 'None.',
      weeklyCapacity: 10,
      additional: 'Thank you for looking at my shop.',
    },
    media: [
      ...[1, 2, 3].map((i) => ({ file: `photos/belt-${i}.jpg`, asins: [ASIN], caption: `Step ${i}: shaping a belt by hand at my bench.` })),
      { file: 'photos/belt.mp4', asins: [ASIN], caption: 'Stitching a belt at my bench from start to end.' },
    ],
  };
}

/** A copy of the built appeal of its own (appeal.json remembers drafts per folder). */
async function freshAppeal(email = 'seller@example.com'): Promise<string> {
  const dir = work.path(`case-${++counter}`);
  await cp(built, dir, { recursive: true, preserveTimestamps: true });
  const json = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8'));
  json.business.email = email;
  await writeFile(join(dir, 'appeal.json'), JSON.stringify(json, null, 2));
  // Keep the build newer than appeal.json, as after a real build.
  const builtAt = (await stat(join(dir, 'out', 'appeal.eml'))).mtimeMs;
  const before = new Date(builtAt - 1000);
  await utimes(join(dir, 'appeal.json'), before, before);
  return dir;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: server.caFile, APPEAL_IMAP_PASSWORD: PASSWORD, TMPDIR: work.path('tmp'), ...extra };
}

function draft(dir: string, who: Who, extraArgs: string[] = [], extraEnv: Record<string, string> = {}) {
  return appeal(['draft', dir, '--imap', `127.0.0.1:${server.tlsPort}`, '--user', login(who), ...extraArgs], { env: env(extraEnv) });
}

async function folder(who: Who, name: string) {
  return (await server.folders(login(who))).get(name) ?? [];
}

async function folderNames(who: Who): Promise<string[]> {
  return [...(await server.folders(login(who))).keys()].sort();
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.startsWith('appeal:'));
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  return lines[0]!;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

async function until(test: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  if (!available) {
    console.warn('appeal draft tests skipped: Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it).');
    return;
  }
  work = await makeWorkDir('appeal-draft-');
  await mkdir(work.path('tmp'));
  server = await startDovecot(users.map(account));
  built = work.path('built');
  for (const i of [1, 2, 3]) {
    await makePhoto(join(built, 'photos', `belt-${i}.jpg`), { width: 1200, height: 1000, seed: 40 + i, quality: 85, sign: { text: 'FERNHOLLOW' } });
  }
  await makeClip(join(built, 'photos', 'belt.mp4'), { seconds: 2, width: 320, height: 240, audio: true, text: 'FERNHOLLOW' });
  await writeFile(join(built, 'appeal.json'), JSON.stringify(appealJson('seller@example.com'), null, 2));
  const run = appeal(['build', built], { timeout: 240_000 });
  if (run.status !== 0) throw new Error(`build failed: ${run.stderr}${run.stdout}`);
  emlBytes = await readFile(join(built, 'out', 'appeal.eml'));
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await work?.cleanup();
});

describe.skipIf(!available)('appeal draft against a real IMAP server', () => {
  it('puts the built email into Drafts, flagged \\Draft, byte for byte', async () => {
    const dir = await freshAppeal();
    const run = draft(dir, 'seller');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Draft saved in Drafts on 127.0.0.1:${server.tlsPort} for seller@example.com.`);
    const drafts = await folder('seller', 'Drafts');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.flags.has('\\Draft')).toBe(true);
    expect(drafts[0]!.source.equals(emlBytes)).toBe(true);
    // Nothing anywhere else, no folder made.
    expect(await folder('seller', 'INBOX')).toHaveLength(0);
    expect(await folder('seller', 'Sent')).toHaveLength(0);
    expect(await folderNames('seller')).toEqual(['Drafts', 'INBOX', 'Sent']);
    // appeal.json remembers which message it put there, and nothing secret.
    const saved = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8'));
    expect(saved.draft.messageIds).toEqual([drafts[0]!.messageId]);
    expect(saved.draft.mailbox).toBe('Drafts');
  });

  it('a second run replaces its earlier draft and leaves the seller\'s own drafts alone', async () => {
    const dir = await freshAppeal();
    const own = await makeEml(work.path('own.eml'), { to: 'friend@example.org', from: login('rerun'), subject: 'My own draft', text: 'Hello', attachments: [] });
    expect(draft(dir, 'rerun').status).toBe(0);
    // The seller's own draft, saved in between, stays.
    const ownBytes = await readFile(own);
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({ host: '127.0.0.1', port: server.tlsPort, secure: true, auth: { user: login('rerun'), pass: PASSWORD }, tls: { ca: await readFile(server.caFile) }, logger: false });
    await client.connect();
    await client.append('Drafts', ownBytes, ['\\Draft']);
    await client.logout();
    const first = (await folder('rerun', 'Drafts')).find((m) => m.source.equals(emlBytes))!;

    const again = draft(dir, 'rerun');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('It replaces the draft appeal put there before.');
    const drafts = await folder('rerun', 'Drafts');
    expect(drafts).toHaveLength(2);
    const ours = drafts.filter((m) => m.source.equals(emlBytes));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.uid).toBeGreaterThan(first.uid);
    expect(drafts.some((m) => m.source.equals(ownBytes))).toBe(true);
  });

  it('appeal build && appeal draft: after a rebuild (a new email), still exactly one draft, the new one', async () => {
    const dir = await freshAppeal();
    expect(draft(dir, 'rebuild').status).toBe(0);
    const rebuilt = appeal(['build', dir], { timeout: 240_000 });
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    const newEml = await readFile(join(dir, 'out', 'appeal.eml'));
    expect(newEml.equals(emlBytes)).toBe(false);
    const run = draft(dir, 'rebuild');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('It replaces the draft appeal put there before.');
    const drafts = await folder('rebuild', 'Drafts');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.source.equals(newEml)).toBe(true);
    expect(drafts[0]!.flags.has('\\Draft')).toBe(true);
  }, 300_000);

  it('upgrades a plain IMAP port with STARTTLS, never logging in unencrypted', async () => {
    const dir = await freshAppeal();
    const run = appeal(['draft', dir, '--imap', `127.0.0.1:${server.starttlsPort}`, '--user', login('starttls')], { env: env() });
    expect(run.status, run.stderr).toBe(0);
    const drafts = await folder('starttls', 'Drafts');
    expect(drafts.map((m) => m.source.equals(emlBytes))).toEqual([true]);
  });

  it('finds a Drafts folder by its usual name when the server does not flag it', async () => {
    const dir = await freshAppeal();
    const run = draft(dir, 'byname');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Draft saved in Brouillons');
    expect((await folder('byname', 'Brouillons')).map((m) => m.flags.has('\\Draft'))).toEqual([true]);
    expect(await folderNames('byname')).toEqual(['Brouillons', 'INBOX', 'Sent']);
  });

  it('creates no folder when there is no Drafts folder, and says how to name one', async () => {
    const dir = await freshAppeal();
    const run = draft(dir, 'nodrafts');
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/found no Drafts folder on 127\.0\.0\.1; appeal creates no folder\. .*--mailbox.*Notes/);
    expect(await folderNames('nodrafts')).toEqual(['INBOX', 'Notes']);
  });

  it('--mailbox picks the folder, and must name one that exists', async () => {
    const dir = await freshAppeal();
    const missing = draft(dir, 'pick', ['--mailbox', 'Entwurf']);
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toContain('--mailbox "Entwurf": no such folder');
    expect(await folderNames('pick')).toEqual(['Drafts', 'INBOX', 'Notes']);
    const run = draft(dir, 'pick', ['--mailbox', 'Notes']);
    expect(run.status, run.stderr).toBe(0);
    expect((await folder('pick', 'Notes')).map((m) => m.source.equals(emlBytes))).toEqual([true]);
    expect(await folder('pick', 'Drafts')).toHaveLength(0);
  });

  describe('each failure is one line, exit 2, and changes nothing on the server', () => {
    it('wrong password', async () => {
      const run = draft(await freshAppeal(), 'wrongpass', [], { APPEAL_IMAP_PASSWORD: WRONG_PASSWORD });
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/refused the login for wrongpass@example\.com\. .*app password/);
      expect(await folder('wrongpass', 'Drafts')).toHaveLength(0);
    });

    it('unknown host', async () => {
      const run = appeal(['draft', await freshAppeal(), '--imap', 'imap.no-such-host.invalid', '--user', 'x@example.com'], { env: env() });
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toContain('cannot find the mail server imap.no-such-host.invalid.');
    });

    it('refused connection', async () => {
      const port = await freePort();
      const run = appeal(['draft', await freshAppeal(), '--imap', `127.0.0.1:${port}`, '--user', 'x@example.com'], { env: env() });
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toContain(`127.0.0.1:${port} refused the connection.`);
    });

    it('timeout: a server that never answers', async () => {
      const silent: Server = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      try {
        const started = Date.now();
        const run = appeal(['draft', await freshAppeal(), '--imap', `127.0.0.1:${port}`, '--user', 'x@example.com'], {
          env: env({ APPEAL_IMAP_TIMEOUT: '1' }),
        });
        expect(run.status).toBe(2);
        expect(oneLine(run.stderr)).toContain(`127.0.0.1:${port} did not answer within 1 second.`);
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        silent.close();
      }
    });

    it('mailbox full', async () => {
      const run = draft(await freshAppeal(), 'full');
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/your mailbox on 127\.0\.0\.1 is full: no room for the .* email; nothing was saved\./);
      expect(await folder('full', 'Drafts')).toHaveLength(0);
    });

    it('message too large for the APPENDLIMIT the server announces (nothing is sent)', async () => {
      const run = draft(await freshAppeal(), 'tight');
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/does not accept an email of .* \(it accepts at most 5 KB\); nothing was saved\. That is too small for photos/);
      expect(await folder('tight', 'Drafts')).toHaveLength(0);
    });

    it('message too large for a server that only says so at the end', async () => {
      const run = draft(await freshAppeal(), 'small');
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/does not accept an email of .*; nothing was saved\. Build a smaller one with `appeal build --max-email-size <size>`/);
      expect(await folder('small', 'Drafts')).toHaveLength(0);
    });

    it('a certificate nobody vouches for (no option turns the check off)', async () => {
      const { NODE_EXTRA_CA_CERTS: _trusted, ...untrusted } = env();
      const run = appeal(['draft', await freshAppeal(), '--imap', `127.0.0.1:${server.tlsPort}`, '--user', login('seller')], {
        env: { ...untrusted, NODE_EXTRA_CA_CERTS: '', NODE_TLS_REJECT_UNAUTHORIZED: '0' },
      });
      expect(run.status).toBe(2);
      expect(oneLine(run.stderr)).toContain('the certificate of 127.0.0.1 could not be verified');
    });
  });

  it('refuses an email whose preflight finds errors, before asking anything', async () => {
    const dir = await freshAppeal();
    await makeEml(join(dir, 'out', 'appeal.eml'), { to: 'someone@example.org', from: login('seller'), subject: 'Review', text: 'Please see attached.', attachments: [] });
    const run = appeal(['draft', dir, '--imap', `127.0.0.1:${server.tlsPort}`, '--user', login('seller')], { env: { NODE_EXTRA_CA_CERTS: server.caFile } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error/);
    expect(run.stderr).toContain('failed its preflight check');
    expect(run.stderr).toContain('nothing was uploaded');
  });

  it('without a password and without a terminal, names APPEAL_IMAP_PASSWORD', async () => {
    const run = appeal(['draft', await freshAppeal(), '--imap', `127.0.0.1:${server.tlsPort}`, '--user', login('seller')], {
      env: { NODE_EXTRA_CA_CERTS: server.caFile, APPEAL_IMAP_PASSWORD: '' },
    });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toContain('Set APPEAL_IMAP_PASSWORD');
  });

  it('explains Microsoft mail (OAuth only) and gives the manual steps instead of a failed login', async () => {
    const dir = await freshAppeal('fernhollow@outlook.com');
    const run = appeal(['draft', dir], { env: { APPEAL_IMAP_PASSWORD: PASSWORD } });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/Microsoft mail .* OAuth/);
    expect(run.stdout).toContain('To:      handmade-store-appeal-review@amazon.com');
    expect(run.stdout).toMatch(/Attach: .*appeal\.docx, .*media\/\S+\.mp4/);
    expect(run.stdout).toContain('Classic Outlook for Windows');
  });

  describe('interrupted uploads', () => {
    it('Ctrl-C half way leaves the earlier draft and no partial one', async () => {
      const dir = await freshAppeal();
      expect(draft(dir, 'cancel').status).toBe(0);
      const before = await folder('cancel', 'Drafts');
      const link = await slowLink(server.tlsPort, 400_000);
      try {
        const child = spawn(process.execPath, [bin, 'draft', dir, '--imap', `127.0.0.1:${link.port}`, '--user', login('cancel')], {
          cwd: root,
          env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env() },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const done = exited(child);
        await until(() => link.uploaded() > emlBytes.length * 0.3, 60_000);
        child.kill('SIGINT');
        const { code } = await done;
        printed.push(stderr);
        expect(code, stderr).toBe(130);
        expect(stderr).toMatch(/appeal: cancelled; (nothing was changed in your mailbox|the copy that had already arrived was removed)/);
      } finally {
        await link.close();
      }
      const after = await folder('cancel', 'Drafts');
      expect(after.map((m) => m.uid)).toEqual(before.map((m) => m.uid));
      expect(after[0]!.source.equals(emlBytes)).toBe(true);
    });

    it('a killed upload leaves no draft', async () => {
      const dir = await freshAppeal();
      const link = await slowLink(server.tlsPort, 400_000);
      try {
        const child = spawn(process.execPath, [bin, 'draft', dir, '--imap', `127.0.0.1:${link.port}`, '--user', login('killed')], {
          cwd: root,
          env: { ...process.env, CI: 'true', ...env() },
          stdio: 'ignore',
        });
        const done = exited(child);
        await until(() => link.uploaded() > emlBytes.length * 0.3, 60_000);
        child.kill('SIGKILL');
        await done;
      } finally {
        await link.close();
      }
      // The server drops the half-received message when the connection ends.
      await new Promise((r) => setTimeout(r, 300));
      expect(await folder('killed', 'Drafts')).toHaveLength(0);
    });
  });

  describe('on a terminal', () => {
    it('shows a progress bar while uploading', async () => {
      const dir = await freshAppeal();
      const link = await slowLink(server.tlsPort, 600_000);
      try {
        const run = await inTerminal(['draft', dir, '--imap', `127.0.0.1:${link.port}`, '--user', login('tty')], env());
        expect(run.code, run.output).toBe(0);
        const bars = run.output.match(/\[#*-*\]\s+\d+%/g) ?? [];
        expect(bars.length).toBeGreaterThan(2);
        expect(run.output).toMatch(/\[#{24}\] 100%/);
        expect(run.output).toContain('Draft saved in Drafts');
      } finally {
        await link.close();
      }
      expect(await folder('tty', 'Drafts')).toHaveLength(1);
    });

    it('asks for the password without echoing it', async () => {
      const dir = await freshAppeal();
      const { APPEAL_IMAP_PASSWORD: _unused, ...noPassword } = env();
      const run = await inTerminal(['draft', dir, '--imap', `127.0.0.1:${server.tlsPort}`, '--user', login('prompt')], noPassword, {
        when: /Password for prompt@example\.com at 127\.0\.0\.1/,
        type: `${PASSWORD}\r`,
      });
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('Password for prompt@example.com');
      expect(run.output).not.toContain(PASSWORD);
      expect((await folder('prompt', 'Drafts')).map((m) => m.source.equals(emlBytes))).toEqual([true]);
    });
  });

  // Last, so it sees every run above: successes, refusals, timeouts, cancellations.
  it('the password appears in nothing the command printed or wrote', async () => {
    expect(printed.length).toBeGreaterThan(40);
    const all = printed.join('\n');
    for (const secret of [PASSWORD, WRONG_PASSWORD]) expect(all).not.toContain(secret);
    // The appeal folders (appeal.json, out/) and the temp folder every run was given.
    const files = await listFiles(work.dir);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of [PASSWORD, WRONG_PASSWORD]) expect(bytes.includes(secret), `${file} holds a password`).toBe(false);
    }
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if ((await stat(path)).isFile()) out.push(path);
  }
  return out;
}

/** Runs the CLI in a pseudo-terminal (util-linux `script`), optionally typing once a prompt shows. */
async function inTerminal(
  args: string[],
  extraEnv: Record<string, string>,
  answer?: { when: RegExp; type: string },
): Promise<{ code: number | null; output: string }> {
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const { CI: _ci, NO_COLOR: _nc, ...base } = process.env;
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], {
    cwd: root,
    env: { ...base, ...extraEnv, TERM: 'xterm', COLUMNS: '100' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let typed = false;
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (answer && !typed && answer.when.test(output)) {
      typed = true;
      child.stdin.write(answer.type);
    }
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const { code } = await exited(child);
  clearTimeout(timer);
  printed.push(output);
  return { code, output };
}
