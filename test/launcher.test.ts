import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { relaunchEnv } = require('../bin/steady-memory.js') as {
  relaunchEnv: (argv: string[], env: NodeJS.ProcessEnv, platform: string) => NodeJS.ProcessEnv | null;
};
const bin = fileURLToPath(new URL('../bin/appeal.js', import.meta.url));
const argv = (...args: string[]) => ['node', '/usr/bin/appeal', ...args];

describe('the launcher keeps the memory of check and build steady', () => {
  it('starts check and build again with glibc mmap threshold fixed at 128 KiB, keeping the rest of the environment', () => {
    for (const args of [['check', 'photos'], ['-q', 'build', '.', '--force'], ['check']]) {
      const env = relaunchEnv(argv(...args), { HOME: '/home/seller', APPEAL_CACHE_DIR: '/tmp/c' }, 'linux');
      expect(env).toEqual({ HOME: '/home/seller', APPEAL_CACHE_DIR: '/tmp/c', MALLOC_MMAP_THRESHOLD_: '131072' });
    }
  });

  it('runs help, the other commands, other systems and a threshold the seller set in this process', () => {
    expect(relaunchEnv(argv('check', '--help'), {}, 'linux')).toBeNull();
    expect(relaunchEnv(argv('build', '-h'), {}, 'linux')).toBeNull();
    expect(relaunchEnv(argv(), {}, 'linux')).toBeNull();
    for (const command of ['init', 'draft', 'sign', 'status']) expect(relaunchEnv(argv(command, '.'), {}, 'linux')).toBeNull();
    expect(relaunchEnv(argv('check', '.'), {}, 'darwin')).toBeNull();
    expect(relaunchEnv(argv('check', '.'), {}, 'win32')).toBeNull();
    expect(relaunchEnv(argv('check', '.'), { MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux')).toBeNull();
  });

  it('passes on the exit code and the one-line message of a check started again', () => {
    const run = spawnSync(process.execPath, [bin, 'check', '/nonexistent/photos'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('/nonexistent/photos: does not exist');
  });
});
