/**
 * A throwaway Dovecot IMAP server for the `appeal draft` tests: its own configuration, users,
 * maildirs and a self-signed certificate made at test time, listening on loopback ports
 * (implicit TLS and STARTTLS), stopped with `doveadm stop` afterwards. Debian's
 * dovecot-imapd provides the binaries (.ci/run installs it when missing).
 *
 * Running as root (CI, this sandbox) the mail is owned by `nobody` and Dovecot's own
 * `dovecot`/`dovenull` users run the login processes; as another user, that user runs it all.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export interface MailUser {
  user: string;
  password: string;
  /** Folders made before the test (INBOX always exists). */
  folders?: string[];
  /** Quota on the whole mailbox, e.g. "20K": an APPEND past it fails with [OVERQUOTA]. */
  quota?: string;
  /** Largest message the server stores (refused with [LIMIT], not announced). */
  maxMailSize?: string;
  /** Announced as APPENDLIMIT=<n> after login. */
  appendLimit?: number;
}

export interface StoredMessage {
  uid: number;
  flags: Set<string>;
  source: Buffer;
  messageId: string | null;
}

export interface MailServer {
  host: string;
  /** IMAP over TLS from the first byte. */
  tlsPort: number;
  /** Plain IMAP that must be upgraded with STARTTLS. */
  starttlsPort: number;
  /** The self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  dir: string;
  /** Every folder of `user` with the messages in it, read through a trusted connection. */
  folders(user: string): Promise<Map<string, StoredMessage[]>>;
  /** Adds a folder with doveadm (not through the code under test). */
  createFolder(user: string, name: string): void;
  stop(): Promise<void>;
}

/** A tool by name: on PATH, else in /usr/sbin (not on a normal user's PATH on Debian). */
function tool(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  for (const dir of ['/usr/sbin', '/usr/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

export function dovecotAvailable(): boolean {
  return ['dovecot', 'doveadm', 'openssl'].every((name) => tool(name) !== null);
}

function need(name: string): string {
  const path = tool(name);
  if (!path) throw new Error(`${name} is not installed (apt-get install dovecot-imapd openssl)`);
  return path;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function passwdLine(u: MailUser, home: string, uid: string, gid: string): string {
  const extra = [
    u.quota ? `userdb_quota_rule=*:storage=${u.quota}` : '',
    u.maxMailSize ? `userdb_quota_max_mail_size=${u.maxMailSize}` : '',
    u.appendLimit ? `userdb_imap_capability=+APPENDLIMIT=${u.appendLimit}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (/[:\s]/.test(u.password) || /[:\s]/.test(u.user)) throw new Error('test users and passwords must not hold ":" or spaces');
  return `${u.user}:{PLAIN}${u.password}:${uid}:${gid}::${home}::${extra}`;
}

/** Dovecot's own service users are replaced by the one running the tests. */
function unprivileged(user: string): string {
  const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  return `default_internal_user = ${user}\ndefault_internal_group = ${group}\ndefault_login_user = ${user}\n`;
}

export async function startDovecot(users: MailUser[]): Promise<MailServer> {
  const dir = await mkdtemp(join(tmpdir(), 'appeal-dovecot-'));
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailIds = root ? execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim() : String(me.uid);
  const mailGid = root ? execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim() : String(me.gid);
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  if (root) chownSync(join(dir, 'mail'), Number(mailIds), Number(mailGid));

  // A certificate for 127.0.0.1 and localhost, made now, trusted only by whoever is told.
  const caFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    need('openssl'),
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );

  const tlsPort = await freePort();
  const starttlsPort = await freePort();
  writeFileSync(
    join(dir, 'users'),
    `${users.map((u) => passwdLine(u, join(dir, 'mail', u.user), mailIds, mailGid)).join('\n')}\n`,
  );
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `# Throwaway test server: loopback only, this folder only.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${root ? '' : unprivileged(me.username)}ssl = required
ssl_cert = <${caFile}
ssl_key = <${keyFile}
disable_plaintext_auth = yes
auth_mechanisms = plain login
# Refusals at once: the tests try wrong passwords on purpose.
auth_failure_delay = 0
mail_location = maildir:~/Maildir
mail_plugins = quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  quota_vsizes = yes
}
service imap-login {
  # No chroot: it needs root, and this server may run as the test's user.
  chroot =
  inet_listener imap {
    port = ${starttlsPort}
  }
  inet_listener imaps {
    port = ${tlsPort}
    ssl = yes
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
  }
  mailbox Sent {
    special_use = \\Sent
  }
}
`,
  );
  // Dovecot daemonises: no pipes attached, or the test runner would wait on them.
  const dovecot = need('dovecot');
  const doveadm = need('doveadm');
  const started = spawnSync(dovecot, ['-c', conf], { stdio: 'ignore' });
  if (started.status !== 0) {
    const log = existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '';
    await rm(dir, { recursive: true, force: true });
    throw new Error(`dovecot did not start (exit ${started.status}): ${log}`);
  }
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(doveadm, ['-c', conf, 'stop'], { stdio: 'ignore' });
  };
  process.once('exit', stopSync);
  await waitForPort(tlsPort, 10_000);
  await waitForPort(starttlsPort, 10_000);

  const createFolder = (user: string, name: string) => {
    execFileSync(doveadm, ['-c', conf, 'mailbox', 'create', '-u', user, name], { stdio: 'pipe' });
  };
  for (const u of users) for (const folder of u.folders ?? []) createFolder(u.user, folder);

  const ca = readFileSync(caFile);
  const server: MailServer = {
    host: '127.0.0.1',
    tlsPort,
    starttlsPort,
    caFile,
    dir,
    createFolder,
    async folders(user: string) {
      const account = users.find((u) => u.user === user);
      if (!account) throw new Error(`no test user ${user}`);
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: tlsPort,
        secure: true,
        auth: { user, pass: account.password },
        tls: { ca },
        logger: false,
        disableAutoIdle: true,
      });
      client.on('error', () => {});
      await client.connect();
      const result = new Map<string, StoredMessage[]>();
      try {
        for (const folder of await client.list()) {
          const lock = await client.getMailboxLock(folder.path, { readOnly: true });
          try {
            const messages: StoredMessage[] = [];
            if ((client.mailbox && client.mailbox.exists) || 0) {
              for await (const m of client.fetch('1:*', { uid: true, flags: true, source: true, envelope: true })) {
                messages.push({ uid: m.uid, flags: m.flags ?? new Set(), source: m.source ?? Buffer.alloc(0), messageId: m.envelope?.messageId ?? null });
              }
            }
            result.set(folder.path, messages);
          } finally {
            lock.release();
          }
        }
      } finally {
        await client.logout().catch(() => {});
        client.close();
      }
      return result;
    },
    async stop() {
      stopSync();
      process.off('exit', stopSync);
      // The master removes its pid file when every process has gone.
      const pidFile = join(dir, 'run', 'master.pid');
      const until = Date.now() + 5000;
      while (existsSync(pidFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}
