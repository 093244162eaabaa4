/**
 * Every test run gets its own, empty OCR cache (APPEAL_CACHE_DIR), removed afterwards: tests
 * never read a result cached by an earlier run, and never write into the user's cache folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(os.tmpdir(), 'appeal-test-cache-'));
  process.env.APPEAL_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
