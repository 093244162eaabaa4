import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, and the launcher a seller runs (`node bin/appeal.js`, i.e. `appeal`). */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = fileURLToPath(new URL('../../bin/appeal.js', import.meta.url));

/**
 * Runs the built CLI as a script would: no terminal (stdin is an empty pipe, so a prompt would
 * fail rather than wait), CI set, no colour. Extra env on top.
 */
export function appeal(args: string[], options: { env?: Record<string, string>; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...options.env },
    input: '',
    timeout: options.timeout ?? 30_000,
  });
}

/**
 * The same, spawned asynchronously so test files running in parallel do not block each other's
 * event loops while a check reads photos.
 */
export function appealAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
