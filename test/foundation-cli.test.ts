import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

import { appeal, bin, root } from './helpers/cli.js';


describe('the appeal command line', () => {
  beforeAll(() => {
    if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
  });

  it('lists every command in --help and exits 0', () => {
    const run = appeal(['--help']);
    expect(run.status).toBe(0);
    for (const command of ['init', 'check', 'build', 'status']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('Exit codes');
  });

  it('stops quietly when the reader of its output goes away (`appeal --help | head -1`)', async () => {
    const child = spawn(process.execPath, [bin, '--help'], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the program writes: its first write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('prints the package version', () => {
    const run = appeal(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers an unknown command with usage help and exit 2, no stack trace', () => {
    const run = appeal(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown --format with exit 2', () => {
    const run = appeal(['check', '--format', 'xml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('stylish, json');
  });

  it('reports a broken appeal.json as one line naming the field', () => {
    const run = appeal(['status', 'test/data/bad-appeal']);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('notice.deadline');
    expect(lines[0]).not.toMatch(/\bat\s+\S+:\d+/);
  });
});
