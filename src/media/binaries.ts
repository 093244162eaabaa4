import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

/**
 * ffmpeg/ffprobe resolve in this order (DESIGN.md): FFMPEG_PATH/FFPROBE_PATH,
 * a binary on PATH, then the copies shipped in npm packages, so `npm install`
 * is all a seller needs.
 */
export type Tool = 'ffmpeg' | 'ffprobe';

const ENV: Record<Tool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const PACKAGE: Record<Tool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

const cache = new Map<Tool, string>();

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function fromPackage(tool: Tool): string | null {
  try {
    const require = createRequire(import.meta.url);
    const found = require(PACKAGE[tool]) as { path?: string };
    return found.path && isExecutable(found.path) ? found.path : null;
  } catch {
    return null;
  }
}

/** Absolute path of the tool, or null when none is available anywhere. */
export function findTool(tool: Tool): string | null {
  const cached = cache.get(tool);
  if (cached) return cached;
  const fromEnv = process.env[ENV[tool]];
  const found = (fromEnv && isExecutable(fromEnv) ? fromEnv : null) ?? onPath(tool) ?? fromPackage(tool);
  if (found) cache.set(tool, found);
  return found;
}

/** Which source a tool came from, for `appeal --version`-style diagnostics and the report. */
export function describeTools(): Record<Tool, string | null> {
  return { ffmpeg: findTool('ffmpeg'), ffprobe: findTool('ffprobe') };
}
