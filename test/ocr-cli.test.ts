/**
 * Only the CLI listens for Ctrl-C and SIGTERM: a real `appeal check` reading photos stops on
 * either, says so in one line and exits 130 / 143, as shells expect.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto } from '../bench/ocr/generate.js';
import { bin, root } from './helpers/cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-ocr-cli-'));
  // Photos without the name: every view is read, so the check runs long enough to be stopped.
  for (let i = 0; i < 4; i++) await writeFile(join(dir, `0${i}.jpg`), (await makeSignPhoto({ width: 2400, height: 1800, lines: ['Open Studio'], capPx: 40, seed: 80 + i })).buffer);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function stopCheckWith(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; stdout: string; ms: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'check', dir, '--business-name', 'Cactus Hands'], {
      cwd: root,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', APPEAL_CACHE_DIR: join(dir, `cache-${signal}`) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let sentAt = 0;
    // Probing takes well under a second; by then the workers are reading.
    const timer = setTimeout(() => {
      sentAt = Date.now();
      child.kill(signal);
    }, 4000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout, ms: sentAt ? Date.now() - sentAt : -1 });
    });
  });
}

describe('stopping a check while it reads the photos', () => {
  it('exits 130 on Ctrl-C (SIGINT) with one line, and nothing on stdout', async () => {
    const run = await stopCheckWith('SIGINT');
    expect(run.ms).toBeGreaterThanOrEqual(0);
    expect(run.code).toBe(130);
    expect(run.stderr.trim()).toBe('appeal: check stopped; nothing was changed.');
    expect(run.stdout).toBe('');
  }, 60_000);

  it('exits 143 on SIGTERM', async () => {
    const run = await stopCheckWith('SIGTERM');
    expect(run.code).toBe(143);
    expect(run.stderr).toMatch(/check stopped/);
  }, 60_000);
});
