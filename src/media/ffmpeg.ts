import ffmpeg from 'fluent-ffmpeg';
import { AppealError } from '../appeal/errors.js';
import { findTool } from './binaries.js';

/**
 * The only module that imports fluent-ffmpeg (archived upstream; a direct spawn
 * could replace it here without touching anything else).
 */

export type FfprobeData = ffmpeg.FfprobeData;

function toolOrFail(tool: 'ffmpeg' | 'ffprobe'): string {
  const path = findTool(tool);
  if (!path) {
    throw new AppealError(`${tool} was not found.`, {
      hint: `Reinstall with \`npm install\` (it ships ${tool}), or set ${tool.toUpperCase()}_PATH to a ${tool} binary.`,
    });
  }
  return path;
}

/** A fluent-ffmpeg command bound to the resolved binaries. */
export function command(input?: string): ffmpeg.FfmpegCommand {
  const cmd = input === undefined ? ffmpeg() : ffmpeg(input);
  cmd.setFfmpegPath(toolOrFail('ffmpeg'));
  cmd.setFfprobePath(toolOrFail('ffprobe'));
  return cmd;
}

/** Runs ffprobe on a file; rejects with ffprobe's own message when the file is not readable media. */
export function ffprobe(file: string): Promise<FfprobeData> {
  const probePath = toolOrFail('ffprobe');
  return new Promise((resolve, reject) => {
    const cmd = ffmpeg(file);
    cmd.setFfprobePath(probePath);
    cmd.ffprobe((error: Error | null, data: FfprobeData) => (error ? reject(error) : resolve(data)));
  });
}
